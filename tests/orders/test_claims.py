"""Subsidy claims: claimed → approved → paid (DBT reference) or rejected; roll-up by district and
month; policy versions; the demo loader is idempotent."""
import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.orders import checkout, claims
from marketplace.orders.errors import ClaimTransitionRefused, MissingDbtReference, OrderNotFound, PolicyInvalid
from marketplace.orders.models import SubsidyClaim, SubsidyPolicy
from marketplace.orders.subsidy import DEFAULT_POLICY


@pytest.fixture
def claim_ids(app, make_user, make_seller, make_listing, buy, subsidy_policy, deliver_suborder):
    buyer = make_user(role=Role.BUYER)
    varanasi, agra = make_seller(), make_seller(district="agra")
    for seller in (varanasi, agra):
        deliver_suborder(buy(buyer, [(make_listing(seller=seller), 1)]).suborders[0].id)
    with app.app_context():
        return list(db.session.scalars(select(SubsidyClaim.id).order_by(SubsidyClaim.id)))


def test_claim_moves_to_paid_with_a_dbt_reference(app, claim_ids, make_user):
    admin = make_user(role=Role.ADMIN)
    with app.app_context():
        with pytest.raises(ClaimTransitionRefused):
            claims.move_claim(claim_ids[0], "paid", actor_id=admin.id, dbt_reference="DBT1")
        claims.move_claim(claim_ids[0], "approved", actor_id=admin.id)
        with pytest.raises(MissingDbtReference):
            claims.move_claim(claim_ids[0], "paid", actor_id=admin.id, dbt_reference=" ")
        claim = claims.move_claim(claim_ids[0], "paid", actor_id=admin.id, dbt_reference="PFMS-2026-000123")
        assert (claim.status, claim.dbt_reference) == ("paid", "PFMS-2026-000123")
        assert claim.paid_at is not None and claim.decided_by_id == admin.id
        with pytest.raises(ClaimTransitionRefused):
            claims.move_claim(claim_ids[0], "rejected", actor_id=admin.id, reason="late")
        with pytest.raises(OrderNotFound):
            claims.move_claim(999999, "approved", actor_id=admin.id)


def test_rejected_claim_keeps_its_reason_and_rollup_sums_by_district_and_month(app, claim_ids, make_user):
    admin = make_user(role=Role.ADMIN)
    with app.app_context():
        claims.move_claim(claim_ids[1], "rejected", actor_id=admin.id, reason="duplicate invoice")
        rows = claims.rollup_by_district_month()
        assert len(rows) == 2 and sum(r.claims for r in rows) == 2
        total = db.session.scalar(select(func.sum(SubsidyClaim.amount_paise)))
        assert sum(r.claimed_paise for r in rows) == total
        assert sum(r.rejected_paise for r in rows) == db.session.get(SubsidyClaim, claim_ids[1]).amount_paise
        only_one = claims.rollup_by_district_month({rows[0].district_id})
        assert [r.district_id for r in only_one] == [rows[0].district_id]
        assert claims.rollup_by_district_month(set()) == []


def test_new_policy_version_takes_over_from_its_first_day(app, subsidy_policy):
    with app.app_context():
        later = dataclasses.replace(DEFAULT_POLICY, version="2027-halved", percent_bp=5000,
                                    effective_from=dt.date(2027, 4, 1))
        claims.save_policy(later)
        assert checkout.policy_in_force(dt.date(2027, 3, 31))[1].version == DEFAULT_POLICY.version
        assert checkout.policy_in_force(dt.date(2027, 4, 1))[1].percent_bp == 5000
        with pytest.raises(PolicyInvalid):
            claims.save_policy(later)
        assert [p.version for p in claims.policy_versions()] == ["2027-halved", DEFAULT_POLICY.version]


def test_checkout_and_the_admin_desk_name_the_same_policy_in_force(app, subsidy_policy, make_user):
    """Two versions starting the same day: the admin desk used its own query (latest id) and
    checkout the subsidy rule (latest version name); now both read ``stored_policy_in_force``."""
    from marketplace.accounts.models import Role
    from marketplace.orders.subsidy import stored_policy_in_force

    day = dt.date(2027, 4, 1)
    with app.app_context():
        claims.save_policy(dataclasses.replace(DEFAULT_POLICY, version="2027-z", percent_bp=5000, effective_from=day))
        claims.save_policy(dataclasses.replace(DEFAULT_POLICY, version="2027-a", percent_bp=6000, effective_from=day))
        assert stored_policy_in_force(day).version == checkout.policy_in_force(day)[1].version == "2027-z"
        assert stored_policy_in_force(dt.date(2027, 3, 31)).version == DEFAULT_POLICY.version


