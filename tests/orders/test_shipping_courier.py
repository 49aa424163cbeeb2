"""Shipping with the courier aggregator (issue #13), against the fake courier of
``tests/fakes/courier.py`` over real HTTP on loopback: prices in paise, booking with an AWB, a
label and a pickup, a booking interrupted by the courier resumed without booking twice, a
refused pickup asked again, an expired token, the tracking webhook (its secret, bad bodies,
duplicates, late events, other sellers' parcels) and ``flask orders track``."""
from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.notifications.models import Notification, OutboxSms
from marketplace.orders import claims, fulfilment
from marketplace.orders.errors import PickupAddressMissing
from marketplace.orders.models import SubOrder
from marketplace.orders.shipping import service as shipping
from marketplace.orders.shipping.aggregator import AggregatorCarrier, BadCourierPayload, to_paise
from marketplace.orders.shipping.carriers import BadCourierWebhook, CourierError, carrier_for
from marketplace.orders.shipping.models import Shipment, TrackingEvent
from marketplace.orders.states import Actor

WEBHOOK = "/webhooks/courier/aggregator"
PARCEL = shipping.ParcelInput(weight_g=500, length_cm=30, width_cm=20, height_cm=10)
T0 = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.timezone.utc)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
def accepted(app, courier, make_user, make_seller, make_listing, buy, subsidy_policy):
    """``accepted(payment_method="cod", seller=None) -> (sub_id, seller_id, seller_user_id)``: a
    sub-order of one item, accepted by its seller, in an app that books with the fake courier."""

    def factory(payment_method="cod", seller=None, buyer=None):
        buyer = buyer or make_user(role=Role.BUYER)
        seller = seller or make_seller()
        sub_id = buy(buyer, [(make_listing(seller=seller), 1)], payment_method=payment_method).suborders[0].id
        with app.app_context():
            sub = db.session.get(SubOrder, sub_id)
            fulfilment.move(sub_id, "accepted", actor=Actor.SELLER, user_id=sub.seller.user_id, seller_id=sub.seller_id)
            return sub_id, sub.seller_id, sub.seller.user_id

    return factory


def book(app, ids, **kw) -> Shipment:
    sub_id, seller_id, user_id = ids
    with app.app_context():
        return shipping.book_shipment(sub_id, seller_id=seller_id, user_id=user_id, parcel=PARCEL,
                                      carrier=carrier_for(config=app.config), **kw)


def shipment(app, sub_id) -> Shipment:
    with app.app_context():
        found = db.session.scalar(select(Shipment).where(Shipment.suborder_id == sub_id))
        found.events  # loaded for use outside the context
        return found


def suborder(app, sub_id) -> SubOrder:
    with app.app_context():
        sub = db.session.get(SubOrder, sub_id)
        sub.claim, sub.lines, sub.order  # loaded for use outside the context
        return sub


def events(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(TrackingEvent.id)))


def post_webhook(client, courier, awb, status_id=None, *, secret=None, **scan):
    return client.post(WEBHOOK, data=courier.webhook_body(awb, status_id, **scan),
                       headers=courier.webhook_headers(secret))


# -- prices ------------------------------------------------------------------------------------
def test_prices_come_cheapest_first_in_whole_paise_rounded_half_up(app, courier):
    with app.app_context():
        carrier = carrier_for(config=app.config)
        assert isinstance(carrier, AggregatorCarrier)
        rates = carrier.rates("221001", "226001", 500, (30, 20, 10), cod=False)
        cod = carrier.rates("221001", "226001", 1250, (30, 20, 10), cod=True)
    # 87.505 rupees is 8751 paise (a float would have said 87.50499...: 8750)
    assert [(r.courier_name, r.amount_paise, r.days) for r in rates] == [
        ("Delhivery Surface", 8751, 5), ("Xpressbees Surface", 9200, 4), ("Ekart Logistics", 10125, 3)]
    assert [r.amount_paise for r in cod] == [11751, 12200, 13125]
    asked = courier.calls_to("rates")[1].args
    assert asked == {"pickup_postcode": "221001", "delivery_postcode": "226001", "weight": "1.25", "cod": "1",
                     "length": "30", "breadth": "20", "height": "10"}
    assert to_paise("0.005") == 1 and to_paise(12) == 1200 and to_paise("99.994") == 9999


