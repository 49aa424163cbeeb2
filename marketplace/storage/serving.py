"""Streaming a stored file to the browser, from wherever it lives, with the caching headers.

The app streams (never redirects to a presigned bucket URL): pages keep ``img-src 'self'`` in
their Content-Security-Policy, private buckets work, and the URL a cached page holds never
expires. See docs/storage.md for the reasoning and how a CDN sits in front.
"""
from __future__ import annotations

import logging

from flask import Response, abort, request
from werkzeug.wsgi import wrap_file

from .base import InvalidKey, NotStored, ObjectInfo, Storage, StorageError

log = logging.getLogger(__name__)

CHUNK = 64 * 1024


def _headers(response: Response, info: ObjectInfo, cache_control: str) -> None:
    if info.etag:
        response.set_etag(info.etag)
    response.last_modified = info.last_modified
    response.headers["Cache-Control"] = cache_control


def send_stored(store: Storage, key: str, *, cache_control: str, mimetype: str | None = None,
                download_name: str | None = None, as_attachment: bool = False) -> Response:
    """The response for ``key`` of ``store``: its bytes streamed in chunks, ``Content-Type``
    (``mimetype`` or the stored type), ``Content-Length``, ``ETag``, ``Last-Modified`` and
    ``cache_control``; 304 for a matching ``If-None-Match``/``If-Modified-Since`` (asked with a
    look-up only, the bytes are not fetched). Aborts with 404 for a bad or unknown key and 503
    when the storage cannot be reached (logged), never a 500. ``download_name``: the file name
    a browser saves it under (``Content-Disposition``, ``attachment`` when ``as_attachment``)."""
    try:
        if request.if_none_match or request.if_modified_since:
            info = store.stat(key)
            response = Response(status=200, mimetype=mimetype or info.content_type)
            _headers(response, info, cache_control)
            response.make_conditional(request)
            if response.status_code == 304:
                return response
        stored = store.open(key)
    except (InvalidKey, NotStored):
        abort(404)
    except StorageError as exc:
        log.warning("cannot serve %s: %s", key, exc)
        abort(503)
    info = stored.info
    response = Response(wrap_file(request.environ, stored.stream, CHUNK), mimetype=mimetype or info.content_type,
                        direct_passthrough=True)
    response.content_length = info.size
    _headers(response, info, cache_control)
    if download_name:
        response.headers.set("Content-Disposition", "attachment" if as_attachment else "inline",
                             filename=download_name)
    return response.make_conditional(request)
