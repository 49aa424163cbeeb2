"""The complaints' job (docs/jobs.md): every 15 minutes (at 5, 20, 35 and 50 past the hour, off
the other jobs' minutes), tickets past their stage's deadline are escalated (the seller's days →
the DIC; the resolve deadline → the ODOP cell)."""
from __future__ import annotations

import logging

from marketplace import jobs
from marketplace.orders.grievances import escalate_overdue

log = logging.getLogger(__name__)


@jobs.periodic(jobs.crontab(minute="5-59/15"), every="every 15 minutes")
def escalate_overdue_complaints() -> int:
    """Escalate the complaints nobody settled in time (``grievances.escalate_overdue``)."""
    moved = escalate_overdue()
    if moved:
        log.info("escalated %s complaint(s)", moved)
    return moved
