"""Samagam services: meets, registrations, matching leads, requests (the timetable and check-in
are in ``buyers.timetable``).

Plain functions taking ids/values and the acting user; each that changes data commits on success
and rolls back before re-raising a ``DomainError`` on failure. Split by meaning:

- ``samagams``: access (who manages or sees a meet), creating a meet, its slot times and windows;
- ``registrations``: registering, the organiser's CSV import, a meet's participants;
- ``pairing``: scores, recommendations and the leads of a matching run;
- ``requests``: meeting requests between participants.

The public names are exported here, so callers keep writing ``meets.register(...)``.
"""
from __future__ import annotations

from marketplace.buyers.meets.pairing import (LEADS_PER_BUYER, REQUEST_BONUS, _lead_for, buyer_needs,
                                              recommendations, run_matching, score_meet, seller_offer)
from marketplace.buyers.meets.registrations import (CSV_COLUMNS, CSV_MAX_ROWS, import_registrations_csv,
                                                    own_registration, register, registrations)
from marketplace.buyers.meets.requests import (PENDING_REQUEST_CAP, expire_requests, request_meeting,
                                               requests_of, respond_to_request)
from marketplace.buyers.meets.samagams import (MeetError, MeetInput, can_manage, checkin_open,
                                               create_samagam, managed_samagam, managed_samagams,
                                               meeting_started, public_samagam, public_samagams,
                                               registration_open, slot_label, slot_start)

__all__ = [
    "CSV_COLUMNS", "CSV_MAX_ROWS", "LEADS_PER_BUYER", "PENDING_REQUEST_CAP", "REQUEST_BONUS",
    "MeetError", "MeetInput", "buyer_needs", "can_manage", "checkin_open", "create_samagam",
    "expire_requests", "import_registrations_csv", "managed_samagam", "managed_samagams",
    "meeting_started", "own_registration", "public_samagam", "public_samagams", "recommendations",
    "register", "registration_open", "registrations", "request_meeting", "requests_of",
    "respond_to_request", "run_matching", "score_meet", "seller_offer", "slot_label", "slot_start",
]
