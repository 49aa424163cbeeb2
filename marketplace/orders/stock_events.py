"""Telling the catalogue that orders changed a listing's stock.

Checkout and cancellation move stock with guarded SQL UPDATEs, which the catalogue's page cache
and search index do not see (they watch ORM changes). A listing whose stock is, or was, below
``LOW_STOCK`` is noted during the transaction; after the commit the page cache is invalidated and
the listing is queued for the search index (its ``in_stock`` flag and popularity). Above that
level the pages show a plain "in stock", so nothing visible changed and nothing is invalidated.
"""
from __future__ import annotations

import logging

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.extensions import db

log = logging.getLogger(__name__)
LOW_STOCK = 5  # the catalogue shows "only N left" below this
KEY = "orders_listings_changed"


def note_stock(listing_id: int, new_stock: int, change: int) -> None:
    """Record, in the current transaction, that ``listing_id`` now has ``new_stock`` units after a
    change of ``change`` units (negative: taken)."""
    if min(new_stock, new_stock - change) < LOW_STOCK:
        db.session.info.setdefault(KEY, set()).add(listing_id)


def _publish(ids: set[int]) -> None:
    try:
        from marketplace import page_cache

        page_cache.catalog_changed()
    except ImportError:  # pragma: no cover - the page cache is optional
        pass
    try:
        from marketplace.catalog.search.sync import get_index

        get_index(current_app._get_current_object()).notify(sorted(ids))
    except ImportError:  # pragma: no cover - search is optional
        pass
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
