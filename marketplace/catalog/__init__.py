"""Catalog: districts, ODOP products, sellers, listings, images, search."""
from __future__ import annotations


def init_app(app) -> None:
    from marketplace.catalog import api, pages, review_views, seller_views, tasks, views  # noqa: F401 (tasks: the daily jobs)
    from marketplace.catalog.cli import odop_cli
    from marketplace.catalog.media_cli import media_cli
    from marketplace.catalog.demo import load_demo_catalogue
    from marketplace.catalog.districts import load_districts
    from marketplace.catalog.seller_cli import catalog_cli, sellers_cli
    from marketplace.demo import register_demo_loader

    app.register_blueprint(views.bp)
    app.register_blueprint(pages.bp)
    from marketplace.accounts.signals import first_page
    from marketplace.catalog.sellers import first_page_of_new_seller

    first_page.connect(first_page_of_new_seller, weak=False)  # the same function every time: connected once
    app.jinja_env.filters["gi_name"] = _gi_name
    from marketplace.catalog.models import LOW_STOCK

    app.jinja_env.globals["LOW_STOCK"] = LOW_STOCK
    app.register_blueprint(seller_views.bp)
    app.register_blueprint(review_views.bp)
    from marketplace.catalog.reviews import average_label, count_label, rating_label

    app.jinja_env.globals.update(rating_label=rating_label, rating_count_label=count_label,
                                 rating_average_label=average_label)
    app.register_blueprint(api.bp)
    app.cli.add_command(odop_cli)
    app.cli.add_command(sellers_cli)
    app.cli.add_command(catalog_cli)
    app.cli.add_command(media_cli)
    register_demo_loader(app, "districts", 15, load_districts)
    register_demo_loader(app, "catalogue", 20, load_demo_catalogue)
    from marketplace.catalog import search

    search.init_app(app)
    from marketplace.catalog.signals import watch_listings

    watch_listings()  # stock and price changes are announced (catalog/signals.py)


def _gi_name(tag: str) -> str:
    """Template filter: a GI tag's name in the page's language (``{{ tag|gi_name }}``)."""
    from marketplace.catalog.gi import gi_name
    from marketplace.i18n import current_lang

    return gi_name(tag, current_lang())
