"""Freight-subsidy claims and policy versions, for the ODOP cell.

A claim is opened automatically when an eligible sub-order is paid (or confirmed for cash on
delivery). The ODOP cell moves it ``claimed → approved → paid`` (with the DBT reference of the
transfer to the seller) or ``claimed/approved → rejected`` (with a reason). Claims roll up by
the seller's district and the month they were claimed in (Asia/Kolkata).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from marketplace.catalog.models import Seller
from marketplace.catalog.sellers import payout_problem
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.india import IST
from marketplace.params import parse_id
from marketplace.transaction import committed

from .errors import ClaimNeedsDelivery, ClaimNeedsProof, ClaimNeedsPayoutDetails, ClaimTransitionRefused, MissingDbtReference, MissingCancelReason, OrderNotFound, PolicyInvalid
from .fulfilment import lock_order, release_budget_of
from .models import ClaimStatus, SubsidyClaim, SubsidyLedger, SubsidyPolicy
from .states import Status
from .labels import DEFAULT_POLICY_NOTE
from .ledger import record_dbt_subsidy
from .subsidy import DEFAULT_POLICY, PolicyTerms

CLAIM_LABELS = {
    ClaimStatus.CLAIMED: _l("Claimed"),
    ClaimStatus.APPROVED: _l("Approved"),
    ClaimStatus.PAID: _l("Paid to seller"),
    ClaimStatus.REJECTED: _l("Rejected"),
    # paid, then the order was cancelled or refunded, or (a part, ``recovery_paise``) its goods returned
    ClaimStatus.RECOVERY: _l("To be recovered from the seller"),
}

CLAIM_MOVES = {
    (ClaimStatus.CLAIMED, ClaimStatus.APPROVED),
    (ClaimStatus.CLAIMED, ClaimStatus.REJECTED),
    (ClaimStatus.APPROVED, ClaimStatus.PAID),
    (ClaimStatus.APPROVED, ClaimStatus.REJECTED),
}


def _claim(claim_id, lock=True) -> SubsidyClaim:
    number = parse_id(claim_id)
    if number is None:
        raise OrderNotFound()
    query = select(SubsidyClaim).where(SubsidyClaim.id == number)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    claim = db.session.scalar(query)
    if claim is None:
        raise OrderNotFound()
    return claim


def move_claim(claim_id, target: str, *, actor_id: int, dbt_reference: str | None = None,
               reason: str | None = None) -> SubsidyClaim:
    """Approve, pay (needs ``dbt_reference``) or reject (needs ``reason``) a claim. Commits.

    Approving and paying need the sub-order delivered (ClaimNeedsDelivery otherwise) and the
    seller's complete payout details (ClaimNeedsPayoutDetails, saying what is missing). Rejecting
    gives the reservation back to the seller's subsidy ledger.
    Raises OrderNotFound, ClaimTransitionRefused, ClaimNeedsDelivery, ClaimNeedsPayoutDetails,
    MissingDbtReference, MissingCancelReason.
    """
    with committed():
        # lock order: the order, its sub-orders, then the claim (as a cancellation does)
        _, subs = lock_order(_claim(claim_id, lock=False).suborder.order_id)
        claim = _claim(claim_id)
        current, target = ClaimStatus(claim.status), ClaimStatus(target)
        if (current, target) not in CLAIM_MOVES:
            raise ClaimTransitionRefused(current=str(CLAIM_LABELS[current]), target=str(CLAIM_LABELS[target]))
        if target in (ClaimStatus.APPROVED, ClaimStatus.PAID):
            # only a delivered shipment earns the subsidy; the locks above keep a cancellation
            # from slipping in between this check and the commit
            sub = next(s for s in subs if s.id == claim.suborder_id)
            if sub.status != Status.DELIVERED:
                raise ClaimNeedsDelivery()
            # proof of delivery (issue #13): the carrier's tracking event or an officer's
            # confirmation with a proof; a seller marking "delivered" is not enough
            if sub.delivery_proof is None:
                raise ClaimNeedsProof()
            # nobody is told "sent to your bank account" when there is no account to send to
            problem = payout_problem(db.session.get(Seller, claim.seller_id))
            if problem is not None:
                raise ClaimNeedsPayoutDetails(problem)
        now = utcnow()
        if target == ClaimStatus.PAID:
            ref = (dbt_reference or "").strip()
            if not ref:
                raise MissingDbtReference()
            claim.dbt_reference, claim.paid_at = ref[:40], now
            record_dbt_subsidy(claim, actor_id=actor_id, now=now)  # memo: not the seller's balance
        elif target == ClaimStatus.REJECTED:
            if not (reason or "").strip():
                raise MissingCancelReason()
            claim.rejection_reason = reason.strip()[:300]
            claim.decided_at, claim.decided_by_id = now, actor_id
            release_budget_of(claim.suborder)  # the seller may use this budget again
        else:
            claim.decided_at, claim.decided_by_id = now, actor_id
        claim.status = target.value
    return claim


def claims(status: str | None = None, seller_id: int | None = None) -> list[SubsidyClaim]:
    """Claims, newest first, optionally of one status and/or one seller."""
    query = select(SubsidyClaim)
    if status:
        query = query.where(SubsidyClaim.status == status)
    if seller_id is not None:
        query = query.where(SubsidyClaim.seller_id == seller_id)
    return list(db.session.scalars(query.order_by(SubsidyClaim.id.desc())))


@dataclass
class ClaimRollup:
    district_id: int
    month: str  # "2026-11" in Asia/Kolkata
    claims: int = 0
    claimed_paise: int = 0
    approved_paise: int = 0
    paid_paise: int = 0
    rejected_paise: int = 0


def rollup_by_district_month(district_ids: set[int] | None = None) -> list[ClaimRollup]:
    """Claims summed per (seller's district, IST month of claiming), sorted by both.

    ``district_ids`` limits the result to a DIC officer's districts (None: all).
    """
    rows: dict[tuple[int, str], ClaimRollup] = {}
    query = select(SubsidyClaim)
    if district_ids is not None:
        query = query.where(SubsidyClaim.district_id.in_(district_ids or {-1}))
    for claim in db.session.scalars(query):
        month = claim.claimed_at.astimezone(IST).strftime("%Y-%m")
        r = rows.setdefault((claim.district_id, month), ClaimRollup(claim.district_id, month))
        r.claims += 1
        r.claimed_paise += claim.amount_paise
        if claim.status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
            r.approved_paise += claim.amount_paise
        if claim.status == ClaimStatus.PAID:
            r.paid_paise += claim.amount_paise
        if claim.status == ClaimStatus.REJECTED:
            r.rejected_paise += claim.amount_paise
    return [rows[k] for k in sorted(rows)]


# -- policy versions ---------------------------------------------------------------------------

def save_policy(terms: PolicyTerms, *, actor_id: int | None = None, notes: str = "") -> SubsidyPolicy:
    """Store a new policy version (the ODOP cell's edit). Versions are never rewritten: a new
    one with a later ``effective_from`` takes over from its first day. Commits.

    Raises PolicyInvalid when the version name is taken or the terms are inconsistent.
    """
    if not terms.version.strip():
        raise PolicyInvalid(problem=str(_l("the version needs a name")))
    if db.session.scalar(select(SubsidyPolicy.id).where(SubsidyPolicy.version == terms.version)):
        raise PolicyInvalid(problem=str(_l("this version name is already used")))
    caps = terms.shipment_cap_paise
    policy = SubsidyPolicy(
        version=terms.version, effective_from=terms.effective_from, effective_to=terms.effective_to,
        percent_bp=terms.percent_bp, cap_same_district_paise=caps.get("same_district"),
        cap_within_up_paise=caps.get("within_up"), cap_rest_of_india_paise=caps.get("rest_of_india"),
        cap_abroad_paise=caps.get("abroad"), annual_cap_paise=terms.annual_cap_paise,
        max_claims_per_year=terms.max_claims_per_year, require_odop_product=terms.require_odop_product,
        require_verified_seller=terms.require_verified_seller, require_udyam=terms.require_udyam,
        notes=notes, created_by_id=actor_id,
    )
    with committed():
        db.session.add(policy)
    return policy


def ensure_default_policy() -> bool:
    """Store the default policy (2019 marketing-assistance order) unless present; idempotent.
    Returns True when it was added."""
    if db.session.scalar(select(SubsidyPolicy.id).where(SubsidyPolicy.version == DEFAULT_POLICY.version)):
        return False
    save_policy(DEFAULT_POLICY, notes=DEFAULT_POLICY_NOTE)
    return True


def policy_versions() -> list[SubsidyPolicy]:
    """Every stored version, latest start first."""
    return list(db.session.scalars(select(SubsidyPolicy).order_by(SubsidyPolicy.effective_from.desc(),
                                                                  SubsidyPolicy.id.desc())))


# -- returns (issue #19.2) ---------------------------------------------------------------------

def returned_share_paise(subsidy_paise: int, goods_paise: int, returned_goods_paise: int) -> int:
    """The part of a shipment's subsidy that the returned goods take back: the subsidy kept is
    ``subsidy × (goods − returned) // goods`` (rounded down: the treasury never pays for more than
    what was kept), and the share is the rest. All of it when every rupee of goods came back."""
    if subsidy_paise <= 0 or goods_paise <= 0 or returned_goods_paise <= 0:
        return 0
    returned = min(returned_goods_paise, goods_paise)
    kept = subsidy_paise * (goods_paise - returned) // goods_paise
    return subsidy_paise - kept


def adjust_for_return(suborder, returned_goods_paise: int, *, now=None) -> str | None:
    """THE rule for a freight-subsidy claim whose goods came back (no commit; the caller holds
    the order's locks). ``returned_goods_paise``: the goods value of every unit of ``suborder``
    received back so far (cumulative, so calling it again after a second return is exact).

    * claimed or approved: the claim is reduced to the share kept, and the seller's ledger gets
      the difference back; when all the goods came back it is rejected ("order_returned") and
      the reservation released;
    * paid (or already to be recovered): it becomes ``recovery`` of the returned share
      (``recovery_paise``); the ledger keeps the charge, the money left the treasury;
    * rejected, or no claim: nothing.

    Returns the claim's new status, or None when nothing changed.
    """
    claim = suborder.claim
    if claim is None or claim.status == ClaimStatus.REJECTED:
        return None
    share = returned_share_paise(suborder.subsidy_paise, suborder.goods_paise, returned_goods_paise)
    if share <= 0:
        return None
    now = now or utcnow()
    if claim.status in (ClaimStatus.PAID, ClaimStatus.RECOVERY):
        claim.status = ClaimStatus.RECOVERY.value
        claim.recovery_paise = share
        claim.rejection_reason = "order_returned"
        claim.decided_at = now
        return claim.status
    kept = suborder.subsidy_paise - share
    if kept <= 0:
        release_budget_of(suborder)  # what the claim still holds, and the claim's count
        claim.status = ClaimStatus.REJECTED.value
        claim.rejection_reason = "order_returned"
        claim.decided_at = now
        return claim.status
    if claim.amount_paise > kept:
        give_back = claim.amount_paise - kept
        db.session.execute(
            update(SubsidyLedger)
            .where(SubsidyLedger.seller_id == suborder.seller_id,
                   SubsidyLedger.financial_year == suborder.financial_year)
            .values(amount_paise=SubsidyLedger.amount_paise - give_back)
            .execution_options(synchronize_session=False))
        claim.amount_paise = kept
        return claim.status
    return None
