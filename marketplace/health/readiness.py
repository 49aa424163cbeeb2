"""Readiness: may this process be sent traffic? (``GET /readyz``)

Three kinds of check, run one after the other on every probe:

* ``database``: ``SELECT 1`` on the app's engine;
* ``redis``: ``PING`` with a short timeout, only when ``REDIS_URL`` is set;
* every check a domain registered with ``register_readiness_check(app, name, fn)`` (the search
  follower's lag, for example), in the order registered.

A check answers ``(ok, detail)``: ``detail`` is a short dict or string shown in the JSON body.
A check that raises counts as failed: the body names it and the exception's class, never its
message (a driver's message can carry a host, a user name or a password); the traceback goes to
the log. Nothing here raises, so a probe is never answered 500.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from threading import Lock

from flask import current_app
from sqlalchemy import text

from marketplace.extensions import db

log = logging.getLogger(__name__)

Check = Callable[[], "tuple[bool, dict | str]"]
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
BUILT_IN = ("database", "redis")


def register_readiness_check(app, name: str, fn: Check) -> None:
    """Add ``fn`` to ``app``'s readiness checks under ``name``.

    ``fn()`` runs inside the app context of the probe and returns ``(ok, detail)``, where
    ``detail`` is a small JSON-able dict or a string (no secrets: it is shown to anybody).
    Raises ``ValueError`` for a name that is not ``[a-z][a-z0-9_]*`` (at most 40 characters), is a
    built-in check's, or is taken.
    """
    checks = app.extensions.setdefault("readiness_checks", {})
    if not _NAME.match(name) or name in BUILT_IN or name in checks:
        raise ValueError(f"readiness check name {name!r} is invalid or taken")
    checks[name] = fn


def check_database() -> tuple[bool, dict]:
    detail = {"dialect": db.engine.dialect.name}
    try:
        db.session.execute(text("SELECT 1"))
        return True, detail
    finally:
        _rollback()  # never leave the probe's connection checked out, or a failed transaction behind


_redis_clients: dict[tuple[str, float], object] = {}
_redis_lock = Lock()


def _redis_client(url: str, timeout: float):
    import redis  # only a deployment with REDIS_URL needs the client library loaded

    key = (url, timeout)
    with _redis_lock:
        client = _redis_clients.get(key)
        if client is None:
            client = _redis_clients[key] = redis.Redis.from_url(
                url, socket_connect_timeout=timeout, socket_timeout=timeout, retry_on_timeout=False)
        return client


def check_redis() -> tuple[bool, dict]:
    config = current_app.config
    client = _redis_client(config["REDIS_URL"], float(config.get("HEALTH_REDIS_TIMEOUT", 0.5)))
    return bool(client.ping()), {}


def _safe_detail(detail) -> dict | str:
    if isinstance(detail, dict):
        return {str(key): value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
                for key, value in detail.items()}
    return str(detail)[:200]


def _run(name: str, fn: Check) -> dict:
    started = time.perf_counter()
    try:
        ok, detail = fn()
        result = {"ok": bool(ok), "detail": _safe_detail(detail)}
    except Exception as exc:  # reported, never raised: load balancers poll this
        log.warning("readiness check %r raised", name, exc_info=True)
        _rollback()  # a check that failed inside a query leaves the session usable for the next
        result = {"ok": False, "detail": {"error": exc.__class__.__name__}}
        if name == "database":
            result["detail"]["dialect"] = _dialect()
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection is gone: nothing to roll back, and the probe goes on
        log.debug("rollback after a failed readiness check failed", exc_info=True)


def _dialect() -> str:
    try:
        return db.engine.dialect.name
    except Exception:  # no engine at all (a broken URL): still a report, not a 500
        return "unknown"


def run_checks(app) -> tuple[bool, dict[str, dict]]:
    """Run every check of ``app``: ``(all ok, {name: {"ok", "detail", "ms"}})``."""
    checks: list[tuple[str, Check]] = [("database", check_database)]
    if app.config.get("REDIS_URL"):
        checks.append(("redis", check_redis))
    checks.extend(app.extensions.get("readiness_checks", {}).items())
    results = {name: _run(name, fn) for name, fn in checks}
    return all(result["ok"] for result in results.values()), results
