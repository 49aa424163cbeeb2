"""JSON API of the meets: the public list, and a timetable for its organiser or a participant."""
from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

from marketplace.accounts.decorators import public, role_required
from marketplace.buyers import meets, timetable
from marketplace.buyers.models import ParticipantRole, SamagamStatus
from marketplace.errors import NotFound

bp = Blueprint("buyers_api", __name__, url_prefix="/api/v1")


def meet_json(s) -> dict:
    return {
        "id": s.id, "slug": s.slug, "title_en": s.title_en, "title_hi": s.title_hi,
        "venue": s.venue, "starts_on": s.starts_on.isoformat(), "ends_on": s.ends_on.isoformat(),
        "status": s.status, "districts": [d.slug for d in s.districts],
        "registration_closes_at": (s.registration_closes_at.isoformat()
                                   if s.registration_closes_at else None),
        "meeting_minutes": s.meeting_minutes, "slots": s.total_slots, "tables": s.tables,
        "timetable_published": s.published_at is not None,
    }


def meeting_json(samagam, m) -> dict:
    return {
        "id": m.id, "slot": m.slot + 1, "starts_at": meets.slot_start(samagam, m.slot).isoformat(),
        "minutes": samagam.meeting_minutes, "table": m.table_no + 1, "pinned": m.pinned,
        "buyer": {"registration_id": m.buyer_registration_id,
                  "name": m.buyer_registration.display_name},
        "seller": {"registration_id": m.seller_registration_id,
                   "name": m.seller_registration.display_name},
        "buyer_outcome": m.buyer_outcome, "seller_outcome": m.seller_outcome,
    }


@bp.get("/meets")
@public
def list_meets():
    upcoming, past = meets.public_samagams()
    return jsonify({"upcoming": [meet_json(s) for s in upcoming],
                    "past": [meet_json(s) for s in past]})


@bp.get("/meets/<int:samagam_id>/schedule")
@role_required()
def schedule(samagam_id: int):
    """The whole timetable for the meet's organisers; a participant's own published meetings."""
    try:
        samagam = meets.managed_samagam(current_user, samagam_id)
        meetings = timetable.meetings_of(samagam)
        scope = "all"
    except NotFound:
        samagam, reg, meetings = timetable.participant_schedule(current_user, samagam_id)
        scope = "own"
    return jsonify({"meet": meet_json(samagam), "scope": scope,
                    "meetings": [meeting_json(samagam, m) for m in meetings]})
