"""Operations: liveness, readiness, metrics and the request log (issue #15).

* ``GET /healthz``: liveness. The process is up and answering; touches nothing else (no database),
  so a database outage never makes a load balancer or a supervisor kill healthy web processes.
* ``GET /readyz``: readiness. The database answers ``SELECT 1``, Redis answers ``PING`` (when
  ``REDIS_URL`` is set), and every check a domain registered with ``register_readiness_check``
  passes: 200 with one JSON entry per check, or 503 naming the failing ones (``readiness.py``).
* ``GET /metrics``: Prometheus text (``metrics.py``), for a bearer token ``METRICS_TOKEN`` or,
  with no token configured, for loopback clients only; anybody else gets 404.
* one JSON (or text) log line per request, with a request id (``request_log.py``).

The three probe paths answer on any ``Host`` (``ProbesOnAnyHost``): load balancers and Prometheus
reach a node by its address, which is not in ``TRUSTED_HOSTS``.

Domains sit above this package and register with it, e.g. in their ``init_app``::

    from marketplace.health import register_gauge, register_readiness_check
    register_readiness_check(app, "search", search_is_fresh)      # () -> (ok, detail)
    register_gauge(app, "odop_jobs_queued", "Jobs waiting", queue_depth)  # () -> number
"""
from __future__ import annotations

import hmac
import ipaddress

from flask import Blueprint, abort, current_app, jsonify, request

from marketplace.accounts.decorators import public
from marketplace.health import metrics, readiness, request_log
from marketplace.health.metrics import register_gauge
from marketplace.health.readiness import register_readiness_check

__all__ = ["bp", "init_app", "register_gauge", "register_readiness_check"]

bp = Blueprint("health", __name__)

#: a request passed on by a proxy carries one of these; it is not a loopback client's own
_PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/healthz")
@public
def healthz():
    return _no_store(jsonify({"status": "ok"}))


@bp.route("/readyz")
@public
def readyz():
    ok, checks = readiness.run_checks(current_app)
    body = {"status": "ready" if ok else "unready", "checks": checks}
    if not ok:
        body["failing"] = [name for name, result in checks.items() if not result["ok"]]
    response = jsonify(body)
    response.status_code = 200 if ok else 503
    return _no_store(response)


def _loopback(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


def may_read_metrics() -> bool:
    """With ``METRICS_TOKEN``: the request carries ``Authorization: Bearer <that token>`` (compared
    in constant time). Without: the client is this machine (127.0.0.1 or ::1) and no proxy
    passed the request on, so a proxy on the same host does not open it to everybody."""
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())
    return _loopback(request.remote_addr) and not any(name in request.headers for name in _PROXY_HEADERS)


@bp.route("/metrics", endpoint="metrics")
@public  # open to the route walk; the token or loopback check is below
def metrics_text():
    if not may_read_metrics():
        abort(404)  # the same answer as for a page that does not exist: nothing to probe for
    body, content_type = metrics.exposition(current_app)
    response = current_app.response_class(body, mimetype=None, content_type=content_type)
    return _no_store(response)


PROBE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class ProbesOnAnyHost:
    """WSGI middleware: ``/healthz``, ``/readyz`` and ``/metrics`` answer whatever ``Host`` they
    carry. Load balancers and Kubernetes probe a node by its address (an AWS target group sends
    ``Host: 10.0.3.17:8000``), and so does Prometheus, while every other request for a host outside
    ``TRUSTED_HOSTS`` is refused with 400 (issue #12.2). These three answers hold no URL and are
    never cached, so their Host is set to a trusted one instead of being checked."""

    def __init__(self, wsgi_app, host: str):
        self.wsgi_app = wsgi_app
        self.host = host

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") in PROBE_PATHS:
            environ["HTTP_HOST"] = self.host
            environ.pop("HTTP_X_FORWARDED_HOST", None)
        return self.wsgi_app(environ, start_response)


def init_app(app) -> None:
    """The request hooks and the registries (``create_app`` calls this before any other request
    hook is registered, so every request, a page-cache hit included, gets an id and a log line;
    the blueprint is registered with the others)."""
    request_log.init_app(app)
    trusted = app.config.get("TRUSTED_HOSTS")
    if trusted and app.config.get("PROBES_ON_ANY_HOST", True):
        app.wsgi_app = ProbesOnAnyHost(app.wsgi_app, trusted[0].lstrip("."))
    app.extensions.setdefault("readiness_checks", {})
    app.extensions.setdefault("metrics_gauges", {})
