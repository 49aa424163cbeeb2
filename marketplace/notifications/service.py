"""Telling people things: in-app notifications and mail, in the recipient's own language.

``notify`` and ``send_mail`` only add rows to the caller's session: they become real when the
caller's unit of work commits, and vanish with it on a rollback (no mail about an order that was
never placed). When MAIL_SERVER is set, each mail is sent by a job enqueued when that unit of work
commits (``notifications/tasks.py``, docs/jobs.md); otherwise it is logged and stays in the outbox
table for inspection.
"""
from __future__ import annotations

import datetime as dt
import logging
import smtplib
import threading
from email.message import EmailMessage
from typing import Callable

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select, update

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.notifications.models import Notification, OutboxMail
from marketplace.notifications.sms import event_seen, send_sms

log = logging.getLogger(__name__)

Text = str | Callable[[], str]


def _render(text) -> str:
    return text() if callable(text) else str(text)


def absolute_url(link: str) -> str:
    """``"/orders/5"`` → ``"https://odopbazaar.in/orders/5"``: a link in a mail or SMS must name
    the site, and the site is ``SITE_URL`` (never the Host of whatever request sent the mail)."""
    site = current_app.config.get("SITE_URL")
    if not site or not link.startswith("/") or link.startswith("//"):
        return link
    return site.rstrip("/") + link


def notify(user, subject: Text, body: Text = "", link: str | None = None, mail: bool = True, *,
           sms: tuple[str, dict] | None = None, event_key: str | None = None) -> Notification | None:
    """Add a notification for ``user`` (and a mail, and an SMS), rendered in ``user.locale``.

    ``subject``/``body`` may be lazy strings (``_l``) or callables returning ``_()`` text, so they
    are translated for the recipient, not for whoever triggered the event. The in-app notification
    is always added; the mail when ``mail`` and the user has an e-mail address and wants mail
    (``user.wants("email")``); the SMS when ``sms=(template, params)`` is given and the user has a
    verified mobile number and wants SMS (``params`` as for ``sms.send_sms``; ``link`` fills
    ``{link}`` as an absolute URL unless ``params`` has one).

    ``event_key``: the event this tells of (``"order-placed:41:seller"``). A second ``notify``
    with a key already used adds nothing and returns ``None``. The key is kept, unique, on the
    notification and on the SMS (``notifications.event_key``, ``outbox_sms.event_key``).
    Does not commit.
    """
    if event_key is not None and event_seen(event_key):
        return None
    with force_locale(getattr(user, "locale", None) or "en"):
        subject_text, body_text = _render(subject)[:200], _render(body)
    note = Notification(user_id=user.id, subject=subject_text, body=body_text, link=link, event_key=event_key)
    db.session.add(note)
    if mail and getattr(user, "email", None) and _wants(user, "email"):
        send_mail(user.email, subject_text, body_text + (f"\n\n{absolute_url(link)}" if link else ""))
    if sms is not None and getattr(user, "phone_verified", False) and _wants(user, "sms"):
        template, params = sms
        params = dict(params)
        if link and "link" not in params:
            params["link"] = absolute_url(link)
        elif isinstance(params.get("link"), str):
            params["link"] = absolute_url(params["link"])
        send_sms(user.phone, template, params, getattr(user, "locale", None), event_key=event_key)
    return note


def _wants(user, channel: str) -> bool:
    wants = getattr(user, "wants", None)
    return wants(channel) if callable(wants) else True


def notify_from_signal(user, subject: Text, body: Text = "", link: str | None = None) -> None:
    """Receiver of ``marketplace.accounts.signals.tell_user``: ``notify`` the user (no commit)."""
    notify(user, subject, body, link=link)


def send_mail(to_email: str, subject: str, body: str, *, secret: bool = False) -> OutboxMail:
    """Queue a mail in the outbox (logged at once when no MAIL_SERVER is set). Does not commit.
    ``secret``: the body carries a one-time code or link: it is blanked once sent, and logged in
    full only where ``LOG_SECRETS`` is on."""
    message = OutboxMail(to_email=to_email, subject=subject[:200], body=body, secret=secret)
    db.session.add(message)
    if not current_app.config.get("MAIL_SERVER"):
        shown = body if not secret or current_app.config.get("LOG_SECRETS") else "[a one-time code or link]"
        log.info("mail to %s: %s\n%s", to_email, subject, shown)
    return message


class MailNotSent(Exception):
    """The SMTP server refused a mail or could not be reached (the outbox row keeps the error)."""


