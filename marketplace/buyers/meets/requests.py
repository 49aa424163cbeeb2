"""Meeting requests between participants: asking, answering, expiry, and a participant's lists."""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.buyers.meets.pairing import _lead_for
from marketplace.buyers.meets.registrations import own_registration
from marketplace.buyers.meets.samagams import MeetError
from marketplace.buyers.models import (LeadSource, MeetingRequest, ParticipantRole, Registration, RequestStatus,
                                       SamagamStatus)
from marketplace.buyers.notices import notify_request
from marketplace.database import utcnow
from marketplace.errors import NotFound
from marketplace.extensions import db
from marketplace.india import IST
from marketplace.transaction import committed

PENDING_REQUEST_CAP = 5


def request_meeting(user, samagam_id: int, to_registration_id: int, message: str = "") -> MeetingRequest:
    """Ask another participant (of the other side) for a meeting.

    Raises MeetError: not registered, same side, after the timetable, too many pending requests
    (``PENDING_REQUEST_CAP``), or already asked. NotFound for an unknown participant.
    """
    with committed():
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
        notify_request(req, other.user, mine)
    return req


def respond_to_request(user, request_id: int, accept: bool) -> MeetingRequest:
    """The recipient accepts or declines a pending request; accepting creates a lead."""
    with committed():
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
    return req


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
