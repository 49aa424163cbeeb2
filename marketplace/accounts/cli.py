"""Operator commands: ``flask --app marketplace users create EMAIL --role ROLE``."""
from __future__ import annotations

import secrets
import sys

import click
from flask.cli import AppGroup

from marketplace.accounts import services
from marketplace.accounts.models import Role
from marketplace.errors import DomainError

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.BUYER.value, show_default=True)
@click.option("--name", default="", help="Full name (defaults to the part of the email before @).")
@click.option("--locale", type=click.Choice(["en", "hi"]), default="hi", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(email: str, role: str, name: str, locale: str, password_stdin: bool) -> None:
    """Create an account. Without --password-stdin a random password is printed once."""
    generated = not password_stdin
    password = secrets.token_urlsafe(12) if generated else sys.stdin.readline().rstrip("\n")
    try:
        user = services.create_user(email, password, name, role=role, locale=locale)
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")
    if generated:
        click.echo(f"Password: {password}")
