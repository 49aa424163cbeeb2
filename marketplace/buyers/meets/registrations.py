"""Taking part in a meet: registering (oneself, or by an organiser on someone's behalf), the
organiser's CSV import, and the list of a meet's participants."""
from __future__ import annotations

import csv
import io
import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.accounts import invitations
from marketplace.accounts.models import Role, User
from marketplace.buyers.meets.samagams import MeetError, can_manage, managed_samagam, registration_open
from marketplace.buyers.models import ParticipantRole, Registration, Samagam, SamagamStatus
from marketplace.catalog.models import Listing, ListingStatus, Seller
from marketplace.errors import DomainError, NotFound
from marketplace.extensions import db
from marketplace.params import has_control_characters, parse_int
from marketplace.transaction import committed


def own_registration(user, samagam_id: int) -> Registration | None:
    return db.session.scalar(select(Registration).where(
        Registration.samagam_id == samagam_id, Registration.user_id == user.id))


def _parse_slots(text: str, samagam: Samagam) -> str:
    slots = set()
    for part in re.split(r"[,\s;]+", (text or "").strip()):
        if not part:
            continue
        if parse_int(part, 1, samagam.total_slots) is None:
            raise MeetError(_l("Unavailable slots must be slot numbers from 1 to %(n)s.",
                               n=samagam.total_slots))
        slots.add(int(part) - 1)
    return ",".join(str(s) for s in sorted(slots))


def register(samagam_id: int, user: User, *, listing_ids: list[int] | None = None,
             capacity: int | None = None, unavailable: str = "", max_meetings: int | None = None,
             on_behalf_by: User | None = None) -> Registration:
    """Register ``user`` (a buyer, or a seller with a verified storefront) for a meet.

    ``unavailable``: slot numbers from 1, comma-separated. Organisers register people on their
    behalf (``on_behalf_by``) even after the window closed. Raises MeetError (closed, not a
    buyer/seller, seller not verified, already registered, listings not theirs), NotFound.
    """
    with committed():
        samagam = db.session.get(Samagam, samagam_id)
        if samagam is None or samagam.status == SamagamStatus.DRAFT:
            raise NotFound()
        if on_behalf_by is not None:
            if not can_manage(on_behalf_by, samagam):
                raise NotFound()
            if samagam.status == SamagamStatus.PAST:
                raise MeetError(_l("This meet is over."))
        elif not registration_open(samagam):
            raise MeetError(_l("Registration for this meet is closed."), code="registration_closed")
        if own_registration(user, samagam.id):
            raise MeetError(_l("Already registered for this meet."), code="already_registered")
        reg = Registration(samagam_id=samagam.id, user_id=user.id,
                           unavailable_slots=_parse_slots(unavailable, samagam),
                           registered_by_id=on_behalf_by.id if on_behalf_by else None)
        if max_meetings is not None and max_meetings < 0:
            raise MeetError(_l("The most meetings cannot be negative."))
        reg.max_meetings = max_meetings
        if user.role == Role.SELLER:
            seller = db.session.scalar(select(Seller).where(Seller.user_id == user.id))
            if seller is None or not seller.is_verified:
                raise MeetError(_l("Only verified sellers can register for a meet."),
                                code="seller_not_verified")
            reg.role = ParticipantRole.SELLER.value
            reg.seller_id = seller.id
            if capacity is not None and capacity < 0:
                raise MeetError(_l("Capacity cannot be negative."))
            reg.capacity_units_per_month = capacity or seller.capacity_units_per_month
            ids = listing_ids or []
            listings = list(db.session.scalars(select(Listing).where(
                Listing.id.in_(ids), Listing.seller_id == seller.id)))
            if len(listings) != len(set(ids)):
                raise MeetError(_l("You can only bring your own listings."))
            if not listings:  # bring every published listing by default
                listings = list(db.session.scalars(select(Listing).where(
                    Listing.seller_id == seller.id, Listing.status == ListingStatus.PUBLISHED)))
            reg.listings = listings
        elif user.role == Role.BUYER:
            reg.role = ParticipantRole.BUYER.value
        else:
            raise MeetError(_l("Only buyers and sellers take part in meets."))
        db.session.add(reg)
    return reg


CSV_COLUMNS = ("email", "name", "role", "phone", "unavailable_slots", "capacity")


CSV_MAX_ROWS = 5000


