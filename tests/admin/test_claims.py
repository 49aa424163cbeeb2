"""Subsidy claims at the DIC: decisions on one or many, caps, the forwarding CSV, the policy
versions, and the orders and subsidy figures of the dashboard."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.admin import reports
from marketplace.admin.models import AuditEntry
from marketplace.admin.periods import Month
from marketplace.catalog.models import Seller
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.orders.models import SubOrder, SubsidyClaim, SubsidyPolicy
from tests.fixtures.admin import district_id


@pytest.fixture
def claims(app, subsidy_policy, make_user, make_seller, make_listing, buy, deliver_suborder):
    """Two cash-on-delivery orders from a verified Varanasi seller (Hindi) to Lucknow: each opens
    a freight-subsidy claim. One more seller in Agra with one claim. Every shipment is delivered
    (only delivered shipments' claims may be approved or paid)."""
    owner = make_user(role=Role.SELLER, locale="hi")
    seller = make_seller("varanasi", user=owner, enterprise_name_en="Kashi Silk House")
    listing = make_listing(seller=seller, stock=50, price_paise=250000)
    agra = make_seller("agra", enterprise_name_en="Taj Leather Works")
    agra_listing = make_listing(seller=agra, stock=50)
    buyer1, buyer2 = make_user(role=Role.BUYER), make_user(role=Role.BUYER)
    for buyer, item in ((buyer1, (listing, 1)), (buyer2, (listing, 2)), (buyer1, (agra_listing, 1))):
        deliver_suborder(buy(buyer, [item]).suborders[0].id)
    with app.app_context():
        rows = db.session.scalars(select(SubsidyClaim).order_by(SubsidyClaim.id)).all()
        assert len(rows) == 3, "each eligible order opens one claim"
        return {"seller": seller, "owner": owner, "varanasi": [c.id for c in rows[:2]], "agra": rows[2].id,
                "amounts": [c.amount_paise for c in rows], "buyers": (buyer1, buyer2)}


def _status(app, claim_id):
    with app.app_context():
        return db.session.get(SubsidyClaim, claim_id).status


def test_officer_approves_a_months_claims_at_once_and_seller_is_told(app, claims, make_officer, staff_client):
    officer = make_officer("varanasi", locale="en")
    client = staff_client(officer)
    page = client.get(f"/admin/claims?month={Month.current().key}").get_data(as_text=True)
    assert "Kashi Silk House" in page and "Taj Leather Works" not in page
    with app.app_context():
        last_note = db.session.scalar(select(Notification.id).order_by(Notification.id.desc()).limit(1)) or 0
    response = client.post("/admin/claims/decide", data={"claim_ids": claims["varanasi"], "action": "approve"})
    assert response.status_code == 302
    assert [_status(app, c) for c in claims["varanasi"]] == ["approved", "approved"]
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "claim.approve")).all()
        assert sorted(e.object_id for e in entries) == claims["varanasi"]
        assert all(e.before["status"] == "claimed" and e.after["status"] == "approved" for e in entries)
        notes = db.session.scalars(select(Notification).where(Notification.user_id == claims["owner"].id,
                                                           Notification.id > last_note)).all()
        assert len(notes) == 2 and all(any("\u0900" <= ch <= "\u097f" for ch in n.subject) for n in notes)


def test_officer_cannot_decide_another_districts_claim(app, claims, make_officer, staff_client):
    officer = make_officer("varanasi", locale="en")
    response = staff_client(officer).post("/admin/claims/decide", data={"claim_ids": [claims["agra"]], "action": "approve"},
                                          follow_redirects=True)
    assert _status(app, claims["agra"]) == "claimed"
    assert "could not find" in response.get_data(as_text=True)
    assert staff_client(officer).get(f"/admin/claims?district={district_id_of(app, 'agra')}").status_code == 404


def district_id_of(app, slug):
    with app.app_context():
        return district_id(slug)


