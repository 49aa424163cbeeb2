"""Reviews and ratings (issue #19.4): who may review, once per line, the 30-day edit window, the
seller's one answer, reports, the ODOP cell hiding (audited, never counted), the exact average
on the product page, seller page, JSON-LD, API and search's rating sort, and bad input."""
from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Role
from marketplace.admin.models import AuditEntry
from marketplace.catalog import reviews as catalog_reviews
from marketplace.catalog.models import Review, ReviewPhoto, ReviewReport
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.orders import reviews
from marketplace.orders.models import OrderLine
from tests.fixtures.accounts import sign_in_directly
from tests.fixtures.catalog import jpeg_bytes


@pytest.fixture
def shop(app, make_user, make_seller, make_listing, buy, subsidy_policy, deliver_suborder):
    """A seller's listing bought by three buyers (each line delivered) and by a fourth (not
    delivered yet). ``lines[buyer id]`` is each buyer's line id."""
    seller_user = make_user(role=Role.SELLER)
    seller = make_seller(user=seller_user)
    listing = make_listing(seller=seller, title_en="Banarasi Silk Stole", stock=50)
    buyers = [make_user(role=Role.BUYER, name=f"Buyer{i} Surname") for i in range(4)]
    lines = {}
    for i, buyer in enumerate(buyers):
        order = buy(buyer, [(listing, 1)])
        sub = order.suborders[0]
        if i < 3:
            deliver_suborder(sub.id)
        lines[buyer.id] = sub.lines[0].id
    return {"seller": seller, "seller_user": seller_user, "listing": listing, "buyers": buyers, "lines": lines,
            "waiting": buyers[3]}


def _review(app, shop, i, rating, text="", now=None, **kw):
    buyer = shop["buyers"][i]
    with app.app_context():
        return reviews.submit_review(buyer.id, shop["lines"][buyer.id],
                                     reviews.ReviewInput(rating=str(rating), text=text, **kw), now=now)


def _client(app, user):
    client = app.test_client()
    sign_in_directly(app, client, user)
    return client


# --------------------------------------------------------------------------- who, once, how long


def test_no_review_without_delivery(app, shop):
    waiting = shop["waiting"]
    with app.app_context():
        with pytest.raises(reviews.NotDelivered):
            reviews.submit_review(waiting.id, shop["lines"][waiting.id], reviews.ReviewInput(rating="5"))
    client = _client(app, waiting)
    page = client.get(f"/orders/lines/{shop['lines'][waiting.id]}/review")
    assert page.status_code == 200 and "once it has been delivered" in page.get_data(as_text=True)
    posted = client.post(f"/orders/lines/{shop['lines'][waiting.id]}/review", data={"rating": "5", "text": "Nice"})
    assert posted.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Review)) == 0


def test_only_the_buyer_of_the_line_may_review_it(app, shop, make_user):
    first, second = shop["buyers"][:2]
    with app.app_context():
        with pytest.raises(catalog_reviews.NotFound):
            reviews.submit_review(second.id, shop["lines"][first.id], reviews.ReviewInput(rating="4"))
    assert _client(app, second).get(f"/orders/lines/{shop['lines'][first.id]}/review").status_code == 404
    # a seller or the cell is not a buyer at all
    assert _client(app, shop["seller_user"]).get(f"/orders/lines/{shop['lines'][first.id]}/review").status_code == 403