def _smtp_send(item: OutboxMail) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = item.to_email
    message["Subject"] = item.subject
    message.set_content(item.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def deliver_mail(mail_id: int) -> bool:
    """Send outbox mail ``mail_id`` over SMTP (the job ``notifications.tasks.deliver_mail_job``,
    enqueued when the mail's transaction commits).

    Returns True when it was sent now; False when there was nothing to do: no MAIL_SERVER, no
    such mail, already sent, or being sent by another worker right now (the row is claimed with
    ``FOR UPDATE SKIP LOCKED`` on PostgreSQL). So a mail is sent once however often its job runs.
    Raises ``MailNotSent`` when the server refused it or could not be reached: the error is kept
    on the row (committed) and the job is retried with a growing pause. Commits.
    """
    if not current_app.config.get("MAIL_SERVER"):
        return False
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite ignores FOR UPDATE SKIP LOCKED: the worker's threads take turns instead, or two
        # of them (the job and the sweep) would both find the mail unsent and both send it
        with _SQLITE_SENDING:
            return _deliver_mail(mail_id)
    return _deliver_mail(mail_id)


#: one mail at a time per process where the database has no row locks (SQLite: ``make run``)
_SQLITE_SENDING = threading.Lock()
#: the sweep leaves a mail this long to its own job, and gives up on it after this
FORGOTTEN_AFTER = dt.timedelta(minutes=5)
FORGOTTEN_FOR_AT_MOST = dt.timedelta(days=3)


def deliver_forgotten_mail(limit: int = 100, *, now: dt.datetime | None = None) -> int:
    """The periodic sweep (``notifications.tasks.sweep_mail``): send the mails of the last
    three days that were never tried although they are five minutes old, i.e. whose job was
    lost (the queue unreachable when their transaction committed, or the worker killed while
    running it: huey does not give a job back). Returns how many were sent."""
    if not current_app.config.get("MAIL_SERVER"):
        return 0
    now = now or utcnow()
    ids = db.session.scalars(select(OutboxMail.id).where(
        OutboxMail.sent_at.is_(None), OutboxMail.error.is_(None),
        OutboxMail.created_at <= now - FORGOTTEN_AFTER, OutboxMail.created_at > now - FORGOTTEN_FOR_AT_MOST,
    ).order_by(OutboxMail.id).limit(limit)).all()
    return _deliver_each(ids)


def _deliver_each(mail_ids) -> int:
    """``deliver_mail`` each of ``mail_ids`` in turn (a failure is logged and kept on its row);
    returns how many were sent."""
    sent = 0
    for mail_id in mail_ids:
        try:
            sent += deliver_mail(mail_id)
        except MailNotSent as exc:
            log.warning("%s", exc)
    return sent


def _deliver_mail(mail_id: int) -> bool:
    db.session.commit()  # a fresh transaction: the row lock is held only while this mail is sent
    item = db.session.scalar(
        select(OutboxMail).where(OutboxMail.id == mail_id, OutboxMail.sent_at.is_(None))
        .with_for_update(skip_locked=True).execution_options(populate_existing=True))
    if item is None:
        db.session.rollback()
        return False
    try:
        _smtp_send(item)
    except (OSError, smtplib.SMTPException) as exc:
        item.error = str(exc)[:1000] or type(exc).__name__
        db.session.commit()
        raise MailNotSent(f"mail {mail_id}: {item.error}") from exc
    item.sent_at = utcnow()
    item.error = None
    if item.secret:
        item.body = ""  # the code or link is the addressee's alone now
    db.session.commit()
    return True


def deliver_outbox(limit: int = 100) -> int:
    """Send up to ``limit`` unsent mails now, oldest first (``flask mail deliver``: catching up
    on mail whose job never ran, e.g. written before the job queue existed); returns how many
    were sent. Each goes through ``deliver_mail``: sent once, a failure kept on its row."""
    if not current_app.config.get("MAIL_SERVER"):
        return 0
    ids = db.session.scalars(select(OutboxMail.id).where(OutboxMail.sent_at.is_(None))
                             .order_by(OutboxMail.id).limit(limit)).all()
    return _deliver_each(ids)


def unread_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    ) or 0


def recent_notifications(user_id: int, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user_id).order_by(Notification.id.desc()).limit(limit)
    ))


def mark_all_read(user_id: int) -> None:
    """Mark every notification of ``user_id`` read, and commit."""
    db.session.execute(
        update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=utcnow())
    )
    db.session.commit()
