"""Telling the catalogue that orders changed a listing's stock.

Checkout, payment and cancellation move stock and ``sold_count`` with guarded SQL UPDATEs
(``synchronize_session=False``), which the catalogue's flush hooks do not see (they watch ORM
changes). Every listing such an UPDATE touches gets a row in the search change feed
(``catalog.search.sync.record_changes``) in the same transaction: it commits with the order
(never for a rolled-back one), and then every node's search index (stock, ``in_stock``,
popularity) follows it.

Cached pages show only the stock *state* (``catalog/_macros.html`` ``stock_state``: "Out of
stock" at 0 or less, "Only N left" under ``LOW_STOCK``, "In stock" otherwise) and no sold
count, so a row is marked ``pages=False`` when the state shown stays "In stock" and for a
popularity change: such a checkout empties no node's page cache (the "popular" order of a
cached page may lag by up to ``PAGE_CACHE_SECONDS``).
"""
from __future__ import annotations

from marketplace.catalog.models import LOW_STOCK
from marketplace.catalog.search import sync as search_sync

from .signals import stock_changed


def note_listing(listing_id: int, pages: bool = True) -> None:
    """Record, in the current transaction, that a bulk UPDATE changed ``listing_id``;
    ``pages=False``: nothing a cached page shows changed (e.g. only ``sold_count``)."""
    search_sync.record_changes([listing_id], pages=pages)


def note_popularity(listing_id: int) -> None:
    """Record that ``listing_id``'s ``sold_count`` changed: search's popularity follows at once,
    cached pages (whose "popular" order may lag by ``PAGE_CACHE_SECONDS``) are kept."""
    note_listing(listing_id, pages=False)


def shows_change(new_stock: int, change: int) -> bool:
    """Whether a stock change from ``new_stock - change`` to ``new_stock`` changes what a page
    shows: False only when it says "In stock" before and after."""
    return min(new_stock - change, new_stock) < LOW_STOCK


def note_stock(listing_id: int, new_stock: int, change: int) -> None:
    """Record, in the current transaction, that ``listing_id`` now has ``new_stock`` units after a
    change of ``change`` units (negative: taken). Every change reaches the search index (stock,
    ``in_stock``); cached pages only see one that changes the stock state they show."""
    note_listing(listing_id, pages=shows_change(new_stock, change))
    stock_changed.send(listing_id, new_stock=new_stock, change=change)