@pytest.mark.both_databases
def test_one_review_per_line_a_second_submit_edits_it(app, shop):
    first = _review(app, shop, 0, 2, "Colour ran")
    again = _review(app, shop, 0, 4, "Seller replaced it, fine now")
    assert again.id == first.id and again.edited_at is not None
    with app.app_context():
        rows = db.session.scalars(select(Review)).all()
        assert [(r.rating, r.text) for r in rows] == [(4, "Seller replaced it, fine now")]
        line = db.session.get(OrderLine, first.order_line_id)
        # and the database itself refuses a second review of the same line
        db.session.add(Review(order_line_id=line.id, listing_id=line.listing_id, seller_id=first.seller_id,
                              buyer_id=first.buyer_id, rating=5, text="", language="en", helpful_count=0, hidden=False))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_the_review_can_be_edited_for_thirty_days_only(app, shop):
    written = dt.datetime(2026, 11, 1, 10, 0, tzinfo=dt.timezone.utc)
    _review(app, shop, 0, 3, "ok", now=written)
    edited = _review(app, shop, 0, 5, "better after a wash", now=written + dt.timedelta(days=29, hours=23))
    assert edited.rating == 5
    with pytest.raises(reviews.EditWindowClosed) as refused:
        _review(app, shop, 0, 1, "changed my mind", now=written + dt.timedelta(days=30, minutes=1))
    with app.test_request_context():
        assert "30 days" in str(refused.value.message)
    with app.app_context():
        assert db.session.scalar(select(Review.rating)) == 5
    app.config["REVIEW_EDIT_DAYS"] = 45  # configurable
    assert _review(app, shop, 0, 2, "", now=written + dt.timedelta(days=40)).rating == 2


def test_the_order_page_links_each_delivered_line_to_its_review(app, shop):
    buyer = shop["buyers"][0]
    client = _client(app, buyer)
    with app.app_context():
        order_id = db.session.get(OrderLine, shop["lines"][buyer.id]).suborder.order_id
    html = client.get(f"/orders/{order_id}").get_data(as_text=True)
    assert "Rate and review" in html and f"/orders/lines/{shop['lines'][buyer.id]}/review" in html
    response = client.post(f"/orders/lines/{shop['lines'][buyer.id]}/review", data={
        "rating": "5", "text": "बहुत सुंदर दुपट्टा, रंग पक्का है", "language": "",
        "photos": [(io.BytesIO(jpeg_bytes()), "stole.jpg")]}, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        review = db.session.scalar(select(Review))
        assert review.language == "hi" and review.rating == 5  # found out from the text
        assert db.session.scalar(select(func.count()).select_from(ReviewPhoto)) == 1
    assert "Your review" in client.get(f"/orders/{order_id}").get_data(as_text=True)
    other = _client(app, shop["waiting"])
    with app.app_context():
        waiting_order_id = db.session.get(OrderLine, shop["lines"][shop["waiting"].id]).suborder.order_id
    assert "Rate and review" not in other.get(f"/orders/{waiting_order_id}").get_data(as_text=True)


def test_more_than_four_photos_are_refused_and_nothing_is_written(app, shop):
    buyer = shop["buyers"][0]
    response = _client(app, buyer).post(f"/orders/lines/{shop['lines'][buyer.id]}/review", data={
        "rating": "4", "photos": [(io.BytesIO(jpeg_bytes(colour=(i, 0, 0))), f"p{i}.jpg") for i in range(5)]},
        content_type="multipart/form-data")
    assert response.status_code == 400 and "at most 4 photos" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Review)) == 0


# --------------------------------------------------------------------------- bad input


@pytest.mark.both_databases
@pytest.mark.parametrize("text, status, stored", [
    ("<script>alert(1)</script> <b>bold</b>", 302, True),
    ("Lovely 😍🧣✨ सुंदर", 302, True),
    ("x" * 2001, 400, False),
    ("a\x00b", 400, False),
])
def test_bad_input_gives_a_translated_error_or_an_escaped_display(app, shop, text, status, stored):
    buyer = shop["buyers"][0]
    client = _client(app, buyer)
    response = client.post(f"/orders/lines/{shop['lines'][buyer.id]}/review", data={"rating": "5", "text": text})
    assert response.status_code == status
    with app.app_context():
        assert (db.session.scalar(select(func.count()).select_from(Review)) == 1) is stored
    if stored:
        html = app.test_client().get(f"/products/{shop['listing'].slug}").get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<b>bold</b>" not in html
        if "script" in text:
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        else:
            assert "😍🧣✨ सुंदर" in html
    else:
        body = response.get_data(as_text=True)
        assert "2000 characters" in body or "control characters" in body


