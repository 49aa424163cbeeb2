"""Search for ODOP Bazaar listings: Hindi, English and Hinglish, typo-tolerant, faceted.

Modules: ``text`` (normalisation, tokenizer, romanisation, phonetic key), ``synonyms``
(+ ``data/synonyms.csv``), ``schema`` (``SearchDoc`` and the Whoosh schema), ``index`` (the index
directory and the single-writer funnel), ``query`` (search, suggest), ``sync`` (catalog models ->
documents, commit hooks), ``service``/``views``/``api``/``cli``. See docs/search.md.

The app factory calls ``marketplace.catalog.search.init_app(app)``.
"""
from __future__ import annotations


def init_app(app) -> None:
    """Register the search page, the API, ``flask search ...``, the demo loader (order 90) and
    the commit hooks that keep the index true. Safe to call twice."""
    if "search" in app.blueprints:
        return
    from marketplace.demo import register_demo_loader

    from . import api, cli, sync, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(cli.search_cli)
    register_demo_loader(app, "search", 90, lambda: sync.rebuild(app))
    sync.watch_commits()