@pytest.mark.both_databases
def test_paying_needs_a_dbt_reference_and_only_after_approval(app, claims, make_officer, staff_client):
    client = staff_client(make_officer("varanasi", locale="en"))
    first, second = claims["varanasi"]
    page = client.post("/admin/claims/decide", data={"claim_ids": [first], "action": "pay", "dbt_reference": "DBT123"},
                       follow_redirects=True).get_data(as_text=True)
    assert _status(app, first) == "claimed" and f"Claim {first}" in page
    client.post("/admin/claims/decide", data={"claim_ids": [first, second], "action": "approve"})
    client.post("/admin/claims/decide", data={"claim_ids": [first, second], "action": "pay", "dbt_reference": ""})
    assert [_status(app, c) for c in (first, second)] == ["approved", "approved"]
    with app.app_context():
        assert not db.session.scalars(select(AuditEntry).where(AuditEntry.action == "claim.pay")).all()
    client.post("/admin/claims/decide", data={"claim_ids": [first], "action": "pay", "dbt_reference": "PFMS/2026/000123"})
    with app.app_context():
        claim = db.session.get(SubsidyClaim, first)
        assert claim.status == "paid" and claim.dbt_reference == "PFMS/2026/000123"


def test_rejecting_needs_a_reason(app, claims, make_officer, staff_client):
    client = staff_client(make_officer("varanasi", locale="en"))
    first = claims["varanasi"][0]
    client.post("/admin/claims/decide", data={"claim_ids": [first], "action": "reject", "reason": ""})
    assert _status(app, first) == "claimed"
    client.post("/admin/claims/decide", data={"claim_ids": [first], "action": "reject", "reason": "Invoice missing"})
    with app.app_context():
        claim = db.session.get(SubsidyClaim, first)
        assert claim.status == "rejected" and claim.rejection_reason == "Invoice missing"


def test_forwarding_csv_has_udyam_bank_and_rupee_amounts(app, claims, make_officer, staff_client):
    client = staff_client(make_officer("varanasi", locale="en"))
    raw = client.get(f"/admin/claims.csv?month={Month.current().key}")
    assert raw.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.data.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[0]["Enterprise"] == "Kashi Silk House" and rows[0]["Udyam number"].startswith("UDYAM-UP-")
    assert rows[0]["Subsidy claimed (₹)"] == f"{claims['amounts'][0] / 100:.2f}"
    assert rows[0]["Status"] == "Claimed" and rows[0]["Financial year"].count("-") == 1


def test_totals_and_cap_use_shown(app, claims, make_officer, staff_client):
    page = staff_client(make_officer("varanasi", locale="en")).get("/admin/claims").get_data(as_text=True)
    total = sum(claims["amounts"][:2])
    from marketplace.money import format_paise

    assert f"2 · {format_paise(total, 'en')}" in page
    assert "/ 3" in page  # two of at most three claims this financial year


@pytest.mark.both_databases
def test_dashboard_orders_and_subsidy_figures(app, claims, make_officer, staff_client):
    first = claims["varanasi"][0]
    staff_client(make_officer("varanasi", locale="en")).post(
        "/admin/claims/decide", data={"claim_ids": [first], "action": "approve"})
    with app.app_context():
        vid = district_id("varanasi")
        f = reports.month_figures({vid}, Month.current())
        goods = sum(s.goods_paise for s in db.session.scalars(select(SubOrder).where(SubOrder.seller_id == claims["seller"].id)))
    assert f["orders"] == 2 and f["sales_paise"] == goods == 250000 * 3
    assert f["buyers_ordering"] == 2
    assert f["claims_made"] == 2 and f["subsidy_claimed_paise"] == sum(claims["amounts"][:2])
    assert f["subsidy_approved_paise"] == claims["amounts"][0] and f["subsidy_paid_paise"] == 0


