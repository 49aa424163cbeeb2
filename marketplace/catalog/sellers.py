"""Seller profiles: completing them, DIC officers onboarding on an artisan's behalf, verification.

A seller account fills a profile (enterprise, type, district, address, Udyam number, optional
GSTIN, GI tags, story, payout details). It starts ``pending``; an admin verifies it or rejects it
with a reason, every change is recorded in ``SellerStatusChange`` and the seller is notified in
their own language. Only verified sellers' published listings are public.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace import storage
from marketplace.accounts import invitations
from marketplace.accounts import services as accounts
from marketplace.accounts.models import Role, User
from marketplace.catalog.errors import CatalogError, NotFound
from marketplace.catalog.bank_details import decrypt_account, encrypt_account, masked
from marketplace.catalog.images import process_image, store_image
from marketplace.catalog.models import (
    BankDetailChange,
    District,
    Seller,
    SellerStatus,
    SellerStatusChange,
    SellerType,
    officer_district_ids,
)
from marketplace.catalog.signals import bank_details_changed
from marketplace.catalog.validation import (
    InvalidValue,
    normalise_gstin,
    normalise_mobile,
    normalise_pin_code,
    normalise_udyam,
)
from marketplace.database import utcnow
from marketplace.errors import PermissionDenied
from marketplace.extensions import db
from marketplace.india import UTTAR_PRADESH, pin_in_up_district, pin_place
from marketplace.notifications.service import notify
from marketplace.slugs import unique_slug
from marketplace.transaction import committed

IFSC_RE = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")
UPI_RE = re.compile(r"^[A-Za-z0-9.\-_]{2,256}@[A-Za-z][A-Za-z0-9]{1,63}$")
#: Changing these on a verified profile sends it back to the ODOP cell for verification.
VERIFIED_FIELDS = ("enterprise_name_en", "enterprise_name_hi", "district_id", "udyam_number", "gstin", "seller_type")


PAYOUT_INCOMPLETE = _l("No payout possible yet: the seller's bank details (account holder, account number "
                       "and IFSC) are not complete.")
PAYOUT_BAD_IFSC = _l("No payout possible yet: the seller's IFSC code is not valid (4 letters, 0, then 6 "
                     "letters or digits).")


def first_page_of_new_seller(user) -> str | None:
    """Receiver of ``accounts.signals.first_page``: a seller without a seller profile starts on
    the profile page (which says what happens next), anybody else where they were going."""
    if getattr(user, "role", None) == Role.SELLER and seller_for_user(user.id) is None:
        return url_for("seller.profile")
    return None


def payout_problem(seller) -> str | None:
    """Why the freight subsidy cannot be paid to ``seller`` yet (a translated lazy string), or
    ``None`` when the payout details are complete: account holder, account number (its last four
    digits are kept) and a well-formed IFSC (4 letters, ``0``, 6 letters or digits)."""
    if seller is None:
        return PAYOUT_INCOMPLETE
    details = (seller.bank_account_name, seller.bank_account_last4, seller.bank_ifsc)
    if not all((value or "").strip() for value in details):
        return PAYOUT_INCOMPLETE
    if not IFSC_RE.match(seller.bank_ifsc.strip().upper()):
        return PAYOUT_BAD_IFSC
    return None


class ProfileInvalid(CatalogError):
    """Profile fields are wrong: ``errors`` maps field name → translated message."""

    code = "profile_invalid"

    def __init__(self, errors: dict[str, object]) -> None:
        self.errors = dict(errors)
        super().__init__(_l("Please correct the highlighted fields."))


class StatusChangeRefused(CatalogError):
    code = "status_change_refused"


@dataclass(frozen=True)
class ProfileInput:
    """What a seller (or a DIC officer for them) typed into the profile form."""

    enterprise_name_en: str = ""
    enterprise_name_hi: str = ""
    seller_type: str = ""
    district_id: int | None = None
    address: str = ""
    city: str = ""
    pin_code: str = ""
    phone: str = ""
    udyam_number: str = ""
    gstin: str = ""
    gi_tags: str = ""
    story_en: str = ""
    story_hi: str = ""
    upi_id: str = ""
    bank_account_name: str = ""
    bank_ifsc: str = ""
    bank_account_number: str = ""  # encrypted at rest (bank_details.py); the last four digits shown
    bank_account_number_confirm: str = ""  # typed twice: a wrong digit would send money elsewhere
    capacity_units_per_month: int | None = None


def pickup_pin_problem(pin: str, district_name: str):
    """Why ``pin`` cannot be the pickup PIN of a seller in ``district_name`` (a translated
    message), or None. Freight is priced from the pickup PIN's district, so it must be an Uttar
    Pradesh PIN of the seller's own district (``india.pin_in_up_district``)."""
    place = pin_place(pin)
    if place is None:
        return _l("We do not know the PIN code %(pin)s. Check the six digits on a letter or bill "
                  "from that address.", pin=pin)
    if place.state_code != UTTAR_PRADESH:
        return _l("The pickup PIN code must be in Uttar Pradesh; %(pin)s is not.", pin=pin)
    if not pin_in_up_district(pin, district_name):
        return _l("PIN code %(pin)s is in %(pin_district)s district. Give the PIN code of your pickup "
                  "address in %(district)s district.", pin=pin, pin_district=place.district, district=district_name)
    return None


