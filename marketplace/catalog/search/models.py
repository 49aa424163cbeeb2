"""The search change feed (an outbox): one row per catalogue change, written in the same
transaction as the change, read by every node's index follower (``sync.follow_once``).

``seq`` only grows: AUTOINCREMENT on SQLite (a pruned or rolled-back number is never reused), a
sequence on PostgreSQL (numbers are handed out at insert, so transactions can make them visible
out of order; the follower handles the gaps). ``listing_id`` NULL: catalogue pages changed but no
listing did (a district, division or category renamed that has none). No foreign key: a row
outlives a deleted listing, whose deletion it announces.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, utcnow
from marketplace.extensions import db


class SearchChange(db.Model):
    """A catalogue change every search replica must apply (see the module docstring)."""

    __tablename__ = "search_changes"
    __table_args__ = {"sqlite_autoincrement": True}

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    listing_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False, index=True)
