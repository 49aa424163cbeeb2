"""Freight-subsidy claims as the DIC and the ODOP cell handle them.

The claim rows, their state machine (``claimed → approved → paid``, or ``→ rejected``) and the
policy versions belong to the orders package (:mod:`marketplace.orders.claims`); this module adds
what the offices need around them: the district scope, filters by district / month / seller /
status, decisions on one or many claims at once (each with its audit entry and a notice to the
seller, committed together with the move), totals against the policy's caps, and the CSV a DIC
forwards.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import Role, User
from marketplace.admin import audit
from marketplace.admin.exports import Column, Kind, Table
from marketplace.admin.periods import FinancialYear, Month
from marketplace.admin.scope import OutOfScope, district_ids_in_view, require_district
from marketplace.catalog.models import Seller
from marketplace.catalog.sellers import payout_problem
from marketplace.database import utcnow
from marketplace.errors import DomainError, PermissionDenied
from marketplace.extensions import db
from marketplace.i18n import current_lang
from marketplace.india import IST as KOLKATA
from marketplace.money import format_paise
from marketplace.notifications.service import notify
from marketplace.params import parse_id
from marketplace.orders import claims as order_claims
from marketplace.orders import labels as order_labels
from marketplace.orders.models import ClaimStatus, SubOrder, SubsidyClaim, SubsidyPolicy
from marketplace.orders.shipping import proof as delivery_proof

CLAIM_FIELDS = ("status", "decided_by_id", "dbt_reference", "rejection_reason")
TARGETS = {"approve": ClaimStatus.APPROVED, "reject": ClaimStatus.REJECTED, "pay": ClaimStatus.PAID}
NOTICES = {
    ClaimStatus.APPROVED: (_l("Freight subsidy claim approved"),
                           _l("Your District Industries Centre approved your freight subsidy claim no. %(id)s "
                              "for %(amount)s. The money will be sent to your bank account.")),
    ClaimStatus.PAID: (_l("Freight subsidy paid"),
                       _l("The freight subsidy of %(amount)s for claim no. %(id)s has been sent to your bank "
                          "account (DBT reference %(ref)s).")),
    ClaimStatus.REJECTED: (_l("Freight subsidy claim not approved"),
                           _l("Your freight subsidy claim no. %(id)s for %(amount)s was not approved. "
                              "Reason: %(reason)s")),
}


class NoClaimsChosen(DomainError):
    code = "no_claims_chosen"
    default_message = _l("Choose at least one claim.")


@dataclass(frozen=True)
class ClaimFilter:
    district_id: int | None = None
    month: Month | None = None
    seller_id: int | None = None
    status: str | None = None
    #: only open claims (claimed, approved) whose delivery has no proof yet (issue #13.5)
    needs_proof: bool = False


def _filtered(user, filters: ClaimFilter):
    stmt = select(SubsidyClaim).where(SubsidyClaim.district_id.in_(district_ids_in_view(user, filters.district_id)))
    if filters.month is not None:
        stmt = stmt.where(SubsidyClaim.claimed_at >= filters.month.start_utc,
                          SubsidyClaim.claimed_at < filters.month.end_utc)
    if filters.seller_id is not None:
        stmt = stmt.where(SubsidyClaim.seller_id == filters.seller_id)
    if filters.status:
        stmt = stmt.where(SubsidyClaim.status == filters.status)
    if filters.needs_proof:
        stmt = stmt.where(SubsidyClaim.status.in_([ClaimStatus.CLAIMED.value, ClaimStatus.APPROVED.value]),
                          SubsidyClaim.suborder_id.in_(select(SubOrder.id).where(SubOrder.delivery_proof.is_(None))))
    return stmt


PAGE_SIZE = 100


def _claims_in_order(user, filters: ClaimFilter):
    # the table shows each claim's enterprise and district: load them with the page, not per row
    return (_filtered(user, filters).order_by(SubsidyClaim.claimed_at, SubsidyClaim.id)
            .options(selectinload(SubsidyClaim.suborder).selectinload(SubOrder.seller)
                     .selectinload(Seller.district)))


def list_claims(user, filters: ClaimFilter = ClaimFilter()) -> list[SubsidyClaim]:
    """Claims in ``user``'s districts matching ``filters``, oldest claim first (the order a DIC
    works through them). ``month`` is the Indian month the claim was made in.

    Raises :class:`OutOfScope` when the filter names a district outside the user's area.
    """
    return list(db.session.scalars(_claims_in_order(user, filters)))


def claims_page(user, filters: ClaimFilter = ClaimFilter(), page: int = 1, per_page: int | None = None):
    """One page of :func:`list_claims` (a Flask-SQLAlchemy ``Pagination``); a page past the end
    is empty, never an error. Raises :class:`OutOfScope` like :func:`list_claims`."""
    return db.paginate(_claims_in_order(user, filters), page=page, per_page=per_page or PAGE_SIZE,
                       error_out=False)


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


def _money(paise: int) -> str:
    return format_paise(paise, "en")


def decide(actor, claim_ids: list[int], action: str, *, reason: str | None = None,
           dbt_reference: str | None = None) -> BulkResult:
    """Approve, reject (``reason``) or mark paid (``dbt_reference``) each claim in ``claim_ids``.

    Each claim is its own unit of work: its move (through the orders service), its audit entry and
    the seller's notice commit together, and a claim that cannot move (outside the actor's
    districts, wrong state, missing reason or reference) is reported in ``refused`` without
    stopping the others. Raises :class:`NoClaimsChosen` for an empty list and ``ValueError`` for
    an unknown ``action``.
    """
    if action not in TARGETS:
        raise ValueError(f"unknown action {action!r}")
    ids = sorted({n for n in (parse_id(i) for i in claim_ids) if n is not None})
    if not ids:
        raise NoClaimsChosen()
    target = TARGETS[action]
    result = BulkResult()
    for claim_id in ids:
        try:
            claim = db.session.get(SubsidyClaim, claim_id)
            if claim is None:
                raise OutOfScope()
            require_district(actor, claim.district_id)
            before = audit.snapshot(claim, CLAIM_FIELDS)
            after = dict(before, status=target.value)
            if target == ClaimStatus.PAID:
                after["dbt_reference"] = (dbt_reference or "").strip()[:40] or None
            elif target == ClaimStatus.REJECTED:
                after["rejection_reason"] = (reason or "").strip()[:300] or None
                after["decided_by_id"] = actor.id
            else:
                after["decided_by_id"] = actor.id
            # Added before the move: the orders service commits them with the claim, or rolls
            # them back with it when it refuses.
            audit.record(actor, f"claim.{action}", claim, district_id=claim.district_id, before=before, after=after,
                         summary=f"{_money(claim.amount_paise)}")
            seller = db.session.get(Seller, claim.seller_id)
            owner = db.session.get(User, seller.user_id) if seller else None
            if owner is not None:
                subject, body = NOTICES[target]
                amount, ref, why = claim.amount_paise, (dbt_reference or "").strip(), (reason or "").strip()

                def render(body=body, cid=claim.id, amount=amount, ref=ref, why=why):
                    return str(body) % {"id": cid, "amount": format_paise(amount, current_lang()), "ref": ref,
                                        "reason": why}

                notify(owner, subject, render, link="/seller/")
            order_claims.move_claim(claim.id, target.value, actor_id=actor.id, dbt_reference=dbt_reference,
                                    reason=reason)
            result.done.append(claim_id)
        except DomainError as exc:
            db.session.rollback()
            result.refused.append((claim_id, str(exc.message)))
    return result


# -- totals and caps ---------------------------------------------------------------------------
@dataclass
class Totals:
    count: int = 0
    amount_paise: int = 0


def totals_by_status(user, filters: ClaimFilter = ClaimFilter()) -> dict[str, Totals]:
    """Count and amount per claim status (all four present) of every claim matching
    ``filters`` in ``user``'s districts — also those beyond a page's limit."""
    out = {s.value: Totals() for s in ClaimStatus}
    sub = _filtered(user, filters).subquery()
    for status, count, amount in db.session.execute(
            select(sub.c.status, func.count(), func.coalesce(func.sum(sub.c.amount_paise), 0)).group_by(sub.c.status)):
        out[status] = Totals(count, int(amount))
    return out


@dataclass
class SellerCapUse:
    seller: Seller
    financial_year: int
    claims: int
    amount_paise: int
    annual_cap_paise: int | None
    max_claims: int | None

    @property
    def over_cap(self) -> bool:
        return self.annual_cap_paise is not None and self.amount_paise > self.annual_cap_paise

    @property
    def over_count(self) -> bool:
        return self.max_claims is not None and self.claims > self.max_claims

    @property
    def share_of_cap(self) -> float | None:
        if not self.annual_cap_paise:
            return None
        return round(100.0 * self.amount_paise / self.annual_cap_paise, 1)


def cap_use(seller_ids: set[int], financial_year: int, policy: SubsidyPolicy | None) -> list[SellerCapUse]:
    """Per seller, the financial year's claims that still count (not rejected) against the
    policy's annual amount cap and claim limit, biggest users first."""
    if not seller_ids:
        return []
    rows = db.session.execute(
        select(SubsidyClaim.seller_id, func.count(), func.coalesce(func.sum(SubsidyClaim.amount_paise), 0))
        .where(SubsidyClaim.seller_id.in_(seller_ids), SubsidyClaim.financial_year == financial_year,
               SubsidyClaim.status != ClaimStatus.REJECTED.value)
        .group_by(SubsidyClaim.seller_id)).all()
    sellers = {s.id: s for s in db.session.scalars(select(Seller).where(Seller.id.in_(seller_ids)))}
    out = [SellerCapUse(sellers[sid], financial_year, n, int(total),
                        policy.annual_cap_paise if policy else None, policy.max_claims_per_year if policy else None)
           for sid, n, total in rows]
    return sorted(out, key=lambda u: (-u.amount_paise, u.seller.id))