def test_cell_adds_a_policy_version_that_leaves_old_orders_alone(app, claims, cell_admin, make_officer, staff_client):
    client = staff_client(cell_admin)
    tomorrow = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)).date()
    with app.app_context():
        before = {s.id: (s.subsidy_policy_id, s.subsidy_paise) for s in db.session.scalars(select(SubOrder))}
    form = {"version": "UP-ODOP-MDA-2027", "effective_from": tomorrow.isoformat(), "percent": "80",
            "cap_same_district": "200", "cap_within_up": "400", "cap_rest_of_india": "800", "cap_abroad": "",
            "annual_cap": "2000", "max_claims": "4", "notes": "new order"}
    assert client.post("/admin/policy", data=form).status_code == 302
    with app.app_context():
        policy = db.session.scalar(select(SubsidyPolicy).where(SubsidyPolicy.version == "UP-ODOP-MDA-2027"))
        assert policy.percent_bp == 8000 and policy.cap_within_up_paise == 40000 and policy.cap_abroad_paise is None
        assert policy.annual_cap_paise == 200000 and policy.max_claims_per_year == 4
        assert {s.id: (s.subsidy_policy_id, s.subsidy_paise) for s in db.session.scalars(select(SubOrder))} == before
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "policy.new_version"))
    past = dict(form, version="BACKDATED", effective_from="2020-01-01")
    assert client.post("/admin/policy", data=past).status_code == 400
    assert client.post("/admin/policy", data=form).status_code == 400  # version name taken
    with app.app_context():
        assert db.session.scalar(select(SubsidyPolicy.id).where(SubsidyPolicy.version == "BACKDATED")) is None
        assert len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "policy.new_version")).all()) == 1
    assert staff_client(make_officer("varanasi")).post("/admin/policy", data=form).status_code == 403


def test_grouped_orders_and_subsidy_figures_agree(app, claims, make_officer, staff_client):
    from tests.admin.test_reports import _grouped_agrees_with_single, _series_agree_with_month_by_month

    staff_client(make_officer("varanasi", locale="en")).post(
        "/admin/claims/decide", data={"claim_ids": claims["varanasi"][:1], "action": "approve"})
    with app.app_context():
        ids = {district_id("varanasi"), district_id("agra"), district_id("lucknow")}
        _grouped_agrees_with_single(ids, Month.current())
        _series_agree_with_month_by_month(ids, [Month.current().shift(k) for k in range(-2, 2)])


def test_long_claim_lists_are_paged_and_totals_count_everything(app, claims, make_officer, staff_client, monkeypatch):
    from marketplace.admin import subsidy_claims
    from marketplace.money import format_paise

    monkeypatch.setattr(subsidy_claims, "PAGE_SIZE", 1)
    client = staff_client(make_officer("varanasi", locale="en"))
    first = client.get("/admin/claims?status=claimed").get_data(as_text=True)
    second = client.get("/admin/claims?status=claimed&page=2").get_data(as_text=True)
    shown = [re.findall(r'name="claim_ids" value="(\d+)"', p) for p in (first, second)]
    assert [len(ids) for ids in shown] == [1, 1] and shown[0] != shown[1]
    assert {int(shown[0][0]), int(shown[1][0])} == set(claims["varanasi"][:2])
    assert "Claims 1–1 of 2" in first and "Claims 2–2 of 2" in second
    assert 'href="/admin/claims?page=2&amp;status=claimed"' in first  # the next page keeps the filter
    assert f"2 · {format_paise(sum(claims['amounts'][:2]), 'en')}" in first  # totals are not paged
    for odd in ("999", "0", "abc", "-1", "²", "99999999999"):
        response = client.get(f"/admin/claims?status=claimed&page={odd}")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count('name="claim_ids"') == (0 if odd == "999" else 1)


@pytest.mark.parametrize("field,value", [("cap_within_up", "12.345"), ("cap_abroad", "1e999999"),
                                         ("percent", "250"), ("max_claims", "²"), ("annual_cap", "-5")])
def test_bad_policy_amounts_are_form_errors(app, subsidy_policy, cell_admin, staff_client, field, value):
    tomorrow = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)).date()
    form = {"version": "BAD", "effective_from": tomorrow.isoformat(), "percent": "75", field: value}
    assert staff_client(cell_admin).post("/admin/policy", data=form).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(SubsidyPolicy.id).where(SubsidyPolicy.version == "BAD")) is None


def test_odd_claim_ids_are_refused_not_crashed(app, claims, make_officer, staff_client):
    client = staff_client(make_officer("varanasi", locale="en"))
    for ids in (["²"], ["99999999999999"], ["-1"], []):
        response = client.post("/admin/claims/decide", data={"claim_ids": ids, "action": "approve"})
        assert response.status_code == 302
    assert [_status(app, c) for c in claims["varanasi"]] == ["claimed", "claimed"]


