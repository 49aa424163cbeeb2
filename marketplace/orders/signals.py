"""What orders announce, for the layers above them to act on (the meets move their leads).

A lower layer never imports a higher one: orders do not know the meets, they send a signal and
whoever cares listens (``marketplace.buyers.leads`` connects its receivers in ``init_app``).

Each signal is sent by the order service inside its unit of work, just before it commits: a
receiver's changes are committed (or rolled back) together with the order's. So a receiver
adds to the session and never commits, and refuses a change it does not want by not making it
(an exception it raises rolls the whole order back: keep that for real failures).

* ``order_placed``       sender: the ``Order``, right after its quotes were used
  (``checkout.place_order``); ``now=`` the time of the order.
* ``suborder_cancelled`` sender: the ``SubOrder``, after stock, subsidy and its quotes were given
  back (``fulfilment.try_change``: buyer, seller, ODOP cell, or expiry of an unpaid card order).
* ``suborder_delivered`` sender: the ``SubOrder``, once it is delivered (``fulfilment.try_change``).
* ``delivery_confirmed_by_hand`` sender: the ``SubOrder``, once an officer confirmed its delivery
  with a reason and a proof file (``shipping.proof.confirm_delivery_by_hand``); ``actor_id=``,
  ``reason=``, ``previous_status=`` (``shipped`` or ``delivered``), ``file_kind=`` (``image``/``pdf``),
  ``original_name=`` and ``declared_type=`` (what the browser said of the file, for the record only).
"""
from __future__ import annotations

from blinker import Namespace

orders_signals = Namespace()

order_placed = orders_signals.signal("order-placed", doc="An order was placed (sender: the Order).")
suborder_cancelled = orders_signals.signal(
    "suborder-cancelled", doc="A sub-order was cancelled (sender: the SubOrder).")
suborder_delivered = orders_signals.signal(
    "suborder-delivered", doc="A sub-order was delivered (sender: the SubOrder).")
delivery_confirmed_by_hand = orders_signals.signal(
    "delivery-confirmed-by-hand",
    doc="An officer confirmed a sub-order's delivery with a proof (sender: the SubOrder).")
#: sender: the listing id; ``new_stock=``, ``change=`` (units, negative: taken). Sent by
#: ``stock_events.note_stock`` for the bulk SQL of checkout and cancellation, which the
#: catalogue's ORM hook (``catalog.signals.listing_changed``) does not see.
stock_changed = orders_signals.signal(
    "stock-changed", doc="Orders moved a listing's stock with bulk SQL (sender: the listing id).")