@pytest.mark.parametrize("rating", ["0", "6", "", "abc", "4.5", "1e9", "٣"])
def test_a_rating_outside_one_to_five_is_a_form_error(app, shop, rating):
    buyer = shop["buyers"][0]
    response = _client(app, buyer).post(f"/orders/lines/{shop['lines'][buyer.id]}/review",
                                        data={"rating": rating, "text": "fine"})
    assert response.status_code == 400 and "from 1 to 5" in response.get_data(as_text=True)


def test_form_errors_are_in_the_buyers_language(app, shop):
    buyer = shop["buyers"][0]
    with app.app_context():
        from marketplace.accounts.models import User

        db.session.get(User, buyer.id).locale = "hi"
        db.session.commit()
    response = _client(app, buyer).post(f"/orders/lines/{shop['lines'][buyer.id]}/review", data={"rating": "9"})
    assert response.status_code == 400 and "1 से 5 स्टार के बीच रेटिंग चुनें।" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- the rating, exact


@pytest.mark.both_databases
def test_average_and_count_are_exact_and_hidden_reviews_never_count(app, shop, make_user):
    _review(app, shop, 0, 5, "Excellent")
    _review(app, shop, 1, 4, "Good")
    third = _review(app, shop, 2, 4, "Good too")
    with app.app_context():
        rating = catalog_reviews.listing_rating(shop["listing"].id)
        assert (rating.total, rating.count, str(rating.average), rating.x100) == (13, 3, "4.3", 433)
    html = app.test_client().get(f"/products/{shop['listing'].slug}").get_data(as_text=True)
    assert "4.3 out of 5" in html and "3 ratings" in html
    seller_html = app.test_client().get(f"/sellers/{shop['seller'].slug}").get_data(as_text=True)
    assert "4.3 out of 5" in seller_html

    admin = make_user(role=Role.ADMIN)
    with app.app_context():
        from marketplace.admin import review_moderation

        review_moderation.hide(admin, third.id, "Personal details of the seller")
        rating = catalog_reviews.listing_rating(shop["listing"].id)
        assert (rating.count, str(rating.average)) == (2, "4.5")
        assert catalog_reviews.seller_rating(shop["seller"].id).count == 2
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "review.hide"))
        assert entry.object_id == third.id and entry.after["hidden"] is True
        assert entry.summary == "Personal details of the seller"
        kept = db.session.get(Review, third.id)
        assert kept.hidden and kept.hidden_reason == "Personal details of the seller" and kept.hidden_by_id == admin.id
    html = app.test_client().get(f"/products/{shop['listing'].slug}").get_data(as_text=True)
    assert "4.5 out of 5" in html and "Good too" not in html and "2 ratings" in html
    with app.app_context():
        review_moderation.unhide(admin, third.id)
        assert catalog_reviews.listing_rating(shop["listing"].id).count == 3
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action.in_(["review.hide", "review.unhide"]))) == 2


