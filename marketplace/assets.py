"""Stylesheets and scripts as fingerprinted bundles with a year-long cache lifetime (issue #17.12).

A phone on a slow connection should fetch the site's styles once: every public page links one
stylesheet (``site.css``, the shared and domain sheets in their cascade order), admin pages add
``admin.css``, and each script is its own bundle. A bundle's URL carries the first 12 hex digits
of the SHA-256 of its content (``/assets/site-3f2a9c0d1e4b.css``), so it is served with
``Cache-Control: public, max-age=31536000, immutable`` and a new deploy changes the URL. Bundles are
built once per process from ``marketplace/static`` (the files stay there, readable in a browser's
source view and served as before under ``/static/`` for anything that links them directly); a
gzip copy is kept beside each so compression costs nothing per request.

Templates call ``asset_url("site.css")``. In development (``ASSETS_RELOAD``, on with the debugger)
the bundles are rebuilt when a source file changes, so editing CSS needs no restart.
"""
from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from flask import Flask, Response, abort, current_app, has_request_context, request, url_for

STATIC = Path(__file__).resolve().parent / "static"

#: bundle name -> source files under static/, in the order they are concatenated
BUNDLES: dict[str, tuple[str, ...]] = {
    "site.css": ("css/app.css", "css/catalog.css", "css/search.css", "css/orders.css", "css/buyers.css"),
    "admin.css": ("css/admin.css",),
    "label-a6.css": ("css/label-a6.css",),  # the shipping label page's sheet size (orders/label.html)
    "label-a4.css": ("css/label-a4.css",),
    "app.js": ("js/app.js",),
    "search.js": ("js/search.js",),
    "orders-pay.js": ("js/orders-pay.js",),
    "orders-address.js": ("js/orders-address.js",),
}
MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
YEAR = 365 * 24 * 3600
#: blueprints whose pages use the admin stylesheet (their templates live in admin/templates)
ADMIN_BLUEPRINTS = frozenset({"admin", "helpdesk"})


@dataclass(frozen=True)
class Bundle:
    name: str
    filename: str  # "site-3f2a9c0d1e4b.css"
    body: bytes
    gzipped: bytes
    media_type: str
    mtimes: tuple[int, ...]


_bundles: dict[str, Bundle] = {}
_lock = Lock()


def _mtimes(name: str) -> tuple[int, ...]:
    return tuple((STATIC / source).stat().st_mtime_ns for source in BUNDLES[name])


def _build(name: str) -> Bundle:
    sources = BUNDLES[name]
    parts = [(STATIC / source).read_bytes().rstrip() + b"\n" for source in sources]
    body = b"".join(parts) if len(parts) == 1 else b"".join(
        f"/* {source} */\n".encode() + part for source, part in zip(sources, parts))
    digest = hashlib.sha256(body).hexdigest()[:12]
    stem, dot, ext = name.rpartition(".")
    return Bundle(name, f"{stem}-{digest}.{ext}", body, gzip.compress(body, 9, mtime=0),
                  MEDIA_TYPES["." + ext], _mtimes(name))


def bundle(name: str) -> Bundle:
    """The built bundle ``name`` (rebuilt first when ``ASSETS_RELOAD`` is on and a file changed).

    Raises ``KeyError`` for a name that is not in :data:`BUNDLES` (a template typo)."""
    if name not in BUNDLES:
        raise KeyError(f"no asset bundle named {name!r}")
    built = _bundles.get(name)
    if built is None or (current_app.config.get("ASSETS_RELOAD") and built.mtimes != _mtimes(name)):
        with _lock:
            built = _bundles[name] = _build(name)
    return built


def asset_url(name: str) -> str:
    """The fingerprinted URL of bundle ``name``, for templates."""
    return url_for("assets", filename=bundle(name).filename)


def stylesheets() -> list[str]:
    """The bundles a page links: the site's, and the admin one on admin pages."""
    names = ["site.css"]
    if has_request_context() and request.blueprint in ADMIN_BLUEPRINTS:
        names.append("admin.css")
    return names


def serve(filename: str) -> Response:
    """``/assets/<name>-<hash>.<ext>``: the bundle, gzipped when the client accepts it. A stale
    hash (a page cached across a deploy) still gets today's content, without the long lifetime."""
    stem, _dash, rest = filename.rpartition("-")
    digest, _dot, ext = rest.partition(".")
    name = f"{stem}.{ext}"
    if name not in BUNDLES:
        abort(404)
    built = bundle(name)
    zipped = "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(built.gzipped if zipped else built.body, mimetype=None,
                        headers={"Content-Type": built.media_type, "Vary": "Accept-Encoding"})
    if zipped:
        response.headers["Content-Encoding"] = "gzip"
    if built.filename == filename:
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    response.set_etag(built.filename + (".gz" if zipped else ""))
    response.direct_passthrough = True  # already compressed: Flask-Compress leaves it alone
    return response.make_conditional(request)


def init_app(app: Flask, view_decorator=lambda view: view) -> None:
    """The ``/assets/`` route (wrapped in ``view_decorator``: the factory passes the accounts'
    ``public`` marker, which this foundation module cannot import) and the ``asset_url`` /
    ``stylesheets`` template globals."""
    app.config.setdefault("ASSETS_RELOAD", app.debug)
    app.add_url_rule("/assets/<path:filename>", "assets", view_decorator(serve))
    app.add_template_global(asset_url)
    app.add_template_global(stylesheets)
