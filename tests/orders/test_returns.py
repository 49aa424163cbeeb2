"""Returns (RMA, issue #19.2): the window and the policy, the state machine, who may do what,
the escalation to the DIC, stock, the subsidy claim to the paisa, refunds (card through
localstripe, COD marked paid by the ODOP cell) that never exceed what was paid, the pages on
both sides, the JSON API, and bad input on every new form."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalog.models import Listing
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.orders import claims, payments, refunds, returns
from marketplace.orders.models import ClaimStatus, Order, Payment, PaymentEvent, SubOrder, SubsidyClaim, SubsidyLedger
from marketplace.orders.return_models import ReturnRequest
from marketplace.orders.return_states import (
    TRANSITIONS,
    ReturnActor,
    ReturnNeedsReason,
    ReturnState,
    ReturnTransitionForbidden,
    ReturnTransitionRefused,
    check_return_move,
)
from tests.fixtures.catalog import jpeg_bytes
from tests.fixtures.orders import STRIPE_TEST_KEY, STRIPE_WEBHOOK_SECRET

DAY = dt.timedelta(days=1)


@pytest.fixture
def card_app(app, localstripe):
    app.config.update(STRIPE_SECRET_KEY=STRIPE_TEST_KEY, STRIPE_PUBLISHABLE_KEY="pk_test_odop",
                      STRIPE_API_BASE=localstripe, STRIPE_WEBHOOK_SECRET=STRIPE_WEBHOOK_SECRET)
    return app


@pytest.fixture
def delivered(app, make_user, make_seller, make_listing, buy, deliver_suborder):
    """``delivered(payment_method="cod", quantity=3, **listing_fields) -> dict``: a buyer's order of
    ``quantity`` × ₹1,500 from a Varanasi seller, delivered (carrier proof)."""

    def factory(payment_method="cod", quantity=3, price_paise=150000, **fields):
        buyer = make_user(role=Role.BUYER, locale="en")
        seller = make_seller("varanasi")
        listing = make_listing(seller=seller, price_paise=price_paise, stock=10, **fields)
        order = buy(buyer, [(listing, quantity)], payment_method=payment_method)
        if payment_method == "card":
            with app.app_context():
                payments.pay_with_card(db.session.get(Order, order.id), payments.gateway_from_config(), "pm_card_visa")
        sub_id = order.suborders[0].id
        deliver_suborder(sub_id)
        with app.app_context():
            line_id = db.session.get(SubOrder, sub_id).lines[0].id
        return {"buyer": buyer, "seller": seller, "listing": listing, "order_id": order.id, "sub_id": sub_id,
                "line_id": line_id}

    return factory


UPI = {"refund_upi": "meera@okaxis"}


def _ask(app, d, quantity=1, reason="damaged", details="Torn at the border", photos=(), now=None, **payout):
    with app.app_context():
        return returns.request_return(d["order_id"], d["line_id"], buyer_id=d["buyer"].id, quantity=quantity,
                                      reason=reason, details=details, photos=list(photos), now=now,
                                      **(payout or UPI)).id


def _ret(app, rid) -> ReturnRequest:
    with app.app_context():
        ret = db.session.get(ReturnRequest, rid, populate_existing=True)
        ret.transitions, ret.photos
        return ret


def _seller_user(app, d):
    with app.app_context():
        return db.session.get(SubOrder, d["sub_id"]).seller.user


# -- the state machine -------------------------------------------------------------------------

def test_the_table_names_who_may_move_and_nothing_else_is_a_move():
    assert check_return_move("requested", "accepted", "seller")
    with pytest.raises(ReturnTransitionForbidden):
        check_return_move("requested", "accepted", "buyer")
    with pytest.raises(ReturnTransitionForbidden):
        check_return_move("requested", "accepted", "organiser")  # only once escalated
    assert check_return_move("escalated", "accepted", "organiser")
    with pytest.raises(ReturnNeedsReason):
        check_return_move("requested", "refused", "seller", reason="  ")
    with pytest.raises(ReturnTransitionRefused):
        check_return_move("shipped_back", "withdrawn", "buyer")  # too late once it is on its way
    with pytest.raises(ReturnTransitionRefused):
        check_return_move("refunded", "received", "admin")
    for (frm, to), rule in TRANSITIONS.items():
        assert rule.actors, (frm, to)
    assert ReturnActor.SYSTEM in TRANSITIONS[(ReturnState.REQUESTED, ReturnState.ESCALATED)].actors


# -- asking: the window, the policy, the quantity ----------------------------------------------

def test_no_return_after_the_window_nor_before_delivery_nor_on_a_non_returnable_listing(
        app, delivered, make_user, make_listing, buy):
    d = delivered()  # a sari: the category's default, 7 days
    later = utcnow() + 7 * DAY + dt.timedelta(minutes=1)
    with pytest.raises(returns.WindowClosed):
        _ask(app, d, now=later)
    assert _ask(app, d, now=utcnow() + 6 * DAY) > 0  # still inside
    short = delivered(return_window_days=1)
    with pytest.raises(returns.WindowClosed):
        _ask(app, short, now=utcnow() + 2 * DAY)
    never = delivered(returnable=False)
    with pytest.raises(returns.NotReturnable):
        _ask(app, never)
    food = delivered(category="jaggery")  # perishable by its category: not returnable
    with pytest.raises(returns.NotReturnable):
        _ask(app, food)
    buyer = make_user(role=Role.BUYER)
    order = buy(buyer, [(make_listing(), 1)])
    with app.app_context():
        line_id = db.session.get(Order, order.id).suborders[0].lines[0].id
    with pytest.raises(returns.NotDelivered), app.app_context():
        returns.request_return(order.id, line_id, buyer_id=buyer.id, quantity=1, reason="damaged", details="",
                               **UPI)
    with app.app_context():
        assert db.session.scalar(select(func.count(ReturnRequest.id))) == 1  # only the one inside the window


def test_the_buyer_sees_the_return_link_only_while_it_may_return(app, delivered, staff_client):
    d = delivered()
    client = staff_client(d["buyer"])
    page = client.get(f"/orders/{d['order_id']}").get_data(as_text=True)
    assert f'data-testid="return-line-{d["line_id"]}"' in page
    never = delivered(returnable=False)
    page = staff_client(never["buyer"]).get(f"/orders/{never['order_id']}").get_data(as_text=True)
    assert "return-line-" not in page
    response = staff_client(never["buyer"]).get(f"/orders/{never['order_id']}/returns/new?line={never['line_id']}")
    assert response.status_code == 400 and "cannot be returned" in response.get_data(as_text=True)


def test_quantity_is_at_most_the_line_less_what_live_returns_hold(app, delivered):
    d = delivered(quantity=3)
    first = _ask(app, d, quantity=2)
    with pytest.raises(returns.QuantityInvalid):
        _ask(app, d, quantity=2)
    with app.app_context():
        returns.withdraw(first, buyer_id=d["buyer"].id)
    assert _ask(app, d, quantity=3)  # a withdrawn return holds nothing
    for bad in (0, -1, "abc", "1e9", None):
        with pytest.raises(returns.QuantityInvalid):
            _ask(app, delivered(), quantity=bad)


def test_another_buyers_line_is_not_found(app, delivered, make_user):
    d = delivered()
    with pytest.raises(returns.ReturnNotFound), app.app_context():
        returns.request_return(d["order_id"], d["line_id"], buyer_id=make_user(role=Role.BUYER).id, quantity=1,
                               reason="damaged", details="", **UPI)


# -- the whole way, cash on delivery -----------------------------------------------------------

def test_cod_return_accepted_shipped_received_good_restocks_and_the_cell_records_the_payout(
        app, delivered, cell_admin):
    d = delivered(quantity=3)
    with app.app_context():
        stock_before = db.session.get(Listing, d["listing"].id).stock
    rid = _ask(app, d, quantity=2, photos=[jpeg_bytes()])
    seller_user = _seller_user(app, d)
    with app.app_context():
        assert db.session.scalar(select(func.count(Notification.id)).where(Notification.user_id == seller_user.id,
                                                                            Notification.subject.contains("R0")))
        returns.seller_answer(rid, seller_id=d["seller"].id, user_id=seller_user.id, accept=True)
        returns.mark_shipped_back(rid, user_id=d["buyer"].id, buyer_id=d["buyer"].id, carrier="India Post",
                                  tracking="EE123456789IN")
        returns.mark_received(rid, user=seller_user, condition="good")
        assert db.session.get(Listing, d["listing"].id, populate_existing=True).stock == stock_before + 2
        with pytest.raises(returns.ReturnNotFound):  # only the ODOP cell pays out
            returns.mark_cod_refund_paid(rid, user=seller_user, reference="UTR1")
        with pytest.raises(returns.ReferenceInvalid):
            returns.mark_cod_refund_paid(rid, user=cell_admin, reference="bad\x00ref")
        assert returns.mark_cod_refund_paid(rid, user=cell_admin, reference="UTR2026120400001") == 2 * 150000
        payment = db.session.scalar(select(Payment).where(Payment.order_id == d["order_id"]))
        assert payment.refunded_paise == 300000 and payment.refunded_paise <= payment.paid_paise
        assert refunds.refunded_for_suborder(d["sub_id"]) == 300000
    ret = _ret(app, rid)
    assert ret.state == "refunded" and ret.refunded_paise == 300000 and ret.refund_reference == "UTR2026120400001"
    moves = [(t.from_state, t.to_state, t.actor_role) for t in ret.transitions]
    assert moves == [(None, "requested", "buyer"), ("requested", "accepted", "seller"),
                     ("accepted", "shipped_back", "buyer"), ("shipped_back", "received", "seller"),
                     ("received", "refunded", "admin")]
    assert all(t.created_at is not None for t in ret.transitions)
    with pytest.raises(ReturnTransitionRefused), app.app_context():
        returns.mark_cod_refund_paid(rid, user=cell_admin, reference="again")  # once


def test_an_item_received_damaged_does_not_go_back_into_stock(app, delivered):
    d = delivered()
    with app.app_context():
        stock_before = db.session.get(Listing, d["listing"].id).stock
    rid = _ask(app, d)
    seller_user = _seller_user(app, d)
    with app.app_context():
        returns.seller_answer(rid, seller_id=d["seller"].id, user_id=seller_user.id, accept=True)
        returns.mark_shipped_back(rid, user_id=seller_user.id, seller_id=d["seller"].id, tracking="PICKUP-1")
        with pytest.raises(Exception):
            returns.mark_received(rid, user=seller_user, condition="so-so")
        returns.mark_received(rid, user=seller_user, condition="damaged")
        assert db.session.get(Listing, d["listing"].id, populate_existing=True).stock == stock_before


def test_refusal_needs_a_reason_and_the_buyer_is_told(app, delivered):
    d = delivered()
    rid = _ask(app, d)
    seller_user = _seller_user(app, d)
    with app.app_context():
        with pytest.raises(ReturnNeedsReason):
            returns.seller_answer(rid, seller_id=d["seller"].id, user_id=seller_user.id, accept=False, reason=" ")
        returns.seller_answer(rid, seller_id=d["seller"].id, user_id=seller_user.id, accept=False,
                              reason="Used and washed")
        told = db.session.scalars(select(Notification).where(Notification.user_id == d["buyer"].id)).all()
        assert any("Used and washed" in n.body for n in told)
    assert _ret(app, rid).state == "refused"


def test_another_seller_cannot_answer(app, delivered, make_seller):
    d = delivered()
    rid = _ask(app, d)
    other = make_seller("agra")
    with pytest.raises(returns.ReturnNotFound), app.app_context():
        returns.seller_answer(rid, seller_id=other.id, user_id=other.user_id, accept=True)


# -- escalation --------------------------------------------------------------------------------

def test_an_unanswered_return_goes_to_the_dic_of_the_sellers_district(app, delivered, make_officer):
    d = delivered()
    varanasi, agra = make_officer("varanasi", locale="en"), make_officer("agra", locale="en")
    rid = _ask(app, d)
    with app.app_context():
        assert returns.escalate_unanswered(now=utcnow() + DAY) == 0  # still within the two days
        assert returns.escalate_unanswered(now=utcnow() + 2 * DAY + dt.timedelta(minutes=1)) == 1
        assert returns.escalate_unanswered(now=utcnow() + 3 * DAY) == 0  # once
        told = {n.user_id for n in db.session.scalars(select(Notification).where(
            Notification.subject.contains("waits for your decision")))}
        assert told == {varanasi.id}
        seller_user = db.session.get(SubOrder, d["sub_id"]).seller.user
        with pytest.raises(ReturnTransitionForbidden):  # too late for the seller now
            returns.seller_answer(rid, seller_id=d["seller"].id, user_id=seller_user.id, accept=True)
        with pytest.raises(returns.ReturnNotFound):  # another district's officer
            returns.officer_decide(rid, user=db.session.get(type(agra), agra.id), accept=True)
        returns.officer_decide(rid, user=db.session.get(type(varanasi), varanasi.id), accept=True)
    ret = _ret(app, rid)
    assert [(t.to_state, t.actor_role) for t in ret.transitions][1:] == [("escalated", "system"),
                                                                         ("accepted", "organiser")]


def test_officer_decides_on_the_returns_desk(app, delivered, make_officer, staff_client):
    d = delivered()
    officer = make_officer("varanasi", locale="en")
    rid = _ask(app, d)
    with app.app_context():
        returns.escalate_unanswered(now=utcnow() + 3 * DAY)
    client = staff_client(officer)
    assert "R%06d" % rid in client.get("/admin/returns?state=escalated").get_data(as_text=True)
    response = client.post(f"/admin/returns/{rid}/decide", data={"decision": "refuse", "note": ""})
    assert response.status_code == 400 and "reason" in response.get_data(as_text=True)
    response = client.post(f"/admin/returns/{rid}/decide", data={"decision": "refuse", "note": "<b>Used</b>"})
    assert response.status_code == 302
    page = client.get(f"/admin/returns/{rid}").get_data(as_text=True)
    assert "&lt;b&gt;Used&lt;/b&gt;" in page and "<b>Used</b>" not in page
    assert staff_client(make_officer("agra")).get(f"/admin/returns/{rid}").status_code == 404


# -- the subsidy claim, to the paisa -----------------------------------------------------------

def test_returned_share_is_exact_to_the_paisa():
    assert claims.returned_share_paise(31500, 450000, 150000) == 31500 - 31500 * 300000 // 450000 == 10500
    assert claims.returned_share_paise(1001, 300000, 100000) == 1001 - 667  # 667.33 kept, rounded down
    assert claims.returned_share_paise(1001, 300000, 300000) == 1001
    assert claims.returned_share_paise(1001, 300000, 999999) == 1001
    assert claims.returned_share_paise(1001, 300000, 0) == 0
    assert claims.returned_share_paise(0, 300000, 100000) == 0


@pytest.fixture
def subsidised(app, subsidy_policy, delivered):
    """A delivered COD order of 3 × ₹1,000.01 to Maharashtra with a freight-subsidy claim."""

    def factory():
        d = delivered(quantity=3, price_paise=100001, weight_g=5000, length_cm=1, width_cm=1, height_cm=1)
        with app.app_context():
            sub = db.session.get(SubOrder, d["sub_id"])
            assert sub.claim is not None and sub.subsidy_paise > 0, sub.subsidy_reason
            d["subsidy"], d["goods"] = sub.subsidy_paise, sub.goods_paise
        return d

    return factory


def _receive(app, d, rid, condition="good"):
    seller_user = _seller_user(app, d)
    with app.app_context():
        returns.seller_answer(rid, seller_id=d["seller"].id, user_id=seller_user.id, accept=True)
        returns.mark_shipped_back(rid, user_id=d["buyer"].id, buyer_id=d["buyer"].id, tracking="EE1IN")
        returns.mark_received(rid, user=seller_user, condition=condition)


def _claim_and_ledger(app, d):
    with app.app_context():
        claim = db.session.scalar(select(SubsidyClaim).where(SubsidyClaim.suborder_id == d["sub_id"])
                                  .execution_options(populate_existing=True))
        ledger = db.session.scalar(select(SubsidyLedger).where(SubsidyLedger.seller_id == d["seller"].id)
                                   .execution_options(populate_existing=True))
        return claim, ledger


def test_a_partly_returned_shipment_reduces_its_open_claim_and_the_ledger_exactly(app, subsidised):
    d = subsidised()
    claim, ledger = _claim_and_ledger(app, d)
    assert ledger.amount_paise == d["subsidy"] and ledger.claims == 1
    _receive(app, d, _ask(app, d, quantity=1))
    kept = d["subsidy"] * (d["goods"] - 100001) // d["goods"]
    claim, ledger = _claim_and_ledger(app, d)
    assert claim.status == "claimed" and claim.amount_paise == kept
    assert ledger.amount_paise == kept and ledger.claims == 1
    _receive(app, d, _ask(app, d, quantity=2))  # the rest: the claim is rejected, the budget released
    claim, ledger = _claim_and_ledger(app, d)
    assert claim.status == "rejected" and claim.rejection_reason == "order_returned"
    assert ledger.amount_paise == 0 and ledger.claims == 0


def test_a_paid_claim_of_a_returned_shipment_moves_to_recovery_of_the_returned_share(app, subsidised, cell_admin,
                                                                                     staff_client):
    d = subsidised()
    claim, _ = _claim_and_ledger(app, d)
    with app.app_context():
        claims.move_claim(claim.id, "approved", actor_id=cell_admin.id)
        claims.move_claim(claim.id, "paid", actor_id=cell_admin.id, dbt_reference="DBT-1")
    _receive(app, d, _ask(app, d, quantity=1), condition="damaged")
    claim, ledger = _claim_and_ledger(app, d)
    share = d["subsidy"] - d["subsidy"] * (d["goods"] - 100001) // d["goods"]
    assert claim.status == ClaimStatus.RECOVERY and claim.recovery_paise == share
    assert claim.amount_paise == d["subsidy"] and ledger.amount_paise == d["subsidy"]  # the money left the treasury
    from marketplace.money import format_paise

    page = staff_client(cell_admin).get("/admin/claims?status=recovery").get_data(as_text=True)
    assert f"to recover: {format_paise(share, 'en')}" in page and "The goods were returned" in page


# -- card refunds (localstripe) ----------------------------------------------------------------

def test_card_return_is_refunded_on_receipt_once_and_the_desk_refunds_only_the_rest(app, card_app, delivered,
                                                                                   cell_admin):
    d = delivered(payment_method="card", quantity=2)
    rid = _ask(app, d, quantity=1)
    seller_user = _seller_user(app, d)
    with app.app_context():
        gateway = payments.gateway_from_config()
        returns.seller_answer(rid, seller_id=d["seller"].id, user_id=seller_user.id, accept=True)
        returns.mark_shipped_back(rid, user_id=d["buyer"].id, buyer_id=d["buyer"].id, tracking="EE1IN")
        returns.mark_received(rid, user=seller_user, condition="good", gateway=gateway)
        ret = db.session.get(ReturnRequest, rid, populate_existing=True)
        assert ret.state == "refunded" and ret.refunded_paise == 150000
        with pytest.raises(ReturnTransitionRefused):
            returns.refund_return(rid, gateway, actor=ReturnActor.ADMIN)
        sub = db.session.get(SubOrder, d["sub_id"])
        payment = db.session.scalar(select(Payment).where(Payment.order_id == d["order_id"]))
        assert payment.refunded_paise == 150000
        # the ODOP cell's desk may refund only what is left of the shipment
        rest = sub.total_paise - 150000
        with pytest.raises(Exception):
            refunds.refund_suborder(d["sub_id"], gateway, amount_paise=rest + 1)
        assert refunds.refund_suborder(d["sub_id"], gateway) == rest
        payment = db.session.scalar(select(Payment).where(Payment.order_id == d["order_id"])
                                    .execution_options(populate_existing=True))
        assert payment.refunded_paise == sub.total_paise == payment.paid_paise
        assert db.session.scalar(select(func.sum(PaymentEvent.amount_paise)).where(
            PaymentEvent.suborder_id == d["sub_id"], PaymentEvent.kind == "refund")) == sub.total_paise


def test_a_card_refund_that_fails_leaves_the_return_received_for_the_cell(app, card_app, delivered, cell_admin,
                                                                          staff_client):
    d = delivered(payment_method="card", quantity=1)
    rid = _ask(app, d)
    seller_user = _seller_user(app, d)
    with app.app_context():
        returns.seller_answer(rid, seller_id=d["seller"].id, user_id=seller_user.id, accept=True)
        returns.mark_shipped_back(rid, user_id=d["buyer"].id, buyer_id=d["buyer"].id, tracking="EE1IN")
        returns.mark_received(rid, user=seller_user, condition="good", gateway=None)  # Stripe not reachable
    assert _ret(app, rid).state == "received"
    client = staff_client(cell_admin)
    assert "R%06d" % rid in client.get("/admin/returns?state=received").get_data(as_text=True)
    assert client.post(f"/admin/returns/{rid}/refund").status_code == 302
    assert _ret(app, rid).state == "refunded" and _ret(app, rid).refunded_paise == 150000


# -- pages, photos, API ------------------------------------------------------------------------

def _form(line_id, **fields):
    data = {"line_id": str(line_id), "quantity": "1", "reason": "damaged", "details": "Torn", **UPI}
    data.update(fields)
    return data


def test_pages_show_the_return_on_both_sides_and_photos_only_to_those_involved(
        app, delivered, staff_client, make_user, make_officer, make_seller):
    d = delivered()
    buyer = staff_client(d["buyer"])
    response = buyer.post(f"/orders/{d['order_id']}/returns", content_type="multipart/form-data",
                          data={**_form(d["line_id"]), "photos": [(io.BytesIO(jpeg_bytes()), "torn.jpg")]})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        ret = db.session.scalar(select(ReturnRequest))
        photo_id = ret.photos[0].id
    page = buyer.get(f"/orders/{d['order_id']}").get_data(as_text=True)
    assert "Return requested" in page and "Arrived damaged" in page and f"/returns/photos/{photo_id}" in page
    seller = staff_client(_seller_user(app, d))
    page = seller.get(f"/seller/orders/{d['sub_id']}").get_data(as_text=True)
    assert "Return requested" in page and 'data-testid="return-answer"' in page
    assert "meera@okaxis" not in page  # the buyer's refund details are for the ODOP cell
    for client in (buyer, seller, staff_client(make_officer("varanasi"))):
        photo = client.get(f"/returns/photos/{photo_id}")
        assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
        assert "no-store" in photo.headers["Cache-Control"]
        assert photo.get_data()[:2] == b"\xff\xd8"
        photo.close()
    other_seller = make_user(role=Role.SELLER)
    make_seller("agra", user=other_seller)
    for user in (make_user(role=Role.BUYER), make_officer("agra"), other_seller):
        assert staff_client(user).get(f"/returns/photos/{photo_id}").status_code == 404
    assert app.test_client().get(f"/returns/photos/{photo_id}").status_code in (302, 401)
    # the seller accepts on the page
    assert seller.post(f"/seller/orders/returns/{ret.id}/answer", data={"decision": "accept"}).status_code == 302
    assert "Return accepted" in buyer.get(f"/orders/{d['order_id']}").get_data(as_text=True)


def test_the_order_json_has_the_buyers_returns(app, delivered, staff_client):
    d = delivered()
    rid = _ask(app, d, quantity=2)
    body = staff_client(d["buyer"]).get(f"/api/v1/orders/{d['order_id']}").get_json()
    (ret,) = body["returns"]
    assert ret["id"] == rid and ret["state"] == "requested" and ret["state_label"] == "Return requested"
    assert ret["amount_paise"] == 300000 and ret["refunded_paise"] == 0
    assert ret["lines"][0]["quantity"] == 2 and ret["lines"][0]["unit_price_paise"] == 150000
    assert ret["transitions"][0]["to"] == "requested" and ret["transitions"][0]["by"] == "buyer"
    assert "refund_upi" not in ret and "meera" not in str(ret)
    seller_body = staff_client(_seller_user(app, d)).get(f"/api/v1/orders/{d['order_id']}").get_json()
    assert [r["id"] for r in seller_body["returns"]] == [rid]


# -- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fields, message", [
    ({"details": "x" * 1001}, "at most 1000 characters"),
    ({"details": "broken\x00"}, "control characters"),
    ({"details": "a\x1b[31mb"}, "control characters"),
    ({"reason": "<script>"}, "Choose a reason"),
    ({"reason": ""}, "Choose a reason"),
    ({"quantity": "9"}, "from 1 to 3"),
    ({"quantity": "1e999999"}, "from 1 to 3"),
    ({"quantity": "²"}, "from 1 to 3"),
    ({"refund_upi": "not a upi"}, "UPI id"),
    ({"refund_upi": "", "refund_account": "12345", "refund_ifsc": "SBIN0001234"}, "UPI id"),
    ({"refund_upi": "", "refund_account": "123456789012", "refund_ifsc": "sbin000123"}, "UPI id"),
    ({"refund_upi": "a@b\x00"}, "invisible control characters"),
])
@pytest.mark.both_databases
def test_bad_input_on_the_return_form_is_a_translated_error_and_stores_nothing(app, delivered, staff_client,
                                                                               fields, message):
    d = delivered()
    response = staff_client(d["buyer"]).post(f"/orders/{d['order_id']}/returns", data=_form(d["line_id"], **fields))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ReturnRequest.id))) == 0


@pytest.mark.both_databases
def test_html_script_and_emoji_are_kept_and_shown_escaped(app, delivered, staff_client):
    d = delivered()
    text = "<script>alert(1)</script> <b>फटा</b> 😞🧵\r\nSecond line"
    client = staff_client(d["buyer"])
    assert client.post(f"/orders/{d['order_id']}/returns", data=_form(d["line_id"], details=text)).status_code == 302
    page = client.get(f"/orders/{d['order_id']}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page and "😞🧵" in page
    with app.app_context():
        assert db.session.scalar(select(ReturnRequest.details)) in (text, text.replace("\r\n", "\n"))


def test_photo_checks_refuse_a_non_image_too_many_and_a_broken_picture(app, delivered, staff_client):
    d = delivered()
    client = staff_client(d["buyer"])

    def post(files):
        return client.post(f"/orders/{d['order_id']}/returns", content_type="multipart/form-data",
                           data={**_form(d["line_id"]), "photos": [(io.BytesIO(b), n) for b, n in files]})

    response = post([(b"%PDF-1.4 not a photo", "photo.jpg")])
    assert response.status_code == 400 and "not a JPEG, PNG or WebP" in response.get_data(as_text=True)
    response = post([(b"<?php echo 1; ?>", "x.png")])
    assert response.status_code == 400
    response = post([(jpeg_bytes()[:40], "cut.jpg")])
    assert response.status_code == 400 and "Photo 1 cannot be used" in response.get_data(as_text=True)
    response = post([(jpeg_bytes(), f"{n}.jpg") for n in range(5)])
    assert response.status_code == 400 and "at most 4 photos" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ReturnRequest.id))) == 0


def test_bad_input_on_the_seller_and_buyer_action_forms(app, delivered, staff_client):
    d = delivered()
    rid = _ask(app, d)
    seller = staff_client(_seller_user(app, d))
    assert seller.post(f"/seller/orders/returns/{rid}/answer", data={"decision": "maybe"}).status_code == 302
    assert seller.post(f"/seller/orders/returns/{rid}/answer",
                       data={"decision": "refuse", "note": "x\x00"}).status_code == 400  # refused before any view
    assert seller.post(f"/seller/orders/returns/{rid}/answer",
                       data={"decision": "refuse", "note": "x" * 301}).status_code == 302
    assert _ret(app, rid).state == "requested"
    assert seller.post(f"/seller/orders/returns/{rid}/answer", data={"decision": "accept"}).status_code == 302
    buyer = staff_client(d["buyer"])
    for bad in ("", "x" * 81, "line\nbreak", "nul\x00"):
        assert buyer.post(f"/orders/{d['order_id']}/returns/{rid}/ship", data={"tracking": bad}).status_code in (302, 400)
        assert _ret(app, rid).state == "accepted", bad
    page = buyer.get(f"/orders/{d['order_id']}").get_data(as_text=True)
    assert "tracking number" in page
    assert seller.post(f"/seller/orders/returns/{rid}/received", data={"condition": "<x>"}).status_code == 302
    assert _ret(app, rid).state == "accepted"
    assert buyer.post(f"/orders/{d['order_id']}/returns/999999/ship", data={"tracking": "X"}).status_code == 404


def test_every_return_label_has_english_and_hindi():
    from babel.messages.pofile import read_po

    from marketplace.orders.return_states import CONDITIONS, RETURN_ACTOR_LABELS, RETURN_REASONS, RETURN_STATE_LABELS
    from tests.test_enum_labels import ROOT

    with open(ROOT / "translations/hi/LC_MESSAGES/messages.po", "rb") as handle:
        hindi = {m.id: m.string for m in read_po(handle) if m.id and not m.fuzzy}
    assert set(RETURN_STATE_LABELS) == set(ReturnState) and set(RETURN_ACTOR_LABELS) == set(ReturnActor)
    for table in (RETURN_STATE_LABELS, RETURN_ACTOR_LABELS, RETURN_REASONS, CONDITIONS):
        for code, label in table.items():
            assert label._args[0] and hindi.get(label._args[0]), code


def test_a_upi_paid_return_is_refunded_from_the_collecting_account_with_a_reference_used_once(
        app, make_user, make_seller, make_listing, buy, deliver_suborder, cell_admin):
    """UPI money goes back the way it came: the ODOP cell sends it and records the transfer; the
    ledger's UPI cash and the seller's balance follow; one transfer reference pays one refund."""
    from marketplace.orders import ledger, upi
    app.config["UPI_VPA"] = "odopbazaar@sbi"
    buyer = make_user(role=Role.BUYER)
    listing = make_listing(seller=make_seller("varanasi"), price_paise=150000, stock=10)
    order = buy(buyer, [(listing, 2)], payment_method="upi")
    with app.test_request_context():
        upi.confirm_received(order.id, utr_text="812356789012", amount_paise=order.total_paise,
                             credited_on=dt.date.today(), actor_id=cell_admin.id)
    sub_id = order.suborders[0].id
    deliver_suborder(sub_id)
    with app.app_context():
        line_id = db.session.get(SubOrder, sub_id).lines[0].id
    with app.app_context():
        rid = returns.request_return(order.id, line_id, buyer_id=buyer.id, quantity=1, reason="damaged",
                                     details="Cracked", photos=[]).id
        other = returns.request_return(order.id, line_id, buyer_id=buyer.id, quantity=1, reason="damaged",
                                       details="Cracked too", photos=[]).id
        sub = db.session.get(SubOrder, sub_id)
        seller_user = sub.seller.user
        for r in (rid, other):
            returns.seller_answer(r, seller_id=sub.seller_id, user_id=seller_user.id, accept=True)
            returns.mark_shipped_back(r, user_id=buyer.id, buyer_id=buyer.id, tracking="EE123456789IN")
            returns.mark_received(r, user=seller_user, condition="good")
        held_before = ledger.seller_balance(sub.seller_id).total_paise
        assert returns.mark_cod_refund_paid(rid, user=cell_admin, reference="SBIN2026120400077") == 150000
        with pytest.raises(returns.ReferenceInvalid):  # the same transfer cannot pay the second return
            returns.mark_cod_refund_paid(other, user=cell_admin, reference="sbin2026120400077")
        payment = db.session.scalar(select(Payment).where(Payment.order_id == order.id, Payment.method == "upi"))
        assert payment.refunded_paise == 150000
        assert ledger.account_balance(ledger.CASH_UPI) == order.total_paise - 150000
        assert ledger.seller_balance(sub.seller_id).total_paise == held_before - 150000
        assert ledger.unbalanced_transactions() == []
