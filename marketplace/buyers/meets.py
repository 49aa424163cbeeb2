"""Samagam services: meets, registrations, matching leads, requests, the timetable, check-in.

Plain functions taking ids/values and the acting user; each that changes data commits on success
and rolls back before re-raising a ``DomainError`` on failure.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.accounts import invitations
from marketplace.accounts.models import Role, User
from marketplace.buyers.matching import BuyerNeeds, Match, Name, SellerOffer, score_pair
from marketplace.buyers.models import (BuyerProfile, Lead, LeadSource, LeadStage, Meeting,
                                       MeetingRequest, Outcome, ParticipantRole, Registration,
                                       RequestStatus, Samagam, SamagamStatus)
from marketplace.buyers.scheduling import ScheduleInputError, schedule_meetings
from marketplace.catalog.models import (District, Listing, ListingStatus, Seller, SellerType,
                                        officer_district_ids)
from marketplace.database import utcnow
from marketplace.errors import DomainError, NotFound
from marketplace.extensions import db
from marketplace.india import IST
from marketplace.params import has_control_characters, parse_int
from marketplace.slugs import slugify, unique_slug

PENDING_REQUEST_CAP = 5
LEADS_PER_BUYER = 5
REQUEST_BONUS = 50  # an accepted request outranks any score-only pair


class MeetError(DomainError):
    code = "meet_invalid"


# ------------------------------------------------------------------------------- access


def can_manage(user, samagam: Samagam) -> bool:
    """Admins manage every meet; an organiser the meets touching one of their districts."""
    return bool(officer_district_ids(user) & {d.id for d in samagam.districts})


def managed_samagam(user, samagam_id: int) -> Samagam:
    """The meet ``samagam_id`` if ``user`` may manage it. Raises NotFound otherwise."""
    samagam = db.session.get(Samagam, samagam_id)
    if samagam is None or not can_manage(user, samagam):
        raise NotFound()
    return samagam


def managed_samagams(user) -> list[Samagam]:
    """Meets the user may manage, newest first."""
    query = select(Samagam).order_by(Samagam.starts_on.desc())
    query = query.where(Samagam.districts.any(District.id.in_(officer_district_ids(user) or {-1})))
    return list(db.session.scalars(query))


def public_samagam(samagam_id: int) -> Samagam:
    """A meet anybody may see (not a draft). Raises NotFound."""
    samagam = db.session.get(Samagam, samagam_id)
    if samagam is None or samagam.status == SamagamStatus.DRAFT:
        raise NotFound()
    return samagam


def public_samagams() -> tuple[list[Samagam], list[Samagam]]:
    """(upcoming, past) meets that are not drafts."""
    rows = list(db.session.scalars(select(Samagam).where(Samagam.status != SamagamStatus.DRAFT)
                                   .order_by(Samagam.starts_on)))
    today = utcnow().astimezone(IST).date()
    upcoming = [s for s in rows if s.ends_on >= today and s.status != SamagamStatus.PAST]
    past = [s for s in rows if s not in upcoming]
    past.reverse()
    return upcoming, past


def own_registration(user, samagam_id: int) -> Registration | None:
    return db.session.scalar(select(Registration).where(
        Registration.samagam_id == samagam_id, Registration.user_id == user.id))


# ------------------------------------------------------------------------------- meets


@dataclass
class MeetInput:
    title_en: str
    title_hi: str
    district_ids: list[int]
    venue: str
    starts_on: dt.date
    ends_on: dt.date
    registration_closes_on: dt.date
    meeting_minutes: int = 20
    slots_per_day: int = 12
    tables: int = 20
    day_start: str = "10:00"
    break_after_slots: str = ""


def create_samagam(user, data: MeetInput) -> Samagam:
    """Create a meet (status open) in districts the organiser covers.

    Raises MeetError for bad dates or sizes, NotFound for a district outside the user's scope.
    """
    if not data.district_ids:
        raise MeetError(_l("Choose at least one district."))
    if not set(data.district_ids) <= officer_district_ids(user):
        raise NotFound()
    if data.ends_on < data.starts_on:
        raise MeetError(_l("The meet cannot end before it starts."))
    if data.registration_closes_on > data.starts_on:
        raise MeetError(_l("Registration must close by the first day of the meet."))
    if not (5 <= data.meeting_minutes <= 120 and 1 <= data.slots_per_day <= 40
            and 1 <= data.tables <= 2000):
        raise MeetError(_l("Meeting length, slots per day or tables are out of range."))
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", data.day_start):
        raise MeetError(_l("Give the day's start as HH:MM."))
    districts = list(db.session.scalars(select(District).where(District.id.in_(data.district_ids))))
    if len(districts) != len(set(data.district_ids)):
        raise NotFound()
    # "<title>-<first day>": the title is cut so that the date always stays in the slug
    date = data.starts_on.isoformat()
    base = "-".join(part for part in (slugify(data.title_en, max_len=80 - len(date) - 1), date) if part)
    slug = unique_slug(base, lambda s: db.session.scalar(select(Samagam.id).where(Samagam.slug == s)) is not None,
                       fallback="samagam", max_len=120)
    closes = dt.datetime.combine(data.registration_closes_on, dt.time(23, 59), IST)
    samagam = Samagam(
        slug=slug, title_en=data.title_en.strip(), title_hi=data.title_hi.strip(),
        venue=data.venue.strip(), starts_on=data.starts_on, ends_on=data.ends_on,
        registration_opens_at=utcnow(), registration_closes_at=closes.astimezone(dt.timezone.utc),
        meeting_minutes=data.meeting_minutes, slots_per_day=data.slots_per_day,
        tables=data.tables, day_start=data.day_start,
        break_after_slots=data.break_after_slots, status=SamagamStatus.OPEN.value,
        created_by_id=getattr(user, "id", None), districts=districts)
    db.session.add(samagam)
    db.session.commit()
    return samagam


def slot_start(samagam: Samagam, slot: int) -> dt.datetime:
    """Local (IST) start time of slot index ``slot``."""
    day, index = divmod(slot, samagam.slots_per_day)
    hour, minute = (int(x) for x in samagam.day_start.split(":"))
    start = dt.datetime.combine(samagam.starts_on + dt.timedelta(days=day),
                                dt.time(hour, minute), IST)
    breaks = sum(1 for b in samagam.break_slots if b <= index)
    return start + dt.timedelta(minutes=index * samagam.meeting_minutes
                                + breaks * samagam.break_minutes)


def checkin_open(samagam: Samagam, now: dt.datetime | None = None) -> bool:
    """Check-in is open on the meet's own days (Indian dates), and not weeks before (issue #17.8)."""
    today = (now or utcnow()).astimezone(IST).date()
    return samagam.starts_on <= today <= samagam.ends_on


