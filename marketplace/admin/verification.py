"""The seller verification queue of a DIC officer or the ODOP cell.

Pending sellers of the officer's districts, oldest first, with what the officer needs to decide:
Udyam number, GSTIN, photo, listings. A decision changes the seller's status, keeps a history row
(``SellerStatusChange``), writes the audit log and tells the seller in their own language — all
in one transaction.
"""
from __future__ import annotations

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

SELLER_FIELDS = ("status", "rejection_reason", "verified_at", "verified_by_id")


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


def _locked_seller(user, seller_id: int) -> Seller:
    seller = db.session.scalar(select(Seller).where(Seller.id == seller_id).with_for_update())
    if seller is None:
        raise NotFound()
    require_district(user, seller.district_id)
    return seller


def _change_status(actor, seller: Seller, to_status: str, reason: str | None) -> None:
    before = audit.snapshot(seller, SELLER_FIELDS)
    seller_rules.decide(seller, to_status, actor.id, reason)
    audit.record(actor, f"seller.{'verify' if to_status == SellerStatus.VERIFIED else 'reject'}", seller,
                 district_id=seller.district_id, before=before, after=audit.snapshot(seller, SELLER_FIELDS),
                 summary=seller.enterprise_name_en or seller.enterprise_name_hi or "")


def verify_seller(actor, seller_id: int) -> Seller:
    """Mark a pending (or earlier rejected) seller verified, notify them, audit it; commits.

    Raises :class:`NotFound` outside ``actor``'s districts and :class:`AlreadyDecided` when the
    seller is verified already.
    """
    try:
        seller = _locked_seller(actor, seller_id)
        _change_status(actor, seller, SellerStatus.VERIFIED, None)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return seller


def reject_seller(actor, seller_id: int, reason: str) -> Seller:
    """Reject a seller with ``reason`` (shown to them), notify them, audit it; commits.

    Raises :class:`ReasonRequired` for an empty reason, :class:`NotFound` outside ``actor``'s
    districts. A verified seller can be rejected too (for example when the Udyam number turns out
    to be false): their listings leave the public catalogue.
    """
    try:
        seller = _locked_seller(actor, seller_id)
        _change_status(actor, seller, SellerStatus.REJECTED, reason)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return seller
