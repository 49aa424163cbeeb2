"""The seller verification queue of a DIC officer or the ODOP cell.

Pending sellers of the officer's districts, oldest first, with what the officer needs to decide:
Udyam number, GSTIN, photo, listings. A decision is catalog's ``sellers.verify_seller`` /
``reject_seller`` (status, history row, the seller told in their own language) with this module's
audit entry (``audit_decision``) written in the same transaction.
"""
from __future__ import annotations

from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from marketplace.admin import audit
from marketplace.admin.scope import district_ids_in_view, require_district
from marketplace.catalog import sellers as seller_rules
from marketplace.catalog.models import Listing, Seller, SellerStatus, SellerStatusChange
from marketplace.database import contains
from marketplace.errors import DomainError, NotFound
from marketplace.extensions import db

SELLER_FIELDS = seller_rules.DECISION_FIELDS


# The status rule itself (history, notification, refusals) is catalog's ``sellers.decide``.
VerificationError = seller_rules.StatusChangeRefused
ReasonRequired = seller_rules.ReasonRequired
AlreadyDecided = seller_rules.AlreadyVerified


PAGE_SIZE = 50
STATUSES = tuple(s.value for s in SellerStatus)


def _sellers_query(user, status: str, district_id: int | None, text: str | None):
    stmt = select(Seller).where(Seller.status == status, Seller.district_id.in_(district_ids_in_view(user, district_id)))
    text = (text or "").strip()
    if text:
        stmt = stmt.where(or_(*(contains(column, text) for column in (
            Seller.enterprise_name_en, Seller.enterprise_name_hi, Seller.udyam_number, Seller.gstin))))
    return stmt


class UnknownSellerStatus(DomainError):
    code = "unknown_seller_status"
    default_message = _l("Sellers can be shown as waiting, verified or not verified.")


def sellers_page(user, status: str = SellerStatus.PENDING, district_id: int | None = None,
                 text: str | None = None, page: int = 1, per_page: int | None = None):
    """One page of the sellers with ``status`` in ``user``'s districts (or one of them) whose
    enterprise name, Udyam number or GSTIN contains ``text``: pending ones oldest registration
    first (the order they are worked through), verified and rejected ones latest first.

    Raises :class:`UnknownSellerStatus` for an unknown status and :class:`OutOfScope` for a
    district outside the user's area."""
    if status not in STATUSES:
        raise UnknownSellerStatus()
    stmt = _sellers_query(user, status, district_id, text).options(selectinload(Seller.district))
    if status == SellerStatus.PENDING:
        stmt = stmt.order_by(Seller.created_at, Seller.id)
    else:
        stmt = stmt.order_by(Seller.updated_at.desc(), Seller.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page or PAGE_SIZE, error_out=False)


def status_counts(user, district_id: int | None = None) -> dict[str, int]:
    """How many sellers of each status ``user`` sees (in one district if given)."""
    rows = db.session.execute(select(Seller.status, func.count())
                              .where(Seller.district_id.in_(district_ids_in_view(user, district_id)))
                              .group_by(Seller.status))
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({status: n for status, n in rows})
    return counts


def listing_counts(seller_ids: list[int]) -> dict[int, int]:
    """How many listings (any status) each seller has, for the queue table."""
    if not seller_ids:
        return {}
    rows = db.session.execute(
        select(Listing.seller_id, func.count()).where(Listing.seller_id.in_(seller_ids)).group_by(Listing.seller_id)
    )
    return {sid: n for sid, n in rows}


def seller_for_review(user, seller_id: int) -> Seller:
    """The seller with listings and images loaded; :class:`NotFound` outside ``user``'s districts."""
    seller = db.session.scalar(select(Seller).where(Seller.id == seller_id).options(selectinload(Seller.listings)))
    if seller is None:
        raise NotFound()
    require_district(user, seller.district_id)
    return seller


def seller_listings(seller_id: int) -> list[Listing]:
    """All the seller's listings, newest first."""
    return list(db.session.scalars(select(Listing).where(Listing.seller_id == seller_id).order_by(Listing.id.desc())))


def status_history(seller_id: int) -> list[SellerStatusChange]:
    """The seller's status changes, oldest first."""
    return list(db.session.scalars(
        select(SellerStatusChange).where(SellerStatusChange.seller_id == seller_id).order_by(SellerStatusChange.id)
    ))


def audit_decision(actor) -> seller_rules.BeforeCommit:
    """The ``before_commit`` hook the queue gives ``catalog.sellers.verify_seller`` /
    ``reject_seller``: the audit entry of the decision, written in its transaction."""
    def write(seller: Seller, before: dict) -> None:
        action = "seller.verify" if seller.status == SellerStatus.VERIFIED else "seller.reject"
        audit.record(actor, action, seller, district_id=seller.district_id,
                     before=audit.snapshot(SimpleNamespace(**before), SELLER_FIELDS),
                     after=audit.snapshot(seller, SELLER_FIELDS),
                     summary=seller.enterprise_name_en or seller.enterprise_name_hi or "")
    return write
