"""Catalog: districts, ODOP products, sellers, listings, images, search."""
from __future__ import annotations


def init_app(app) -> None:
    from marketplace.catalog.views import bp

    app.register_blueprint(bp)
