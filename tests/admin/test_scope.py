"""A DIC officer sees and acts only in their districts — checked on every admin route."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.admin import audit
from marketplace.admin.models import HelpQuestion
from marketplace.catalog.models import Category, Seller
from marketplace.extensions import db
from marketplace.orders import grievances
from marketplace.orders.models import SubOrder
from tests.fixtures.admin import district_id
from tests.routes import rules


@pytest.fixture
def world(app, make_officer, make_seller, make_question, cell_admin, make_user, make_listing, buy):
    officer = make_officer("varanasi", "chandauli", locale="en")
    agra_shop = make_seller("agra", enterprise_name_en="Agra Shoe Lane")
    agra_order = buy(make_user(role=Role.BUYER), [(make_listing(seller=agra_shop, stock=5), 1)])
    agra_seller = make_seller("agra", status="pending", enterprise_name_en="Taj Leather Works")
    home_seller = make_seller("varanasi", status="pending", enterprise_name_en="Kashi Silk House")
    agra_q = make_question("agra", subject="Agra tannery question")
    home_q = make_question("varanasi", subject="Varanasi saree question")
    with app.app_context():
        for seller_id, slug in ((agra_seller.id, "agra"), (home_seller.id, "varanasi")):
            audit.record(cell_admin, "seller.note", object_type="sellers", object_id=seller_id,
                         district_id=district_id(slug), summary=f"note on {slug}")
        db.session.commit()
        ids = {"agra": district_id("agra"), "varanasi": district_id("varanasi"),
               "agra_division": db.session.scalar(select(Seller).where(Seller.id == agra_seller.id)).district.division_id,
               "category": db.session.scalar(select(Category.id).limit(1))}
        agra_shipment = db.session.scalar(select(SubOrder.id).where(SubOrder.order_id == agra_order.id))
        agra_ticket = grievances.open_ticket(agra_order.buyer_id, agra_order.id, category="damaged",
                                             subject="Sole came off", text="The sole came off on the first day.").id
        agra_return = _a_return(db.session.get(SubOrder, agra_shipment))
    return {"officer": officer, "agra_seller": agra_seller, "home_seller": home_seller, "agra_q": agra_q,
            "home_q": home_q, "agra_shipment": agra_shipment, "agra_ticket": agra_ticket, "agra_return": agra_return,
            **ids}


def _a_return(sub) -> int:
    """An escalated return of the shipment (a row as the returns service leaves it), by its id."""
    from marketplace.database import utcnow
    from marketplace.orders.return_models import ReturnRequest

    line = sub.lines[0]
    ret = ReturnRequest(suborder_id=sub.id, order_line_id=line.id, buyer_id=sub.order.buyer_id, quantity=1,
                        reason="damaged", details="", state="escalated", amount_paise=line.unit_price_paise,
                        refunded_paise=0, requested_at=utcnow(), answer_due_at=utcnow())
    db.session.add(ret)
    db.session.commit()
    return ret.id


def foreign_requests(w):
    """For every admin endpoint: a request that names another district's object or area."""
    s, q = w["agra_seller"].id, w["agra_q"].id
    return {
        "admin.dashboard": ("GET", f"/admin/?scope=district:{w['agra']}", {}),
        "admin.dashboard_csv": ("GET", f"/admin/dashboard.csv?scope=division:{w['agra_division']}", {}),
        "admin.dashboard_xlsx": ("GET", "/admin/dashboard.xlsx?scope=state", {}),
        "admin.statement": ("GET", f"/admin/statement?district={w['agra']}", {}),
        "admin.seller_queue": ("GET", f"/admin/sellers?district={w['agra']}", {}),
        "admin.seller_review": ("GET", f"/admin/sellers/{s}", {}),
        "admin.seller_verify": ("POST", f"/admin/sellers/{s}/verify", {}),
        "admin.seller_reject": ("POST", f"/admin/sellers/{s}/reject", {"reason": "no"}),
        "admin.helpdesk_inbox": ("GET", f"/admin/helpdesk?district={w['agra']}", {}),
        "admin.helpdesk_question": ("POST", f"/admin/helpdesk/{q}", {"body": "answer"}),
        "admin.helpdesk_close": ("POST", f"/admin/helpdesk/{q}/close", {}),
        "admin.audit_log": ("GET", f"/admin/audit?district={w['agra']}", {}),
        "admin.audit_export": ("GET", f"/admin/audit.csv?district={w['agra']}", {}),
        "admin.claims": ("GET", f"/admin/claims?district={w['agra']}", {}),
        "admin.claims_export": ("GET", f"/admin/claims.csv?district={w['agra']}", {}),
        # a claim id that does not exist is refused per claim: see tests/admin/test_claims.py
        "admin.claims_decide": ("POST", f"/admin/claims/decide?district={w['agra']}", {"claim_ids": [987654], "action": "approve"}),
        # the ODOP cell's own pages: an officer is refused outright
        "admin.policy": ("POST", "/admin/policy", {"version": "X"}),
        "admin.reference_index": ("GET", "/admin/reference", {}),
        "admin.district_edit": ("POST", f"/admin/reference/districts/{w['agra']}", {"category_id": w["category"]}),
        "admin.category_create": ("POST", "/admin/reference/categories", {"name_en": "X", "name_hi": "क"}),
        "admin.category_edit": ("POST", f"/admin/reference/categories/{w['category']}", {"name_en": "X", "name_hi": "क"}),
        "admin.orders": ("GET", f"/admin/orders?district={w['agra']}", {}),
        "admin.order_detail": ("GET", f"/admin/orders/{w['agra_shipment']}", {}),
        "admin.order_refund": ("POST", f"/admin/orders/{w['agra_shipment']}/refund", {"reason": "x"}),
        # buyers' complaints: another district's queue, ticket, answer, resolution
        "admin.order_complaints": ("GET", f"/admin/orders/complaints?district={w['agra']}", {}),
        "admin.order_complaint": ("GET", f"/admin/orders/complaints/{w['agra_ticket']}", {}),
        "admin.order_complaint_reply": ("POST", f"/admin/orders/complaints/{w['agra_ticket']}/reply", {"text": "x"}),
        "admin.order_complaint_resolve": ("POST", f"/admin/orders/complaints/{w['agra_ticket']}/resolve",
                                          {"outcome": "refund"}),
        # returns (issue #19.2): another district's return, and the list filtered to its district
        "admin.returns": ("GET", f"/admin/returns?district={w['agra']}", {}),
        "admin.return_detail": ("GET", f"/admin/returns/{w['agra_return']}", {}),
        "admin.return_decide": ("POST", f"/admin/returns/{w['agra_return']}/decide", {"decision": "accept"}),
        "admin.return_received": ("POST", f"/admin/returns/{w['agra_return']}/received", {"condition": "good"}),
        "admin.return_refund": ("POST", f"/admin/returns/{w['agra_return']}/refund", {}),
        "admin.return_paid": ("POST", f"/admin/returns/{w['agra_return']}/paid", {"reference": "UTR1"}),
        # proof of delivery (issue #13.5): confirming another district's delivery, reading its proof
        "admin.confirm_delivery": ("POST", f"/admin/deliveries/{w['agra_shipment']}/confirm", {"reason": "Seen the receipt"}),
        "admin.delivery_proof_file": ("GET", f"/admin/deliveries/{w['agra_shipment']}/proof", {}),
        "admin.freight_rates_create": ("POST", "/admin/freight-rates", {"label": "X"}),
        "admin.freight_rates_delete": ("POST", "/admin/freight-rates/1/delete", {}),
        # state-wide rates, no district in them: an officer may read them (not change them)
        "admin.freight_rates_index": ("GET", "/admin/freight-rates", {}),
        # the UPI desk (issue #14.4): money of the whole marketplace, the ODOP cell's alone
        "admin.upi_desk": ("GET", "/admin/upi", {}),
        "admin.upi_confirm": ("POST", "/admin/upi/orders/1/confirm", {"utr": "412356789012", "amount": "1"}),
        "admin.upi_statement": ("POST", "/admin/upi/statement", {}),
        "admin.upi_match": ("POST", "/admin/upi/credits/1/match", {"order_number": "OB0000001"}),
        "admin.cod_desk": ("GET", "/admin/cod", {}),
        "admin.cod_import": ("POST", "/admin/cod/remittances", {}),
        "admin.money_reports": ("GET", "/admin/money", {}),
        "admin.money_districts_csv": ("GET", "/admin/money/districts.csv", {}),
        "admin.money_differences_csv": ("GET", "/admin/money/differences.csv", {}),
        # reported reviews (issue #19.4): the ODOP cell's decision, state-wide
        "admin.reviews": ("GET", "/admin/reviews", {}),
        "admin.review_hide": ("POST", "/admin/reviews/1/hide", {"reason": "x"}),
        "admin.review_unhide": ("POST", "/admin/reviews/1/unhide", {}),
        # payouts (issue #14): the ODOP cell's alone, an officer is refused outright
        "admin.payouts_index": ("GET", "/admin/payouts", {}),
        "admin.payouts_make": ("POST", "/admin/payouts", {}),
        "admin.payout_batch": ("GET", "/admin/payouts/1", {}),
        "admin.payout_batch_csv": ("GET", "/admin/payouts/1/bank.csv", {}),
        "admin.payout_batch_xlsx": ("GET", "/admin/payouts/1/bank.xlsx", {}),
        "admin.payout_line_paid": ("POST", "/admin/payouts/lines/1/paid", {"utr": "SBINN52026120400001"}),
        "admin.payout_line_failed": ("POST", "/admin/payouts/lines/1/failed", {"reason": "x"}),
    }


