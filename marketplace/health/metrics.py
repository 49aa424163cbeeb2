"""Prometheus metrics (``GET /metrics``), with prometheus_client.

* ``odop_http_requests_total{endpoint, method, status}``: requests answered, by the matched
  endpoint (``catalog.listing``, never the raw path, so the number of series stays bounded;
  ``unmatched`` for a path no route matches) and status. Method is one of the usual verbs or
  ``other``.
* ``odop_http_request_duration_seconds{endpoint}``: a latency histogram.
* every gauge a domain registered with ``register_gauge(app, name, help, fn)``: ``fn()`` is called
  at each scrape, by the process that answers it (search lag, job queue depth).

``/metrics`` itself is neither counted nor timed.

Several gunicorn workers: set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory writable by the
workers in the environment *before* gunicorn starts (prometheus_client decides at import time).
The counters and histograms of every worker are then kept in files there and summed by whichever
worker answers the scrape; gunicorn.conf.py empties the directory when the server starts and marks
an exited worker dead (``child_exit``). The registered gauges are computed by the answering worker.
Without the variable each process reports its own figures, plus the usual process_* metrics.
"""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable

from prometheus_client import (CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, disable_created_metrics,
                               generate_latest)
from prometheus_client.core import GaugeMetricFamily

log = logging.getLogger(__name__)

MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"
#: seconds: a cached page answers in about a millisecond, a checkout in a few hundred
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")

if MULTIPROC_DIR:  # gunicorn.conf.py makes it; a worker command run with the same environment may not
    os.makedirs(MULTIPROC_DIR, exist_ok=True)
disable_created_metrics()  # no *_created series beside every counter: half the scrape, no use here

# One registry for the process (many apps in the tests share it). In multiprocess mode the values
# live in files and a scrape reads them through a MultiProcessCollector instead.
_registry = CollectorRegistry(auto_describe=True)
REQUESTS = Counter("odop_http_requests_total", "HTTP requests answered, by endpoint, method and status",
                   ["endpoint", "method", "status"], registry=_registry)
LATENCY = Histogram("odop_http_request_duration_seconds", "Time to answer an HTTP request, by endpoint",
                    ["endpoint"], buckets=BUCKETS, registry=_registry)
if not MULTIPROC_DIR:
    from prometheus_client.gc_collector import GCCollector
    from prometheus_client.platform_collector import PlatformCollector
    from prometheus_client.process_collector import ProcessCollector

    ProcessCollector(registry=_registry)
    PlatformCollector(registry=_registry)
    GCCollector(registry=_registry)

Gauge = Callable[[], "float | int | None"]


def register_gauge(app, name: str, help: str, fn: Gauge) -> None:
    """Show ``fn()`` as the gauge ``name`` on ``app``'s /metrics.

    ``fn`` runs inside the app context at each scrape and returns a number (``None``: the gauge is
    left out of this scrape). One that raises is logged and left out; the scrape still answers.
    Raises ``ValueError`` for a name Prometheus would refuse, or one already taken.
    """
    gauges = app.extensions.setdefault("metrics_gauges", {})
    if not _NAME.match(name) or name in gauges or name.startswith("odop_http_"):
        raise ValueError(f"gauge name {name!r} is invalid or taken")
    gauges[name] = (help, fn)


class _Gauges:
    """A collector calling the registered gauge functions at scrape time."""

    def __init__(self, gauges: dict[str, tuple[str, Gauge]]):
        self.gauges = gauges

    def collect(self):
        for name, (help_text, fn) in self.gauges.items():
            try:
                value = fn()
            except Exception:  # one broken gauge never hides the others
                log.warning("gauge %s raised", name, exc_info=True)
                continue
            if value is None:
                continue
            family = GaugeMetricFamily(name, help_text)
            family.add_metric([], float(value))
            yield family


def observe(endpoint: str | None, method: str, status: int, seconds: float) -> None:
    """Count one answered request."""
    label = endpoint or UNMATCHED
    REQUESTS.labels(label, method if method in METHODS else "other", str(status)).inc()
    LATENCY.labels(label).observe(seconds)


def exposition(app) -> tuple[bytes, str]:
    """The text of a scrape and its content type."""
    if MULTIPROC_DIR:
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Process())
    registry.register(_Gauges(app.extensions.get("metrics_gauges", {})))
    return generate_latest(registry), CONTENT_TYPE_LATEST


class _Process:
    """The process-wide registry, seen through a per-scrape registry."""

    def collect(self):
        return _registry.collect()