# -- export --------------------------------------------------------------------------------------
def _bank_details(seller: Seller | None) -> str:
    """"name / IFSC / …1234", with "—" for a missing part, and why no payout is possible yet
    when the details are not complete; never "None" (issue #17.2)."""
    if seller is None:
        return ""
    parts = (seller.bank_account_name, seller.bank_ifsc,
             f"…{seller.bank_account_last4}" if seller.bank_account_last4 else None)
    text = " / ".join((p or "").strip() or "—" for p in parts)
    problem = payout_problem(seller)
    return f"{text} ({problem})" if problem else text


def claims_table(claims: list[SubsidyClaim], title_note: str = "") -> Table:
    """The claims in the form a DIC forwards them: one row per claim with the seller's Udyam
    number and bank details (last four digits), the shipment and the decision."""
    rows = []
    for n, c in enumerate(claims, start=1):
        seller = db.session.get(Seller, c.seller_id)
        sub = db.session.get(SubOrder, c.suborder_id)
        district = seller.district if seller else None
        rows.append({
            "n": n, "claim": c.id, "district": district.name_en if district else "",
            "seller": seller.enterprise_name_en if seller else "", "seller_hi": seller.enterprise_name_hi if seller else "",
            "udyam": seller.udyam_number if seller else "", "gstin": seller.gstin if seller else "",
            "order": f"{sub.order_id}-{sub.id}" if sub else "", "order_date": sub.created_at if sub else None,
            "zone": order_labels.name(order_labels.ZONES, sub.freight_zone) if sub else "", "freight": sub.freight_paise if sub else None,
            "amount": c.amount_paise, "fy": FinancialYear(c.financial_year).label(),
            "status": str(order_claims.CLAIM_LABELS[ClaimStatus(c.status)]),
            "claimed": c.claimed_at, "decided": c.decided_at, "reason": order_labels.name(order_labels.CLAIM_REJECTION_REASONS, c.rejection_reason),
            "dbt": c.dbt_reference or "", "paid": c.paid_at,
            "bank": _bank_details(seller), "proof": proof_text(sub),
        })
    return Table(_("Freight subsidy claims"), [
        Column("n", _("S. No."), Kind.INT), Column("claim", _("Claim no."), Kind.INT),
        Column("district", _("District")), Column("seller", _("Enterprise")), Column("seller_hi", _("Enterprise (Hindi)")),
        Column("udyam", _("Udyam number")), Column("gstin", _("GSTIN")), Column("order", _("Order no.")),
        Column("order_date", _("Order date"), Kind.DATE), Column("zone", _("Destination zone")),
        Column("freight", _("Freight (₹)"), Kind.MONEY), Column("amount", _("Subsidy claimed (₹)"), Kind.MONEY),
        Column("fy", _("Financial year")), Column("status", _("Status")),
        Column("claimed", _("Claimed on"), Kind.DATE), Column("decided", _("Decided on"), Kind.DATE),
        Column("reason", _("Reason for rejection")), Column("dbt", _("DBT reference")),
        Column("paid", _("Paid on"), Kind.DATE), Column("bank", _("Bank account (name / IFSC / last 4)")),
        Column("proof", _("Proof of delivery")),
    ], rows, notes=[title_note] if title_note else [])


