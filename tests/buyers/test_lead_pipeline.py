"""Every lead move follows the one pipeline table (``buyers.leads``), including the moves an
order makes: orders do not import the meets, they announce ``order_placed`` /
``suborder_cancelled`` / ``suborder_delivered`` and the meets move their leads from those."""
from __future__ import annotations

import pytest

from marketplace.buyers import leads, meets, quotes, timetable
from marketplace.buyers.models import Lead, LeadStage, Meeting, ParticipantRole, Registration, Samagam
from marketplace.extensions import db
from marketplace.orders import cart, checkout, fulfilment, signals
from marketplace.orders.models import Order, Quote, SubOrder
from tests.buyers.quote_world import build_deal


def _deal(app, make_meet, make_seller, make_listing, make_user, **kw):
    return build_deal(app, make_meet, make_seller, make_listing, make_user, **kw)


@pytest.fixture
def deal(app, make_meet, make_seller, make_listing, make_user):
    return _deal(app, make_meet, make_seller, make_listing, make_user)


def _quoted_order(deal, address, token="t-quoted", method="cod") -> Order:
    quote = quotes.create_quote(deal.seller_user, deal.lead.id, deal.listing.id, 12, 120000, deal.week)
    quotes.accept_quote(deal.buyer, quote.id)
    return checkout.place_order(deal.buyer.id, checkout_token=token, address_id=address.id,
                                payment_method=method)


def _lead(deal) -> Lead:
    return db.session.get(Lead, deal.lead.id, populate_existing=True)


def test_a_cancelled_order_does_not_move_its_won_lead_back_to_negotiating(app, deal, make_address):
    """won is final in the pipeline; the cancelled quote order used to send the lead back."""
    address = make_address(deal.buyer)
    with app.app_context():
        order = _quoted_order(deal, address)
        assert (_lead(deal).stage, _lead(deal).order_id) == ("won", order.id)
        fulfilment.move(order.suborders[0].id, "cancelled", actor="buyer", user_id=deal.buyer.id,
                        reason="Ordered by mistake")
        lead = _lead(deal)
        assert lead.stage == "won"
        assert (lead.order_id, lead.value_paise) == (None, None)  # the dead order is not counted
        assert db.session.get(Quote, lead.quotes[0].id, populate_existing=True).status == "accepted"


def test_an_order_from_a_quote_on_a_lost_lead_leaves_the_lead_lost(app, deal, make_address):
    """Placing the order used to write ``won`` over any stage; lost → won is not in the table."""
    address = make_address(deal.buyer)
    with app.app_context():
        quote = quotes.create_quote(deal.seller_user, deal.lead.id, deal.listing.id, 12, 120000, deal.week)
        quotes.accept_quote(deal.buyer, quote.id)
        timetable.set_lead_stage(deal.seller_user, deal.lead.id, "lost")
        order = checkout.place_order(deal.buyer.id, checkout_token="t-lost", address_id=address.id,
                                     payment_method="cod")
        assert db.session.get(Quote, quote.id, populate_existing=True).status == "used"  # the order stands
        lead = _lead(deal)
        assert (lead.stage, lead.order_id, lead.value_paise) == ("lost", None, None)
        assert order.suborders[0].goods_paise == 12 * 120000


