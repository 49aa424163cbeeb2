"""Notifications shown in the site and mail waiting to be sent."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, utcnow
from marketplace.extensions import db


class Notification(db.Model):
    """A message for one user, in the language they had when it was made."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(500))
    # the event this tells of ("order-placed:41:seller"): one event, one notice (issue #18.5)
    event_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class OutboxMail(db.Model):
    """A mail to send, by a job enqueued when it is committed (``notifications/tasks.py``).
    Without MAIL_SERVER it is written to the log and kept here."""

    __tablename__ = "outbox_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_email: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(Text)
    secret: Mapped[bool] = mapped_column(default=False)  # a code or link: the body is blanked once sent


class OutboxSms(db.Model):
    """A text message to send, rendered from a DLT-registered template in the recipient's language.

    Added in the same transaction as the event it tells of (so it exists exactly when the event
    does) and sent later by a background job (``notifications/tasks.py``), never inside a request; a failed send is retried with a growing pause. ``event_key`` is unique: one event
    never makes two messages. A message carrying a secret (a one-time code) has its text blanked
    once the gateway has taken it.
    """

    __tablename__ = "outbox_sms"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_phone: Mapped[str] = mapped_column(String(16), index=True)  # E.164
    template: Mapped[str] = mapped_column(String(40))  # the key in notifications/data/sms_templates.json
    template_id: Mapped[str] = mapped_column(String(40), default="")  # the DLT template id
    sender: Mapped[str] = mapped_column(String(11), default="")  # the DLT header
    locale: Mapped[str] = mapped_column(String(5), default="en")
    text: Mapped[str] = mapped_column(Text)
    secret: Mapped[bool] = mapped_column(default=False)
    event_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # a one-time code's message is worthless once the code has expired: not sent after this
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), index=True)
    error: Mapped[str | None] = mapped_column(Text)
