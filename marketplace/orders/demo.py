"""Demo data of the orders domain (loader order 40): the default freight-subsidy policy.

The freight rate table is a data file shipped with the package (``data/freight_rates.json``),
so there is nothing to load for it; the loader checks that it parses, so a broken table stops
``make run`` instead of the first checkout.
"""
from __future__ import annotations

from .claims import ensure_default_policy
from .freight import default_rate_table


def load_demo_orders() -> None:
    """Idempotent: adds the default subsidy policy once; validates the rate table."""
    default_rate_table()
    ensure_default_policy()
