"""A small cache of whole pages for anonymous visitors (the catalogue and search pages).

Only requests with no cookies of ours (no session, no remember-me, so no cart, no flash message,
nobody signed in) are served from the cache, and only responses that set no cookie are stored, so
a page with a CSRF-protected form is never cached. Entries live at most ``PAGE_CACHE_SECONDS``
and only while the catalogue's *version* is the one they were rendered at. Disable with
``PAGE_CACHE_SECONDS = 0``.

The version comes from the sources the catalogue registers (``version_source``; this module sits
below the catalogue and never imports it): the catalogue's change-feed head, in the database or
in Redis, which every node shares, and this node's search-index position. Both count only the
feed rows marked as changes pages show: a sale that leaves a listing "In stock" (5 units or
more before and after) or only moves its popularity changes neither, so checkouts do not empty
the cache (a cached page's "popular" order may lag by up to ``PAGE_CACHE_SECONDS``). Each
process reads it at most every ``PAGE_CACHE_VERSION_TTL`` seconds, and at once after a commit of
its own that changed pages (``version_changed``), so a change made on any node reaches every
node's pages within that time.
A page is stored with the version read *before* it was rendered, so a change committed while it
was being rendered makes it stale at the next read rather than current.

The key holds no host: pages carry absolute URLs built from ``SITE_URL`` (see
``marketplace.Marketplace.url_for``), and a request for a host outside ``TRUSTED_HOSTS`` is
neither served from nor stored in the cache.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from functools import wraps
from threading import Lock
from typing import Callable, Hashable

from flask import current_app, g, request, session

from marketplace.i18n import visitor_locale

MAX_ENTRIES = 1024
_EXT = "page_cache"
_sources: list[Callable[[], Hashable]] = []


def version_source(source: Callable[[], Hashable]) -> None:
    """Make ``source()`` (called in an app context) part of the catalogue's version: a cached
    page is served only while every source returns what it did before the page was rendered.
    Called by the catalogue's ``init_app``; registering the same function twice does nothing."""
    if source not in _sources:
        _sources.append(source)


def _state() -> dict:
    app = current_app._get_current_object()
    state = app.extensions.get(_EXT)
    if state is None:  # per app: two apps in one process (tests) never share pages
        state = app.extensions.setdefault(_EXT, {"entries": OrderedDict(), "lock": Lock(), "version": None})
    return state


def _catalog_version():
    """The catalogue's version as last read, re-read after ``PAGE_CACHE_VERSION_TTL`` seconds;
    None when a source fails (nothing is served from or stored in the cache then)."""
    state = _state()
    now = time.monotonic()
    seen = state["version"]
    if seen is not None and now - seen[1] < current_app.config.get("PAGE_CACHE_VERSION_TTL", 0.25):
        return seen[0]
    try:
        version = tuple(source() for source in _sources)
    except Exception:  # noqa: BLE001 - no version, no cache: pages are rendered fresh
        current_app.logger.warning("page cache: the catalogue version is unavailable", exc_info=True)
        return None
    state["version"] = (version, now)
    return version


def version_changed() -> None:
    """This process committed a catalogue change: read the version again at the next request
    (other processes read it within ``PAGE_CACHE_VERSION_TTL``)."""
    _state()["version"] = None


def _cacheable_request() -> bool:
    config = current_app.config
    if request.method != "GET" or not config.get("PAGE_CACHE_SECONDS"):
        return False
    if request.routing_exception is not None:
        # Among others an untrusted Host or X-Forwarded-Host (TRUSTED_HOSTS): answered 400,
        # never from the cache, and never stored (issue #12.2).
        return False
    return not (request.cookies.get(config["SESSION_COOKIE_NAME"]) or request.cookies.get("remember_token"))


def _key() -> tuple:
    # Only asked for cacheable requests, which carry no session or remember-me cookie, so nobody is
    # signed in: the visitor's language is chosen without loading the user.
    return (request.full_path, visitor_locale())


def _cached_response():
    """The stored page for this request, if it is still current; None otherwise."""
    state = _state()
    with state["lock"]:
        hit = state["entries"].get(_key())
    if hit and hit[1] > time.monotonic() and hit[0] is not None and hit[0] == _catalog_version():
        response = current_app.response_class(hit[2], status=hit[3], mimetype=hit[4])
        response.headers["X-Page-Cache"] = "hit"
        return response
    return None


def serve_cached_page():
    """``before_request``, registered ahead of the other hooks: a hit skips the rest of the
    request's work (rate-limit bookkeeping, user loading, the view)."""
    if _cacheable_request():
        return _cached_response()
    return None


def cached_page(view):
    """Serve ``view`` from the cache for anonymous visitors (see the module docstring)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not _cacheable_request():
            return view(*args, **kwargs)
        # Hits were already answered by serve_cached_page; here the page is rendered and stored.
        key, version, now = _key(), _catalog_version(), time.monotonic()
        response = current_app.make_response(view(*args, **kwargs))
        # The session cookie is only written after the view returns, so look at the session itself:
        # a page that made a CSRF token (or touched the session) belongs to one visitor.
        personal = session.modified or "csrf_token" in g or response.headers.getlist("Set-Cookie")
        if response.status_code == 200 and not personal and not response.direct_passthrough and version is not None:
            body = response.get_data()
            state = _state()
            with state["lock"]:
                entries = state["entries"]
                entries[key] = (version, now + current_app.config["PAGE_CACHE_SECONDS"], body, 200, response.mimetype)
                entries.move_to_end(key)
                while len(entries) > MAX_ENTRIES:
                    entries.popitem(last=False)
            response.headers["X-Page-Cache"] = "miss"
        return response

    return wrapped


def init_app(app) -> None:
    """Serve hits first thing in each request."""
    app.before_request(serve_cached_page)