def test_a_route_no_courier_serves_has_no_prices(app, courier):
    courier.serviceable_pins = {"110001"}
    with app.app_context():
        assert carrier_for(config=app.config).rates("221001", "226001", 500, (30, 20, 10), cod=False) == []


# -- booking -----------------------------------------------------------------------------------
def test_booking_gives_an_awb_a_label_and_asks_for_a_pickup(app, courier, accepted):
    sub_id, seller_id, user_id = ids = accepted()
    booked = book(app, ids)
    sub = suborder(app, sub_id)
    assert booked.status == "pickup_requested" and booked.awb and booked.last_error is None
    assert (booked.courier_name, booked.rate_paise) == ("Delhivery Surface", 8751)
    assert booked.label_url == f"{courier.base}/labels/{booked.courier_shipment_id}.pdf"
    assert booked.pickup_scheduled_for and booked.courier_order_id
    assert sub.status == "accepted"  # shipped when the courier picks it up
    (order,) = [c.json for c in courier.calls_to("create_order")]
    assert order["order_id"] == sub.number and order["payment_method"] == "COD"
    assert order["pickup_location"] == courier.settings()["SHIPPING_PICKUP_LOCATION"]
    assert order["sub_total"] == f"{sub.total_paise // 100}.{sub.total_paise % 100:02d}"
    assert (order["weight"], order["length"], order["breadth"], order["height"]) == ("0.5", 30, 20, 10)
    assert order["billing_state"] == "Uttar Pradesh" and order["shipping_is_billing"] is True
    # (placing the order asked for its price first: "rates")
    assert [c.step for c in courier.calls] == ["login", "rates", "create_order", "awb", "label", "pickup"]


def test_a_chosen_courier_is_the_one_booked(app, courier, accepted):
    booked = book(app, accepted(payment_method="cod"), courier_id="33")
    assert booked.courier_name == "Ekart Logistics" and courier.calls_to("awb")[0].json["courier_id"] == 33


def test_an_awb_call_that_fails_keeps_the_courier_order_and_the_retry_books_once(app, courier, accepted):
    sub_id, *_ = ids = accepted()
    courier.fail_next("awb", 500)
    with pytest.raises(CourierError) as failed:
        book(app, ids)
    assert failed.value.step == "awb" and "HTTP 500" in failed.value.detail
    assert set(failed.value.progress) == {"order_id", "shipment_id"}
    waiting = shipment(app, sub_id)
    assert (waiting.status, waiting.awb) == ("booking", None)
    assert waiting.courier_order_id and waiting.courier_shipment_id and "awb" in waiting.last_error
    assert suborder(app, sub_id).status == "accepted"
    booked = book(app, ids)
    assert booked.status == "pickup_requested" and booked.courier_shipment_id == waiting.courier_shipment_id
    assert courier.count("create_order") == 1 and len(courier.orders) == 1


def test_a_label_that_fails_after_the_awb_resumes_without_a_second_awb(app, courier, accepted):
    sub_id, *_ = ids = accepted()
    courier.fail_next("label", 503, "Service Unavailable")
    with pytest.raises(CourierError) as failed:
        book(app, ids)
    assert failed.value.step == "label"
    waiting = shipment(app, sub_id)
    assert waiting.status == "booking" and waiting.awb
    booked = book(app, ids)
    assert (booked.status, booked.awb, booked.rate_paise) == ("pickup_requested", waiting.awb, 8751)
    assert (courier.count("create_order"), courier.count("awb"), courier.count("label")) == (1, 1, 2)


def test_a_courier_that_does_not_answer_gets_a_clear_message_and_the_retry_books_once(app, courier, accepted):
    sub_id, *_ = ids = accepted()
    courier.hang_next("create_order", seconds=1.5)  # the courier makes the order, answers too late
    with pytest.raises(CourierError) as failed:
        book(app, ids)
    with app.test_request_context(), force_locale("en"):
        assert str(failed.value.message).startswith("The courier did not answer in time.")
    assert failed.value.step == "create_order" and failed.value.progress == {}
    assert shipment(app, sub_id).status == "booking" and suborder(app, sub_id).status == "accepted"
    booked = book(app, ids)
    assert booked.status == "pickup_requested"
    assert len(courier.orders) == 1  # the same order_id is the same courier order


