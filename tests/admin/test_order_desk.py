"""The order desk: officers find shipments of their districts; the ODOP cell refunds card
payments of cancelled or delivered shipments, with a reason, an audit entry and a notice to the
buyer — and bad input changes nothing. Payments run against localstripe."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.admin.models import AuditEntry
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.orders import cancellation, payments
from marketplace.orders.models import Order, OrderStatusChange, Payment, SubOrder
from tests.fixtures.orders import STRIPE_TEST_KEY, STRIPE_WEBHOOK_SECRET


@pytest.fixture
def card_app(app, localstripe, subsidy_policy):
    app.config.update(STRIPE_SECRET_KEY=STRIPE_TEST_KEY, STRIPE_PUBLISHABLE_KEY="pk_test_odop",
                      STRIPE_API_BASE=localstripe, STRIPE_WEBHOOK_SECRET=STRIPE_WEBHOOK_SECRET)
    return app


@pytest.fixture
def shop(card_app, make_user, make_seller, make_listing, buy):
    """A buyer's card-paid order from a Varanasi seller (2 × ₹1,000.01) and a COD order from an
    Agra seller."""
    buyer = make_user(role=Role.BUYER, email="meera@example.in", locale="en")
    varanasi, agra = make_seller("varanasi", enterprise_name_en="Kashi Weaves"), make_seller("agra", enterprise_name_en="Agra Inlay")
    card = buy(buyer, [(make_listing(seller=varanasi, price_paise=100001, stock=5), 2)], payment_method="card")
    cod = buy(buyer, [(make_listing(seller=agra, price_paise=50000, stock=5), 1)], payment_method="cod")
    with card_app.app_context():
        payments.pay_with_card(db.session.get(Order, card.id), payments.gateway_from_config(), "pm_card_visa")
        card = db.session.get(Order, card.id, populate_existing=True)
        cod = db.session.get(Order, cod.id)
        return {"buyer": buyer, "card": card, "card_sub": card.suborders[0].id, "cod": cod,
                "cod_sub": cod.suborders[0].id}


def _state(app, suborder_id):
    with app.app_context():
        sub = db.session.get(SubOrder, suborder_id, populate_existing=True)
        payment = db.session.scalar(select(Payment).where(Payment.order_id == sub.order_id))
        audits = db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "order.refund"))
        return sub.status, payment.refunded_paise if payment else None, audits


def test_cell_refunds_part_of_a_delivered_card_shipment_with_reason_audit_and_notice(
        card_app, shop, cell_admin, staff_client, deliver_suborder):
    deliver_suborder(shop["card_sub"])
    client = staff_client(cell_admin)
    page = client.get(f"/admin/orders/{shop['card_sub']}").get_data(as_text=True)
    assert "Refund to the card" in page
    response = client.post(f"/admin/orders/{shop['card_sub']}/refund",
                           data={"amount": "500.00", "reason": "One saree arrived torn"})
    assert response.status_code == 302
    assert _state(card_app, shop["card_sub"]) == ("refunded", 50000, 1)
    with card_app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "order.refund"))
        assert entry.before["status"] == "delivered" and not entry.before.get("refunded_paise")
        assert entry.after == {"status": "refunded", "refunded_paise": 50000, "reason": "One saree arrived torn"}
        assert entry.actor_id == cell_admin.id
        last = db.session.scalars(select(OrderStatusChange).where(OrderStatusChange.suborder_id == shop["card_sub"])
                                  .order_by(OrderStatusChange.id.desc())).first()
        assert last.to_status == "refunded" and "One saree arrived torn" in last.note and last.actor_id == cell_admin.id
        notice = db.session.scalars(select(Notification).where(Notification.user_id == shop["buyer"].id)
                                    .order_by(Notification.id.desc())).first()
        assert "Refund" in notice.subject and "₹500.00" in notice.body
    # a second refund of the same shipment is refused and changes nothing
    again = client.post(f"/admin/orders/{shop['card_sub']}/refund", data={"amount": "1", "reason": "again"})
    assert again.status_code == 400
    assert _state(card_app, shop["card_sub"]) == ("refunded", 50000, 1)


@pytest.mark.both_databases
def test_cancelled_shipment_whose_refund_failed_waits_on_the_refunds_due_tab(card_app, shop, cell_admin, staff_client):
    with card_app.app_context():  # cancelled with no payment service reachable: the money stays
        cancellation.cancel_suborder(shop["card_sub"], actor="buyer", user_id=shop["buyer"].id, reason="ordered twice")
    client = staff_client(cell_admin)
    due = client.get("/admin/orders?due=1").get_data(as_text=True)
    assert f"OB{shop['card'].id:07d}-{shop['card_sub']}" in due and "Refunds due (1)" in due
    assert f"-{shop['cod_sub']}<" not in due
    assert client.post(f"/admin/orders/{shop['card_sub']}/refund",
                       data={"amount": "", "reason": "Refund that failed at cancellation"}).status_code == 302
    assert _state(card_app, shop["card_sub"]) == ("refunded", shop["card"].total_paise, 1)
    assert "Refunds due (0)" in client.get("/admin/orders?due=1").get_data(as_text=True)


@pytest.mark.parametrize("form", [
    {"amount": "0", "reason": "x"}, {"amount": "-5", "reason": "x"}, {"amount": "abc", "reason": "x"},
    {"amount": "12.345", "reason": "x"}, {"amount": "1e999999", "reason": "x"}, {"amount": "99999", "reason": "x"},
    {"amount": "10", "reason": "   "}, {"amount": "10"},
])
def test_bad_refunds_are_form_errors_and_change_nothing(card_app, shop, cell_admin, staff_client, deliver_suborder, form):
    deliver_suborder(shop["card_sub"])
    response = staff_client(cell_admin).post(f"/admin/orders/{shop['card_sub']}/refund", data=form)
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert _state(card_app, shop["card_sub"]) == ("delivered", 0, 0)


def test_a_shipment_on_its_way_cannot_be_refunded(card_app, shop, cell_admin, staff_client):
    response = staff_client(cell_admin).post(f"/admin/orders/{shop['card_sub']}/refund", data={"reason": "early"})
    assert response.status_code == 400 and 'class="error"' in response.get_data(as_text=True)
    assert _state(card_app, shop["card_sub"]) == ("paid", 0, 0)


def test_cash_on_delivery_has_nothing_to_refund(card_app, shop, cell_admin, staff_client, deliver_suborder):
    deliver_suborder(shop["cod_sub"])
    client = staff_client(cell_admin)
    assert "Nothing was paid by card" in client.get(f"/admin/orders/{shop['cod_sub']}").get_data(as_text=True)
    response = client.post(f"/admin/orders/{shop['cod_sub']}/refund", data={"reason": "broken"})
    assert response.status_code == 400 and "nothing left to refund" in response.get_data(as_text=True)
    assert _state(card_app, shop["cod_sub"])[0] == "delivered"


def test_officer_sees_only_their_districts_and_cannot_refund(card_app, shop, make_officer, staff_client, deliver_suborder):
    deliver_suborder(shop["card_sub"])
    officer = make_officer("varanasi", locale="en")
    client = staff_client(officer)
    listing = client.get("/admin/orders").get_data(as_text=True)
    assert "Kashi Weaves" in listing and "Agra Inlay" not in listing
    assert client.get(f"/admin/orders/{shop['cod_sub']}").status_code == 404  # Agra's shipment
    page = client.get(f"/admin/orders/{shop['card_sub']}").get_data(as_text=True)
    assert "Only the ODOP cell makes refunds" in page and "Refund to the card" not in page
    assert client.post(f"/admin/orders/{shop['card_sub']}/refund", data={"reason": "x"}).status_code == 403
    assert _state(card_app, shop["card_sub"]) == ("delivered", 0, 0)


def test_desk_finds_shipments_by_order_number_email_and_seller(card_app, shop, cell_admin, staff_client):
    client = staff_client(cell_admin)
    card_no = f"OB{shop['card'].id:07d}"

    def found(query):
        page = client.get("/admin/orders", query_string=query).get_data(as_text=True)
        return {name for name in ("Kashi Weaves", "Agra Inlay") if name in page}

    assert found({"q": card_no}) == {"Kashi Weaves"}
    assert found({"q": str(shop["cod"].id)}) == {"Agra Inlay"}
    assert found({"q": f"{card_no}-{shop['card_sub']}"}) == {"Kashi Weaves"}
    assert found({"q": "MEERA@example.in"}) == {"Kashi Weaves", "Agra Inlay"}
    assert found({"q": "inlay"}) == {"Agra Inlay"}
    assert found({"q": "%"}) == set()
    assert found({"status": "confirmed"}) == {"Agra Inlay"}
    assert client.get("/admin/orders?status=lost").status_code == 400
    assert client.get("/admin/orders?district=abc").status_code == 400


@pytest.mark.both_databases
def test_a_shipment_cancelled_before_payment_is_never_refunded_from_the_rest_of_the_order(
        card_app, make_user, make_seller, make_listing, buy, cell_admin, staff_client):
    """Two sellers on one card order; the buyer cancels B before paying, then pays for A only.
    B must not show as due nor be refundable from A's money."""
    buyer = make_user(role=Role.BUYER)
    a, b = make_seller("varanasi"), make_seller("agra")
    order = buy(buyer, [(make_listing(seller=a, price_paise=200000, stock=5), 1),
                        (make_listing(seller=b, price_paise=50000, stock=5), 1)], payment_method="card")
    with card_app.app_context():
        order = db.session.get(Order, order.id)
        sub_b = next(s.id for s in order.suborders if s.seller_id == b.id)
        cancellation.cancel_suborder(sub_b, actor="buyer", user_id=buyer.id, reason="changed my mind")
        payments.pay_with_card(db.session.get(Order, order.id, populate_existing=True),
                               payments.gateway_from_config(), "pm_card_visa")
    client = staff_client(cell_admin)
    assert "Refunds due (0)" in client.get("/admin/orders?due=1").get_data(as_text=True)
    assert "Nothing was paid by card for this shipment" in client.get(f"/admin/orders/{sub_b}").get_data(as_text=True)
    response = client.post(f"/admin/orders/{sub_b}/refund", data={"reason": "try"})
    assert response.status_code == 400
    assert _state(card_app, sub_b) == ("cancelled", 0, 0)


def test_a_cancelled_card_shipment_is_refunded_in_full_or_not_at_all(card_app, shop, cell_admin, staff_client):
    with card_app.app_context():
        cancellation.cancel_suborder(shop["card_sub"], actor="buyer", user_id=shop["buyer"].id, reason="ordered twice")
    client = staff_client(cell_admin)
    assert "goes back to the buyer's card in full" in client.get(f"/admin/orders/{shop['card_sub']}").get_data(as_text=True)
    response = client.post(f"/admin/orders/{shop['card_sub']}/refund", data={"amount": "1", "reason": "part"})
    assert response.status_code == 400 and "refunded in full" in response.get_data(as_text=True)
    assert _state(card_app, shop["card_sub"]) == ("cancelled", 0, 0)