def clean_profile(data: ProfileInput) -> dict:
    """Check and normalise a profile; return the column values or raise ProfileInvalid.

    Rules: an enterprise name in English or Hindi; a known seller type; a district; address,
    city, a pickup PIN code of Uttar Pradesh in that district (``pickup_pin_problem``), mobile; a Udyam number (UDYAM-XX-00-0000000); GSTIN optional but valid with
    its check character; UPI id and IFSC valid when given; capacity not negative.
    """
    errors: dict[str, object] = {}
    values: dict = {}
    name_en, name_hi = data.enterprise_name_en.strip(), data.enterprise_name_hi.strip()
    if not (name_en or name_hi):
        errors["enterprise_name_en"] = _l("Give the enterprise name in English or Hindi.")
    values.update(enterprise_name_en=name_en[:160], enterprise_name_hi=name_hi[:160])
    if data.seller_type not in {t.value for t in SellerType}:
        errors["seller_type"] = _l("Choose what kind of enterprise this is.")
    values["seller_type"] = data.seller_type
    if not data.district_id or db.session.get(District, data.district_id) is None:
        errors["district_id"] = _l("Choose the district.")
    values["district_id"] = data.district_id
    for key, label, limit in (("address", _l("Give the address."), 500), ("city", _l("Give the town or city."), 80)):
        value = getattr(data, key).strip()
        if not value:
            errors[key] = label
        values[key] = value[:limit]
    for key, fn in (("pin_code", normalise_pin_code), ("phone", normalise_mobile), ("udyam_number", normalise_udyam)):
        try:
            values[key] = fn(getattr(data, key))
        except InvalidValue as exc:
            errors[key] = exc.message
    district = db.session.get(District, data.district_id) if data.district_id else None
    if "pin_code" not in errors and district is not None:
        problem = pickup_pin_problem(values["pin_code"], district.name_en)
        if problem is not None:
            errors["pin_code"] = problem
    values["gstin"] = None
    if data.gstin.strip():
        try:
            values["gstin"] = normalise_gstin(data.gstin)
        except InvalidValue as exc:
            errors["gstin"] = exc.message
    tags = [t.strip() for t in re.split(r"[,\n]", data.gi_tags) if t.strip()]
    values["gi_tags"] = ", ".join(dict.fromkeys(tags))[:300]
    values["story_en"], values["story_hi"] = data.story_en.strip()[:2000], data.story_hi.strip()[:2000]
    upi = data.upi_id.strip()
    if upi and not UPI_RE.match(upi):
        errors["upi_id"] = _l("A UPI id looks like name@bank.")
    values["upi_id"] = upi[:100] or None
    ifsc = data.bank_ifsc.strip().upper()
    if ifsc and not IFSC_RE.match(ifsc):
        errors["bank_ifsc"] = _l("An IFSC code has 11 characters, like SBIN0001234.")
    values["bank_ifsc"] = ifsc or None
    values["bank_account_name"] = data.bank_account_name.strip()[:120] or None
    account = re.sub(r"\s", "", data.bank_account_number)
    if account and not re.fullmatch(r"\d{9,18}", account):
        errors["bank_account_number"] = _l("A bank account number has 9 to 18 digits.")
    elif account and re.sub(r"\s", "", data.bank_account_number_confirm) != account:
        errors["bank_account_number_confirm"] = _l("The two account numbers are not the same. Type it again.")
    if account:  # left empty: the number on file stays
        values["bank_account_last4"] = account[-4:]
        values["bank_account_number"] = account  # encrypted by save_profile, never stored as it is
    if data.capacity_units_per_month is not None and data.capacity_units_per_month < 0:
        errors["capacity_units_per_month"] = _l("Capacity cannot be negative.")
    values["capacity_units_per_month"] = data.capacity_units_per_month
    if errors:
        raise ProfileInvalid(errors)
    return values