def test_a_courier_that_is_down_is_said_so_and_nothing_is_booked(app, courier, accepted, tmp_path):
    sub_id, *_ = ids = accepted()
    courier.stop()
    with pytest.raises(CourierError) as failed:
        book(app, ids)
    with app.test_request_context(), force_locale("hi"):
        assert "कूरियर" in str(failed.value.message)
    assert shipment(app, sub_id).status == "booking" and suborder(app, sub_id).status == "accepted"


def test_a_refused_booking_says_why_without_quoting_markup(app, courier, accepted):
    sub_id, *_ = ids = accepted()
    courier.fail_next("create_order", 422, "Pincode <b>226001</b> is not serviceable\x00")
    with pytest.raises(CourierError) as failed:
        book(app, ids)
    with app.test_request_context(), force_locale("en"):
        message = str(failed.value.message)
    assert message.startswith("The courier refused the booking: Pincode") and "226001" in message
    assert not set("<>\x00") & set(message) and "HTTP 422" in failed.value.detail
    assert courier.orders == {}


def test_a_refused_pickup_keeps_the_booking_and_asking_again_succeeds(app, courier, accepted):
    sub_id, seller_id, user_id = ids = accepted()
    courier.refuse_pickups("Pickup pincode is not serviceable today")
    with pytest.raises(CourierError) as refused:
        book(app, ids)
    with app.test_request_context(), force_locale("en"):
        assert str(refused.value.message) == "The courier refused the pickup: Pickup pincode is not serviceable today"
    assert refused.value.step == "pickup" and refused.value.detail == "Pickup pincode is not serviceable today"
    kept = shipment(app, sub_id)
    assert kept.status == "booked" and kept.awb and "not serviceable today" in kept.last_error
    with app.app_context():
        again = shipping.request_pickup(sub_id, seller_id=seller_id, user_id=user_id,
                                        carrier=carrier_for(config=app.config))
    assert (again.status, again.last_error) == ("pickup_requested", None) and again.pickup_scheduled_for
    assert courier.count("create_order") == 1


def test_a_pickup_refused_with_an_http_error_is_a_refusal_too(app, courier, accepted):
    sub_id, *_ = ids = accepted()
    courier.refuse_pickups("Already in Pickup Queue.", status=400)
    with pytest.raises(CourierError) as refused:
        book(app, ids)
    assert refused.value.step == "pickup" and "Already in Pickup Queue." in refused.value.detail
    assert shipment(app, sub_id).status == "booked"


def test_an_expired_token_signs_in_again_once(app, courier):
    with app.app_context():
        carrier = carrier_for(config=app.config)
        carrier.rates("221001", "226001", 500, (10, 10, 10), cod=False)
        carrier_for(config=app.config).rates("221001", "226001", 500, (10, 10, 10), cod=False)
        assert courier.count("login") == 1  # the token is kept between calls and adapters
        courier.expire_tokens()
        assert carrier.rates("221001", "226001", 500, (10, 10, 10), cod=False)
        assert courier.count("login") == 2
        courier.expire_tokens()
        courier.password = "changed-in-the-panel"
        with pytest.raises(CourierError) as refused:
            carrier.rates("221001", "226001", 500, (10, 10, 10), cod=False)
        assert courier.count("login") == 3 and refused.value.detail.startswith("login: HTTP 401")


# -- the tracking webhook ----------------------------------------------------------------------
def test_a_webhook_without_the_right_secret_is_refused_and_stores_nothing(app, client, courier, accepted):
    sub_id, *_ = ids = accepted()
    awb = book(app, ids).awb
    for secret in ("wrong-secret", ""):
        answer = post_webhook(client, courier, awb, 7, secret=secret)
        assert answer.status_code == 401 and answer.json["error"]["code"] == "bad_webhook"
    app.config["SHIPPING_WEBHOOK_SECRET"] = ""  # not configured: nobody's call is believed
    assert post_webhook(client, courier, awb, 7, secret="").status_code == 401
    assert post_webhook(client, courier, awb, 7).status_code == 401
    assert events(app) == 0 and shipment(app, sub_id).status == "pickup_requested"
    assert suborder(app, sub_id).status == "accepted"
    with pytest.raises(BadCourierWebhook):
        AggregatorCarrier.from_config(app.config).parse_webhook({"X-Api-Key": courier.webhook_secret}, b"{}")


