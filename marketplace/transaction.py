"""One unit of work: ``with committed(): ...`` commits what the block wrote, or rolls all of it
back and re-raises if the block raises (so no caller ever sees half-written data).

This is the only place that pairs ``commit`` with ``rollback``; services write::

    with committed():
        order = lock_order(order_id)
        ...

A block that decides to write nothing leaves by raising (a ``DomainError``), or calls
``db.session.rollback()`` itself before returning.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from marketplace.extensions import db


@contextmanager
def committed() -> Iterator[None]:
    """Commit on success; on any exception roll back, then let the exception go on."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
