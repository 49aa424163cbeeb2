"""Demo data for ``make run``: each domain registers an idempotent loader here.

``flask --app marketplace demo load`` runs them in order (accounts 10, catalog 20, orders 40,
buyers 50, admin 60, search 90). A loader must leave the database unchanged when its data is
already there, so running ``make run`` twice duplicates nothing.
"""
from __future__ import annotations

import contextlib
import logging
import time
from typing import Callable, Iterator

import click
from flask import current_app
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data for local use.")


@contextlib.contextmanager
def quiet_mail() -> Iterator[None]:
    """Keep the mails and SMS a demo loader causes (kept in the outboxes as always) out of the
    console: without an SMTP server or SMS gateway each one is logged, and a few hundred would
    bury `make run`'s output."""
    logs = [logging.getLogger(name) for name in ("marketplace.notifications.service", "marketplace.notifications.sms")]
    levels = [log.level for log in logs]
    for log in logs:
        log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for log, level in zip(logs, levels):
            log.setLevel(level)


def register_demo_loader(app, name: str, order: int, loader: Callable[[], None]) -> None:
    """Add ``loader`` (no arguments, idempotent) to the demo data steps, run in ``order``."""
    app.extensions.setdefault("demo_loaders", []).append((order, name, loader))


@demo_cli.command("load")
@click.option("--only", multiple=True, help="Run only these loaders (by name).")
def load_command(only: tuple[str, ...]) -> None:
    """Load reference and demo data (idempotent)."""
    for order, name, loader in sorted(current_app.extensions.get("demo_loaders", []), key=lambda t: t[:2]):
        if only and name not in only:
            continue
        started = time.perf_counter()
        loader()
        click.echo(f"demo: {name} ready ({time.perf_counter() - started:.1f} s)")
