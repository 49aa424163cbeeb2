"""What the catalogue announces, for the layers above it to act on (saved items tell buyers).

A lower layer never imports a higher one: the catalogue sends a signal and whoever cares listens
(``marketplace.buyers.saved`` connects its receiver in ``init_app``).

* ``listing_changed`` sender: the ``Listing`` whose stock or price a flush is about to write
  through the ORM (a seller's edit, quick stock edit, CSV import, the ODOP cell); ``old_stock=``,
  ``new_stock=``, ``old_price=``, ``new_price=`` (paise). Sent from a ``before_flush`` hook, inside
  the writer's unit of work: a receiver adds rows to the session and never commits. Stock moved by
  orders with bulk SQL is announced by ``orders.signals.stock_changed`` instead.
"""
from __future__ import annotations

from blinker import Namespace
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from marketplace.catalog.models import Listing

catalog_signals = Namespace()

listing_changed = catalog_signals.signal(
    "listing-changed", doc="A listing's stock or price is being changed (sender: the Listing).")

#: sender: the ``Seller`` whose payout bank details changed (``actor_id=``, ``before=``,
#: ``after=``: masked dicts, never the account number). Sent by ``sellers.save_profile`` inside
#: its unit of work; the admin package writes an audit entry.
bank_details_changed = catalog_signals.signal(
    "bank-details-changed", doc="A seller's payout bank details changed (sender: the Seller).")

_watching = False


def _old_new(state, name: str, current):
    history = state.attrs[name].history
    if not history.has_changes() or not history.deleted:
        return current, current
    return history.deleted[0], current


def watch_listings() -> None:
    """Register the session hook that sends ``listing_changed`` (global to SQLAlchemy: once per process)."""
    global _watching
    if _watching:
        return
    _watching = True

    @event.listens_for(Session, "before_flush")
    def _announce_listing_changes(session, _ctx, _instances):
        if not listing_changed.receivers:
            return
        for obj in list(session.dirty):
            if not isinstance(obj, Listing) or obj.id is None:
                continue
            state = inspect(obj)
            old_stock, new_stock = _old_new(state, "stock", obj.stock)
            old_price, new_price = _old_new(state, "price_paise", obj.price_paise)
            if old_stock != new_stock or old_price != new_price:
                listing_changed.send(obj, old_stock=old_stock, new_stock=new_stock,
                                     old_price=old_price, new_price=new_price)
