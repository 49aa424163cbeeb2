"""admin domain: see docs/CONVENTIONS.md; blueprints, CLI and demo loaders are registered here."""
from __future__ import annotations


def init_app(app) -> None:
    """Nothing to register until this package has views."""