CELL_ONLY = {"admin.policy", "admin.reference_index", "admin.district_edit", "admin.category_create", "admin.category_edit",
             "admin.freight_rates_create", "admin.freight_rates_delete", "admin.order_refund",
             "admin.upi_desk", "admin.upi_confirm", "admin.upi_statement", "admin.upi_match",
             "admin.cod_desk", "admin.cod_import", "admin.money_reports", "admin.money_districts_csv",
             "admin.money_differences_csv", "admin.reviews", "admin.review_hide", "admin.review_unhide",
             "admin.return_received", "admin.return_refund", "admin.return_paid",
             "admin.payouts_index", "admin.payouts_make", "admin.payout_batch", "admin.payout_batch_csv",
             "admin.payout_batch_xlsx", "admin.payout_line_paid", "admin.payout_line_failed"}
READ_ONLY_FOR_OFFICERS = {"admin.freight_rates_index"}


def test_every_admin_route_has_a_scope_check_below(app, world):
    endpoints = {r.endpoint for r in rules(app) if r.endpoint.startswith("admin.")}
    assert endpoints == set(foreign_requests(world)), "add the new admin route to foreign_requests()"


def test_officer_cannot_reach_another_districts_objects(app, world, staff_client):
    """One world, every endpoint (a world per endpoint would cost a minute of test time)."""
    client = staff_client(world["officer"])
    wrong = []
    for endpoint, (method, url, data) in sorted(foreign_requests(world).items()):
        response = client.open(url, method=method, data=data)
        # a bulk decision answers per claim: it redirects back with "not found" for the foreign claim
        expected = (403 if endpoint in CELL_ONLY else 302 if endpoint == "admin.claims_decide"
                    else 200 if endpoint in READ_ONLY_FOR_OFFICERS else 404)
        if response.status_code != expected:
            wrong.append(f"{endpoint}: {method} {url} -> {response.status_code}, expected {expected}")
    assert wrong == []
    with app.app_context():
        seller = db.session.get(Seller, world["agra_seller"].id)
        question = db.session.get(HelpQuestion, world["agra_q"].id)
        assert seller.status == "pending" and question.status == "open" and not question.replies
        assert db.session.get(Category, world["category"]).name_en != "X"