def seller_for_user(user_id: int) -> Seller | None:
    """The seller profile of a user, or None when they have not completed one."""
    return db.session.scalar(select(Seller).where(Seller.user_id == user_id))


def get_seller(seller_id: int) -> Seller:
    """A seller by id; raises NotFound."""
    seller = db.session.get(Seller, seller_id)
    if seller is None:
        raise NotFound()
    return seller


def _can_act_for(actor: User, district_id: int | None, owner_id: int) -> bool:
    if actor.id == owner_id:
        return True
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.ORGANISER:
        return district_id is None or district_id in officer_district_ids(actor)
    return False


def _record(seller: Seller, to_status: str, actor_id: int | None, reason: str | None = None) -> None:
    db.session.add(SellerStatusChange(
        seller_id=seller.id, from_status=seller.status, to_status=to_status, reason=reason, actor_id=actor_id,
    ))
    seller.status = to_status


def save_profile(owner_id: int, data: ProfileInput, actor_id: int | None = None, photo: bytes | None = None) -> Seller:
    """Create or update the seller profile of user ``owner_id``.

    ``actor_id`` is who is typing: the seller themself (default), an admin, or a DIC officer
    (role organiser) whose districts include the profile's district (onboarding an artisan
    without a smartphone). A new profile starts ``pending``; a rejected one goes back to
    ``pending`` when corrected; a verified one goes back to ``pending`` only when a field the
    ODOP cell checked (name, type, district, Udyam, GSTIN) changes.
    ``photo`` (optional bytes) becomes the profile photo; it is checked before anything is saved.
    Raises ProfileInvalid, InvalidImage, NotFound (no such user), PermissionDenied (actor may not
    act for the owner or the district), CatalogError ``not_a_seller`` (owner is not a seller).
    """
    owner = db.session.get(User, owner_id)
    actor = db.session.get(User, actor_id) if actor_id else owner
    if owner is None or actor is None:
        raise NotFound()
    if owner.role != Role.SELLER:
        raise CatalogError(_l("Only seller accounts have a seller profile."), "not_a_seller")
    try:
        values = clean_profile(data)
    except ProfileInvalid:
        db.session.rollback()
        raise
    image = process_image(photo) if photo else None
    account = values.pop("bank_account_number", None)
    with committed():
        seller = db.session.scalar(select(Seller).where(Seller.user_id == owner_id).with_for_update())
        before = bank_snapshot(seller)
        if account is not None and (seller is None or decrypt_account(seller.bank_account_encrypted) != account):
            values["bank_account_encrypted"] = encrypt_account(account)
        if not _can_act_for(actor, values["district_id"], owner_id) or (
            seller is not None and not _can_act_for(actor, seller.district_id, owner_id)
        ):
            raise PermissionDenied()
        now = utcnow()
        if seller is None:
            taken = lambda s: db.session.scalar(select(Seller.id).where(Seller.slug == s)) is not None  # noqa: E731
            seller = Seller(user_id=owner_id, status=SellerStatus.PENDING.value,
                            slug=unique_slug(values["enterprise_name_en"] or values["enterprise_name_hi"], taken, "seller"),
                            created_at=now, **values)
            seller.updated_at = now
            db.session.add(seller)
            db.session.flush()
            db.session.add(SellerStatusChange(seller_id=seller.id, from_status="", to_status=SellerStatus.PENDING.value,
                                              reason=None, actor_id=actor.id))
        else:
            recheck = seller.status == SellerStatus.REJECTED or (
                seller.status == SellerStatus.VERIFIED and any(getattr(seller, k) != values[k] for k in VERIFIED_FIELDS)
            )
            for key, value in values.items():
                setattr(seller, key, value)
            seller.updated_at = now
            if recheck:
                _record(seller, SellerStatus.PENDING.value, actor.id, None)
                seller.rejection_reason = None
                seller.verified_at = None
                seller.verified_by_id = None
        if image is not None:
            db.session.flush()
            stored = store_image(image, storage.media(), f"sellers/{seller.id}")
            seller.photo_path = stored.thumb_path
        if "bank_account_encrypted" in values or bank_snapshot(seller) != before:
            _bank_details_changed(seller, before, actor.id)
    return seller


def bank_snapshot(seller: Seller | None) -> dict:
    """A seller's payout bank details as the audit keeps them: holder, IFSC, last four digits
    (never the account number)."""
    if seller is None:
        return {"name": None, "ifsc": None, "last4": None}
    return {"name": seller.bank_account_name, "ifsc": seller.bank_ifsc, "last4": seller.bank_account_last4}