def test_demo_loader_adds_the_default_policy_once(app, runner):
    for _ in range(2):
        result = runner.invoke(args=["demo", "load", "--only", "orders"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(SubsidyPolicy.id))) == 1
    assert "already present" in runner.invoke(args=["orders", "default-policy"]).output


def _ledger(seller_id):
    from marketplace.orders.models import SubsidyLedger

    row = db.session.scalar(select(SubsidyLedger).where(SubsidyLedger.seller_id == seller_id))
    return row.amount_paise, row.claims


@pytest.fixture
def confirmed_claim(app, make_user, make_seller, make_listing, buy, subsidy_policy):
    """A COD order of a verified Varanasi seller, confirmed (claim opened), not yet shipped."""
    seller_user = make_user(role=Role.SELLER)
    seller = make_seller(user=seller_user)
    order = buy(make_user(role=Role.BUYER), [(make_listing(seller=seller), 1)])
    with app.app_context():
        sub = order.suborders[0]
        claim = db.session.scalar(select(SubsidyClaim).where(SubsidyClaim.suborder_id == sub.id))
        return {"sub_id": sub.id, "claim_id": claim.id, "amount": claim.amount_paise, "seller": seller,
                "seller_user": seller_user, "admin": make_user(role=Role.ADMIN)}


def test_the_cell_cannot_approve_or_pay_a_claim_before_the_shipment_is_delivered(app, confirmed_claim,
                                                                                deliver_suborder):
    from marketplace.orders.errors import ClaimNeedsDelivery

    c = confirmed_claim
    with app.app_context():
        with pytest.raises(ClaimNeedsDelivery):
            claims.move_claim(c["claim_id"], "approved", actor_id=c["admin"].id)
        assert db.session.get(SubsidyClaim, c["claim_id"]).status == "claimed"
    deliver_suborder(c["sub_id"])
    with app.app_context():
        claims.move_claim(c["claim_id"], "approved", actor_id=c["admin"].id)
        assert claims.move_claim(c["claim_id"], "paid", actor_id=c["admin"].id, dbt_reference="PFMS-1").status == "paid"


def test_refunding_a_delivered_order_after_the_subsidy_was_paid_flags_it_for_recovery(app, confirmed_claim,
                                                                                      deliver_suborder):
    from marketplace.orders import fulfilment
    from marketplace.orders.states import Actor

    c = confirmed_claim
    deliver_suborder(c["sub_id"])
    with app.app_context():
        claims.move_claim(c["claim_id"], "approved", actor_id=c["admin"].id)
        claims.move_claim(c["claim_id"], "paid", actor_id=c["admin"].id, dbt_reference="PFMS-2")
        fulfilment.move(c["sub_id"], "refunded", actor=Actor.ADMIN, user_id=c["admin"].id)
        claim = db.session.get(SubsidyClaim, c["claim_id"], populate_existing=True)
        # the money reached the seller: the claim is not silently dropped, the budget stays used
        assert (claim.status, claim.dbt_reference) == ("recovery", "PFMS-2")
        assert _ledger(c["seller"].id) == (c["amount"], 1)
        assert str(claims.CLAIM_LABELS[claim.status]).startswith("To be recovered")


def test_a_rejected_claim_frees_the_budget_once_even_if_the_order_is_then_cancelled(app, confirmed_claim):
    from marketplace.orders import cancellation
    from marketplace.orders.states import Actor

    c = confirmed_claim
    with app.app_context():
        assert _ledger(c["seller"].id) == (c["amount"], 1)
        claims.move_claim(c["claim_id"], "rejected", actor_id=c["admin"].id, reason="no invoice")
        assert _ledger(c["seller"].id) == (0, 0)
        cancellation.cancel_suborder(c["sub_id"], actor=Actor.SELLER, user_id=c["seller_user"].id,
                                 seller_id=c["seller"].id, reason="out of stock")
        assert _ledger(c["seller"].id) == (0, 0)
        assert db.session.get(SubsidyClaim, c["claim_id"], populate_existing=True).status == "rejected"
