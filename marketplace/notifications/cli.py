"""``flask --app marketplace mail deliver``: send queued mail over SMTP (run it from cron)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.notifications.service import deliver_outbox

mail_cli = AppGroup("mail", help="Outgoing mail.")


@mail_cli.command("deliver")
@click.option("--limit", default=100, show_default=True)
def deliver_command(limit: int) -> None:
    """Send mail waiting in the outbox (needs MAIL_SERVER)."""
    click.echo(f"sent {deliver_outbox(limit)} mail(s)")
