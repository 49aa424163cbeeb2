"""The courier's price for a parcel, asked when the buyer looks at checkout and remembered for a
few minutes, so placing the order never waits for the courier inside its transaction (placing
asks once more just before it when nothing is remembered: another worker served the page, or it
is older than ten minutes; a failure is remembered for a minute).

Checkout charges the buyer the rate table's freight (the state's published tariff, known before
the courier answers and the same whether or not it does). When a courier aggregator is
configured, its cheapest price for the same parcel and lane is shown beside it, and the freight
subsidy is counted on the LOWER of the two: the treasury never pays more than the parcel really
costs to send. The order keeps the courier price it was decided on (``SubOrder.carrier_rate_paise``).
A courier that fails, times out or serves no courier on the lane gives no price: the rate
table's alone counts.
"""
from __future__ import annotations

import threading
import time
from typing import Iterable

from .carriers import Carrier, CourierError, carrier_for, courier_booking_enabled

REMEMBER_SECONDS = 600
FAILED_SECONDS = 60  # a courier that failed is not asked again for a minute: pages stay quick
_remembered: dict[tuple, tuple[float, int | None]] = {}
_lock = threading.Lock()


def parcel_size(boxes: Iterable[tuple[int, int, int, int]]) -> tuple[int, int, int]:
    """(length, width, height) cm of one parcel packing ``boxes`` of (length, width, height,
    quantity): the largest length and width, the heights stacked; at least 1 cm each."""
    boxes = list(boxes)
    length = max((b[0] or 0 for b in boxes), default=0)
    width = max((b[1] or 0 for b in boxes), default=0)
    height = sum((b[2] or 0) * b[3] for b in boxes)
    return max(1, length), max(1, width), max(1, height)


def courier_rate(from_pin: str, to_pin: str, weight_g: int, size: tuple[int, int, int], cod: bool, *,
                 fetch: bool = True, carrier: Carrier | None = None) -> int | None:
    """The cheapest courier's price in paise for this parcel, or None: no courier configured,
    no courier on the lane, the courier failed (never raises). ``fetch=False`` answers only from
    what was asked in the last ten minutes (placing an order never calls the courier)."""
    key = (from_pin, to_pin, int(weight_g), tuple(size), bool(cod))
    now = time.monotonic()
    with _lock:
        found = _remembered.get(key)
    if found is not None and found[0] > now:
        return found[1]
    if not fetch or not (from_pin and to_pin) or (carrier is None and not courier_booking_enabled()):
        return None
    try:
        rates = (carrier or carrier_for()).rates(from_pin, to_pin, int(weight_g), tuple(size), bool(cod))
        price = min((r.amount_paise for r in rates), default=None)
    except CourierError:
        price, ttl = None, FAILED_SECONDS
    else:
        ttl = REMEMBER_SECONDS
    with _lock:
        if len(_remembered) > 10_000:
            _remembered.clear()
        _remembered[key] = (now + ttl, price)
    return price


def forget() -> None:
    """Drop every remembered price (tests)."""
    with _lock:
        _remembered.clear()


def subsidy_base(table_paise: int, courier_paise: int | None) -> int:
    """The freight the subsidy is counted on: the lower of the rate table's and the courier's."""
    return table_paise if courier_paise is None else min(table_paise, courier_paise)