def meeting_started(samagam: Samagam, slot: int, now: dt.datetime | None = None) -> bool:
    """True once the meeting in ``slot`` has begun: its outcome can be told from then on."""
    return (now or utcnow()) >= slot_start(samagam, slot)


def slot_label(samagam: Samagam, slot: int) -> str:
    start = slot_start(samagam, slot)
    end = start + dt.timedelta(minutes=samagam.meeting_minutes)
    return f"{start:%d.%m} {start:%H:%M}–{end:%H:%M}"


def registration_open(samagam: Samagam, now: dt.datetime | None = None) -> bool:
    now = now or utcnow()
    if samagam.status not in (SamagamStatus.OPEN, SamagamStatus.PUBLISHED):
        return False
    if samagam.registration_opens_at and now < samagam.registration_opens_at:
        return False
    return samagam.registration_closes_at is None or now <= samagam.registration_closes_at


# ------------------------------------------------------------------------------- registrations


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
    try:
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
        db.session.commit()
        return reg
    except Exception:
        db.session.rollback()
        raise


CSV_COLUMNS = ("email", "name", "role", "phone", "unavailable_slots", "capacity")


CSV_MAX_ROWS = 5000


def import_registrations_csv(samagam_id: int, organiser: User, text: str) -> tuple[int, list[str]]:
    """Register the rows of a CSV (columns: email, name, role, phone, unavailable_slots, capacity).

    Every cell is checked with the sign-up rules (``accounts.invitations``: e-mail, a one-line name
    of at most 120 characters, an Indian mobile) and the meet's (slot numbers, a capacity from 0 to
    10⁹). A buyer without an account is recorded as invited (no password; signing up with that
    e-mail later gives them the account and these registrations); sellers must already have a
    verified storefront. All or nothing: any bad row → nothing is added, and the result lists
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
    if not fieldnames or not {"email", "role"} <= {(f or "").strip() for f in fieldnames}:
        raise MeetError(_l("The CSV needs at least the columns email and role."))
    problems: list[str] = []
    added = 0
    try:
        for line, row in enumerate(reader, start=2):
            if line > CSV_MAX_ROWS + 1:
                raise MeetError(_l("At most %(n)s rows per file.", n=CSV_MAX_ROWS))
            row = {k.strip(): (v if isinstance(v, str) else "").strip() for k, v in row.items() if k}
            role = row.get("role", "").lower()
            try:
                if role not in ("buyer", "seller"):
                    raise MeetError(_l("the role must be buyer or seller"))
                email = invitations.check_email(row.get("email", ""))
                name = invitations.check_name(row.get("name", ""))
                phone = invitations.check_phone(row.get("phone", ""))
                capacity = None
                if row.get("capacity"):
                    capacity = parse_int(row["capacity"], 0, 10**9)
                    if capacity is None:
                        raise MeetError(_l("the capacity must be a whole number from 0 to 1,00,00,00,000"))
                user = invitations.find_user_by_email(email)
                if user is None:
                    if role == "seller":
                        raise MeetError(_l("no seller account with this email"))
                    user = invitations.invite(email, name, phone)
                elif user.role != role:
                    raise MeetError(_l("this account is not a %(role)s", role=role))
                _register_in_session(samagam, user, row.get("unavailable_slots", ""), capacity,
                                     organiser)
                added += 1
            except DomainError as exc:
                problems.append(f"{line}: {exc.message}")
        if problems:
            db.session.rollback()
            return 0, problems
        db.session.commit()
        return added, []
    except csv.Error as exc:
        db.session.rollback()
        raise MeetError(_l("The file is not a CSV that can be read.")) from exc
    except Exception:
        db.session.rollback()
        raise


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


# ------------------------------------------------------------------------------- matching


def _name(obj) -> Name:
    return Name(obj.id, obj.name_en, obj.name_hi)


def buyer_needs(reg: Registration) -> BuyerNeeds:
    """A registered buyer's needs. Without a profile (or without chosen products), a buyer who
    registered for a meet is taken to be interested in its districts' ODOP products."""
    profile = db.session.scalar(select(BuyerProfile).where(BuyerProfile.user_id == reg.user_id))
    meet_districts = reg.samagam.districts
    default_categories = frozenset(_name(d.odop_category) for d in meet_districts)
    if profile is None:
        return BuyerNeeds(id=reg.id, categories=default_categories,
                          districts=frozenset(_name(d) for d in meet_districts),
                          languages=frozenset({reg.user.locale or "hi"}))
    return BuyerNeeds(
        id=reg.id,
        categories=frozenset(_name(c) for c in profile.categories) or default_categories,
        districts=frozenset(_name(d) for d in profile.districts),
        monthly_volume_units=profile.monthly_volume_units,
        budget_min_paise=profile.budget_min_paise, budget_max_paise=profile.budget_max_paise,
        export_markets=tuple(profile.export_market_list),
        languages=frozenset(profile.language_codes))


