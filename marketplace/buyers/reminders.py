"""Reminders the day before a meet (issue #18.5), run daily at 09:00 IST by the job worker
(``buyers/tasks.py``) or by hand with ``flask --app marketplace meets remind``."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from marketplace.buyers.meets.samagams import slot_start
from marketplace.buyers.models import Meeting, Registration, Samagam, SamagamStatus
from marketplace.buyers.notices import notify_reminder
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.india import IST
from marketplace.transaction import committed


def remind_day_before(now: dt.datetime | None = None) -> int:
    """The day before a published meet (Indian dates), tell every participant with meetings when
    and at which table their first one is (issue #18.5: in-app, and by SMS or mail as each
    chose). Run daily (the job ``buyers.tasks.remind_meet_participants``); running it twice sends nothing
    twice (one notice per participant and meet). Commits. Returns how many were told."""
    tomorrow = (now or utcnow()).astimezone(IST).date() + dt.timedelta(days=1)
    told = 0
    meets = db.session.scalars(select(Samagam).where(
        Samagam.status == SamagamStatus.PUBLISHED.value, Samagam.starts_on == tomorrow))
    with committed():
        for samagam in meets:
            # the meet's timetable in order, read once: each participant's first meeting is the
            # first one they appear in
            first: dict[int, tuple[int, int]] = {}
            for slot, table_no, buyer_reg, seller_reg in db.session.execute(
                    select(Meeting.slot, Meeting.table_no, Meeting.buyer_registration_id,
                           Meeting.seller_registration_id).where(Meeting.samagam_id == samagam.id)
                    .order_by(Meeting.slot, Meeting.table_no)):
                first.setdefault(buyer_reg, (slot, table_no))
                first.setdefault(seller_reg, (slot, table_no))
            regs = db.session.scalars(select(Registration).where(Registration.id.in_(first or {-1})))
            for reg in regs:
                slot, table_no = first[reg.id]
                told += notify_reminder(samagam, reg, slot_start(samagam, slot), table_no + 1) is not None
    return told
