"""Telling the catalogue that orders changed a listing's stock.

Checkout, payment and cancellation move stock and ``sold_count`` with guarded SQL UPDATEs
(``synchronize_session=False``), which the catalogue's flush hooks do not see (they watch ORM
changes). Every listing such an UPDATE touches gets a row in the search change feed
(``catalog.search.sync.record_changes``) in the same transaction: it commits with the order
(never for a rolled-back one), and then every node's search index (stock, ``in_stock``,
popularity) and page cache follow it.
"""
from __future__ import annotations

from marketplace.catalog.search import sync as search_sync


def note_listing(listing_id: int) -> None:
    """Record, in the current transaction, that a bulk UPDATE changed ``listing_id``."""
    search_sync.record_changes([listing_id])


def note_stock(listing_id: int, new_stock: int, change: int) -> None:
    """Record, in the current transaction, that ``listing_id`` now has ``new_stock`` units after a
    change of ``change`` units (negative: taken). Every change counts: the product page, the
    search index's stock and popularity all follow it."""
    note_listing(listing_id)