def _bank_details_changed(seller: Seller, before: dict, actor_id: int | None) -> None:
    """Anti-fraud (issue #14): every change of the details payouts go to is kept
    (``BankDetailChange``), announced to the seller in their language (in-app, mail, and SMS
    when they chose it) and sent to the admin package's audit log (``bank_details_changed``)."""
    db.session.flush()
    after = bank_snapshot(seller)
    db.session.add(BankDetailChange(seller_id=seller.id, actor_id=actor_id, before=before, after=after))
    bank_details_changed.send(seller, actor_id=actor_id, before=before, after=after)
    account = masked(after["last4"]) or "-"
    notify(seller.user, _l("Your bank details for payouts were changed"),
           _l("Payouts will now go to %(name)s, IFSC %(ifsc)s, account %(account)s. If you did not make "
              "this change, call the ODOP cell at once.", name=after["name"] or "-", ifsc=after["ifsc"] or "-",
              account=account),
           link="/seller/profile", sms=("seller_bank_details_changed", {"account": account}))


MAX_REASON = 500


class AlreadyVerified(StatusChangeRefused):
    code = "already_decided"
    default_message = _l("This seller has already been verified.")


class ReasonRequired(StatusChangeRefused):
    code = "reason_required"
    default_message = _l("Please give the reason for rejecting, so that the seller can put it right.")


def decide(seller: Seller, to_status: str, actor_id: int, reason: str | None = None) -> None:
    """THE seller verification rule, applied inside the caller's transaction (no commit).

    ``to_status`` is ``verified`` or ``rejected``. Verifying a verified seller raises
    :class:`AlreadyVerified`; rejecting needs a non-blank ``reason`` (:class:`ReasonRequired`,
    kept to 500 characters and shown to the seller) and refuses the same reason twice. The
    seller's status fields change, a ``SellerStatusChange`` row records it, and the seller is
    notified in their own language. Rejecting a verified seller takes their listings out of the
    public catalogue. Callers: :func:`verify_seller` / :func:`reject_seller` below (the admin
    package's queue calls them with its audit entry as ``before_commit``).
    """
    name = seller.enterprise_name_en or seller.enterprise_name_hi
    if to_status == SellerStatus.VERIFIED:
        if seller.status == SellerStatus.VERIFIED:
            raise AlreadyVerified()
        _record(seller, SellerStatus.VERIFIED.value, actor_id)
        seller.verified_at = utcnow()
        seller.verified_by_id = actor_id
        seller.rejection_reason = None
        notify(seller.user, _l("Your seller profile is verified"),
               _l("%(name)s has been verified. Your published listings are now visible to buyers.", name=name),
               link="/seller/", sms=("seller_verification_decided", {"decision": _l("verified")}))
        return
    if to_status != SellerStatus.REJECTED:
        raise StatusChangeRefused(_l("A seller can only be verified or rejected."))
    reason = (reason or "").strip()[:MAX_REASON]
    if not reason:
        raise ReasonRequired()
    if seller.status == SellerStatus.REJECTED and seller.rejection_reason == reason:
        raise StatusChangeRefused(_l("This seller has already been rejected for that reason."), "already_decided")
    _record(seller, SellerStatus.REJECTED.value, actor_id, reason)
    seller.rejection_reason = reason
    seller.verified_at = None
    seller.verified_by_id = None
    # The reason is the officer's own words; the frame around it is in the seller's language.
    notify(seller.user, _l("Your seller profile needs changes"),
           _l("Your profile could not be verified yet. Reason: %(reason)s. Please correct it and save it again.",
              reason=reason),
           link="/seller/profile", sms=("seller_verification_decided", {"decision": _l("needs changes")}))


DECISION_FIELDS = ("status", "rejection_reason", "verified_at", "verified_by_id")

# ``before_commit(seller, before)``: runs inside the decision's transaction after the change, with
# ``before`` = the seller's DECISION_FIELDS as they were (the admin package writes its audit entry)
BeforeCommit = Callable[[Seller, dict], None]


def _decide_and_commit(seller_id: int, actor_id: int, to_status: str, reason: str | None,
                       before_commit: BeforeCommit | None) -> Seller:
    actor = db.session.get(User, actor_id)
    if actor is None or actor.role not in (Role.ADMIN, Role.ORGANISER):
        raise PermissionDenied()
    with committed():
        seller = db.session.scalar(select(Seller).where(Seller.id == seller_id).with_for_update())
        if seller is None or (actor.role == Role.ORGANISER and seller.district_id not in officer_district_ids(actor)):
            raise NotFound()
        before = {name: getattr(seller, name) for name in DECISION_FIELDS}
        decide(seller, to_status, actor.id, reason)
        if before_commit is not None:
            before_commit(seller, before)
    return seller


