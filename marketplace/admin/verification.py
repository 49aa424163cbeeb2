"""The seller verification queue of a DIC officer or the ODOP cell.

Pending sellers of the officer's districts, oldest first, with what the officer needs to decide:
Udyam number, GSTIN, photo, listings. A decision changes the seller's status, keeps a history row
(``SellerStatusChange``), writes the audit log and tells the seller in their own language — all
in one transaction.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from marketplace.admin import audit
from marketplace.admin.scope import district_ids_for, require_district
from marketplace.catalog.models import Listing, Seller, SellerStatus, SellerStatusChange
from marketplace.database import utcnow
from marketplace.errors import DomainError, NotFound
from marketplace.extensions import db
from marketplace.notifications.service import notify

SELLER_FIELDS = ("status", "rejection_reason", "verified_at", "verified_by_id")
MAX_REASON = 500


class VerificationError(DomainError):
    code = "verification_invalid"


class ReasonRequired(VerificationError):
    code = "reason_required"
    default_message = _l("Please give the reason for rejecting, so that the seller can put it right.")


class AlreadyDecided(VerificationError):
    code = "already_decided"
    default_message = _l("This seller has already been verified.")


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


def _seller_user(seller: Seller):
    from marketplace.accounts.models import User

    return db.session.get(User, seller.user_id)


def _change_status(actor, seller: Seller, to_status: str, reason: str | None) -> None:
    before = audit.snapshot(seller, SELLER_FIELDS)
    from_status = seller.status
    seller.status = to_status
    if to_status == SellerStatus.VERIFIED:
        seller.verified_at = utcnow()
        seller.verified_by_id = actor.id
        seller.rejection_reason = None
    else:
        seller.rejection_reason = reason
        seller.verified_at = None
        seller.verified_by_id = None
    db.session.add(SellerStatusChange(seller_id=seller.id, from_status=str(from_status), to_status=str(to_status),
                                      reason=reason, actor_id=actor.id))
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
        if seller.status == SellerStatus.VERIFIED:
            raise AlreadyDecided()
        _change_status(actor, seller, SellerStatus.VERIFIED, None)
        user = _seller_user(seller)
        if user is not None:
            notify(user, _l("Your seller account is verified"),
                   _l("Your District Industries Centre has verified your enterprise. Your published "
                      "products are now visible to buyers."),
                   link="/seller/")
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
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    reason = reason[:MAX_REASON]
    try:
        seller = _locked_seller(actor, seller_id)
        if seller.status == SellerStatus.REJECTED and seller.rejection_reason == reason:
            raise VerificationError(_l("This seller has already been rejected for that reason."), code="already_decided")
        _change_status(actor, seller, SellerStatus.REJECTED, reason)
        user = _seller_user(seller)
        if user is not None:
            # The reason is the officer's own words; the frame around it is in the seller's language.
            notify(user, _l("Your seller account needs changes"),
                   lambda: _("Your District Industries Centre could not verify your enterprise yet. "
                             "Reason: %(reason)s. Please correct your profile; it will be checked again.",
                             reason=reason),
                   link="/seller/")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return seller