@pytest.mark.parametrize("body", [
    b"not json", b"[1, 2]", b'{"scans": []}', b'{"awb": "", "scans": []}', b'{"awb": "1", "scans": {"a": 1}}',
    b'{"awb": "1", "scans": [{"sr-status": "7", "date": "yesterday"}]}',
    b'{"awb": "1", "current_status_id": 7, "current_timestamp": "32 13 2026 25:00:00"}',
    "{\"awb\": \"1\u0000\"}".encode(), b"\xff\xfe",
])
def test_a_signed_webhook_with_a_body_we_cannot_read_is_400_and_stores_nothing(app, client, courier, body):
    answer = client.post(WEBHOOK, data=body, headers=courier.webhook_headers())
    assert answer.status_code == 400 and answer.json["error"]["code"] == "bad_payload"
    assert events(app) == 0
    with pytest.raises(BadCourierPayload):
        AggregatorCarrier.from_config(app.config).parse_webhook({"x-api-key": courier.webhook_secret}, body)


def test_delivery_by_webhook_delivers_with_carrier_proof_and_the_claim_can_be_approved(
        app, client, courier, accepted, make_user):
    sub_id, *_ = ids = accepted()
    awb = book(app, ids).awb
    picked = post_webhook(client, courier, awb, 42, at=at(0))
    assert picked.status_code == 200 and picked.json["applied"] == 1
    assert suborder(app, sub_id).status == "shipped"
    courier.queue_tracking(awb, 18, at=at(60))
    courier.queue_tracking(awb, 5, at=at(61))  # manifest: not a status we act on
    courier.tracking[awb].append({"date": "NA", "activity": "Data received", "location": "NA", "sr-status": "NA"})
    courier.queue_tracking(awb, 17, at=at(600))
    answer = post_webhook(client, courier, awb, 7, at=at(700), location="Lucknow")
    # the body repeats every scan: the pickup is known, the rest is new
    assert answer.json == {"received": True, "applied": 3, "duplicates": 1, "stale": 0, "unknown": 0}
    sub = suborder(app, sub_id)
    assert (sub.status, sub.delivery_proof, shipment(app, sub_id).status) == ("delivered", "carrier", "delivered")
    assert sub.delivery_proof_at == at(700) and awb in sub.delivery_proof_note
    with app.app_context():
        admin = make_user(role=Role.ADMIN)
        assert claims.move_claim(sub.claim.id, "approved", actor_id=admin.id).status == "approved"


def test_a_repeated_or_late_event_never_moves_a_delivered_parcel_back(app, client, courier, accepted):
    sub_id, *_ = ids = accepted()
    awb = book(app, ids).awb
    body = courier.webhook_body(awb, 7, at=at(300))
    first = client.post(WEBHOOK, data=body, headers=courier.webhook_headers())
    again = client.post(WEBHOOK, data=body, headers=courier.webhook_headers())
    assert (first.json["applied"], again.json["applied"], again.json["duplicates"]) == (1, 0, 1)
    courier.tracking[awb].clear()
    late = post_webhook(client, courier, awb, 18, at=at(100), iso=True)  # an in-transit scan sent late
    assert (late.json["stale"], late.json["applied"]) == (1, 0)
    assert suborder(app, sub_id).status == "delivered" and shipment(app, sub_id).status == "delivered"
    assert events(app) == 2


def test_an_unknown_awb_or_another_sellers_parcel_changes_nothing_else(app, client, courier, accepted, make_seller):
    mine, *_ = ids_mine = accepted()
    theirs, *_ = ids_theirs = accepted(seller=make_seller(district="agra"))
    book(app, ids_mine)
    their_awb = book(app, ids_theirs).awb
    assert post_webhook(client, courier, "999999999999", 7).json["unknown"] == 1
    assert post_webhook(client, courier, their_awb, 42).json["applied"] == 1
    assert suborder(app, theirs).status == "shipped"
    assert (suborder(app, mine).status, shipment(app, mine).status) == ("accepted", "pickup_requested")
    assert shipment(app, mine).events == []