def proof_text(sub: SubOrder | None) -> str:
    """The proof of delivery in words, for the CSV: who confirmed it, and an officer's reason."""
    state = delivery_proof.proof_state(sub)
    text = str(delivery_proof.PROOF_STATE_LABELS[state])
    if state == "officer" and sub.delivery_proof_note:
        text = f"{text}: {sub.delivery_proof_note}"
    return text


def proof_officers(claims: list[SubsidyClaim]) -> dict[int, User]:
    """The officers who confirmed these claims' deliveries by hand, by id (for the list)."""
    ids = {c.suborder.delivery_proof_by_id for c in claims if c.suborder and c.suborder.delivery_proof_by_id}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def delivery_proof_file(user, suborder_id):
    """The stored proof file of a sub-order's delivery, as ``(storage key, media type)``, for a staff
    member whose districts include the seller's. Raises :class:`OutOfScope` (404) for a
    sub-order elsewhere or without a stored file."""
    number = parse_id(suborder_id)
    sub = db.session.get(SubOrder, number) if number is not None else None
    if sub is None or sub.seller is None:
        raise OutOfScope()
    require_district(user, sub.seller.district_id)
    found = delivery_proof.stored_proof(sub)
    if found is None:
        raise OutOfScope()
    return found


def waiting_count(district_ids: set[int]) -> int:
    """Claims waiting for a decision in the districts (for the statement's pending work)."""
    return db.session.scalar(select(func.count()).select_from(SubsidyClaim).where(
        SubsidyClaim.district_id.in_(district_ids or {-1}), SubsidyClaim.status == ClaimStatus.CLAIMED.value)) or 0