def seller_offer(reg: Registration) -> SellerOffer:
    seller = reg.seller
    listings = reg.listings
    categories = {_name(l.category) for l in listings}
    if seller.district is not None:
        categories.add(_name(seller.district.odop_category))
    prices = [l.price_paise for l in listings]
    moqs = [l.moq for l in listings]
    return SellerOffer(
        id=reg.id, categories=frozenset(categories), district=_name(seller.district),
        capacity_units_per_month=reg.capacity_units_per_month or seller.capacity_units_per_month,
        min_moq=min(moqs) if moqs else None,
        price_min_paise=min(prices) if prices else None,
        price_max_paise=max(prices) if prices else None,
        export_ready=seller.seller_type == SellerType.EXPORTER or bool(seller.gstin),
        languages=frozenset({"hi"} | ({"en"} if seller.story_en else set())))


def score_meet(samagam: Samagam) -> list[tuple[Registration, Registration, Match]]:
    """Every buyer-seller pair of the meet with its score, best first."""
    buyers = registrations(samagam, ParticipantRole.BUYER)
    sellers = registrations(samagam, ParticipantRole.SELLER)
    offers = [(s, seller_offer(s)) for s in sellers]
    pairs = []
    for b in buyers:
        needs = buyer_needs(b)
        for s, offer in offers:
            pairs.append((b, s, score_pair(needs, offer)))
    pairs.sort(key=lambda p: (-p[2].score, p[0].id, p[1].id))
    return pairs


