"""The sub-order state machine: one table, illegal moves refused with a clear error."""
import itertools

import pytest

from marketplace.orders import states
from marketplace.orders.errors import (
    IllegalTransition,
    MissingCancelReason,
    MissingShipmentDetails,
    TransitionNotAllowedForActor,
)
from marketplace.orders.states import Actor, Status

LEGAL = {
    ("pending_payment", "paid"), ("pending_payment", "confirmed"),
    ("pending_payment", "cancelled"), ("paid", "accepted"), ("paid", "cancelled"),
    ("confirmed", "accepted"), ("confirmed", "cancelled"), ("accepted", "shipped"),
    ("accepted", "cancelled"), ("shipped", "delivered"), ("shipped", "cancelled"), ("cancelled", "refunded"),
    ("delivered", "refunded"),
}


def extras(frm, to):
    return {"carrier": "India Post", "tracking_number": "EE123456789IN", "reason": "changed mind"}


@pytest.mark.parametrize("frm,to", list(itertools.product(Status, Status)))
def test_only_table_moves_are_legal(frm, to):
    legal = (frm.value, to.value) in LEGAL
    allowed_somebody = False
    for actor in Actor:
        try:
            states.check_transition(frm, to, actor, **extras(frm, to))
            allowed_somebody = True
        except IllegalTransition:
            assert not legal
        except TransitionNotAllowedForActor:
            assert legal
    assert allowed_somebody == legal


def test_illegal_move_says_which_statuses():
    with pytest.raises(IllegalTransition) as err:
        states.check_transition("delivered", "shipped", "admin")
    assert "Delivered" in str(err.value) and "Shipped" in str(err.value)
    assert err.value.code == "illegal_transition"


def test_buyer_may_cancel_only_before_acceptance():
    for status in ("pending_payment", "paid", "confirmed"):
        states.check_transition(status, "cancelled", "buyer", reason="ordered twice")
    with pytest.raises(TransitionNotAllowedForActor):
        states.check_transition("accepted", "cancelled", "buyer", reason="too slow")


def test_seller_may_cancel_until_shipping():
    for status in ("paid", "confirmed", "accepted"):
        states.check_transition(status, "cancelled", "seller", reason="out of raw material")
    with pytest.raises(TransitionNotAllowedForActor):  # only the courier's "returned to origin"
        states.check_transition("shipped", "cancelled", "seller", reason="lost")
    states.check_transition("shipped", "cancelled", "system", reason="returned_to_origin")


def test_buyer_cannot_fulfil_and_seller_cannot_mark_paid():
    with pytest.raises(TransitionNotAllowedForActor):
        states.check_transition("paid", "accepted", "buyer")
    with pytest.raises(TransitionNotAllowedForActor):
        states.check_transition("pending_payment", "paid", "seller")


@pytest.mark.parametrize("carrier,tracking", [(None, "X1"), ("India Post", ""), ("  ", "X1"), (None, None)])
def test_shipping_needs_carrier_and_tracking(carrier, tracking):
    with pytest.raises(MissingShipmentDetails):
        states.check_transition("accepted", "shipped", "seller", carrier=carrier, tracking_number=tracking)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_cancelling_needs_a_reason(reason):
    with pytest.raises(MissingCancelReason):
        states.check_transition("paid", "cancelled", "buyer", reason=reason)


def test_next_statuses_per_actor():
    assert states.next_statuses("paid", "seller") == [Status.ACCEPTED, Status.CANCELLED]
    assert states.next_statuses("paid", "buyer") == [Status.CANCELLED]
    assert states.next_statuses("accepted", "buyer") == []
    assert states.next_statuses("refunded", "admin") == []


def test_refunded_is_the_only_dead_end_and_every_status_is_reachable():
    assert states.TERMINAL == {Status.REFUNDED}
    reachable, frontier = {Status.PENDING_PAYMENT}, [Status.PENDING_PAYMENT]
    while frontier:
        s = frontier.pop()
        for (frm, to) in states.TRANSITIONS:
            if frm == s and to not in reachable:
                reachable.add(to)
                frontier.append(to)
    assert reachable == set(Status)


def test_every_status_has_a_label():
    assert all(states.label(s) for s in Status)


def test_unknown_status_is_refused():
    with pytest.raises(ValueError):
        states.check_transition("lost", "paid", "system")
