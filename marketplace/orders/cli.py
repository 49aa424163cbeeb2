"""``flask --app marketplace orders ...``: expiry of unpaid orders, the default subsidy policy."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from . import payments
from .cancellation import expire_unpaid
from .claims import ensure_default_policy

orders_cli = AppGroup("orders", help="Orders, payments and the freight subsidy.")


@orders_cli.command("expire")
def expire_command() -> None:
    """Cancel card orders left unpaid for 30 minutes and give their stock back."""
    count = expire_unpaid(gateway=payments.gateway_from_config())
    click.echo(f"expired {count} unpaid order(s)")


@orders_cli.command("default-policy")
def default_policy_command() -> None:
    """Store the default freight-subsidy policy (2019 marketing assistance) if missing."""
    added = ensure_default_policy()
    click.echo("default subsidy policy added" if added else "default subsidy policy already present")
