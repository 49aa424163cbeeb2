"""Project-wide commands: ``flask --app marketplace translate init|update|compile``."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

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
