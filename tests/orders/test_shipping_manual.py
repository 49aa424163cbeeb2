"""Shipping by hand and tracking events through the state machine (issue #13): a manual
shipment ships at once; tracking events are stored once, never move a parcel back, deliver the
sub-order with carrier proof, and a parcel returned to origin cancels a COD sub-order."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.orders import claims, fulfilment
from marketplace.orders.errors import ClaimNeedsProof, InvalidParcelSize, ShipmentNotAllowed, TrackingNumberTaken
from marketplace.orders.models import SubOrder
from marketplace.orders.shipping import service as shipping
from marketplace.orders.shipping.carriers import TrackingCode, TrackingUpdate, is_s10, tracking_link
from marketplace.orders.shipping.models import Shipment, TrackingEvent
from marketplace.orders.states import Actor

T0 = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.timezone.utc)


def _update(awb, code, minutes, key=None):
    return TrackingUpdate(awb=awb, code=code, happened_at=T0 + dt.timedelta(minutes=minutes),
                          key=key or f"{awb}:{code}:{minutes}", location="Varanasi hub")


@pytest.fixture
def accepted(app, make_user, make_seller, make_listing, buy, subsidy_policy):
    buyer = make_user(role=Role.BUYER)
    seller = make_seller()
    sub_id = buy(buyer, [(make_listing(seller=seller), 1)]).suborders[0].id
    with app.app_context():
        sub = db.session.get(SubOrder, sub_id)
        fulfilment.move(sub_id, "accepted", actor=Actor.SELLER, user_id=sub.seller.user_id, seller_id=sub.seller_id)
        return sub_id, sub.seller_id, sub.seller.user_id


def test_speed_post_numbers_are_checked_and_linked():
    assert is_s10("EE123456785IN") and not is_s10("EE123456789IN")
    assert "EE123456785IN" in tracking_link("anything", "EE123456785IN")
    assert tracking_link("Delhivery", "1234") == "https://www.delhivery.com/track/package/1234"
    assert tracking_link("Delhivery Surface", "77") == "https://www.delhivery.com/track/package/77"
    assert tracking_link("a bicycle", "42") is None and tracking_link("Delhiveryx", "42") is None


def test_manual_shipment_ships_and_tracking_delivers_with_carrier_proof(app, accepted):
    sub_id, seller_id, user_id = accepted
    with app.app_context():
        shipment = shipping.ship_by_hand(sub_id, seller_id=seller_id, user_id=user_id, carrier_name="India Post",
                                         tracking_number="ee123456785in")
        assert (shipment.awb, db.session.get(SubOrder, sub_id).status) == ("EE123456785IN", "shipped")
        awb = shipment.awb
        updates = [_update(awb, TrackingCode.IN_TRANSIT, 10), _update(awb, TrackingCode.DELIVERED, 60)]
        assert shipping.apply_updates("manual", updates).applied == 2
        # replayed, and a late "in transit" after delivery: recorded once, changes nothing
        again = shipping.apply_updates("manual", updates + [_update(awb, TrackingCode.OUT_FOR_DELIVERY, 30)])
        assert (again.duplicates, again.stale, again.applied) == (2, 1, 0)
        sub = db.session.get(SubOrder, sub_id, populate_existing=True)
        assert (sub.status, sub.delivery_proof, sub.shipment.status) == ("delivered", "carrier", "delivered")
        assert db.session.scalar(select(func.count(TrackingEvent.id))) == 3
        assert shipping.apply_updates("manual", [_update("NOSUCH", TrackingCode.DELIVERED, 5)]).unknown == 1


def test_a_sellers_word_alone_does_not_make_a_claim_approvable(app, accepted, make_user):
    sub_id, seller_id, user_id = accepted
    admin = make_user(role=Role.ADMIN)
    with app.app_context():
        shipping.ship_by_hand(sub_id, seller_id=seller_id, user_id=user_id, carrier_name="DTDC", tracking_number="D1")
        fulfilment.move(sub_id, "delivered", actor=Actor.SELLER, user_id=user_id, seller_id=seller_id)
        claim_id = db.session.get(SubOrder, sub_id).claim.id
        with pytest.raises(ClaimNeedsProof):
            claims.move_claim(claim_id, "approved", actor_id=admin.id)
        shipping.apply_updates("manual", [_update("D1", TrackingCode.DELIVERED, 90)])
        assert claims.move_claim(claim_id, "approved", actor_id=admin.id).status == "approved"


def test_bad_booking_input_changes_nothing(app, accepted, make_user, make_seller, make_listing, buy):
    sub_id, seller_id, user_id = accepted
    with app.app_context():
        with pytest.raises(InvalidParcelSize):
            shipping.ship_by_hand(sub_id, seller_id=seller_id, user_id=user_id, carrier_name="DTDC",
                                  tracking_number="D2", parcel=shipping.ParcelInput(0, 10, 10, 10))
        assert db.session.scalar(select(func.count(Shipment.id))) == 0
        shipping.ship_by_hand(sub_id, seller_id=seller_id, user_id=user_id, carrier_name="DTDC", tracking_number="D2")
    other = buy(make_user(role=Role.BUYER), [(make_listing(seller=make_seller(district="agra")), 1)]).suborders[0].id
    with app.app_context():
        sub = db.session.get(SubOrder, other)
        with pytest.raises(ShipmentNotAllowed):  # not accepted yet
            shipping.ship_by_hand(other, seller_id=sub.seller_id, user_id=sub.seller.user_id, carrier_name="DTDC",
                                  tracking_number="D3")
        fulfilment.move(other, "accepted", actor=Actor.SELLER, user_id=sub.seller.user_id, seller_id=sub.seller_id)
        with pytest.raises(TrackingNumberTaken):  # another seller's number
            shipping.ship_by_hand(other, seller_id=sub.seller_id, user_id=sub.seller.user_id, carrier_name="DTDC",
                                  tracking_number="d2")
        assert db.session.get(SubOrder, other, populate_existing=True).status == "accepted"


def test_a_cod_parcel_returned_to_origin_cancels_and_gives_stock_back(app, accepted):
    sub_id, seller_id, user_id = accepted
    with app.app_context():
        sub = db.session.get(SubOrder, sub_id)
        listing = sub.lines[0].listing
        stock = listing.stock
        shipping.ship_by_hand(sub_id, seller_id=seller_id, user_id=user_id, carrier_name="DTDC", tracking_number="R1")
        shipping.apply_updates("manual", [_update("R1", TrackingCode.RETURNED_TO_ORIGIN, 900)])
        sub = db.session.get(SubOrder, sub_id, populate_existing=True)
        assert (sub.status, sub.cancel_reason) == ("cancelled", "returned_to_origin")
        assert sub.claim is None or sub.claim.status == "rejected"
        db.session.refresh(listing)
        assert listing.stock == stock + 1


@pytest.mark.both_databases
def test_the_same_delivery_event_arriving_twice_at_once_is_applied_once(app, accepted):
    """A courier retrying a webhook while the first call is still being processed: one of them
    delivers the sub-order, the other is a duplicate (the unique event key), never two notices
    or a second proof."""
    from tests.concurrency import at_once

    sub_id, seller_id, user_id = accepted
    with app.app_context():
        shipping.ship_by_hand(sub_id, seller_id=seller_id, user_id=user_id, carrier_name="DTDC", tracking_number="C1")
    update = _update("C1", TrackingCode.DELIVERED, 60, key="C1:delivered")
    results = at_once(app, 3, lambda n: shipping.apply_updates("manual", [update]))
    assert sorted((r.applied, r.duplicates) for r in results) == [(0, 1), (0, 1), (1, 0)]
    with app.app_context():
        sub = db.session.get(SubOrder, sub_id)
        assert (sub.status, sub.delivery_proof) == ("delivered", "carrier")
        assert [c.to_status for c in sub.history].count("delivered") == 1


def test_an_older_event_at_the_same_stage_does_not_turn_the_parcel_back(app, accepted):
    sub_id, seller_id, user_id = accepted
    with app.app_context():
        shipping.ship_by_hand(sub_id, seller_id=seller_id, user_id=user_id, carrier_name="DTDC", tracking_number="S1")
        shipping.apply_updates("manual", [_update("S1", TrackingCode.FAILED_ATTEMPT, 60)])
        late = shipping.apply_updates("manual", [_update("S1", TrackingCode.OUT_FOR_DELIVERY, 30)])
        assert (late.stale, late.applied) == (1, 0)
        assert db.session.get(SubOrder, sub_id, populate_existing=True).shipment.status == "failed_attempt"
        again = shipping.apply_updates("manual", [_update("S1", TrackingCode.OUT_FOR_DELIVERY, 90)])
        assert again.applied == 1  # the next attempt goes out again


def test_a_returned_parcel_is_never_confirmed_by_hand(app, accepted, make_user):
    """The seller said "delivered", then the courier brought the parcel back: it stays delivered
    on the seller's word, and no officer may confirm it for the subsidy."""
    from marketplace.orders.shipping.proof import DeliveryNotConfirmable, confirm_delivery_by_hand, proof_state

    sub_id, seller_id, user_id = accepted
    admin = make_user(role=Role.ADMIN)
    with app.app_context():
        shipping.ship_by_hand(sub_id, seller_id=seller_id, user_id=user_id, carrier_name="DTDC", tracking_number="B1")
        fulfilment.move(sub_id, "delivered", actor=Actor.SELLER, user_id=user_id, seller_id=seller_id)
        shipping.apply_updates("manual", [_update("B1", TrackingCode.RETURNED_TO_ORIGIN, 900)])
        sub = db.session.get(SubOrder, sub_id, populate_existing=True)
        assert proof_state(sub) == "not_delivered"
        with pytest.raises(DeliveryNotConfirmable):
            confirm_delivery_by_hand(sub_id, actor_id=admin.id, district_ids={sub.seller.district_id}, reason="saw the receipt",
                                     proof=b"%PDF-1.4 receipt", filename="r.pdf", content_type="application/pdf")
