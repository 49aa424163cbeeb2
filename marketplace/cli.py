"""Project-wide commands: ``flask --app marketplace translate init|update|compile`` and
``flask --app marketplace pins refresh PATH [--dry-run]`` (the PIN directory)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace import india

from marketplace.config import PROJECT_ROOT

translate_cli = AppGroup("translate", help="Extract, update and compile the Hindi/English catalogs.")

TRANSLATIONS = PROJECT_ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
BABEL_CFG = PROJECT_ROOT / "babel.cfg"


def _pybabel(*args: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    if subprocess.call(command, cwd=PROJECT_ROOT) != 0:
        raise click.ClickException("pybabel " + " ".join(args) + " failed")


def extract(output: Path = POT) -> None:
    """Extract every translatable string of the code and templates into ``output``."""
    _pybabel(
        "extract", "-F", str(BABEL_CFG), "-k", "_l", "-k", "lazy_gettext", "--no-location",
        "--sort-output", "--project", "ODOP Bazaar", "-o", str(output), "marketplace",
    )


@translate_cli.command("update")
def update() -> None:
    """Extract strings and merge them into every language's messages.po."""
    extract()
    _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching", "--ignore-obsolete")


@translate_cli.command("compile")
def compile_catalogs() -> None:
    """Compile messages.po into messages.mo for every language."""
    _pybabel("compile", "-d", str(TRANSLATIONS))


@translate_cli.command("init")
@click.argument("lang")
def init(lang: str) -> None:
    """Start a catalog for a new language."""
    extract()
    _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", lang)


pins_cli = AppGroup("pins", help="The PIN directory (marketplace/data/pin_directory.csv).")


@pins_cli.command("refresh")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Count what would change and write nothing.")
def refresh_pins(path: Path, dry_run: bool) -> None:
    """Replace the PIN directory with a newer copy: India Post's open-data CSV (data.gov.in,
    "All India Pincode Directory") or the pincodes.py of the pincode-directory package.

    Prints the PINs added, changed and removed; a file with junk rows is refused, each listed
    with its line number, and nothing changes."""
    target = Path(current_app.config.get("PIN_DIRECTORY_FILE") or india.PIN_DIRECTORY)
    try:
        result = india.refresh_pin_directory(path, target=target, dry_run=dry_run)
    except india.PinSourceInvalid as exc:
        for line, reason in exc.problems[:50]:
            click.echo(f"line {line}: {reason}", err=True)
        if len(exc.problems) > 50:
            click.echo(f"... and {len(exc.problems) - 50} more", err=True)
        raise click.ClickException(f"{len(exc.problems)} row(s) refused; {target.name} was not changed") from None
    click.echo(f"{result.total} PIN codes: {result.added} added, {result.changed} changed, "
               f"{result.removed} removed")
    click.echo(f"dry run: {target.name} not changed" if dry_run else f"written: {target}")
