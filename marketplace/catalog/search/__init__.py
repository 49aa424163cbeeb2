"""Search for ODOP Bazaar listings: Hindi, English and Hinglish, typo-tolerant, faceted.

Modules: ``text`` (normalisation, tokenizer, romanisation, phonetic key), ``synonyms``
(+ ``data/synonyms.csv``), ``schema`` (``SearchDoc`` and the Whoosh schema), ``index`` (the index
directory, the feed follower and the single writer), ``models`` (the change feed), ``query`` (search, suggest), ``sync`` (catalog models ->
documents, commit hooks), ``service``/``views``/``api``/``cli``. See docs/search.md.

The app factory calls ``marketplace.catalog.search.init_app(app)``.
"""
from __future__ import annotations


def init_app(app) -> None:
    """Register the search page, the API, ``flask search ...``, the demo loader (order 90), the
    commit hooks that write the change feed, the page cache's catalogue version and (with
    ``SEARCH_FOLLOW = "thread"``) the follower thread. Safe to call twice."""
    if "search" in app.blueprints:
        return
    from marketplace import page_cache
    from marketplace.demo import register_demo_loader

    from . import api, cli, sync, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.cli.add_command(cli.search_cli)
    register_demo_loader(app, "search", 90, lambda: sync.rebuild(app))
    sync.watch_commits()
    page_cache.version_source(sync.catalog_version)
    sync.follower_on_first_request(app)  # does something only while SEARCH_FOLLOW is "thread"
    _register_probes(app, sync)


def _register_probes(app, sync) -> None:
    """/readyz: this node's index exists and is at most ``SEARCH_MAX_LAG_S`` seconds behind the
    feed; /metrics: the same lag, in seconds and in changes (docs/deploy.md)."""
    from marketplace.health import register_gauge, register_readiness_check

    def ready():
        if not sync.get_index(app).exists():
            return False, {"index": "missing (the follower builds it)"}
        lag = sync.replica_lag(app)
        return lag["seconds"] <= app.config["SEARCH_MAX_LAG_S"], lag

    register_readiness_check(app, "search", ready)
    register_gauge(app, "odop_search_replica_lag_seconds",
                   "Age in seconds of the oldest search change this node has not applied",
                   lambda: sync.replica_lag(app)["seconds"])
    register_gauge(app, "odop_search_replica_behind", "Search changes this node has not applied yet",
                   lambda: sync.replica_lag(app)["behind"])
