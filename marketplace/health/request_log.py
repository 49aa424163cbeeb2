"""One log line per request, a request id on every log record, JSON or text logs.

* **Request id**: an incoming ``X-Request-ID`` made of at most 64 of ``A-Z a-z 0-9 . _ -`` is kept
  (the proxy's or the load balancer's id joins our lines to theirs); anything else is replaced by
  a new uuid4 hex. It is sent back in the ``X-Request-ID`` response header, and
  ``RequestIdFilter`` puts it on every log record emitted during the request (``request_id``), so
  the traceback of a 500 carries the id the user's response had.
* **The request line** (logger ``marketplace.request``): time, request id, method, path, the
  query's keys (never its values: a reset link or a search can hold something private), the
  endpoint, status, duration_ms, size (bytes sent, when known), remote address and the user id
  when a signed-in user was loaded (no e-mail, no phone). Path arguments named like a secret
  (``<token>``) are written as ``[redacted]``. A successful probe or scrape (``/healthz``,
  ``/readyz``, ``/metrics``) is logged at DEBUG, so a load balancer polling every few seconds does
  not fill the log; when it fails it is logged like any request.
* **LOG_FORMAT**: ``json`` (production's default): every record is one JSON object per line
  (``JsonFormatter``); ``text`` (elsewhere): ``time level logger [request id] message``.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import traceback
import uuid
from datetime import datetime, timezone

from flask import g, has_request_context, request

from marketplace.health import metrics

log = logging.getLogger("marketplace.request")

HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_SECRET_ARG = re.compile(r"token|secret|password|key|code|signature", re.IGNORECASE)
#: endpoints polled by machines: logged at DEBUG when they answer 2xx, never counted in metrics
QUIET_ENDPOINTS = frozenset({"health.healthz", "health.readyz", "health.metrics"})
UNCOUNTED_ENDPOINTS = frozenset({"health.metrics"})
MAX_PATH = 512
MAX_QUERY_KEYS = 20
FORMATS = ("json", "text")


def accept_request_id(incoming: str | None) -> str:
    """The id of this request: ``incoming`` when it is short and safe, a new uuid4 hex otherwise."""
    if incoming and _SAFE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    """The id of the request being served, ``None`` outside a request."""
    if has_request_context():
        return g.get("request_id")
    return None


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (``None`` outside a request) to every record a handler emits."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        return True


def iso_utc(timestamp: float) -> str:
    """``2026-12-04T01:58:56.123Z``."""
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (ISO, UTC), level, logger, message, request_id, the
    record's ``fields`` (``extra={"fields": {...}}``) and the traceback as ``exception``."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": iso_utc(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id is not None:
            entry["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            for key, value in fields.items():
                entry.setdefault(key, value)
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Readable lines for development: ``2026-12-04 07:28:56,123 INFO logger [id]: message``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        # A request path is decoded text: "/x%0a<a forged line>" must not start a line of its
        # own. Line breaks in the message are shown escaped (a traceback, added after, is not).
        message = record.message
        record.message = message.replace("\r", "\\r").replace("\n", "\\n")
        try:
            return super().formatMessage(record)
        finally:
            record.message = message

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        try:
            return super().format(record)
        finally:
            if record.request_id == "-":
                record.request_id = None


def make_handler(log_format: str, stream=None) -> logging.Handler:
    """A stream handler (stderr by default) with the formatter of ``log_format`` and the request
    id filter: what ``install`` puts on the root logger, and what the tests read."""
    if log_format not in FORMATS:
        raise RuntimeError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}")
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(RequestIdFilter())
    return handler


def install(log_format: str) -> None:
    """The process's logging, once: one handler on the root logger, level INFO."""
    root = logging.getLogger()
    if root.handlers:
        return
    root.addHandler(make_handler(log_format))
    root.setLevel(logging.INFO)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


# --------------------------------------------------------------------------- per request

def _start_request() -> None:
    """``before_request``, registered before every other hook (also a page-cache hit's)."""
    g.request_started = time.perf_counter()
    g.request_id = accept_request_id(request.headers.get(HEADER))


def _logged_path() -> str:
    path = request.path
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and value and _SECRET_ARG.search(name):
            path = path.replace(value, "[redacted]")
    return path[:MAX_PATH]


def _user_id() -> int | None:
    # Only a user the request already loaded: logging must not cost a query of its own.
    user = g.get("_login_user")
    if user is not None and getattr(user, "is_authenticated", False):
        return getattr(user, "id", None)
    return None


def _finish_request(response):
    """``after_request``, registered first so it runs last (after compression): header, metrics
    and the log line."""
    request_id = g.get("request_id") or accept_request_id(None)
    response.headers[HEADER] = request_id
    seconds = time.perf_counter() - g.get("request_started", time.perf_counter())
    endpoint = request.url_rule.endpoint if request.url_rule is not None else None
    if endpoint not in UNCOUNTED_ENDPOINTS:
        metrics.observe(endpoint, request.method, response.status_code, seconds)
    status = response.status_code
    if status >= 500:
        level = logging.ERROR
    elif endpoint in QUIET_ENDPOINTS and status < 300:
        level = logging.DEBUG
    else:
        level = logging.INFO
    if log.isEnabledFor(level):
        path = _logged_path()
        keys = sorted(set(request.args.keys()))[:MAX_QUERY_KEYS]
        fields = {
            "method": request.method[:16],
            "path": path,
            "query_keys": [key[:64] for key in keys],
            "endpoint": endpoint or metrics.UNMATCHED,
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "size": response.content_length,
            "remote_addr": request.remote_addr,
            "user_id": _user_id(),
        }
        log.log(level, "%s %s %s %.1fms", fields["method"], path, status, fields["duration_ms"],
                extra={"fields": fields, "request_id": request_id})
    return response


def init_app(app) -> None:
    """Wire the request id and the request line; call before any other ``before_request``."""
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request_funcs.setdefault(None, []).insert(0, _finish_request)
