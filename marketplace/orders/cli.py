"""``flask --app marketplace orders ...``: expiry of unpaid orders, the default subsidy policy."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from . import payments
from .cancellation import expire_unpaid
from .claims import ensure_default_policy
from .ledger import unbalanced_transactions
from .ledger_backfill import backfill

orders_cli = AppGroup("orders", help="Orders, payments and the freight subsidy.")
ledger_cli = AppGroup("ledger", help="The ledger of what sellers are owed and paid (issue #14).")


@ledger_cli.command("backfill")
def ledger_backfill_command() -> None:
    """Enter the sales, refunds and DBT memos of orders older than the ledger (idempotent)."""
    result = backfill()
    click.echo(f"ledger backfill: {result.sales} sale(s), {result.refunds} refund(s), "
               f"{result.overpaid} overpayment(s), {result.memos} DBT memo(s) entered")


@ledger_cli.command("check")
def ledger_check_command() -> None:
    """Check that every ledger transaction sums to zero (exit status 1 when one does not)."""
    bad = unbalanced_transactions()
    if bad:
        click.echo(f"{len(bad)} unbalanced transaction(s): {', '.join(bad[:20])}", err=True)
        raise SystemExit(1)
    click.echo("ledger balanced")


@orders_cli.command("expire")
def expire_command() -> None:
    """Cancel card orders left unpaid for 30 minutes and give their stock back (the job worker
    does this every minute by itself)."""
    count = expire_unpaid(gateway=payments.gateway_from_config())
    click.echo(f"expired {count} unpaid order(s)")


@orders_cli.command("default-policy")
def default_policy_command() -> None:
    """Store the default freight-subsidy policy (2019 marketing assistance) if missing."""
    added = ensure_default_policy()
    click.echo("default subsidy policy added" if added else "default subsidy policy already present")


@orders_cli.command("track")
def track_command() -> None:
    """Ask the courier for the events of every parcel on its way (catches a lost webhook; the
    job worker does this every 15 minutes by itself)."""
    from .shipping.carriers import carrier_for, courier_booking_enabled
    from .shipping.service import poll

    if not courier_booking_enabled():
        click.echo("no courier aggregator configured (SHIPPING_ADAPTER=aggregator, SHIPPING_API_URL)")
        return
    result = poll(carrier_for())
    click.echo(f"tracking: {result.applied} applied, {result.duplicates} already known, "
               f"{result.stale} late, {result.unknown} unknown")
