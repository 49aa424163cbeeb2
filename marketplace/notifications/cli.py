"""``flask --app marketplace mail deliver``: send mail left in the outbox now (catching up).

``flask --app marketplace sms deliver [--limit N]``: send the due text messages now.

Both are normally sent by the job worker (``flask --app marketplace jobs worker``, docs/jobs.md);
these commands are for an operator who wants it done at once.
"""
from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.notifications.service import deliver_outbox
from marketplace.notifications.sms import deliver_sms

mail_cli = AppGroup("mail", help="Outgoing mail.")
sms_cli = AppGroup("sms", help="Outgoing text messages.")


@mail_cli.command("deliver")
@click.option("--limit", default=100, show_default=True)
def deliver_command(limit: int) -> None:
    """Send mail waiting in the outbox (needs MAIL_SERVER)."""
    click.echo(f"sent {deliver_outbox(limit)} mail(s)")


@sms_cli.command("deliver")
@click.option("--limit", default=100, show_default=True, help="At most this many messages.")
def sms_deliver_command(limit: int) -> None:
    """Send due text messages to SMS_GATEWAY_URL (the job worker does this by itself)."""
    click.echo(f"sent {deliver_sms(limit)} SMS")
