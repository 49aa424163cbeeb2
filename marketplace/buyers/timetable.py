"""The timetable of a meet: build it with the scheduler, pin/remove, publish, check-in, outcomes.

Leads (from scores), accepted requests and pinned meetings become the scheduler's input; the
meetings it returns replace every unpinned meeting of the meet.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.csv_out import write_csv
from marketplace.buyers.leads import LEAD_NEXT, LeadMoveRefused, move_lead  # noqa: F401 (the table's old home)
from marketplace.buyers.meets import (REQUEST_BONUS, MeetError, _lead_for, can_manage, checkin_open,
                                      expire_requests, managed_samagam, meeting_started, own_registration,
                                      registrations, slot_label, slot_start)
from marketplace.buyers.models import (Lead, LeadSource, LeadStage, Meeting, MeetingRequest,
                                       Outcome, ParticipantRole, Registration, RequestStatus,
                                       Samagam, SamagamStatus)
from marketplace.buyers.notices import notify_published
from marketplace.buyers.scheduling import ScheduleInputError, ScheduleResult, schedule_meetings
from marketplace.catalog.models import Seller
from marketplace.database import utcnow
from marketplace.errors import DomainError, NotFound
from marketplace.extensions import db
from marketplace.orders.models import Order, Quote
from marketplace.transaction import committed


def _key(reg: Registration) -> str:
    return f"r{reg.id}"


def scheduler_input(samagam: Samagam) -> dict:
    """The ``schedule_meetings`` arguments for a meet (ids are "r<registration id>")."""
    regs = {r.id: r for r in registrations(samagam)}
    by_user_seller = {}
    for r in regs.values():
        by_user_seller[(r.role, r.seller_id if r.role == ParticipantRole.SELLER else r.user_id)] = r
    priority: dict[tuple[int, int], float] = {}
    leads = db.session.scalars(select(Lead).where(Lead.samagam_id == samagam.id,
                                                  Lead.stage != LeadStage.LOST))
    for lead in leads:
        b = by_user_seller.get((ParticipantRole.BUYER, lead.buyer_user_id))
        s = by_user_seller.get((ParticipantRole.SELLER, lead.seller_id))
        if b and s and lead.score > 0:
            priority[(b.id, s.id)] = float(lead.score)
    accepted = db.session.scalars(select(MeetingRequest).where(
        MeetingRequest.samagam_id == samagam.id, MeetingRequest.status == RequestStatus.ACCEPTED))
    for req in accepted:
        b, s = req.sender, req.recipient
        if b.role != ParticipantRole.BUYER:
            b, s = s, b
        priority[(b.id, s.id)] = priority.get((b.id, s.id), 0.0) + REQUEST_BONUS
    pinned = list(db.session.scalars(select(Meeting).where(Meeting.samagam_id == samagam.id,
                                                           Meeting.pinned.is_(True))))
    return dict(
        requests=[(f"r{b}", f"r{s}", w) for (b, s), w in sorted(priority.items())],
        slots=samagam.total_slots, tables=samagam.tables,
        unavailable={_key(r): r.unavailable for r in regs.values() if r.unavailable},
        max_meetings={_key(r): r.max_meetings for r in regs.values() if r.max_meetings is not None},
        pinned=[(f"r{m.buyer_registration_id}", f"r{m.seller_registration_id}", m.slot, m.table_no)
                for m in pinned],
    )


def build_timetable(user, samagam_id: int) -> ScheduleResult:
    """(Re)build the timetable: pinned meetings stay, every other meeting is replaced.

    Raises MeetError when the meet is over or the pins break a rule (e.g. a participant became
    unavailable in a pinned slot).
    """
    samagam = managed_samagam(user, samagam_id)
    if samagam.status == SamagamStatus.PAST:
        raise MeetError(_l("This meet is over."))
    with committed():
        expire_requests(samagam.id, commit=False)
        args = scheduler_input(samagam)
        try:
            result = schedule_meetings(**args)
        except ScheduleInputError as exc:
            raise MeetError(_l("The pinned meetings conflict: %(why)s", why=str(exc))) from exc
        old = {(m.buyer_registration_id, m.seller_registration_id): m
               for m in db.session.scalars(select(Meeting).where(Meeting.samagam_id == samagam.id))}
        for m in old.values():
            if not m.pinned:
                db.session.delete(m)
        db.session.flush()
        weights = {(b, s): w for b, s, w in args["requests"]}
        for b, s, slot, table in result.meetings:
            key = (int(b[1:]), int(s[1:]))
            if key in old and old[key].pinned:
                continue
            breg, sreg = db.session.get(Registration, key[0]), db.session.get(Registration, key[1])
            lead = _lead_for(samagam, breg, sreg, LeadSource.REQUEST
                             if weights.get((b, s), 0) >= 50 else LeadSource.SCORE)
            db.session.add(Meeting(samagam_id=samagam.id, buyer_registration_id=key[0],
                                   seller_registration_id=key[1], slot=slot, table_no=table,
                                   priority=int(weights.get((b, s), 0)), lead=lead))
        samagam.schedule_built_at = utcnow()
    return result


def meetings_of(samagam: Samagam, reg: Registration | None = None) -> list[Meeting]:
    query = select(Meeting).where(Meeting.samagam_id == samagam.id)
    if reg is not None:
        query = query.where((Meeting.buyer_registration_id == reg.id)
                            | (Meeting.seller_registration_id == reg.id))
    return list(db.session.scalars(query.order_by(Meeting.slot, Meeting.table_no)))


def _managed_meeting(user, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound()
    managed_samagam(user, meeting.samagam_id)
    return meeting


def set_pinned(user, meeting_id: int, pinned: bool) -> Meeting:
    """Pin a meeting (re-runs keep its slot and table) or unpin it."""
    meeting = _managed_meeting(user, meeting_id)
    meeting.pinned = pinned
    db.session.commit()
    return meeting


def remove_meeting(user, meeting_id: int) -> None:
    """Take a meeting out of the timetable (a re-run may schedule the pair again)."""
    meeting = _managed_meeting(user, meeting_id)
    db.session.delete(meeting)
    db.session.commit()


def publish_timetable(user, samagam_id: int) -> int:
    """Publish the timetable, expire unanswered requests and notify every participant with
    meetings; returns how many were notified. Raises MeetError when there is no timetable."""
    samagam = managed_samagam(user, samagam_id)
    meetings = meetings_of(samagam)
    if not meetings:
        raise MeetError(_l("Build the timetable before publishing it."))
    with committed():
        samagam.published_at = utcnow()
        samagam.status = SamagamStatus.PUBLISHED.value
        # requests still unanswered cannot make it into a published timetable
        for req in db.session.scalars(select(MeetingRequest).where(
                MeetingRequest.samagam_id == samagam.id,
                MeetingRequest.status == RequestStatus.PENDING)):
            req.status = RequestStatus.EXPIRED.value
        counts = Counter()
        for m in meetings:
            counts[m.buyer_registration_id] += 1
            counts[m.seller_registration_id] += 1
        for reg_id, n in counts.items():
            notify_published(samagam, db.session.get(Registration, reg_id), n)
    return len(counts)


def participant_schedule(user, samagam_id: int) -> tuple[Samagam, Registration, list[Meeting]]:
    """A participant's own published meetings. NotFound if not registered or not published."""
    reg = own_registration(user, samagam_id)
    if reg is None:
        raise NotFound()
    samagam = reg.samagam
    if samagam.published_at is None:
        return samagam, reg, []
    return samagam, reg, meetings_of(samagam, reg)


