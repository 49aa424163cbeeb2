"""Demo data of the orders domain (loader order 40): the default freight-subsidy policy and
the first freight rate version.

The migration ``orders_0003`` already stores the shipped rate table (``data/freight_rates.json``)
as the first version; the loader makes sure it is there (a database emptied by hand gets it
back) and that the file parses, so a broken table stops ``make run`` instead of the first
checkout.
"""
from __future__ import annotations

from marketplace.extensions import db

from .claims import ensure_default_policy
from .freight import ensure_default_rates


def load_demo_orders() -> None:
    """Idempotent: adds the default subsidy policy and the first freight rate version once."""
    ensure_default_rates()
    db.session.commit()
    ensure_default_policy()