def recommendations(reg: Registration, limit: int = 10) -> list[tuple[Registration, Match]]:
    """The best counterparts for a participant, with the match explaining why."""
    samagam = reg.samagam
    if reg.role == ParticipantRole.BUYER:
        needs = buyer_needs(reg)
        scored = [(s, score_pair(needs, seller_offer(s)))
                  for s in registrations(samagam, ParticipantRole.SELLER)]
    else:
        offer = seller_offer(reg)
        scored = [(b, score_pair(buyer_needs(b), offer))
                  for b in registrations(samagam, ParticipantRole.BUYER)]
    scored = [x for x in scored if x[1].score > 0]
    scored.sort(key=lambda x: (-x[1].score, x[0].id))
    return scored[:limit]


def _lead_for(samagam, buyer_reg, seller_reg, source, match: Match | None = None) -> Lead:
    lead = db.session.scalar(select(Lead).where(
        Lead.samagam_id == samagam.id, Lead.buyer_user_id == buyer_reg.user_id,
        Lead.seller_id == seller_reg.seller_id))
    if lead is None:
        lead = Lead(samagam_id=samagam.id, buyer_user_id=buyer_reg.user_id,
                    seller_id=seller_reg.seller_id, source=source)
        db.session.add(lead)
    if match is not None:
        lead.score = match.score
        lead.reasons_json = json.dumps([r.to_dict() for r in match.reasons], ensure_ascii=False)
    elif source == LeadSource.REQUEST:
        lead.source = source
    return lead


def run_matching(user, samagam_id: int) -> int:
    """Score every pair and keep each buyer's best ``LEADS_PER_BUYER`` as leads; returns count."""
    samagam = managed_samagam(user, samagam_id)
    try:
        kept: dict[int, int] = {}
        count = 0
        for b, s, match in score_meet(samagam):
            if match.score <= 0 or kept.get(b.id, 0) >= LEADS_PER_BUYER:
                continue
            kept[b.id] = kept.get(b.id, 0) + 1
            _lead_for(samagam, b, s, LeadSource.SCORE, match)
            count += 1
        db.session.commit()
        return count
    except Exception:
        db.session.rollback()
        raise


# ------------------------------------------------------------------------------- requests


