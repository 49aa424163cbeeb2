"""``flask --app marketplace odop load-districts``: reference data for the 75 districts."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.catalog.districts import load_districts

odop_cli = AppGroup("odop", help="ODOP reference data.")


@odop_cli.command("load-districts")
def load_districts_command() -> None:
    """Load (or refresh) the 75 districts, their divisions and ODOP products. Idempotent."""
    result = load_districts()
    click.echo(
        f"{result.districts_total} districts ({result.districts_created} new), "
        f"{result.divisions} divisions, {result.categories} ODOP product categories"
    )
