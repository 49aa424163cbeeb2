"""Saved items (issue #19, part 5): the heart without JavaScript, the "Saved items" page and API,
and the notices when a saved listing comes back in stock or gets cheaper."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.buyers.models import SavedItem
from marketplace.catalog import listings as listing_service
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.notifications.models import Notification, OutboxMail
from marketplace.orders import cancellation
from marketplace.transaction import committed


def saved_count(app, user_id=None) -> int:
    with app.app_context():
        query = select(func.count()).select_from(SavedItem)
        if user_id is not None:
            query = query.where(SavedItem.user_id == user_id)
        return db.session.scalar(query)


def notices(app, user_id) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Notification.subject).where(Notification.user_id == user_id)
                                       .order_by(Notification.id)))


def test_a_buyer_saves_and_removes_a_listing_with_plain_forms(app, login_as, make_listing):
    client, buyer = login_as(Role.BUYER)
    listing = make_listing(title_en="Banarasi silk saree", slug="silk-saree")
    page = client.get("/products/silk-saree").get_data(as_text=True)
    assert f'action="/saved/{listing.id}"' in page and 'name="csrf_token"' in page

    response = client.post(f"/saved/{listing.id}", data={"next": "/products/silk-saree"})
    assert response.status_code == 302 and response.headers["Location"] == "/products/silk-saree"
    assert saved_count(app, buyer.id) == 1
    client.post(f"/saved/{listing.id}", data={"next": "/products/silk-saree"})  # twice: still one
    assert saved_count(app, buyer.id) == 1

    page = client.get("/products/silk-saree").get_data(as_text=True)
    assert f'action="/saved/{listing.id}/remove"' in page and 'aria-pressed="true"' in page
    listed = client.get("/saved/").get_data(as_text=True)
    assert "Banarasi silk saree" in listed and "₹1,500" in listed and "In stock" in listed

    assert client.post(f"/saved/{listing.id}/remove").headers["Location"] == "/saved/"
    assert saved_count(app, buyer.id) == 0
    assert "Nothing saved yet" in client.get("/saved/").get_data(as_text=True)


def test_cards_carry_the_heart_for_a_buyer(app, login_as, make_listing):
    client, _buyer = login_as(Role.BUYER)
    listing = make_listing()
    with app.app_context():
        district = db.session.get(Listing, listing.id).seller.district.slug
    page = client.get(f"/districts/{district}").get_data(as_text=True)
    assert f'action="/saved/{listing.id}"' in page
    assert f'aria-describedby="card-title-{listing.id}"' in page and f'id="card-title-{listing.id}"' in page


def test_anonymous_visitors_get_a_sign_in_link_and_the_page_stays_cached(app, make_listing):
    app.config["PAGE_CACHE_SECONDS"] = 60
    make_listing(slug="brass-lamp")
    client = app.test_client()
    first = client.get("/products/brass-lamp")
    second = client.get("/products/brass-lamp")
    page = second.get_data(as_text=True)
    assert (first.headers["X-Page-Cache"], second.headers["X-Page-Cache"]) == ("miss", "hit")
    assert "/account/login?next=/products/brass-lamp" in page and "/saved/" not in page
    assert 'name="csrf_token"' not in page and "Set-Cookie" not in second.headers


@pytest.mark.parametrize("role", [Role.SELLER, Role.ORGANISER, Role.ADMIN])
def test_only_buyers_save(app, login_as, make_listing, role):
    client, user = login_as(role)
    listing = make_listing(slug=f"pot-{role}")
    assert client.post(f"/saved/{listing.id}").status_code == 403
    assert f"/saved/{listing.id}" not in client.get(f"/products/pot-{role}").get_data(as_text=True)
    assert saved_count(app) == 0


def test_a_bad_listing_is_404_and_a_bad_next_goes_home_safely(app, login_as, make_listing):
    client, buyer = login_as(Role.BUYER)
    assert client.post("/saved/999999").status_code == 404
    draft = make_listing(status="draft")
    assert client.post(f"/saved/{draft.id}").status_code == 404
    listing = make_listing()
    for bad in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
        response = client.post(f"/saved/{listing.id}", data={"next": bad})
        assert response.status_code == 302 and response.headers["Location"] == "/saved/"
    assert saved_count(app, buyer.id) == 1


def test_the_api_lists_a_buyers_saved_items(app, login_as, make_listing):
    client, _buyer = login_as(Role.BUYER)
    listing = make_listing(stock=0)
    client.post(f"/saved/{listing.id}")
    body = client.get("/api/v1/saved").get_json()
    assert body["items"][0]["listing_id"] == listing.id and body["items"][0]["in_stock"] is False
    assert app.test_client().get("/api/v1/saved").status_code == 401


def test_the_saved_page_in_hindi(app, login_as, make_listing):
    client, _buyer = login_as(Role.BUYER, locale="hi")
    listing = make_listing(stock=0)
    client.post(f"/saved/{listing.id}")
    page = client.get("/saved/", headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert "सहेजी गई चीज़ें" in page and "स्टॉक में नहीं" in page and "हटाएँ" in page


def test_back_in_stock_through_the_sellers_quick_edit_is_told_once(app, login_as, make_listing):
    client, buyer = login_as(Role.BUYER)
    listing = make_listing(stock=0, title_en="Clay diya")
    client.post(f"/saved/{listing.id}")
    with app.app_context():
        seller_id = listing.seller_id
        listing_service.set_stock(seller_id, listing.id, 5)
        listing_service.set_stock(seller_id, listing.id, 7)  # still in stock: nothing new
    assert notices(app, buyer.id) == ["Back in stock: Clay diya"]
    with app.app_context():
        mail = db.session.scalar(select(OutboxMail).where(OutboxMail.to_email == buyer.email))
        assert mail.subject == "Back in stock: Clay diya" and f"/products/{listing.slug}" in mail.body


def test_back_in_stock_after_a_cancelled_order(app, login_as, make_listing, buy, make_user):
    client, saver = login_as(Role.BUYER)
    listing = make_listing(stock=2, title_en="Glass bangles")
    client.post(f"/saved/{listing.id}")
    other = make_user(role=Role.BUYER)
    order = buy(other, [(listing, 2)])  # the last two units
    with app.app_context():
        assert db.session.get(Listing, listing.id, populate_existing=True).stock == 0
        cancellation.cancel_suborder(order.suborders[0].id, actor="buyer", user_id=other.id, reason="mistake")
    assert notices(app, saver.id) == ["Back in stock: Glass bangles"]


def test_a_price_drop_is_told_once_and_a_rise_not_at_all(app, login_as, make_listing):
    client, buyer = login_as(Role.BUYER, locale="hi")
    listing = make_listing(price_paise=150000, title_en="Wooden toy", title_hi="लकड़ी का खिलौना")
    client.post(f"/saved/{listing.id}")

    def set_price(paise):
        with app.app_context(), committed():
            db.session.get(Listing, listing.id).price_paise = paise

    set_price(180000)  # dearer: nothing
    assert notices(app, buyer.id) == []
    set_price(160000)  # cheaper than a moment ago, but dearer than when saved: nothing
    assert notices(app, buyer.id) == []
    set_price(120000)
    assert notices(app, buyer.id) == ["अब सस्ता: लकड़ी का खिलौना"]
    set_price(130000)
    set_price(120000)  # the same drop again is the same event
    assert len(notices(app, buyer.id)) == 1
    with app.app_context():
        body = db.session.scalar(select(Notification.body).where(Notification.user_id == buyer.id))
    assert "₹1,500" in body and "₹1,200" in body


def test_a_rolled_back_change_tells_nobody(app, login_as, make_listing):
    client, buyer = login_as(Role.BUYER)
    listing = make_listing(stock=0)
    client.post(f"/saved/{listing.id}")
    with app.app_context(), pytest.raises(RuntimeError):
        with committed():
            db.session.get(Listing, listing.id).stock = 3
            db.session.flush()
            raise RuntimeError("the seller's save failed")
    assert notices(app, buyer.id) == []


def test_a_buyer_who_wants_sms_is_texted_when_a_saved_item_is_back(app, login_as, make_listing):
    """The buyer's chosen channel (issue #19.5): a verified mobile that wants SMS gets the text too."""
    from marketplace.database import utcnow
    from marketplace.notifications.models import OutboxSms
    client, buyer = login_as(Role.BUYER, phone="9876501234")
    with app.app_context():
        user = db.session.get(type(buyer), buyer.id)
        user.phone_verified_at = utcnow()
        db.session.commit()
    listing = make_listing(stock=0, title_en="Clay diya", price_paise=50000)
    client.post(f"/saved/{listing.id}")
    with app.app_context():
        listing_service.set_stock(listing.seller_id, listing.id, 5)
        texts = [s.template for s in db.session.scalars(select(OutboxSms).where(OutboxSms.to_phone.like("%9876501234")))]
    assert texts == ["buyer_saved_back_in_stock"]