def test_a_failed_delivery_attempt_tells_the_buyer_by_sms_when_they_chose_it(app, client, courier, accepted, make_user):
    buyer = make_user(role=Role.BUYER)
    with app.app_context():
        stored = db.session.get(User, buyer.id)
        stored.phone, stored.phone_verified_at, stored.notice_channels = "+919876543210", utcnow(), "app,email,sms"
        db.session.commit()
    sub_id, *_ = ids = accepted(buyer=buyer)
    awb = book(app, ids).awb
    post_webhook(client, courier, awb, 42, at=at(0))
    answer = post_webhook(client, courier, awb, 21, at=at(900), activity="Consignee not available")
    assert answer.json["applied"] == 1 and shipment(app, sub_id).status == "failed_attempt"
    number = suborder(app, sub_id).number
    with app.app_context():
        notes = db.session.scalars(select(Notification).where(Notification.user_id == buyer.id)).all()
        texts = db.session.scalars(select(OutboxSms).where(OutboxSms.template == "buyer_delivery_failed")).all()
    (failed,) = [n for n in notes if "could not be made" in n.subject]
    assert number in failed.subject and "Consignee not available" in failed.body
    assert len(texts) == 1 and texts[0].to_phone == "+919876543210" and number in texts[0].text
    # the same event again tells nobody twice
    post_webhook(client, courier, awb, None)
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxSms.id)).where(OutboxSms.template == "buyer_delivery_failed")) == 1


def test_a_cod_parcel_returned_to_the_seller_cancels_gives_stock_back_and_rejects_the_claim(
        app, client, courier, accepted):
    sub_id, *_ = ids = accepted(payment_method="cod")
    before = suborder(app, sub_id)
    with app.app_context():
        listing = db.session.get(SubOrder, sub_id).lines[0].listing
        stock = listing.stock
    assert before.claim is not None and before.claim.status == "claimed"
    awb = book(app, ids).awb
    post_webhook(client, courier, awb, 42, at=at(0))
    post_webhook(client, courier, awb, 21, at=at(900))
    ignored = post_webhook(client, courier, awb, 9, at=at(2000))  # RTO initiated: we wait for the return
    assert ignored.json["applied"] == 0 and suborder(app, sub_id).status == "shipped"
    returned = post_webhook(client, courier, awb, 10, at=at(5000))
    assert returned.json["applied"] == 1
    sub = suborder(app, sub_id)
    assert (sub.status, sub.cancel_reason, shipment(app, sub_id).status) == ("cancelled", "returned_to_origin",
                                                                            "returned_to_origin")
    assert sub.claim.status == "rejected"
    with app.app_context():
        assert db.session.get(type(listing), listing.id).stock == stock + 1


def test_a_webhook_for_the_aggregator_is_refused_when_the_site_ships_by_hand(app, client, courier):
    app.config["SHIPPING_ADAPTER"] = "manual"
    assert post_webhook(client, courier, "1904100000001", 7).status_code == 401


# -- polling -----------------------------------------------------------------------------------
def test_flask_orders_track_asks_the_courier_and_applies_what_it_missed(app, client, runner, courier, accepted):
    sub_id, *_ = ids = accepted()
    awb = book(app, ids).awb
    courier.queue_tracking(awb, 42, at=at(0))
    courier.queue_tracking(awb, 18, at=at(30))
    courier.queue_tracking(awb, 19, at=at(31))  # out for pickup: not ours to act on
    courier.tracking[awb].append({"date": "", "activity": "Data received", "location": "", "sr-status": "NA"})
    result = runner.invoke(args=["orders", "track"])
    assert result.exit_code == 0, result.output
    assert "tracking: 2 applied, 0 already known, 0 late, 0 unknown" in result.output
    assert suborder(app, sub_id).status == "shipped" and shipment(app, sub_id).status == "in_transit"
    courier.queue_tracking(awb, 7, at=at(600))
    result = runner.invoke(args=["orders", "track"])
    assert "tracking: 1 applied, 2 already known" in result.output
    assert suborder(app, sub_id).status == "delivered"
    calls = courier.count("track")
    runner.invoke(args=["orders", "track"])  # a delivered parcel is not asked about again
    assert courier.count("track") == calls
    # the same scans by webhook are known already
    assert post_webhook(client, courier, awb, None).json["duplicates"] == 3


