"""``flask --app marketplace search reindex|follow|status``."""
from __future__ import annotations

import signal
import threading
import time

import click
from flask import current_app
from flask.cli import AppGroup

from . import sync

search_cli = AppGroup("search", help="The listing search index.")


@search_cli.command("reindex")
def reindex_command() -> None:
    """Build a new index from the database beside the old one, then swap it in.

    Searches keep being answered from the old index until the swap; the change feed is applied
    to the new one from where it stood when the build started.
    """
    started = time.perf_counter()
    n = sync.rebuild(current_app._get_current_object())
    click.echo(f"search: indexed {n} listings in {time.perf_counter() - started:.1f} s")


@search_cli.command("follow")
@click.option("--once", is_flag=True, help="Apply what the feed holds now and stop.")
def follow_command(once: bool) -> None:
    """Apply the change feed to this node's index until stopped (SIGTERM or Ctrl-C stop it
    cleanly, between two Whoosh commits). For nodes whose web processes run with
    SEARCH_FOLLOW off; with "thread" the web processes do it themselves."""
    app = current_app._get_current_object()
    if once:
        n = sync.follow_once(app, wait=True)
        click.echo(f"search: applied {n} changes")
        return
    stop = threading.Event()

    def _stop(_signum, _frame):
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _stop)
    click.echo("search: following the change feed (Ctrl-C to stop)")
    sync.run_follower(app, stop, on_applied=lambda n: click.echo(f"search: applied {n} changes"))
    click.echo("search: stopped")


@search_cli.command("status")
def status_command() -> None:
    """Documents in this node's index, its feed position, the feed head and the lag."""
    ix = sync.get_index()
    lag = sync.replica_lag()
    click.echo(f"index: {ix.current_dir()}")
    click.echo(f"documents: {ix.doc_count() if ix.exists() else 0}")
    click.echo(f"applied seq: {lag['applied_seq']}")
    click.echo(f"feed head: {lag['head_seq']}")
    click.echo(f"behind: {lag['behind']} changes, oldest {lag['seconds']:.1f} s")