def test_a_meeting_outcome_moves_its_lead_through_the_pipeline_table(
        app, make_meet, make_seller, make_listing, make_user, monkeypatch):
    """The outcome wrote the lead's stage directly; now a move the table refuses is not made
    (the outcome itself is still recorded)."""
    deal = _deal(app, make_meet, make_seller, make_listing, make_user, stage=LeadStage.NEW.value)
    with app.app_context():
        b = Registration(samagam_id=deal.meet.id, user_id=deal.buyer.id, role=ParticipantRole.BUYER.value)
        s = Registration(samagam_id=deal.meet.id, user_id=deal.seller_user.id,
                         role=ParticipantRole.SELLER.value, seller_id=deal.seller.id)
        db.session.add_all([b, s])
        db.session.flush()
        meeting = Meeting(samagam_id=deal.meet.id, buyer_registration_id=b.id,
                          seller_registration_id=s.id, slot=0, table_no=0, lead_id=deal.lead.id)
        db.session.add(meeting)
        db.session.commit()
        monkeypatch.setitem(timetable.LEAD_NEXT, LeadStage.NEW, set())  # the table, wherever it lives
        during = meets.slot_start(db.session.get(Samagam, deal.meet.id), 0)
        timetable.record_outcome(deal.buyer, meeting.id, "interested", now=during)
        assert db.session.get(Meeting, meeting.id).buyer_outcome == "interested"
        assert _lead(deal).stage == "new"
        monkeypatch.undo()
        timetable.record_outcome(deal.seller_user, meeting.id, "interested", now=during)
        assert _lead(deal).stage == "contacted"


def test_a_refused_move_is_an_illegal_transition_and_changes_nothing(app, deal):
    with app.app_context():
        lead = _lead(deal)
        lead.stage = "won"  # test set-up only
        lead.value_paise = 500000
        db.session.commit()
        with pytest.raises(leads.LeadMoveRefused) as caught:
            leads.move_lead(_lead(deal), "negotiating")
        assert caught.value.code == "illegal_transition"
        assert _lead(deal).stage == "won"
        assert not leads.can_move("won", "negotiating") and leads.can_move("negotiating", "won")


def test_orders_announce_placed_cancelled_and_delivered_and_the_meets_move_the_lead(app, deal, make_address):
    heard = []

    def receiver(name):
        return lambda sender, **extra: heard.append((name, sender))

    placed, cancelled, delivered = receiver("placed"), receiver("cancelled"), receiver("delivered")
    address = make_address(deal.buyer)
    with app.app_context(), signals.order_placed.connected_to(placed), \
            signals.suborder_cancelled.connected_to(cancelled), \
            signals.suborder_delivered.connected_to(delivered):
        order = _quoted_order(deal, address)
        assert heard == [("placed", order)]
        lead = _lead(deal)
        assert (lead.stage, lead.order_id, lead.value_paise) == ("won", order.id, 12 * 120000)
        sub = order.suborders[0]
        seller = dict(actor="seller", user_id=deal.seller_user.id, seller_id=deal.seller.id)
        fulfilment.move(sub.id, "accepted", **seller)
        fulfilment.move(sub.id, "shipped", carrier="India Post", tracking_number="EE123456789IN", **seller)
        fulfilment.move(sub.id, "delivered", **seller)
        assert heard[-1] == ("delivered", db.session.get(SubOrder, sub.id))
        assert _lead(deal).order_id == order.id  # delivery moves nothing

        cart.add_item(deal.second.id, 2, user_id=deal.buyer.id)  # no quote this time
        other = checkout.place_order(deal.buyer.id, checkout_token="t-plain", address_id=address.id,
                                     payment_method="cod")
        fulfilment.move(other.suborders[0].id, "cancelled", actor="buyer", user_id=deal.buyer.id,
                        reason="Changed my mind")
        assert heard[-1] == ("cancelled", db.session.get(SubOrder, other.suborders[0].id))
        assert _lead(deal).order_id == order.id  # not this lead's order


def test_without_the_meets_listening_an_order_moves_no_lead(app, deal, make_address):
    """The lead is won by the meets' receiver of ``order_placed``, not by the orders."""
    address = make_address(deal.buyer)
    with app.app_context():
        signals.order_placed.disconnect(leads.won_by_order)
        try:
            order = _quoted_order(deal, address)
        finally:
            leads.listen_to_orders()
        assert db.session.get(Quote, _lead(deal).quotes[0].id).status == "used"
        assert (_lead(deal).stage, _lead(deal).order_id) == ("negotiating", None)
        assert order.id is not None