def verify_seller(seller_id: int, actor_id: int, *, before_commit: BeforeCommit | None = None) -> Seller:
    """Verify a seller (see :func:`decide`) and commit: the one entry point, used by the admin
    verification queue and by scripts. ``actor_id``: the ODOP cell (any district) or a DIC
    officer (their districts). ``before_commit``: see ``BeforeCommit``. Raises NotFound (no
    such seller, or outside the officer's districts), PermissionDenied (not staff),
    AlreadyVerified; nothing changes then."""
    return _decide_and_commit(seller_id, actor_id, SellerStatus.VERIFIED.value, None, before_commit)


def reject_seller(seller_id: int, actor_id: int, reason: str, *,
                  before_commit: BeforeCommit | None = None) -> Seller:
    """Reject a seller with a reason they will see (see :func:`decide`) and commit; the same
    actors, hook and errors as :func:`verify_seller`, plus ReasonRequired and
    StatusChangeRefused."""
    return _decide_and_commit(seller_id, actor_id, SellerStatus.REJECTED.value, reason, before_commit)


def status_history(seller_id: int) -> list[SellerStatusChange]:
    """Every status change of a seller, oldest first."""
    return list(db.session.scalars(
        select(SellerStatusChange).where(SellerStatusChange.seller_id == seller_id).order_by(SellerStatusChange.id)
    ))


def pending_sellers(limit: int = 200) -> list[Seller]:
    """Sellers awaiting verification, oldest first (the admin queue)."""
    return list(db.session.scalars(
        select(Seller).where(Seller.status == SellerStatus.PENDING.value).order_by(Seller.created_at, Seller.id).limit(limit)
    ))


def create_seller_account(email: str, district_slug: str, name: str, *, verified: bool = False,
                          name_hi: str = "", udyam_number: str | None = None, phone: str | None = None,
                          password: str | None = None, locale: str = "hi") -> tuple[Seller, bool]:
    """Operator command for DIC officers: make a seller account and a minimal profile at once.

    ``email`` may be empty when ``phone`` is given. The account is created (role seller) unless
    one exists with that e-mail or number: with ``password`` when one is given, otherwise as an
    invitation (issue #18.3: no made-up password; the artisan is sent a link to claim the account
    by SMS and mail). The profile is ``pending`` unless ``verified``. Returns (seller, whether an
    invitation was sent). Raises NotFound (no such district), CatalogError ``seller_exists`` /
    ``not_a_seller``, InvalidValue (bad Udyam or phone), and the account errors.
    """
    district = db.session.scalar(select(District).where(District.slug == district_slug))
    if district is None:
        raise NotFound(_l("No district has the slug %(slug)s.", slug=district_slug))
    udyam = normalise_udyam(udyam_number) if udyam_number else None
    mobile = normalise_mobile(phone) if phone else None
    email = invitations.check_email(email) if email else None
    user = invitations.find_invitee(email, invitations.check_phone(phone) if phone else None)
    invited = False
    if user is None and password:
        if not email:
            raise CatalogError(_l("A password needs an email address to sign in with; leave it out to send an invitation."),
                               "email_needed")
        user = accounts.create_user(email, password, name, role=Role.SELLER, phone=mobile, locale=locale)
    elif user is not None and user.role != Role.SELLER:
        raise CatalogError(_l("This account is not a seller account."), "not_a_seller")
    if user is not None and seller_for_user(user.id) is not None:
        raise CatalogError(_l("This account already has a seller profile."), "seller_exists")
    with committed():
        if user is None:
            user = invitations.invite(email, name, invitations.check_phone(phone) if phone else None,
                                      role=Role.SELLER.value, locale=locale)
            invited = True
        taken = lambda s: db.session.scalar(select(Seller.id).where(Seller.slug == s)) is not None  # noqa: E731
        now = utcnow()
        seller = Seller(user_id=user.id, slug=unique_slug(name or name_hi, taken, "seller"),
                        enterprise_name_en=name[:160], enterprise_name_hi=name_hi[:160], district_id=district.id,
                        udyam_number=udyam, phone=mobile, status=SellerStatus.PENDING.value,
                        created_at=now, updated_at=now)
        db.session.add(seller)
        db.session.flush()
        db.session.add(SellerStatusChange(seller_id=seller.id, from_status="", to_status=SellerStatus.PENDING.value,
                                          reason="operator command", actor_id=None))
        if verified:
            _record(seller, SellerStatus.VERIFIED.value, None, "operator command")
            seller.verified_at = now
    return seller, invited
