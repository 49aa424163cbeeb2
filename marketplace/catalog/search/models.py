"""The search change feed (an outbox): one row per catalogue change, written in the same
transaction as the change, read by every node's index follower (``sync.follow_once``).

``seq`` only grows: AUTOINCREMENT on SQLite (a pruned or rolled-back number is never reused), a
sequence on PostgreSQL (numbers are handed out at insert, so transactions can make them visible
out of order; the follower handles the gaps). ``listing_id`` NULL: catalogue pages changed but no
listing did (a district, division or category renamed that has none). No foreign key: a row
outlives a deleted listing, whose deletion it announces.

``pages``: whether cached pages may show the change. False for a stock change that keeps the
stock state a page shows ("In stock" before and after: 5 units or more) and for a popularity
(``sold_count``) change; the search index applies every row, but the page cache's version only
follows the ``pages`` rows (``sync.catalog_version``).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Index, Integer, true
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, utcnow
from marketplace.extensions import db


class SearchChange(db.Model):
    """A catalogue change every search replica must apply (see the module docstring)."""

    __tablename__ = "search_changes"
    __table_args__ = (
        # max(seq) of the rows pages show (the page cache's head) without a scan
        Index("ix_search_changes_pages_seq", "pages", "seq"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    listing_id: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default=true())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False, index=True)
