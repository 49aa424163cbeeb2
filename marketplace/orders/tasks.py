"""The orders' background jobs (docs/jobs.md): unpaid card orders expire every minute, and
where a courier aggregator is configured its tracking is polled every 15 minutes (catching a
webhook that never came). Both run in ``flask jobs worker``, never inside a request."""
from __future__ import annotations

import logging

from marketplace import jobs
from marketplace.orders.cancellation import expire_unpaid
from marketplace.orders.payments import gateway_from_config
from marketplace.orders.returns import escalate_unanswered
from marketplace.orders.shipping.carriers import carrier_for, courier_booking_enabled
from marketplace.orders.shipping.service import poll

log = logging.getLogger(__name__)


@jobs.periodic(jobs.crontab(), every="every minute")
def expire_unpaid_orders() -> int:
    """Cancel card orders left unpaid past their 30 minutes and give their stock back
    (``flask orders expire`` does the same by hand)."""
    expired = expire_unpaid(gateway=gateway_from_config())
    if expired:
        log.info("expired %s unpaid order(s)", expired)
    return expired


@jobs.periodic(jobs.crontab(minute="*/15"), every="every 15 minutes", when=courier_booking_enabled)
def poll_courier_tracking() -> None:
    """Ask the courier for the events of every parcel on its way (``flask orders track`` by hand)."""
    result = poll(carrier_for())
    log.info("tracking: %s applied, %s already known, %s late, %s unknown",
             result.applied, result.duplicates, result.stale, result.unknown)


@jobs.periodic(jobs.crontab(minute="5"), every="every hour at :05")
def escalate_returns() -> int:
    """Send returns the seller did not answer within RETURN_ANSWER_DAYS to the DIC of the
    seller's district (docs/returns.md)."""
    escalated = escalate_unanswered()
    if escalated:
        log.info("escalated %s unanswered return(s) to the DIC", escalated)
    return escalated
