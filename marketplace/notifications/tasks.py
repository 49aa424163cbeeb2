"""The notifications' background jobs (docs/jobs.md): each mail and each batch of text messages
is sent by a job enqueued when the transaction that wrote it commits, and a sweep every half
minute sends the text messages whose retry has come due.

The jobs are enqueued from here, by the outbox rows' ``after_insert`` events, so every way of
writing a mail or an SMS (``send_mail``, ``notify``, ``send_sms``, a one-time code) gets its job,
and ``service``/``sms`` need not import this module (which imports them).
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import object_session

from marketplace import jobs
from marketplace.notifications.models import OutboxMail, OutboxSms
from marketplace.notifications.service import deliver_forgotten_mail, deliver_mail
from marketplace.notifications.sms import deliver_sms

HALF_MINUTE = 30


@jobs.task()
def deliver_mail_job(mail_id: int) -> None:
    """Send one outbox mail; an SMTP failure raises (``MailNotSent``), so huey retries it."""
    deliver_mail(mail_id)


@jobs.task(retries=0)  # deliver_sms keeps each message's own retry time (next_attempt_at)
def deliver_due_sms() -> None:
    """Send every text message that is due (claimed one by one: never twice)."""
    deliver_sms()


@jobs.periodic(jobs.crontab(), every="every 30 seconds")
def sweep_sms() -> None:
    """Send the text messages whose retry came due, blank dead codes; and once more half a
    minute later (huey's scheduler looks at periodic jobs once a minute)."""
    deliver_sms()
    if current_app.config.get("SMS_GATEWAY_URL"):
        deliver_due_sms.enqueue(delay=HALF_MINUTE)


@jobs.periodic(jobs.crontab(minute="*/5"), every="every 5 minutes",
               when=lambda config: bool(config.get("MAIL_SERVER")))
def sweep_mail() -> None:
    """Send the mails whose own job never ran (lost with the queue, or with a killed worker)."""
    deliver_forgotten_mail()


@event.listens_for(OutboxMail, "after_insert")
def _mail_written(_mapper, _connection, mail: OutboxMail) -> None:
    if current_app.config.get("MAIL_SERVER"):
        jobs.enqueue_after_commit(deliver_mail_job, mail, session=object_session(mail))


@event.listens_for(OutboxSms, "after_insert")
def _sms_written(_mapper, _connection, message: OutboxSms) -> None:
    if current_app.config.get("SMS_GATEWAY_URL"):
        jobs.enqueue_after_commit(deliver_due_sms, session=object_session(message))
