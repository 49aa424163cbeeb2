"""The seller's and the buyer's shipping pages (issue #13): shipping by hand through the form
gives a Shipment row, bad parcel input is refused and stores nothing, another seller's sub-order
is a 404 on every shipping route, the label carries the AWB as a barcode, bulk booking without a
courier says so, and the buyer sees the parcel's events and tracking link (page and JSON).

Booking with the courier through the pages (rates, book, pickup refused) needs the courier
aggregator's fake server (``shipping/aggregator.py``); those tests come with it."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.orders.models import SubOrder
from marketplace.orders.shipping import service as shipping
from marketplace.orders.shipping.carriers import TrackingCode, TrackingUpdate
from marketplace.orders.shipping.models import Shipment

T0 = dt.datetime(2026, 12, 1, 6, 30, tzinfo=dt.timezone.utc)  # 12:00 in India


@pytest.fixture
def shop(app, login_as, make_user, make_seller, make_listing, buy, auth, client):
    """A seller signed in (``seller_client``) with one accepted sub-order; the buyer signed in
    on ``client``."""
    seller_client, seller_user = login_as(Role.SELLER)
    seller = make_seller(user=seller_user)
    listing = make_listing(seller=seller, stock=5, weight_g=800, length_cm=30, width_cm=20, height_cm=4)
    buyer = make_user(role=Role.BUYER)
    order = buy(buyer, [(listing, 2)])
    sub_id = order.suborders[0].id
    assert seller_client.post(f"/seller/orders/{sub_id}/accept").status_code == 302
    auth.login(buyer)

    class Shop:
        pass

    shop = Shop()
    shop.seller_client, shop.seller, shop.order, shop.sub_id, shop.buyer_client = (
        seller_client, seller, order, sub_id, client)
    return shop


def _status(app, sub_id):
    with app.app_context():
        return db.session.get(SubOrder, sub_id).status


def _shipments(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Shipment.id)))


def test_the_seller_sees_the_parcel_prefilled_and_ships_it_by_hand(app, shop):
    page = shop.seller_client.get(f"/seller/orders/{shop.sub_id}").get_data(as_text=True)
    assert "I shipped it myself" in page and 'name="weight_g"' in page
    assert 'name="height_cm" type="number" value="8"' in page or 'value="8"' in page  # two items of 4 cm
    response = shop.seller_client.post(f"/seller/orders/{shop.sub_id}/ship", data={
        "carrier": "India Post", "tracking_number": "ee123456785in", "weight_g": "1700", "length_cm": "31",
        "width_cm": "21", "height_cm": "9"})
    assert response.status_code == 302
    with app.app_context():
        sub = db.session.get(SubOrder, shop.sub_id)
        shipment = sub.shipment
        assert sub.status == "shipped" and sub.tracking_number == "EE123456785IN"
        assert (shipment.adapter, shipment.awb, shipment.weight_g, shipment.height_cm) == ("manual", "EE123456785IN", 1700, 9)
    page = shop.seller_client.get(f"/seller/orders/{shop.sub_id}").get_data(as_text=True)
    assert "EE123456785IN" in page and "Print label" in page and "I shipped it myself" not in page


def test_shipping_by_hand_without_sizes_takes_the_listings_parcel(app, shop):
    shop.seller_client.post(f"/seller/orders/{shop.sub_id}/ship", data={"carrier": "DTDC", "tracking_number": "D77"})
    with app.app_context():
        shipment = db.session.get(SubOrder, shop.sub_id).shipment
        assert (shipment.length_cm, shipment.width_cm, shipment.height_cm) == (30, 20, 8)


@pytest.mark.parametrize("field, value", [
    ("weight_g", "0"), ("length_cm", "999"), ("width_cm", "abc"), ("height_cm", "🙂"),
    ("weight_g", "12\x00"), ("carrier", "India\x00Post"), ("tracking_number", "x" * 10_000),
    ("weight_g", "9" * 10_000), ("weight_g", "-5"), ("width_cm", "1e3"),
])
def test_bad_parcel_input_is_refused_and_nothing_is_stored(app, shop, field, value):
    data = {"carrier": "DTDC", "tracking_number": "D1", "weight_g": "500", "length_cm": "10", "width_cm": "10",
            "height_cm": "10", field: value}
    response = shop.seller_client.post(f"/seller/orders/{shop.sub_id}/ship", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    # a form error beside the field, or (control characters) the site's refusal before any view
    assert 'class="error"' in page or "invisible control characters" in page
    assert _shipments(app) == 0 and _status(app, shop.sub_id) == "accepted"


def test_form_errors_keep_what_the_seller_typed(app, shop):
    response = shop.seller_client.post(f"/seller/orders/{shop.sub_id}/ship", data={
        "carrier": "Blue Dart", "tracking_number": "", "weight_g": "1234"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'value="Blue Dart"' in page and 'value="1234"' in page


def test_a_tracking_number_used_elsewhere_is_refused_with_the_form_kept(app, shop, make_user, make_listing,
                                                                       buy):
    other = buy(make_user(role=Role.BUYER), [(make_listing(seller=shop.seller), 1)]).suborders[0].id
    shop.seller_client.post(f"/seller/orders/{other}/accept")
    shop.seller_client.post(f"/seller/orders/{other}/ship", data={"carrier": "DTDC", "tracking_number": "SAME1"})
    response = shop.seller_client.post(f"/seller/orders/{shop.sub_id}/ship",
                                       data={"carrier": "DTDC", "tracking_number": "same1"})
    assert response.status_code == 400
    assert "already used for another order" in response.get_data(as_text=True)
    assert _status(app, shop.sub_id) == "accepted"


def test_another_sellers_suborder_is_not_found_on_every_shipping_route(app, shop, login_as, make_seller):
    intruder_client, intruder = login_as(Role.SELLER)
    make_seller(user=intruder, district="agra")
    shop.seller_client.post(f"/seller/orders/{shop.sub_id}/ship", data={"carrier": "DTDC", "tracking_number": "DTDCX4417"})
    sub = shop.sub_id
    assert intruder_client.get(f"/seller/orders/{sub}/label").status_code == 404
    assert intruder_client.get(f"/seller/orders/{sub}/label?size=a4").status_code == 404
    assert intruder_client.post(f"/seller/orders/{sub}/book", data={"weight_g": "1"}).status_code == 404
    assert intruder_client.post(f"/seller/orders/{sub}/pickup").status_code == 404
    assert intruder_client.post(f"/seller/orders/{sub}/ship", data={"carrier": "X", "tracking_number": "Y"}).status_code == 404
    labels = intruder_client.get(f"/seller/orders/labels?id={sub}").get_data(as_text=True)
    # somebody else's label is never printed (a tracking number no random CSRF token will contain)
    assert "DTDCX4417" not in labels
    assert "DTDCX4417" in shop.seller_client.get(f"/seller/orders/labels?id={sub}").get_data(as_text=True)
    assert intruder_client.get("/seller/orders/99999/label").status_code == 404


@pytest.mark.parametrize("role", [Role.BUYER, Role.ADMIN, Role.ORGANISER])
def test_other_roles_are_refused_the_seller_shipping_routes(app, shop, login_as, role):
    other_client, _ = login_as(role)
    sub = shop.sub_id
    assert other_client.get(f"/seller/orders/{sub}/label").status_code == 403
    assert other_client.get("/seller/orders/labels").status_code == 403
    assert other_client.post("/seller/orders/book-many", data={"suborder_id": [sub]}).status_code == 403
    assert other_client.post(f"/seller/orders/{sub}/book").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(app, shop):
    anonymous = app.test_client()
    response = anonymous.get(f"/seller/orders/{shop.sub_id}/label")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_the_label_has_the_awb_as_a_barcode_and_says_what_to_collect(app, shop):
    shop.seller_client.post(f"/seller/orders/{shop.sub_id}/ship",
                            data={"carrier": "India Post", "tracking_number": "EE123456785IN"})
    for size in ("a6", "a4"):
        response = shop.seller_client.get(f"/seller/orders/{shop.sub_id}/label?size={size}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "EE123456785IN" in page and '<svg xmlns="http://www.w3.org/2000/svg" class="barcode"' in page
        assert f"label-sheet label-{size}" in page and "data-print" in page and "onclick" not in page
        assert "COD: collect ₹" in page  # the fixture's order is cash on delivery
        assert "Deliver to" in page and "If undelivered, return to" in page
        assert shop.order.ship_pin_code in page and shop.order.suborders[0].number in page
    assert "label-a6" in shop.seller_client.get(f"/seller/orders/{shop.sub_id}/label?size=<b>").get_data(as_text=True)


def test_a_label_before_booking_sends_the_seller_back(app, shop):
    response = shop.seller_client.get(f"/seller/orders/{shop.sub_id}/label")
    assert response.status_code == 302
    assert "Book the shipment first" in shop.seller_client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_awb_that_cannot_be_drawn_still_gives_a_label(app, shop):
    shop.seller_client.post(f"/seller/orders/{shop.sub_id}/ship",
                            data={"carrier": "Local <courier>", "tracking_number": "नंबर<svg onload=x>"})
    page = shop.seller_client.get(f"/seller/orders/{shop.sub_id}/label").get_data(as_text=True)
    assert "<svg onload" not in page.lower() and "नंबर&lt;SVG ONLOAD=X&gt;" in page  # numbers are upper-cased
    assert 'class="barcode"' not in page


def test_the_queue_offers_checkboxes_and_bulk_booking_without_a_courier_says_it_needs_one(app, shop):
    queue = shop.seller_client.get("/seller/orders/").get_data(as_text=True)
    assert f'name="suborder_id" value="{shop.sub_id}"' in queue and "Book selected" in queue
    response = shop.seller_client.post("/seller/orders/book-many", data={"suborder_id": [str(shop.sub_id)]},
                                       follow_redirects=True)
    assert "needs a courier service" in response.get_data(as_text=True)
    assert _shipments(app) == 0


def test_bulk_booking_refuses_an_empty_or_oversized_choice(app, shop):
    empty = shop.seller_client.post("/seller/orders/book-many", data={}, follow_redirects=True)
    assert "Tick the orders to book first" in empty.get_data(as_text=True)
    many = shop.seller_client.post("/seller/orders/book-many", data={"suborder_id": [str(i) for i in range(1, 60)]},
                                   follow_redirects=True)
    assert "at most 50" in many.get_data(as_text=True)


def test_print_all_labels_prints_only_the_sellers_booked_orders_one_a_page(app, shop, make_user, make_listing, buy):
    other = buy(make_user(role=Role.BUYER), [(make_listing(seller=shop.seller), 1)]).suborders[0].id
    shop.seller_client.post(f"/seller/orders/{other}/accept")
    shop.seller_client.post(f"/seller/orders/{shop.sub_id}/ship", data={"carrier": "DTDC", "tracking_number": "A1"})
    shop.seller_client.post(f"/seller/orders/{other}/ship", data={"carrier": "DTDC", "tracking_number": "A2"})
    page = shop.seller_client.get(f"/seller/orders/labels?id={shop.sub_id}&id={other}&id=abc&id=99999").get_data(as_text=True)
    assert page.count('class="label-sheet label-a6"') == 2 and "A1" in page and "A2" in page


def test_the_buyer_sees_the_parcels_events_newest_first_and_the_tracking_link(app, shop):
    shop.seller_client.post(f"/seller/orders/{shop.sub_id}/ship",
                            data={"carrier": "India Post", "tracking_number": "EE123456785IN"})
    with app.app_context():
        shipping.apply_updates("manual", [
            TrackingUpdate(awb="EE123456785IN", code=TrackingCode.IN_TRANSIT, happened_at=T0, key="e1",
                           location="Varanasi NSH"),
            TrackingUpdate(awb="EE123456785IN", code=TrackingCode.OUT_FOR_DELIVERY,
                           happened_at=T0 + dt.timedelta(hours=20), key="e2", location="Lucknow GPO")])
    page = shop.buyer_client.get(f"/orders/{shop.order.id}").get_data(as_text=True)
    assert "EE123456785IN" in page and "India Post" in page and "Out for delivery" in page
    assert page.index("Lucknow GPO") < page.index("Varanasi NSH")  # newest first
    assert "12:00" in page  # 06:30 UTC shown in India's time
    assert 'rel="noopener noreferrer"' in page and "indiapost" in page.lower()
    assert "Timeline" in page  # the status changes stay
    seller_page = shop.seller_client.get(f"/seller/orders/{shop.sub_id}").get_data(as_text=True)
    assert "Lucknow GPO" in seller_page and "Varanasi NSH" in seller_page

    body = shop.buyer_client.get(f"/api/v1/orders/{shop.order.id}").get_json()
    shipment = body["suborders"][0]["shipment"]
    assert (shipment["status"], shipment["courier"], shipment["awb"]) == ("out_for_delivery", "India Post", "EE123456785IN")
    assert shipment["tracking_url"] and "EE123456785IN" in shipment["tracking_url"]
    assert [e["code"] for e in shipment["events"]] == ["in_transit", "out_for_delivery"]
    assert shipment["events"][0]["location"] == "Varanasi NSH" and shipment["events"][0]["at"].startswith("2026-12-01T06:30")


def test_the_order_json_has_no_shipment_before_booking(app, shop):
    body = shop.buyer_client.get(f"/api/v1/orders/{shop.order.id}").get_json()
    assert body["suborders"][0]["shipment"] is None


def test_the_seller_pages_read_in_hindi(app, shop):
    from marketplace.accounts.models import User

    shop.seller_client.post(f"/seller/orders/{shop.sub_id}/ship", data={"carrier": "DTDC", "tracking_number": "H1"})
    with app.app_context():
        db.session.get(User, shop.seller.user_id).locale = "hi"
        db.session.commit()
    label = shop.seller_client.get(f"/seller/orders/{shop.sub_id}/label").get_data(as_text=True)
    assert "डिलीवरी का पता" in label and "न पहुँचे तो यहाँ लौटाएँ" in label and "Deliver to" not in label
    page = shop.seller_client.get(f"/seller/orders/{shop.sub_id}").get_data(as_text=True)
    assert "लेबल प्रिंट करें" in page and "Print label" not in page


# -- with the courier aggregator (the fake courier of tests/fakes/courier.py) -----------------
def test_the_seller_sees_the_couriers_prices_and_books_the_one_chosen(app, shop, courier):
    page = shop.seller_client.get(f"/seller/orders/{shop.sub_id}").get_data(as_text=True)
    assert "Book shipment" in page and "Choose a courier" in page and 'name="courier_id" value="33"' in page
    assert "I shipped it myself" in page  # always the alternative
    response = shop.seller_client.post(f"/seller/orders/{shop.sub_id}/book", data={
        "weight_g": "900", "length_cm": "30", "width_cm": "20", "height_cm": "8", "courier_id": "33"})
    assert response.status_code == 302
    with app.app_context():
        shipment = db.session.get(SubOrder, shop.sub_id).shipment
        assert (shipment.adapter, shipment.courier_name, shipment.status) == ("aggregator", "Ekart Logistics", "pickup_requested")
        awb, label_url = shipment.awb, shipment.label_url
    assert _status(app, shop.sub_id) == "accepted"  # shipped when the courier picks it up
    page = shop.seller_client.get(f"/seller/orders/{shop.sub_id}").get_data(as_text=True)
    assert awb in page and "Ekart Logistics" in page and "Pickup requested" in page and "Print label" in page
    label = shop.seller_client.get(f"/seller/orders/{shop.sub_id}/label").get_data(as_text=True)
    assert awb in label and 'class="segno"' in label and f'href="{label_url}"' in label
    assert courier.count("label") == 1  # the label PDF is linked, never fetched by the page


def test_a_courier_that_fails_keeps_the_form_and_the_retry_books_once(app, shop, courier):
    courier.fail_next("awb", 500)
    data = {"weight_g": "1234", "length_cm": "31", "width_cm": "21", "height_cm": "9"}
    response = shop.seller_client.post(f"/seller/orders/{shop.sub_id}/book", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'value="1234"' in page and 'value="31"' in page
    assert "Booking not finished — try again." in page
    assert shop.seller_client.post(f"/seller/orders/{shop.sub_id}/book", data=data).status_code == 302
    assert courier.count("create_order") == 1
    with app.app_context():
        assert db.session.get(SubOrder, shop.sub_id).shipment.weight_g == 1234


def test_a_refused_pickup_is_shown_and_can_be_asked_again(app, shop, courier):
    courier.refuse_pickups("Pickup pincode is not serviceable today")
    response = shop.seller_client.post(f"/seller/orders/{shop.sub_id}/book", data={
        "weight_g": "900", "length_cm": "30", "width_cm": "20", "height_cm": "8"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Booked with" in page and "not serviceable today" in page and "Request pickup again" in page
    response = shop.seller_client.post(f"/seller/orders/{shop.sub_id}/pickup", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Pickup requested for" in page and "Request pickup again" not in page
    assert courier.count("create_order") == 1


def test_courier_prices_that_cannot_be_fetched_are_only_a_note(app, shop, courier):
    courier.fail_next("rates", 500)
    page = shop.seller_client.get(f"/seller/orders/{shop.sub_id}").get_data(as_text=True)
    assert "prices could not be fetched" in page and "Book shipment" in page


def test_bulk_booking_books_each_on_its_own_and_reports_the_others(app, shop, courier, make_user, make_listing,
                                                                   make_seller, buy):
    second = buy(make_user(role=Role.BUYER), [(make_listing(seller=shop.seller), 1)]).suborders[0].id
    shop.seller_client.post(f"/seller/orders/{second}/accept")
    not_mine = buy(make_user(role=Role.BUYER), [(make_listing(seller=make_seller(district="agra")), 1)]).suborders[0].id
    queue = shop.seller_client.get("/seller/orders/").get_data(as_text=True)
    assert f'value="{shop.sub_id}"' in queue and f'value="{second}"' in queue
    response = shop.seller_client.post("/seller/orders/book-many", data={
        "suborder_id": [str(shop.sub_id), str(second), str(not_mine), "abc", str(shop.sub_id)]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "2 of 4 orders booked." in page
    assert page.count("Booked with") == 2 and page.count("We could not find that order.") == 2
    assert "Print all labels" in page and f"id={shop.sub_id}" in page and f"id={second}" in page
    assert courier.count("create_order") == 2
    with app.app_context():
        assert db.session.get(SubOrder, not_mine).shipment is None
    again = shop.seller_client.post("/seller/orders/book-many", data={"suborder_id": [str(shop.sub_id)]})
    assert "already booked" in again.get_data(as_text=True)  # a second click books nothing twice
    labels = shop.seller_client.get(f"/seller/orders/labels?id={shop.sub_id}&id={second}").get_data(as_text=True)
    assert labels.count('class="label-sheet label-a6"') == 2
