"""``flask --app marketplace meets ...``: load the 2019 meets, build a timetable from the shell."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.buyers import meets, timetable
from marketplace.buyers.demo import load_past_meets
from marketplace.buyers.reminders import remind_day_before
from marketplace.extensions import db

meets_cli = AppGroup("meets", help="Samagam buyer-seller meets.")


@meets_cli.command("load-past")
def load_past():
    """Create the 2019 udyam samagams (from the districts' data) as past meets."""
    click.echo(f"{load_past_meets()} past meets created")


@meets_cli.command("remind")
def remind():
    """Tell tomorrow's participants their first meeting (the job worker does this daily at 09:00 IST)."""
    click.echo(f"{remind_day_before()} participants reminded")


@meets_cli.command("schedule")
@click.argument("samagam_id", type=int)
@click.option("--as-user", "email", required=True, help="Email of an organiser or admin.")
def schedule(samagam_id: int, email: str):
    """Run matching and build the timetable of a meet (pinned meetings stay)."""
    user = db.session.scalar(select(User).where(User.email == email.lower()))
    if user is None:
        raise click.ClickException("no such user")
    leads = meets.run_matching(user, samagam_id)
    result = timetable.build_timetable(user, samagam_id)
    click.echo(f"{leads} leads, {len(result.meetings)} meetings, "
               f"{len(result.unscheduled)} requests unplaced, total priority {result.total_priority:.0f}")