def test_polling_goes_on_when_the_courier_fails_for_one_parcel(app, runner, courier, accepted):
    first, *_ = ids_first = accepted()
    second, *_ = ids_second = accepted()
    awb_first, awb_second = book(app, ids_first).awb, book(app, ids_second).awb
    courier.queue_tracking(awb_first, 42, at=at(0))
    courier.queue_tracking(awb_second, 42, at=at(0))
    courier.fail_next("track", 500)
    result = runner.invoke(args=["orders", "track"])
    assert "tracking: 1 applied" in result.output
    assert {suborder(app, first).status, suborder(app, second).status} == {"accepted", "shipped"}


def test_the_fake_pushes_signed_webhooks_to_a_live_server_over_http(live_server, live_courier):
    """What a browser test does: the live server's webhook gets the fake's signed call."""
    url = live_server.url + WEBHOOK
    answer = live_courier.push_webhook(url, "1904100000999", 42)
    assert answer.status_code == 200 and answer.json()["unknown"] == 1
    assert live_courier.push_webhook(url, "1904100000999", 7, secret="guess").status_code == 401


def test_each_sellers_workshop_is_registered_once_as_its_pickup_location(app, courier, accepted, make_seller):
    """Without a shared SHIPPING_PICKUP_LOCATION the courier collects from the seller's own
    address: registered on the first booking (addpickup), used by every order of that seller, and
    a name the courier already knows (registered by another node or an earlier run) is fine."""
    app.config["SHIPPING_PICKUP_LOCATION"] = ""
    with pytest.raises(PickupAddressMissing):  # no address to come to: the courier is not asked
        book(app, accepted(seller=make_seller(address="")))
    assert courier.count("addpickup") == courier.count("create_order") == 0
    seller = make_seller(address="Kothi 12, Madanpura", phone="9839012345")
    first = book(app, accepted(seller=seller))
    second = book(app, accepted(seller=seller))
    assert first.awb and second.awb and courier.count("addpickup") == 1
    code = f"ODOP-{seller.slug}"[:36]
    registered = courier.pickup_addresses[code]
    assert (registered["pin_code"], registered["state"]) == (seller.pin_code, "Uttar Pradesh")
    assert {c.json["pickup_location"] for c in courier.calls_to("create_order")} == {code}
    from marketplace.orders.shipping.aggregator import forget_tokens

    forget_tokens()  # a new process: it does not know the location is registered; the courier does
    assert book(app, accepted(seller=seller)).awb and courier.count("addpickup") == 2


def test_a_booked_parcel_cannot_be_cancelled_by_the_seller_nor_booked_twice_at_once(app, courier, accepted):
    from marketplace.orders.cancellation import cancel_suborder
    from marketplace.orders.errors import AlreadyBooked, BookedWithCourier, BookingInProgress

    ids = accepted()
    sub_id, seller_id, user_id = ids
    with app.app_context():  # a first click still talking to the courier (its row is fresh, no error)
        shipping._prepare(sub_id, seller_id=seller_id, user_id=user_id, parcel=PARCEL, adapter="aggregator")
        with pytest.raises(BookingInProgress):
            shipping.book_shipment(sub_id, seller_id=seller_id, user_id=user_id, parcel=PARCEL,
                                   carrier=carrier_for(config=app.config))
        db.session.execute(db.update(Shipment).values(updated_at=utcnow() - dt.timedelta(minutes=5)))
        db.session.commit()
    booked = book(app, ids)  # the attempt that never came back is resumed
    assert booked.status == "pickup_requested" and courier.count("create_order") == 1
    with app.app_context():
        with pytest.raises(AlreadyBooked):
            shipping.ship_by_hand(sub_id, seller_id=seller_id, user_id=user_id, carrier_name="DTDC", tracking_number="X1")
        with pytest.raises(BookedWithCourier):
            cancel_suborder(sub_id, actor=Actor.SELLER, user_id=user_id, seller_id=seller_id, reason="no stock")
        assert db.session.get(SubOrder, sub_id, populate_existing=True).status == "accepted"
