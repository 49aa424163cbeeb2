"""A meet itself: who may manage or see it, creating one, and its calendar (slot times, when
registration and check-in are open)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.buyers.models import Samagam, SamagamStatus
from marketplace.catalog.models import District, officer_district_ids
from marketplace.database import utcnow
from marketplace.errors import DomainError, NotFound
from marketplace.extensions import db
from marketplace.india import IST
from marketplace.slugs import slugify, unique_slug


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

