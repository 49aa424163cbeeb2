"""Operator commands: ``flask --app marketplace users create [EMAIL] [--phone MOBILE] --role ROLE``."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from marketplace.accounts import invitations, services
from marketplace.accounts.models import Role
from marketplace.errors import DomainError
from marketplace.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("email", required=False, default="")
@click.option("--phone", default="", help="Mobile number (the invitation goes there by SMS).")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.BUYER.value, show_default=True)
@click.option("--name", default="", help="Full name (defaults to the part of the email before @).")
@click.option("--locale", type=click.Choice(["en", "hi"]), default="hi", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(email: str, phone: str, role: str, name: str, locale: str, password_stdin: bool) -> None:
    """Create an account. Without --password-stdin nobody's password is made up: the person is
    sent a link to claim the account (SMS to --phone, mail to EMAIL) and sets their language."""
    try:
        if password_stdin:
            if not email:
                raise click.ClickException("A password needs an EMAIL to sign in with.")
            user = services.create_user(email, sys.stdin.readline().rstrip("\n"), name, role=role, locale=locale,
                                        phone=phone or None)
            click.echo(f"Created {user.role} {user.email} (id {user.id}).")
            return
        if not email and not phone:
            raise click.ClickException("Give an EMAIL or --phone (or both).")
        address = invitations.check_email(email) if email else None
        number = invitations.check_phone(phone)
        if invitations.find_invitee(address, number) is not None:
            raise click.ClickException("An account with this email or mobile number exists already.")
        user = invitations.invite(address, invitations.check_name(name), number, role=role, locale=locale)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"Invited {user.role} {user.email or user.phone} (id {user.id}): a link to claim the account was sent.")