def check_in(user, samagam_id: int, code: str, reason: str = "", now: dt.datetime | None = None) -> Registration:
    """Mark the participant with check-in ``code`` as arrived (idempotent).

    Check-in is open on the meet's days; outside them the organiser gives a ``reason`` (kept on
    the registration), else :class:`MeetError` ``checkin_closed``. NotFound for somebody else's
    meet; MeetError ``unknown_code`` for a code of nobody in this meet."""
    samagam = managed_samagam(user, samagam_id)
    reason = " ".join((reason or "").split())[:200]
    is_open = checkin_open(samagam, now)
    if not is_open and not reason:
        raise MeetError(_l("Check-in opens on the meet's days (%(start)s to %(end)s). To check somebody in "
                           "now, say why.", start=format_date(samagam.starts_on, "medium"),
                           end=format_date(samagam.ends_on, "medium")), code="checkin_closed")
    code = (code or "").strip().upper()
    if code.startswith("ODOP-MEET:"):
        code = code.split(":")[-1]
    reg = db.session.scalar(select(Registration).where(Registration.samagam_id == samagam.id,
                                                       Registration.checkin_code == code))
    if reg is None:
        raise MeetError(_l("No participant of this meet has that code."), code="unknown_code")
    if reg.checked_in_at is None:
        reg.checked_in_at = now or utcnow()
        reg.checkin_note = None if is_open else reason
        db.session.commit()
    return reg


