"""ODOP Bazaar: the One District One Product marketplace of Uttar Pradesh.

``create_app`` builds the application in named steps, in the spirit of FlaskBB's factory:
configuration, extensions, blueprints (one ``init_app`` per domain package), error handlers,
CLI and template helpers.

Each step imports what it wires inside itself, on purpose: this file runs whenever any
``marketplace.*`` module is imported (a script importing ``marketplace.money`` included), and must
not import every extension, blueprint and model for them.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from urllib.parse import quote, urlsplit

from flask import Flask, g, has_request_context, request
from flask.globals import request_ctx
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import BuildError, IntegerConverter

from marketplace.config import CONFIGS, INSTANCE_DIR, Config
from marketplace.params import MAX_INT

DOMAIN_PACKAGES = ("accounts", "notifications", "catalog", "orders", "buyers", "admin")


class Marketplace(Flask):
    """Flask, with every absolute URL built from ``SITE_URL``.

    Flask builds ``url_for(..., _external=True)`` from the request's Host (or X-Forwarded-Host),
    so a forged Host got into cached pages (issue #12.2). Here the scheme and host always come
    from ``SITE_URL``; the path is Flask's. Outside a request (mail, SMS, CLI) URLs are absolute
    by default, as in Flask, and need no ``SERVER_NAME``.
    """

    def url_for(self, /, endpoint: str, *, _anchor: str | None = None, _method: str | None = None,
                _scheme: str | None = None, _external: bool | None = None, **values) -> str:
        site = self.config.get("SITE_URL")
        in_request = has_request_context()
        external = _external if _external is not None else (_scheme is not None or not in_request)
        if not site or (in_request and not external and request_ctx.url_adapter is not None):
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                                   _external=_external, **values)
        parts = urlsplit(site)
        if in_request and endpoint[:1] == ".":
            blueprint = request.blueprint
            endpoint = f"{blueprint}{endpoint}" if blueprint else endpoint[1:]
        self.inject_url_defaults(endpoint, values)
        # Bound to SITE_URL, never to the request: also serves the 400 page of a refused Host,
        # whose request has no URL adapter.
        adapter = self.url_map.bind(parts.netloc, script_name=self.config["APPLICATION_ROOT"],
                                    url_scheme=parts.scheme or "https")
        try:
            url = adapter.build(endpoint, values, method=_method, url_scheme=_scheme, force_external=external)
        except BuildError as error:
            values.update(_anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external)
            return self.handle_url_build_error(error, endpoint, values)
        if _anchor is not None:
            url += f"#{quote(_anchor, safe='%!#$&()*+,/:;=?@')}"
        return url


def create_app(config: str | type[Config] | Mapping | None = None) -> Flask:
    """Build the app.

    ``config``: a name (``development``, ``testing``, ``production``), a ``Config`` subclass, or a
    mapping of settings applied on top of ``TestingConfig`` when it says ``TESTING`` and of the
    environment's choice (``ODOP_CONFIG``, default development) otherwise.
    """
    app = Marketplace(__name__, instance_path=str(INSTANCE_DIR))
    configure_app(app, config)
    configure_logging(app)
    configure_extensions(app)
    configure_blueprints(app)
    configure_errorhandlers(app)
    configure_cli(app)
    configure_template_helpers(app)
    configure_security_headers(app)
    return app


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` in every route. An id too large for the database can match no row, so it is
    read as 0 (no row has it): the view answers 404 as for any unknown id, instead of the driver
    overflowing, and the URL keeps matching the same routes and methods."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= MAX_INT else 0


def configure_app(app: Flask, config) -> None:
    app.url_map.converters["int"] = DatabaseIdConverter
    overrides: Mapping = {}
    if isinstance(config, Mapping):
        overrides = config
        config = "testing" if config.get("TESTING") else None
    if config is None:
        config = os.environ.get("ODOP_CONFIG", "development")
    if isinstance(config, str):
        config = CONFIGS[config]
    app.config.from_object(config())  # an instance, so ProductionConfig can refuse to start
    app.config.update(overrides)
    for key in ("SEARCH_INDEX_DIR", "UPLOAD_DIR"):
        Path(app.config[key]).mkdir(parents=True, exist_ok=True)
    from marketplace import storage

    storage.init_app(app)  # a wrong STORAGE_URL stops the start, not the first upload
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and uri != "sqlite://":
        Path(uri[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    if not app.debug and not app.testing and app.config.get("BEHIND_PROXY", os.environ.get("BEHIND_PROXY")):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)


def configure_logging(app: Flask) -> None:
    """``LOG_FORMAT`` json or text on the root logger (not under pytest, whose handlers capture),
    and the request id and request line of every request (marketplace/health/request_log.py).
    Runs before any other step registers a request hook, so these hooks come first."""
    from marketplace import health
    from marketplace.health import request_log

    log_format = app.config.get("LOG_FORMAT", "text")
    if log_format not in request_log.FORMATS:
        raise RuntimeError(f"LOG_FORMAT must be json or text, not {log_format!r}")
    if not app.testing:
        request_log.install(log_format)
        # `flask run`'s own access line would repeat marketplace.request's (which has the request
        # id, the route and the time taken); its start-up banner and errors stay.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    health.init_app(app)


def import_all_models() -> None:
    """Import every ``models`` module under ``marketplace`` so the metadata (and Alembic) sees them."""
    import importlib
    import pkgutil

    import marketplace

    for info in pkgutil.walk_packages(marketplace.__path__, "marketplace."):
        if info.name.endswith(".models"):
            importlib.import_module(info.name)


def configure_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from marketplace import assets, i18n, jobs, page_cache
    from marketplace.accounts.decorators import public
    from marketplace.extensions import babel, compress, csrf, db, limiter, login_manager, migrate

    import_all_models()
    page_cache.init_app(app)  # first: a cached page is served before any other request hook
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        _configure_sqlite(app, db)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    compress.init_app(app)
    assets.init_app(app, view_decorator=public)
    jobs.init_app(app)  # the domains declare their jobs in their own init_app, below
    from marketplace.health import register_gauge

    register_gauge(app, "odop_jobs_queue_depth", "Jobs waiting in the queue", jobs.queue_depth)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.unauthorized_handler(_unauthorized)


def _configure_sqlite(app: Flask, db) -> None:
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()


def _unauthorized():
    from flask import flash, redirect, url_for
    from flask_babel import gettext as _

    from marketplace.errors import error_response, wants_json

    if wants_json():
        return error_response(401, "unauthorized")
    flash(_("Please sign in to see this page."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def configure_blueprints(app: Flask) -> None:
    import importlib

    from marketplace import health

    app.register_blueprint(health.bp)
    for name in DOMAIN_PACKAGES:
        importlib.import_module(f"marketplace.{name}").init_app(app)


def configure_errorhandlers(app: Flask) -> None:
    from marketplace import errors

    errors.init_app(app)


def configure_cli(app: Flask) -> None:
    from marketplace.cli import pins_cli, translate_cli
    from marketplace.demo import demo_cli

    app.cli.add_command(translate_cli)
    app.cli.add_command(pins_cli)
    app.cli.add_command(demo_cli)


def configure_template_helpers(app: Flask) -> None:
    from flask_login import current_user

    from marketplace import i18n
    from marketplace.accounts.forms import LanguageForm
    from marketplace.notifications.service import unread_count

    i18n.init_app(app)
    if not app.debug and not app.testing:
        # Compiled templates are kept on disk, so a new gunicorn worker (gunicorn.conf.py recycles
        # each one after max_requests) loads them instead of compiling every template again.
        from jinja2 import FileSystemBytecodeCache

        cache_dir = Path(app.instance_path) / "jinja-cache"
        cache_dir.mkdir(parents=True, exist_ok=True)
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(cache_dir))

    @app.context_processor
    def layout_context():
        unread = 0
        if current_user.is_authenticated:
            if "unread" not in g:
                g.unread = unread_count(current_user.id)
            unread = g.unread
        # Only signed-in users get the POST language form: building any FlaskForm makes a CSRF
        # token, which writes the session and makes a visitor's page uncacheable.
        language_form = LanguageForm() if current_user.is_authenticated else None
        return {"language_form": language_form, "unread_notifications": unread, "config_languages": app.config["LANGUAGES"]}


def configure_security_headers(app: Flask) -> None:
    policy = app.config.get(
        "CONTENT_SECURITY_POLICY",
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self' https://js.stripe.com; frame-src 'self' https://js.stripe.com; "
        "connect-src 'self' https://api.stripe.com; form-action 'self'; base-uri 'self'; frame-ancestors 'self'",
    )

    hsts_seconds = app.config.get("HSTS_SECONDS")

    @app.after_request
    def security_headers(response):
        if hsts_seconds:  # production only: browsers then refuse plain HTTP to the site
            response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts_seconds}; includeSubDomains")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response
