"""Operator commands:

    flask --app marketplace sellers create [EMAIL] [--phone MOBILE] --district SLUG --name NAME [--verified]
    flask --app marketplace catalog import PATH --seller EMAIL [--skip-bad]
"""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from marketplace.accounts.services import find_user_by_email
from marketplace.catalog.listings import import_listings
from marketplace.catalog.sellers import create_seller_account, seller_for_user
from marketplace.errors import DomainError

sellers_cli = AppGroup("sellers", help="Seller accounts (for DIC officers onboarding artisans).")
catalog_cli = AppGroup("catalog", help="Catalogue operations.")


@sellers_cli.command("create")
@click.argument("email", required=False, default="")
@click.option("--district", "district_slug", required=True, help="District slug, e.g. varanasi.")
@click.option("--name", required=True, help="Enterprise name (English).")
@click.option("--name-hi", default="", help="Enterprise name (Hindi).")
@click.option("--udyam", default=None, help="Udyam number UDYAM-XX-00-0000000.")
@click.option("--phone", default=None, help="Mobile number.")
@click.option("--verified", is_flag=True, help="Mark the seller verified at once.")
@click.option("--password-stdin", is_flag=True, help="Read the new account's password from standard input.")
def create_seller_command(email, district_slug, name, name_hi, udyam, phone, verified, password_stdin):
    """Create a seller account with a minimal profile. Without --password-stdin the artisan is sent
    a link to claim the account (SMS to --phone, mail to EMAIL); no password is made up."""
    if not email and not phone:
        raise click.ClickException("Give the artisan's EMAIL or --phone (or both).")
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        seller, invited = create_seller_account(email, district_slug, name, verified=verified, name_hi=name_hi,
                                                udyam_number=udyam, phone=phone, password=password)
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from exc
    click.echo(f"Seller {seller.slug} ({seller.status}) in {district_slug} for {email or phone}.")
    if invited:
        click.echo("An invitation to claim the account was sent (SMS to the mobile, mail to the email).")


@catalog_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seller", "email", required=True, help="The seller account's email.")
@click.option("--skip-bad", is_flag=True, help="Import the good rows even when some rows are bad.")
def import_command(path: Path, email: str, skip_bad: bool):
    """Import listings from a CSV file for a seller (same SKU again: updated). Exit 1 on bad rows."""
    user = find_user_by_email(email)
    seller = seller_for_user(user.id) if user else None
    if seller is None:
        raise click.ClickException(f"No seller profile for {email}.")
    try:
        report = import_listings(seller.id, path.read_bytes(), skip_bad=skip_bad)
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from exc
    for error in report.errors:
        click.echo(error.message(), err=True)
    if report.applied:
        click.echo(f"{report.created} created, {report.updated} updated, {len(report.errors)} bad rows skipped.")
    else:
        click.echo(f"Nothing imported: {len(report.errors)} bad rows.", err=True)
        sys.exit(1)
