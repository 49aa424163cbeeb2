"""The meets' background jobs (docs/jobs.md): the day-before reminders, daily at 09:00 in India."""
from __future__ import annotations

import logging

from marketplace import jobs
from marketplace.buyers.reminders import remind_day_before
from marketplace.india import IST

log = logging.getLogger(__name__)


@jobs.periodic(jobs.crontab(minute="0", hour="9"), tz=IST, every="daily at 09:00 Asia/Kolkata")
def remind_meet_participants() -> int:
    """Tell tomorrow's participants their first meeting (``flask meets remind`` by hand); a
    second run the same day tells nobody twice."""
    told = remind_day_before()
    log.info("%s meet participant(s) reminded", told)
    return told
