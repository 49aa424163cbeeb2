"""``flask --app marketplace search reindex|worker|status``."""
from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from . import sync

search_cli = AppGroup("search", help="The listing search index.")


@search_cli.command("reindex")
def reindex_command() -> None:
    """Build a new index from the database beside the old one, then swap it in.

    Searches keep being answered from the old index until the swap; changes committed while
    it runs are replayed into the new one.
    """
    started = time.perf_counter()
    n = sync.rebuild(current_app._get_current_object())
    click.echo(f"search: indexed {n} listings in {time.perf_counter() - started:.1f} s")


@search_cli.command("worker")
@click.option("--interval", default=0.5, show_default=True, help="Seconds between looks at the queue.")
@click.option("--once", is_flag=True, help="Drain the queue once and stop.")
def worker_command(interval: float, once: bool) -> None:
    """Apply queued listing changes (for deployments that set SEARCH_KICK=none)."""
    ix = sync.get_index()
    while True:
        n = ix.drain(blocking=True, timeout=interval * 4)
        if n:
            click.echo(f"search: applied {n} listings")
        if once:
            return
        time.sleep(interval)


@search_cli.command("status")
def status_command() -> None:
    """Documents in the live index and changes waiting in the queue."""
    ix = sync.get_index()
    click.echo(f"index: {ix.current_dir()}")
    click.echo(f"documents: {ix.doc_count() if ix.exists() else 0}")
    click.echo(f"queued: {ix.pending_count()}")