def test_officer_lists_show_only_their_districts(app, world, staff_client):
    client = staff_client(world["officer"])
    queue = client.get("/admin/sellers").get_data(as_text=True)
    assert "Kashi Silk House" in queue and "Taj Leather Works" not in queue
    inbox = client.get("/admin/helpdesk").get_data(as_text=True)
    assert "Varanasi saree question" in inbox and "Agra tannery question" not in inbox
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "note on varanasi" in log and "note on agra" not in log
    csv_text = client.get("/admin/audit.csv").get_data().decode("utf-8-sig")
    assert "note on varanasi" in csv_text and "note on agra" not in csv_text
    page = client.get("/admin/").get_data(as_text=True)
    assert 'value="state"' not in page and f'value="district:{world["agra"]}"' not in page
    assert f'value="district:{world["varanasi"]}"' in page


def test_officer_acts_in_own_district(app, world, staff_client):
    client = staff_client(world["officer"])
    assert client.get(f"/admin/sellers/{world['home_seller'].id}").status_code == 200
    assert client.get(f"/admin/helpdesk/{world['home_q'].id}").status_code == 200
    assert client.get(f"/admin/statement?district={world['varanasi']}&month=2026-04").status_code == 200
    assert client.get(f"/admin/?scope=district:{world['varanasi']}").status_code == 200


