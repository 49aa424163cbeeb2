"""Telling the catalogue that orders changed a listing's stock.

Checkout, payment and cancellation move stock and ``sold_count`` with guarded SQL UPDATEs
(``synchronize_session=False``), which the catalogue's page cache and search index do not see
(they watch ORM changes). Every listing such an UPDATE touches is noted during the transaction;
after the commit (never before: a rolled-back order changes nothing) the page cache is
invalidated (``page_cache.catalog_changed``) and the listings are queued for the search index
through its public API (``get_index().notify(ids)``: stock, ``in_stock``, popularity).
"""
from __future__ import annotations

import logging

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace import page_cache
from marketplace.catalog.search import sync as search_sync
from marketplace.extensions import db

log = logging.getLogger(__name__)
KEY = "orders_listings_changed"


def note_listing(listing_id: int) -> None:
    """Record, in the current transaction, that a bulk UPDATE changed ``listing_id``."""
    db.session.info.setdefault(KEY, set()).add(listing_id)


def note_stock(listing_id: int, new_stock: int, change: int) -> None:
    """Record, in the current transaction, that ``listing_id`` now has ``new_stock`` units after a
    change of ``change`` units (negative: taken). Every change counts: the product page, the
    search index's stock and popularity all follow it."""
    note_listing(listing_id)


def _publish(ids: set[int]) -> None:
    page_cache.catalog_changed()
    try:
        search_sync.get_index(current_app._get_current_object()).notify(sorted(ids))
    except Exception:  # the commit already happened; search catches up at its next drain
        log.exception("could not queue listings %s for the search index", sorted(ids)[:20])


_listening = False


def init_app(app) -> None:
    """Register the session hooks once per process."""
    global _listening
    if _listening:
        return
    _listening = True

    @event.listens_for(Session, "after_commit")
    def _after_commit(session):
        ids = session.info.pop(KEY, None)
        if ids and has_app_context():
            _publish(ids)

    @event.listens_for(Session, "after_rollback")
    def _after_rollback(session):
        session.info.pop(KEY, None)
