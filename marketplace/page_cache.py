"""A small cache of whole pages for anonymous visitors (the catalogue and search pages).

Only requests with no cookies of ours (no session, no remember-me, so no cart, no flash message,
nobody signed in) are served from the cache, and only responses that set no cookie are stored, so
a page with a CSRF-protected form is never cached. Entries live at most ``PAGE_CACHE_SECONDS``
and are dropped as soon as any catalogue row changes: a commit touching a listing, seller,
district, category, tier or photo touches a version file in the instance folder, which every
worker process checks with one ``stat`` per request. Disable with ``PAGE_CACHE_SECONDS = 0``.

The key holds no host: pages carry absolute URLs built from ``SITE_URL`` (see
``marketplace.Marketplace.url_for``), and a request for a host outside ``TRUSTED_HOSTS`` is
neither served from nor stored in the cache.
"""
from __future__ import annotations

import os
import time
from collections import OrderedDict
from functools import wraps
from pathlib import Path
from threading import Lock

from flask import current_app, g, has_app_context, request, session
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.i18n import visitor_locale

MAX_ENTRIES = 1024
_entries: OrderedDict[tuple, tuple[int, float, bytes, int, str]] = OrderedDict()
_lock = Lock()


def _version_file() -> str:
    config = current_app.config  # plain os.path: this runs on every cached hit
    return config.get("PAGE_CACHE_VERSION_FILE") or os.path.join(
        os.path.dirname(os.path.normpath(config["SEARCH_INDEX_DIR"])), "catalog.version")


def _catalog_version() -> int:
    try:
        return os.stat(_version_file()).st_mtime_ns
    except FileNotFoundError:
        return 0


def catalog_changed() -> None:
    """Invalidate every cached page (all worker processes see it at their next request)."""
    path = Path(_version_file())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(time.time_ns()))
    with _lock:
        _entries.clear()


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
    with _lock:
        hit = _entries.get(_key())
    if hit and hit[0] == _catalog_version() and hit[1] > time.monotonic():
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
        if response.status_code == 200 and not personal and not response.direct_passthrough:
            body = response.get_data()
            with _lock:
                _entries[key] = (version, now + current_app.config["PAGE_CACHE_SECONDS"], body, 200, response.mimetype)
                _entries.move_to_end(key)
                while len(_entries) > MAX_ENTRIES:
                    _entries.popitem(last=False)
            response.headers["X-Page-Cache"] = "miss"
        return response

    return wrapped


_listening = False
_watched: tuple[type, ...] = ()


def watch_models(*models: type) -> None:
    """A commit that adds, changes or deletes a row of one of ``models`` drops every cached page.

    Called by the catalogue's ``init_app`` with its models: this module sits below the domains
    (see ``.importlinter``), so the domain names what is watched rather than being imported here.
    """
    global _watched
    _watched = tuple(dict.fromkeys((*_watched, *models)))


def init_app(app) -> None:
    """Serve hits first thing in each request; watch commits for catalogue changes (the session
    listeners are global, so registered once)."""
    global _listening
    app.before_request(serve_cached_page)
    if _listening:
        return
    _listening = True

    @event.listens_for(Session, "after_flush")
    def _note_catalog_change(session, _context):
        watched = _watched
        if watched and any(isinstance(obj, watched)
                           for obj in (*session.new, *session.dirty, *session.deleted)):
            session.info["catalog_changed"] = True

    @event.listens_for(Session, "after_commit")
    def _invalidate(session):
        if session.info.pop("catalog_changed", False) and has_app_context():
            catalog_changed()

    @event.listens_for(Session, "after_rollback")
    def _forget(session):
        session.info.pop("catalog_changed", None)