@pytest.fixture
def unpaid_seller_claim(app, subsidy_policy, make_user, make_seller, make_listing, buy, deliver_suborder):
    """A delivered claim of a verified Varanasi seller who never gave bank details (issue #17.2)."""
    seller = make_seller("varanasi", enterprise_name_en="No Bank Weavers", bank_account_name=None,
                         bank_ifsc=None, bank_account_last4=None, phone=None)
    listing = make_listing(seller=seller, stock=10, price_paise=250000)
    deliver_suborder(buy(make_user(role=Role.BUYER), [(listing, 1)]).suborders[0].id)
    with app.app_context():
        claim = db.session.scalar(select(SubsidyClaim).where(SubsidyClaim.seller_id == seller.id))
        return {"seller": seller, "claim": claim.id}


def _notes_of(app, user_id):
    with app.app_context():
        return db.session.scalars(select(Notification).where(Notification.user_id == user_id)).all()


def test_a_claim_is_not_approved_while_the_seller_has_no_bank_details(app, unpaid_seller_claim, make_officer,
                                                                       staff_client):
    client = staff_client(make_officer("varanasi", locale="en"))
    claim_id, seller = unpaid_seller_claim["claim"], unpaid_seller_claim["seller"]
    page = client.get("/admin/claims").get_data(as_text=True)
    row = page[page.index(f'data-claim="{claim_id}"'):].split("</tr>")[0]
    assert "bank details (account holder, account number and IFSC) are not complete" in row  # beside the claim
    told_before = len(_notes_of(app, seller.user_id))
    response = client.post("/admin/claims/decide", data={"claim_ids": [claim_id], "action": "approve"},
                           follow_redirects=True)
    assert f"Claim {claim_id}: No payout possible yet" in response.get_data(as_text=True)
    assert _status(app, claim_id) == "claimed"
    with app.app_context():
        assert not db.session.scalars(select(AuditEntry).where(AuditEntry.action == "claim.approve")).all()
    assert len(_notes_of(app, seller.user_id)) == told_before, "nobody is told money goes to no account"


def test_an_approved_claim_is_not_marked_paid_without_bank_details_nor_with_a_bad_ifsc(
        app, unpaid_seller_claim, make_officer, staff_client):
    claim_id, seller = unpaid_seller_claim["claim"], unpaid_seller_claim["seller"]
    with app.app_context():  # approved before the rule existed
        db.session.get(SubsidyClaim, claim_id).status = "approved"
        db.session.commit()
    client = staff_client(make_officer("varanasi", locale="hi"))
    response = client.post("/admin/claims/decide", data={"claim_ids": [claim_id], "action": "pay",
                                                         "dbt_reference": "DBT123"}, follow_redirects=True)
    assert _status(app, claim_id) == "approved"
    assert "बैंक" in response.get_data(as_text=True)  # the refusal, in the officer's Hindi
    with app.app_context():
        row = db.session.get(Seller, seller.id)
        row.bank_account_name, row.bank_account_last4, row.bank_ifsc = "No Bank Weavers", "1234", "SBIN1234567"
        db.session.commit()
    response = client.post("/admin/claims/decide", data={"claim_ids": [claim_id], "action": "pay",
                                                         "dbt_reference": "DBT123"})
    assert _status(app, claim_id) == "approved", "an IFSC has 0 as its fifth character"
    with app.app_context():
        db.session.get(Seller, seller.id).bank_ifsc = "SBIN0001234"
        db.session.commit()
    client.post("/admin/claims/decide", data={"claim_ids": [claim_id], "action": "pay", "dbt_reference": "DBT123"})
    assert _status(app, claim_id) == "paid"


def test_missing_bank_details_are_never_printed_as_none(app, unpaid_seller_claim, make_officer, staff_client):
    client = staff_client(make_officer("varanasi", locale="en"))
    seller = unpaid_seller_claim["seller"]
    review = client.get(f"/admin/sellers/{seller.id}").get_data(as_text=True)
    claims_page = client.get("/admin/claims").get_data(as_text=True)
    export = client.get("/admin/claims.csv").data.decode("utf-8-sig")
    for text in (review, claims_page, export):
        assert "None" not in text
    assert "not given" in review and "No payout possible yet" in review
    row = next(r for r in csv.DictReader(io.StringIO(export)) if r["Enterprise"] == "No Bank Weavers")
    assert row["Bank account (name / IFSC / last 4)"].startswith("— / — / —")
    assert "not complete" in row["Bank account (name / IFSC / last 4)"]