def import_registrations_csv(samagam_id: int, organiser: User, text: str) -> tuple[int, list[str]]:
    """Register the rows of a CSV (columns: email, name, role, phone, unavailable_slots, capacity).

    Every cell is checked with the sign-up rules (``accounts.invitations``: e-mail, a one-line name
    of at most 120 characters, an Indian mobile) and the meet's (slot numbers, a capacity from 0 to
    10⁹). A row needs an e-mail or a mobile number. A buyer without an account is recorded as
    invited and sent a link to claim it by SMS and mail (``accounts.invitations.invite``; signing up
    with that e-mail later also gives them the account and these registrations); sellers must
    already have a verified storefront. All or nothing: any bad row → nothing is added, and the result lists
    every problem as "N: message" (N the line in the file). Returns (registrations added, problems).
    """
    samagam = managed_samagam(organiser, samagam_id)
    if has_control_characters(text):
        raise MeetError(_l("The file contains control characters (such as a NUL byte). Save it again as a plain CSV."))
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise MeetError(_l("The file is not a CSV that can be read.")) from exc
    columns = {(f or "").strip() for f in fieldnames or ()}
    if "role" not in columns or not columns & {"email", "phone"}:
        raise MeetError(_l("The CSV needs the column role and a column email or phone (or both)."))
    problems: list[str] = []
    added = 0
    try:
        with committed():
            for line, row in enumerate(reader, start=2):
                if line > CSV_MAX_ROWS + 1:
                    raise MeetError(_l("At most %(n)s rows per file.", n=CSV_MAX_ROWS))
                row = {k.strip(): (v if isinstance(v, str) else "").strip() for k, v in row.items() if k}
                role = row.get("role", "").lower()
                try:
                    if role not in ("buyer", "seller"):
                        raise MeetError(_l("the role must be buyer or seller"))
                    phone = invitations.check_phone(row.get("phone", ""))
                    # a person with a mobile number and no e-mail is invited by SMS (issue #18.3)
                    email = invitations.check_email(row.get("email", "")) if row.get("email") or not phone else None
                    name = invitations.check_name(row.get("name", ""))
                    capacity = None
                    if row.get("capacity"):
                        capacity = parse_int(row["capacity"], 0, 10**9)
                        if capacity is None:
                            raise MeetError(_l("the capacity must be a whole number from 0 to 1,00,00,00,000"))
                    user = invitations.find_invitee(email, phone)
                    if user is None:
                        if role == "seller":
                            raise MeetError(_l("no seller account with this email or mobile number"))
                        user = invitations.invite(email, name, phone, actor=organiser)
                    elif user.role != role:
                        raise MeetError(_l("this account is not a %(role)s", role=role))
                    _register_in_session(samagam, user, row.get("unavailable_slots", ""), capacity,
                                         organiser)
                    added += 1
                except DomainError as exc:
                    problems.append(f"{line}: {exc.message}")
            if problems:  # all or nothing: the rows that were fine are not kept either
                db.session.rollback()
                return 0, problems
        return added, []
    except csv.Error as exc:
        raise MeetError(_l("The file is not a CSV that can be read.")) from exc


def _register_in_session(samagam, user, unavailable, capacity, organiser):
    if own_registration(user, samagam.id):
        raise MeetError(_l("already registered"))
    reg = Registration(samagam_id=samagam.id, user_id=user.id, role=user.role,
                       unavailable_slots=_parse_slots(unavailable, samagam),
                       registered_by_id=organiser.id)
    if user.role == Role.SELLER:
        seller = db.session.scalar(select(Seller).where(Seller.user_id == user.id))
        if seller is None or not seller.is_verified:
            raise MeetError(_l("the seller is not verified"))
        reg.seller_id = seller.id
        reg.capacity_units_per_month = capacity or seller.capacity_units_per_month
        reg.listings = list(db.session.scalars(select(Listing).where(
            Listing.seller_id == seller.id, Listing.status == ListingStatus.PUBLISHED)))
    db.session.add(reg)
    db.session.flush()
    return reg


def registrations(samagam: Samagam, role: str | None = None) -> list[Registration]:
    query = select(Registration).where(Registration.samagam_id == samagam.id)
    if role:
        query = query.where(Registration.role == role)
    return list(db.session.scalars(query.order_by(Registration.id)))