def test_cell_sees_the_whole_state(app, world, staff_client, cell_admin):
    client = staff_client(cell_admin)
    queue = client.get("/admin/sellers").get_data(as_text=True)
    assert "Kashi Silk House" in queue and "Taj Leather Works" in queue
    assert client.get(f"/admin/sellers/{world['agra_seller'].id}").status_code == 200
    assert client.get("/admin/?scope=state").status_code == 200
    assert client.get("/admin/reference").status_code == 200


def test_officer_without_districts_gets_not_found_not_a_crash(app, districts, make_user, staff_client):
    lonely = make_user(role="organiser")
    client = staff_client(lonely)
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/sellers").status_code == 200
    assert client.get("/admin/statement").status_code == 404


@pytest.mark.parametrize("url", ["/admin/?month=2026-13", "/admin/?scope=district:abc", "/admin/?scope=galaxy",
                                 "/admin/dashboard.csv?month=April", "/admin/audit?month=x",
                                 "/admin/statement?lang=fr", "/admin/sellers?district=x",
                                 "/admin/helpdesk?status=lost", "/admin/sellers?district=²",
                                 "/admin/?scope=district:99999999999999", "/admin/claims?seller=٣",
                                 "/admin/audit?actor=1e9"])
def test_bad_report_parameters_get_a_clear_400(app, world, staff_client, cell_admin, url):
    response = staff_client(cell_admin).get(url)
    assert response.status_code == 400
    assert "2026-04" in response.get_data(as_text=True) or response.status_code == 400


def test_audit_log_filters_by_action_actor_and_month(app, world, staff_client, cell_admin):
    client = staff_client(cell_admin)
    page = client.get(f"/admin/audit?action=seller.note&actor={cell_admin.id}").get_data(as_text=True)
    assert "note on agra" in page and "note on varanasi" in page
    assert "note on agra" not in client.get("/admin/audit?action=seller.verify").get_data(as_text=True)
    assert "note on agra" not in client.get("/admin/audit?month=2019-01").get_data(as_text=True)
    assert "note on agra" not in client.get(f"/admin/audit?actor={world['officer'].id}").get_data(as_text=True)


def test_audit_log_is_paged_newest_first_keeping_the_filter(app, world, staff_client, cell_admin, monkeypatch):
    with app.app_context():
        for n in range(5):
            audit.record(cell_admin, "seller.note", object_type="sellers", object_id=world["home_seller"].id,
                         district_id=district_id("varanasi"), summary=f"extra note {n}")
        db.session.commit()
    monkeypatch.setattr(audit, "PAGE_SIZE", 2)
    client = staff_client(cell_admin)
    pages = [client.get(f"/admin/audit?action=seller.note&page={n}").get_data(as_text=True) for n in (1, 2, 3, 4)]
    seen = [re.findall(r"(extra note \d|note on \w+)", page) for page in pages]
    # 7 notes: the 5 extra ones (newest first), then the world's two; nothing twice, nothing lost
    assert seen == [["extra note 4", "extra note 3"], ["extra note 2", "extra note 1"],
                    ["extra note 0", "note on varanasi"], ["note on agra"]]
    assert "Entries 1–2 of 7" in pages[0]
    assert 'href="/admin/audit?page=2&amp;action=seller.note"' in pages[0]
    assert client.get("/admin/audit?page=50").status_code == 200
    assert client.get("/admin/audit?page=x").get_data(as_text=True).count("extra note") == 2
    # the CSV export is not paged
    assert client.get("/admin/audit.csv?action=seller.note").get_data().decode("utf-8-sig").count("extra note") == 5
