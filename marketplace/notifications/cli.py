"""``flask --app marketplace mail deliver``: send queued mail over SMTP (run it from cron).

``flask --app marketplace sms deliver [--limit N] [--loop] [--interval S]``: the SMS worker.
"""
from __future__ import annotations

import logging
import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.extensions import db
from marketplace.notifications.service import deliver_outbox
from marketplace.notifications.sms import deliver_sms

log = logging.getLogger(__name__)

mail_cli = AppGroup("mail", help="Outgoing mail.")
sms_cli = AppGroup("sms", help="Outgoing text messages.")


@mail_cli.command("deliver")
@click.option("--limit", default=100, show_default=True)
def deliver_command(limit: int) -> None:
    """Send mail waiting in the outbox (needs MAIL_SERVER)."""
    click.echo(f"sent {deliver_outbox(limit)} mail(s)")


@sms_cli.command("deliver")
@click.option("--limit", default=100, show_default=True, help="At most this many messages per round.")
@click.option("--loop", is_flag=True, help="Keep going until SIGTERM or SIGINT (the worker).")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds with --loop.")
def sms_deliver_command(limit: int, loop: bool, interval: float) -> None:
    """Send due text messages to SMS_GATEWAY_URL (and, with --loop, mail too when MAIL_SERVER is set)."""
    if not loop:
        click.echo(f"sent {deliver_sms(limit)} SMS")
        return
    if not current_app.config.get("SMS_GATEWAY_URL"):
        click.echo("SMS_GATEWAY_URL is not set: messages stay in the outbox_sms table", err=True)
    stop = threading.Event()
    previous = {}
    for number in (signal.SIGTERM, signal.SIGINT):
        previous[number] = signal.signal(number, lambda *_: stop.set())
    try:
        while not stop.is_set():
            try:
                sent = deliver_sms(limit)
                mails = deliver_outbox(limit) if current_app.config.get("MAIL_SERVER") else 0
            except Exception:  # the database went away, say: keep the worker alive, try next round
                log.exception("sms worker round failed")
                db.session.rollback()
                sent = mails = 0
            if sent or mails:
                click.echo(f"sent {sent} SMS, {mails} mail(s)")
            if sent < limit:  # a full round may have more waiting: go again at once
                stop.wait(interval)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    click.echo("stopped")