def record_outcome(user, meeting_id: int, outcome: str, note: str = "", now: dt.datetime | None = None) -> Meeting:
    """A side of a meeting records how it went; the lead moves to contacted (or lost).

    Only once the meeting's slot has started (MeetError ``too_early`` before); NotFound for a
    meeting the user is not in."""
    with committed():
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None or user.id not in (meeting.buyer_registration.user_id,
                                               meeting.seller_registration.user_id):
            raise NotFound()
        if outcome not in {o.value for o in Outcome}:
            raise MeetError(_l("Choose how the meeting went."))
        samagam = meeting.buyer_registration.samagam
        if not meeting_started(samagam, meeting.slot, now):
            start = slot_start(samagam, meeting.slot)
            raise MeetError(_l("You can say how the meeting went once it has started (%(when)s).",
                               when=format_datetime(start, "d MMM, HH:mm")), code="too_early")
        if meeting.buyer_registration.user_id == user.id:
            meeting.buyer_outcome, meeting.buyer_note = outcome, note.strip()[:2000]
        elif meeting.seller_registration.user_id == user.id:
            meeting.seller_outcome, meeting.seller_note = outcome, note.strip()[:2000]
        else:
            raise NotFound()
        lead = meeting.lead
        if lead is not None and lead.stage == LeadStage.NEW:
            both_no = (meeting.buyer_outcome == Outcome.NOT_INTERESTED
                       and meeting.seller_outcome == Outcome.NOT_INTERESTED)
            try:
                move_lead(lead, LeadStage.LOST if both_no else LeadStage.CONTACTED)
            except LeadMoveRefused:
                pass  # the outcome is recorded all the same; the lead stays where the table keeps it
    return meeting


def set_lead_stage(user, lead_id: int, stage: str, value_paise: int | None = None) -> Lead:
    """Move a lead along new → contacted → negotiating → won (with value) / lost.

    The buyer, the seller and the meet's organisers may move it. Raises MeetError for a move the
    pipeline does not allow or a win without a value; NotFound for somebody else's lead.
    """
    with committed():
        lead = db.session.get(Lead, lead_id)
        if lead is None:
            raise NotFound()
        seller = db.session.get(Seller, lead.seller_id)
        allowed = (lead.buyer_user_id == user.id or seller.user_id == user.id
                   or (lead.samagam_id and can_manage(user, db.session.get(Samagam, lead.samagam_id))))
        if not allowed:
            raise NotFound()
        move_lead(lead, stage, value_paise=value_paise)
    return lead


def leads_of_user(user) -> list[Lead]:
    """Leads where the user is the buyer or the seller, newest first."""
    seller_ids = select(Seller.id).where(Seller.user_id == user.id)
    return list(db.session.scalars(select(Lead).where(
        (Lead.buyer_user_id == user.id) | Lead.seller_id.in_(seller_ids))
        .options(selectinload(Lead.buyer), selectinload(Lead.seller),
                 selectinload(Lead.quotes).selectinload(Quote.listing),
                 selectinload(Lead.order).selectinload(Order.suborders))
        .order_by(Lead.updated_at.desc(), Lead.id.desc())))


@dataclass
class Dashboard:
    registrations: int
    buyers: int
    sellers: int
    checked_in: int
    requests: Counter
    meetings: int
    held: int
    no_shows: int
    leads: Counter
    value_won_paise: int


def dashboard(user, samagam_id: int) -> tuple[Samagam, Dashboard]:
    """Figures of a meet: registrations, requests, meetings held, no-shows, leads, value won.

    A meeting counts as held when both sides checked in, a no-show when one did not.
    """
    samagam = managed_samagam(user, samagam_id)
    regs = registrations(samagam)
    reqs = Counter(r.status for r in db.session.scalars(
        select(MeetingRequest).where(MeetingRequest.samagam_id == samagam.id)))
    meetings = meetings_of(samagam)
    held = sum(1 for m in meetings if m.buyer_registration.checked_in_at
               and m.seller_registration.checked_in_at)
    leads = list(db.session.scalars(select(Lead).where(Lead.samagam_id == samagam.id)))
    return samagam, Dashboard(
        registrations=len(regs),
        buyers=sum(r.role == ParticipantRole.BUYER for r in regs),
        sellers=sum(r.role == ParticipantRole.SELLER for r in regs),
        checked_in=sum(1 for r in regs if r.checked_in_at),
        requests=reqs, meetings=len(meetings), held=held,
        no_shows=len(meetings) - held if samagam.starts_on <= utcnow().date() else 0,
        leads=Counter(l.stage for l in leads),
        value_won_paise=sum(l.value_paise or 0 for l in leads if l.stage == LeadStage.WON),
    )


def meetings_csv(user, samagam_id: int) -> str:
    """The meet's meetings with outcomes and lead stages, as CSV text."""
    samagam = managed_samagam(user, samagam_id)
    rows = []
    header = (["slot", "time", "table", "buyer", "seller", "buyer_checked_in",
                     "seller_checked_in", "buyer_outcome", "seller_outcome", "lead_stage",
                     "value_won_rupees"])
    for m in meetings_of(samagam):
        b, s = m.buyer_registration, m.seller_registration
        lead = m.lead
        rows.append([m.slot + 1, slot_label(samagam, m.slot), m.table_no + 1, b.display_name,
                         s.display_name, "yes" if b.checked_in_at else "no",
                         "yes" if s.checked_in_at else "no", m.buyer_outcome or "",
                         m.seller_outcome or "", lead.stage if lead else "",
                     f"{(lead.value_paise or 0) / 100:.2f}" if lead and lead.value_paise else ""])
    # Names are typed by participants (and imported by CSV): the one writer defuses formulas.
    return write_csv(header, rows)