def test_the_rating_reads_naturally_in_hindi(app, shop):
    _review(app, shop, 0, 5)
    _review(app, shop, 1, 4)
    html = app.test_client().get(f"/products/{shop['listing'].slug}",
                                 headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert "5 में से 4.5" in html and "2 रेटिंग" in html


def test_a_product_without_reviews_says_so_and_has_no_aggregate_rating(app, shop):
    html = app.test_client().get(f"/products/{shop['listing'].slug}").get_data(as_text=True)
    assert "No ratings yet" in html
    assert "aggregateRating" not in _json_ld(html)


def _json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_json_ld_carries_the_aggregate_rating(app, shop):
    _review(app, shop, 0, 5)
    _review(app, shop, 1, 2)
    ld = _json_ld(app.test_client().get(f"/products/{shop['listing'].slug}").get_data(as_text=True))
    assert ld["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": "3.5", "reviewCount": 2,
                                     "ratingCount": 2, "bestRating": 5, "worstRating": 1}
    assert "hasMerchantReturnPolicy" in ld["offers"]


def test_a_new_review_shows_on_the_cached_product_page(app, shop):
    app.config["PAGE_CACHE_SECONDS"] = 60
    client = app.test_client()
    url = f"/products/{shop['listing'].slug}"
    client.get(url)
    assert client.get(url).headers["X-Page-Cache"] == "hit"
    _review(app, shop, 0, 5, "Arrived quickly")
    fresh = client.get(url)
    assert fresh.headers["X-Page-Cache"] == "miss" and "Arrived quickly" in fresh.get_data(as_text=True)


# --------------------------------------------------------------------------- sort, helpful, report, reply


def test_reviews_sort_newest_or_most_helpful_without_javascript(app, shop, make_user):
    t0 = utcnow() - dt.timedelta(days=3)
    old = _review(app, shop, 0, 5, "Old but useful", now=t0)
    _review(app, shop, 1, 3, "Newest one", now=t0 + dt.timedelta(days=1))
    voter = make_user(role=Role.BUYER)
    client = _client(app, voter)
    assert client.post(f"/reviews/{old.id}/helpful").status_code == 302
    client.post(f"/reviews/{old.id}/helpful")  # once per user
    with app.app_context():
        assert db.session.get(Review, old.id).helpful_count == 1
    page = app.test_client().get(f"/products/{shop['listing'].slug}").get_data(as_text=True)
    assert page.index("Newest one") < page.index("Old but useful")
    assert "reviews=helpful" in page  # a plain link
    helpful = app.test_client().get(f"/products/{shop['listing'].slug}?reviews=helpful").get_data(as_text=True)
    assert helpful.index("Old but useful") < helpful.index("Newest one")
    assert "1 person found this helpful" in helpful
    # nobody votes for their own review
    own = _client(app, shop["buyers"][0]).post(f"/reviews/{old.id}/helpful")
    assert own.status_code == 302
    with app.app_context():
        assert db.session.get(Review, old.id).helpful_count == 1


def test_anybody_signed_in_may_report_once(app, shop, make_user):
    review = _review(app, shop, 0, 1, "Call me on 98765 43210")
    reporter = make_user(role=Role.SELLER)
    client = _client(app, reporter)
    assert client.post(f"/reviews/{review.id}/report", data={"reason": "Phone number"}).status_code == 302
    assert client.post(f"/reviews/{review.id}/report", data={"reason": "Again"}).status_code == 302
    assert client.post(f"/reviews/{review.id}/report", data={"reason": "x" * 400}).status_code == 302
    with app.app_context():
        assert [r.reason for r in db.session.scalars(select(ReviewReport))] == ["Phone number"]
    assert app.test_client().post(f"/reviews/{review.id}/report").status_code == 302  # to sign in
    assert client.post("/reviews/987654/report", data={"reason": "?"}).status_code == 404


def test_the_cell_sees_reported_reviews_and_hides_with_a_reason(app, shop, make_user):
    review = _review(app, shop, 0, 1, "Abusive words")
    with app.app_context():
        catalog_reviews.report(shop["buyers"][1].id, review.id, "Abuse")
    admin = make_user(role=Role.ADMIN)
    client = _client(app, admin)
    page = client.get("/admin/reviews").get_data(as_text=True)
    assert "Abusive words" in page and "1 report" in page
    assert client.post(f"/admin/reviews/{review.id}/hide", data={"reason": ""}).status_code == 302
    with app.app_context():
        assert not db.session.get(Review, review.id).hidden  # a reason is required
    assert client.post(f"/admin/reviews/{review.id}/hide", data={"reason": "Abuse"}).status_code == 302
    with app.app_context():
        assert db.session.get(Review, review.id).hidden
    assert "Abusive words" not in app.test_client().get(f"/products/{shop['listing'].slug}").get_data(as_text=True)
    officer = make_user(role=Role.ORGANISER)
    assert _client(app, officer).post(f"/admin/reviews/{review.id}/unhide").status_code == 403
    assert client.post(f"/admin/reviews/{review.id}/unhide").status_code == 302
    with app.app_context():
        assert not db.session.get(Review, review.id).hidden


def test_the_seller_answers_once_publicly(app, shop, make_seller, make_user):
    review = _review(app, shop, 0, 3, "Smaller than the photo")
    client = _client(app, shop["seller_user"])
    page = client.get("/seller/reviews").get_data(as_text=True)
    assert "Smaller than the photo" in page
    assert client.post(f"/seller/reviews/{review.id}/reply", data={"reply": "It is 2 m long; see the size chart."}).status_code == 302
    assert client.post(f"/seller/reviews/{review.id}/reply", data={"reply": "Second answer"}).status_code == 302
    with app.app_context():
        assert db.session.get(Review, review.id).seller_reply == "It is 2 m long; see the size chart."
    html = app.test_client().get(f"/products/{shop['listing'].slug}").get_data(as_text=True)
    assert "The seller answered" in html and "see the size chart" in html and "Second answer" not in html
    other_user = make_user(role=Role.SELLER)
    make_seller(user=other_user)
    assert _client(app, other_user).post(f"/seller/reviews/{review.id}/reply", data={"reply": "Not mine"}).status_code == 404
    with app.app_context():
        with pytest.raises(catalog_reviews.ReviewError):
            catalog_reviews.reply(shop["seller_user"].id, review.id, "again")


# --------------------------------------------------------------------------- the API


@pytest.mark.both_databases
def test_api_lists_visible_reviews_with_the_rating(app, shop, make_user):
    t0 = utcnow() - dt.timedelta(days=2)
    a = _review(app, shop, 0, 5, "First", now=t0)
    b = _review(app, shop, 1, 4, "Second", now=t0 + dt.timedelta(hours=1))
    c = _review(app, shop, 2, 1, "Hidden one", now=t0 + dt.timedelta(hours=2))
    with app.app_context():
        catalog_reviews.hide(make_user(role=Role.ADMIN).id, c.id, "spam")
        catalog_reviews.mark_helpful(shop["buyers"][2].id, a.id)
    client = app.test_client()
    body = client.get(f"/api/v1/products/{shop['listing'].id}/reviews").get_json()
    assert body["rating"] == {"average": "4.5", "count": 2}
    assert [r["id"] for r in body["reviews"]] == [b.id, a.id] and body["total"] == 2
    first = body["reviews"][1]
    assert first["author"] == "Buyer0" and first["helpful_count"] == 1 and first["seller_reply"] is None
    assert set(first) == {"id", "rating", "text", "language", "author", "created_at", "edited_at", "helpful_count",
                          "photos", "seller_reply"}
    helpful = client.get(f"/api/v1/products/{shop['listing'].id}/reviews?sort=helpful").get_json()
    assert [r["id"] for r in helpful["reviews"]] == [a.id, b.id]
    assert client.get(f"/api/v1/products/{shop['listing'].id}").get_json()["rating"] == {"average": "4.5", "count": 2}


@pytest.mark.parametrize("query, code", [("sort=best", "invalid_sort"), ("page=0", "invalid_page"),
                                         ("page=abc", "invalid_page"), ("page=99999999999", "invalid_page")])
def test_api_answers_bad_parameters_with_a_400_json(app, shop, query, code):
    response = app.test_client().get(f"/api/v1/products/{shop['listing'].id}/reviews?{query}")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == code


def test_api_answers_an_unknown_product_with_a_404_json(app, shop):
    response = app.test_client().get("/api/v1/products/987654/reviews")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


# --------------------------------------------------------------------------- search


def test_search_sorts_by_rating_and_follows_a_hidden_review(app, search_client, shop, make_listing, make_user, buy,
                                                           deliver_suborder):
    stole = shop["listing"]
    dupatta = make_listing(seller=shop["seller"], title_en="Banarasi Silk Dupatta")
    cushion = make_listing(seller=shop["seller"], title_en="Banarasi Silk Cushion")  # never rated
    _review(app, shop, 0, 3)
    _review(app, shop, 1, 4)  # the stole: 3.5 from two buyers
    buyer = make_user(role=Role.BUYER)
    sub = buy(buyer, [(dupatta, 1)]).suborders[0]
    deliver_suborder(sub.id)
    with app.app_context():
        five = reviews.submit_review(buyer.id, sub.lines[0].id, reviews.ReviewInput(rating="5"))
    client = search_client

    def by_rating(q="banarasi silk"):
        body = client.get("/api/v1/search", query_string={"q": q, "sort": "rating"}).get_json()
        return [r["id"] for r in body["results"]]

    # (every document here was updated after it was first indexed: the words still find them)
    assert by_rating() == by_rating("") == [dupatta.id, stole.id, cushion.id]
    page = client.get("/search", query_string={"q": "banarasi silk", "sort": "rating"}).get_data(as_text=True)
    assert '<option value="rating" selected>' in page and "Rating: highest first" in page
    assert "5.0 out of 5 (1 rating)" in page and "3.5 out of 5 (2 ratings)" in page  # on the result cards
    with app.app_context():
        catalog_reviews.hide(make_user(role=Role.ADMIN).id, five.id, "Written by the seller's cousin")
    assert by_rating()[0] == stole.id  # the hidden review no longer lifts the dupatta


# --------------------------------------------------------------------------- demo data


def test_demo_reviews_hang_on_delivered_demo_orders_and_load_once(app, subsidy_policy, make_seller, make_listing,
                                                                  monkeypatch):
    from marketplace.orders import demo, demo_reviews

    monkeypatch.setattr(demo, "DEMO_ORDERS", 24)
    for district in ("varanasi", "agra"):
        seller = make_seller(district)
        make_listing(seller=seller, stock=500)
    with app.app_context():
        demo.load_demo_order_history()
        demo_reviews.load_demo_reviews()
        first = db.session.scalar(select(func.count()).select_from(Review))
        demo_reviews.load_demo_reviews()
        assert db.session.scalar(select(func.count()).select_from(Review)) == first > 0
        for review in db.session.scalars(select(Review)):
            line = db.session.get(OrderLine, review.order_line_id)
            assert reviews.was_delivered(line.suborder) and line.suborder.order.buyer_id == review.buyer_id
            assert review.created_at <= utcnow()


def test_a_reviewed_listing_is_still_found_by_its_words(app, search_client, shop):
    """A review re-indexes its listing; in an index this small the old version's postings used
    to make the word's idf negative, so the listing vanished from word searches (engine._idf)."""
    _review(app, shop, 0, 5, "Soft and warm")
    body = search_client.get("/api/v1/search", query_string={"q": "stole"}).get_json()
    assert [r["id"] for r in body["results"]] == [shop["listing"].id]


def test_district_and_seller_pages_sort_by_rating(app, shop, make_listing):
    stole = shop["listing"]
    # never rated, and the most popular: first in the default order, last by rating
    cushion = make_listing(seller=shop["seller"], title_en="Banarasi Silk Cushion", sold_count=1000)
    _review(app, shop, 0, 2)
    client = app.test_client()
    popular = client.get("/districts/varanasi").get_data(as_text=True)
    assert popular.index(cushion.title_en) < popular.index(stole.title_en)
    for url in ("/districts/varanasi", f"/sellers/{shop['seller'].slug}", "/categories/banarasi-silk-sarees"):
        page = client.get(url, query_string={"sort": "rating"}).get_data(as_text=True)
        assert "Rating: highest first" in page, url
        assert page.index(stole.title_en) < page.index(cushion.title_en), url