# -- policy versions -----------------------------------------------------------------------------
class PolicyStartsInPast(DomainError):
    code = "policy_starts_in_past"
    default_message = _l("A new policy version must start today or later: orders already placed keep the "
                         "policy they were decided under.")


def add_policy_version(actor, terms, notes: str = "", today: dt.date | None = None) -> SubsidyPolicy:
    """Store a new freight-subsidy policy version (ODOP cell only), audited; commits.

    ``terms``: :class:`marketplace.orders.subsidy.PolicyTerms`. Old versions are never changed,
    and a new one may not start before today (India), so no placed order changes policy.
    Raises :class:`PermissionDenied`, :class:`PolicyStartsInPast` or the orders service's
    ``PolicyInvalid`` (duplicate version name, inconsistent terms).
    """
    if actor.role != Role.ADMIN:
        raise PermissionDenied()
    today = today or utcnow().astimezone(KOLKATA).date()
    if terms.effective_from < today:
        raise PolicyStartsInPast()
    after = {"version": terms.version, "effective_from": terms.effective_from, "effective_to": terms.effective_to,
             "percent_bp": terms.percent_bp, "shipment_cap_paise": dict(terms.shipment_cap_paise),
             "annual_cap_paise": terms.annual_cap_paise, "max_claims_per_year": terms.max_claims_per_year}
    try:
        # Recorded first so that the orders service's commit stores both, or neither.
        audit.record(actor, "policy.new_version", object_type="subsidy_policies", after=after, summary=terms.version)
        return order_claims.save_policy(terms, actor_id=actor.id, notes=notes)
    except Exception:
        db.session.rollback()
        raise
