"""Catalog: districts, ODOP products, sellers, listings, images, search."""
from __future__ import annotations


def init_app(app) -> None:
    from marketplace.catalog.cli import odop_cli
    from marketplace.catalog.districts import load_districts
    from marketplace.catalog.views import bp
    from marketplace.demo import register_demo_loader

    app.register_blueprint(bp)
    app.cli.add_command(odop_cli)
    register_demo_loader(app, "districts", 15, load_districts)
