"""Column types and mixins shared by every model.

SQLite has no time-zone-aware timestamp, so ``UTCDateTime`` stores naive UTC and always hands
back aware UTC datetimes: code compares and subtracts datetimes the same way on SQLite and
PostgreSQL, and display converts to Asia/Kolkata.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, and_
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC; naive input is refused rather than guessed."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class TimestampMixin:
    """``created_at`` and ``updated_at``, both UTC."""

    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )


def contains(column, text: str):
    """SQL: ``column`` contains ``text`` as typed, ignoring case. ``%`` and ``_`` in the text match
    themselves, not any characters (a search box is not a pattern language)."""
    literal = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{literal}%", escape="\\")


def in_period(column, start: dt.datetime, end: dt.datetime):
    """SQL: the timestamp ``column`` lies in the half-open period ``start <= t < end`` (how every
    report counts a month or a financial year: a moment belongs to exactly one period)."""
    return and_(column >= start, column < end)