def request_meeting(user, samagam_id: int, to_registration_id: int, message: str = "") -> MeetingRequest:
    """Ask another participant (of the other side) for a meeting.

    Raises MeetError: not registered, same side, after the timetable, too many pending requests
    (``PENDING_REQUEST_CAP``), or already asked. NotFound for an unknown participant.
    """
    try:
        mine = own_registration(user, samagam_id)
        other = db.session.get(Registration, to_registration_id)
        if mine is None:
            raise MeetError(_l("Register for the meet first."))
        if other is None or other.samagam_id != samagam_id:
            raise NotFound()
        if other.role == mine.role:
            raise MeetError(_l("Buyers meet sellers: choose someone from the other side."))
        samagam = mine.samagam
        if samagam.published_at is not None or samagam.status == SamagamStatus.PAST:
            raise MeetError(_l("The timetable is already published."))
        pending = db.session.scalar(select(func.count()).where(
            MeetingRequest.from_registration_id == mine.id,
            MeetingRequest.status == RequestStatus.PENDING))
        if pending >= PENDING_REQUEST_CAP:
            raise MeetError(_l("You have %(n)s requests waiting for an answer; wait for replies first.",
                               n=pending), code="too_many_pending")
        exists = db.session.scalar(select(MeetingRequest.id).where(
            ((MeetingRequest.from_registration_id == mine.id)
             & (MeetingRequest.to_registration_id == other.id))
            | ((MeetingRequest.from_registration_id == other.id)
               & (MeetingRequest.to_registration_id == mine.id))))
        if exists:
            raise MeetError(_l("There is already a request between you two."))
        expires = dt.datetime.combine(samagam.starts_on, dt.time(0, 0), IST).astimezone(dt.timezone.utc)
        req = MeetingRequest(samagam_id=samagam_id, from_registration_id=mine.id,
                             to_registration_id=other.id, message=message.strip()[:1000],
                             expires_at=expires)
        db.session.add(req)
        from marketplace.buyers.notices import notify_request
        notify_request(req, other.user, mine)
        db.session.commit()
        return req
    except Exception:
        db.session.rollback()
        raise


def respond_to_request(user, request_id: int, accept: bool) -> MeetingRequest:
    """The recipient accepts or declines a pending request; accepting creates a lead."""
    try:
        req = db.session.get(MeetingRequest, request_id)
        if req is None or req.recipient.user_id != user.id:
            raise NotFound()
        expire_requests(req.samagam_id, commit=False)
        if req.status != RequestStatus.PENDING:
            raise MeetError(_l("This request is no longer waiting for an answer."))
        req.status = (RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED).value
        req.responded_at = utcnow()
        if accept:
            buyer, seller = ((req.sender, req.recipient) if req.sender.role == ParticipantRole.BUYER
                             else (req.recipient, req.sender))
            _lead_for(req.sender.samagam, buyer, seller, LeadSource.REQUEST)
        db.session.commit()
        return req
    except Exception:
        db.session.rollback()
        raise


def expire_requests(samagam_id: int, now: dt.datetime | None = None, commit: bool = True) -> int:
    """Mark pending requests past their expiry as expired; returns how many."""
    now = now or utcnow()
    rows = list(db.session.scalars(select(MeetingRequest).where(
        MeetingRequest.samagam_id == samagam_id, MeetingRequest.status == RequestStatus.PENDING)))
    n = 0
    for req in rows:
        if req.expires_at is not None and req.expires_at <= now:
            req.status = RequestStatus.EXPIRED.value
            n += 1
    if commit:
        db.session.commit()
    return n


def requests_of(reg: Registration) -> tuple[list[MeetingRequest], list[MeetingRequest]]:
    """(sent, received) requests of a participant."""
    sent = list(db.session.scalars(select(MeetingRequest).where(
        MeetingRequest.from_registration_id == reg.id).order_by(MeetingRequest.id)))
    received = list(db.session.scalars(select(MeetingRequest).where(
        MeetingRequest.to_registration_id == reg.id).order_by(MeetingRequest.id)))
    return sent, received
