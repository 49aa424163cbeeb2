"""The seller verification queue of a DIC officer or the ODOP cell.

Pending sellers of the officer's districts, oldest first, with what the officer needs to decide:
Udyam number, GSTIN, photo, listings. A decision changes the seller's status, keeps a history row
(``SellerStatusChange``), writes the audit log and tells the seller in their own language — all
in one transaction.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from marketplace.admin import audit
from marketplace.admin.scope import district_ids_for, require_district
from marketplace.catalog import sellers as seller_rules
from marketplace.catalog.models import Listing, Seller, SellerStatus, SellerStatusChange
from marketplace.errors import NotFound
from marketplace.extensions import db

SELLER_FIELDS = ("status", "rejection_reason", "verified_at", "verified_by_id")


# The status rule itself (history, notification, refusals) is catalog's ``sellers.decide``.
VerificationError = seller_rules.StatusChangeRefused
ReasonRequired = seller_rules.ReasonRequired
AlreadyDecided = seller_rules.AlreadyVerified


def pending_sellers(user, district_id: int | None = None) -> list[Seller]:
    """Pending sellers in ``user``'s districts (or one of them), oldest registration first."""
    ids = district_ids_for(user)
    if district_id is not None:
        require_district(user, district_id)
        ids = {district_id}
    if not ids:
        return []
    stmt = (select(Seller).where(Seller.status == SellerStatus.PENDING, Seller.district_id.in_(ids))
            .order_by(Seller.created_at, Seller.id))
    return list(db.session.scalars(stmt))


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
