"""Operations (issue #15.5): liveness, readiness, /metrics and the request log."""
from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from marketplace import create_app
from marketplace.accounts.models import Role
from marketplace.health import register_gauge, register_readiness_check
from marketplace.health.request_log import make_handler
from tests.conftest import IN_CI, make_test_config

ROOT = Path(__file__).resolve().parent.parent


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url():
    """A real Redis (``TEST_REDIS_URL``, e.g. redis://127.0.0.1:6379/4); the test skips without
    one, except under CI=true."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if IN_CI:
            pytest.fail("TEST_REDIS_URL must be set under CI=true")
        pytest.skip("TEST_REDIS_URL is not set")
    return url


@pytest.fixture
def log_lines():
    """Every log record of the test, formatted as production does (LOG_FORMAT=json), parsed."""
    stream = io.StringIO()
    handler = make_handler("json", stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)  # a passing probe's line is DEBUG

    def read() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield read
    root.removeHandler(handler)
    root.setLevel(level)


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "marketplace.request"]


# --------------------------------------------------------------------------- liveness, readiness

def test_liveness_answers_while_the_database_is_down_and_readiness_names_it(tmp_path):
    url = f"postgresql+psycopg://odop:hunter2-secret@127.0.0.1:{unused_port()}/odop"
    app = create_app(make_test_config(tmp_path, url))
    client = app.test_client()

    live = client.get("/healthz")
    assert live.status_code == 200 and live.get_json() == {"status": "ok"}
    assert live.headers["Cache-Control"] == "no-store"

    ready = client.get("/readyz")
    assert ready.status_code == 503
    body = ready.get_json()
    # The search check reads the change feed from the same database, so it fails with it.
    assert body["status"] == "unready" and body["failing"] == ["database", "search"]
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["detail"] == {"dialect": "postgresql", "error": "OperationalError"}
    text = ready.get_data(as_text=True)
    assert "hunter2" not in text and "odop:" not in text and str(app.config["SQLALCHEMY_DATABASE_URI"]) not in text


def built(app):
    """``app`` with its search index built: the catalogue's "search" check needs one."""
    from marketplace.catalog.search import sync

    sync.rebuild(app)
    return app


@pytest.mark.both_databases
def test_readiness_is_200_with_each_check_when_all_pass(app, client, db_backend):
    built(app)
    register_readiness_check(app, "example", lambda: (True, {"behind": 0, "seconds": 0.2}))
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "ready" and "failing" not in body
    assert set(body["checks"]) == {"database", "search", "example"}  # no REDIS_URL: no redis check
    assert body["checks"]["database"]["detail"] == {"dialect": db_backend}
    assert body["checks"]["example"] == {"ok": True, "detail": {"behind": 0, "seconds": 0.2},
                                         "ms": body["checks"]["example"]["ms"]}
    assert body["checks"]["search"]["detail"]["behind"] == 0


def test_readiness_fails_while_the_nodes_index_is_missing_or_too_far_behind(app, client, make_listing, tmp_path):
    from marketplace.catalog.search import sync

    app.extensions.pop(sync.EXT_KEY, None)
    app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "new-node-index")  # a node that has none yet
    body = client.get("/readyz").get_json()
    assert body["failing"] == ["search"] and "missing" in body["checks"]["search"]["detail"]["index"]
    built(app)
    assert client.get("/readyz").status_code == 200
    from marketplace.catalog.search.models import SearchChange
    from marketplace.database import utcnow
    from marketplace.extensions import db

    listing = make_listing()
    with app.app_context(), db.engine.begin() as conn:
        # written outside the ORM session, so nothing applies it: a change this node has not seen
        # for five minutes
        conn.execute(db.insert(SearchChange).values(listing_id=listing.id,
                                                    created_at=utcnow() - dt.timedelta(minutes=5)))
    body = client.get("/readyz").get_json()
    assert body["failing"] == ["search"] and body["checks"]["search"]["detail"]["behind"] >= 1
    assert body["checks"]["search"]["detail"]["seconds"] > app.config["SEARCH_MAX_LAG_S"]


def test_a_failing_and_a_raising_check_make_readiness_503_never_500(app, client):
    def explodes():
        raise RuntimeError("cannot reach redis://:hunter2@10.0.0.9")

    built(app)
    register_readiness_check(app, "example", lambda: (False, {"behind": 740, "seconds": 95.0}))
    register_readiness_check(app, "jobs", explodes)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["failing"] == ["example", "jobs"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["example"]["detail"] == {"behind": 740, "seconds": 95.0}
    assert body["checks"]["jobs"]["detail"] == {"error": "RuntimeError"}
    assert "hunter2" not in response.get_data(as_text=True)


def test_a_check_name_must_be_new_and_simple(app):
    register_readiness_check(app, "example", lambda: (True, ""))
    for name in ("example", "search", "database", "redis", "Bad Name", ""):
        with pytest.raises(ValueError):
            register_readiness_check(app, name, lambda: (True, ""))


def test_readiness_pings_redis_when_it_is_configured(tmp_path, database_uri, redis_url):
    app = built(create_app(make_test_config(tmp_path, database_uri, REDIS_URL=redis_url)))
    response = app.test_client().get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["checks"]["redis"]["ok"] is True


def test_readiness_fails_quickly_when_redis_does_not_answer(tmp_path, database_uri):
    app = built(create_app(make_test_config(tmp_path, database_uri, REDIS_URL=f"redis://:hunter2@127.0.0.1:{unused_port()}/4")))
    started = time.monotonic()
    response = app.test_client().get("/readyz")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    body = response.get_json()
    assert body["failing"] == ["redis"] and body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["detail"] == {"error": "ConnectionError"}
    assert "hunter2" not in response.get_data(as_text=True)


def test_probes_answer_a_load_balancer_asking_by_the_nodes_address(app, client, tmp_path, database_uri):
    built(app)
    for path in ("/healthz", "/readyz", "/metrics"):
        assert client.get(path, headers={"Host": "10.0.3.17:8000"}).status_code == 200, path
    strict = create_app(make_test_config(tmp_path, database_uri, PROBES_ON_ANY_HOST=False)).test_client()
    assert strict.get("/healthz", headers={"Host": "10.0.3.17:8000"}).status_code == 400
    # any other page still refuses a host outside TRUSTED_HOSTS
    assert client.get("/", headers={"Host": "10.0.3.17:8000"}).status_code == 400
    assert client.get("/healthz/", headers={"Host": "10.0.3.17:8000"}).status_code == 400


# --------------------------------------------------------------------------- metrics

def scrape(client, **kwargs) -> dict:
    """``{(name, labels...): value}`` of one scrape."""
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def requests_of(samples, endpoint, status, method="GET") -> float:
    key = ("odop_http_requests_total", (("endpoint", endpoint), ("method", method), ("status", str(status))))
    return samples.get(key, 0.0)


def test_metrics_count_requests_by_endpoint_and_status_with_a_latency_histogram(client):
    before = scrape(client)
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no/such/page/1")
    client.get("/no/such/page/2")
    client.open("/healthz", method="BREW")
    after = scrape(client)
    assert requests_of(after, "health.healthz", 200) - requests_of(before, "health.healthz", 200) == 2
    # unknown paths are one series, whatever the path; unusual methods one too
    assert requests_of(after, "unmatched", 404) - requests_of(before, "unmatched", 404) == 2
    assert not any("no/such" in str(key) for key in after)
    assert requests_of(after, "unmatched", 405, "other") - requests_of(before, "unmatched", 405, "other") == 1
    buckets = {dict(labels)["le"] for name, labels in after
               if name == "odop_http_request_duration_seconds_bucket" and dict(labels)["endpoint"] == "health.healthz"}
    assert {"0.005", "0.1", "1.0", "+Inf"} <= buckets
    count = ("odop_http_request_duration_seconds_count", (("endpoint", "health.healthz"),))
    assert after[count] - before.get(count, 0) == 2
    # the scrape does not count itself
    assert not any(dict(labels).get("endpoint") == "health.metrics" for _name, labels in after)


def test_registered_gauges_are_read_at_each_scrape_and_a_broken_one_is_left_out(app, client):
    depth = {"value": 3}

    def broken():
        raise RuntimeError("queue gone")

    register_gauge(app, "odop_jobs_queued", "Jobs waiting in the queue", lambda: depth["value"])
    register_gauge(app, "odop_search_lag_seconds", "Seconds behind the change feed", broken)
    register_gauge(app, "odop_nothing_yet", "Not known yet", lambda: None)
    assert scrape(client)[("odop_jobs_queued", ())] == 3
    depth["value"] = 11
    samples = scrape(client)
    assert samples[("odop_jobs_queued", ())] == 11
    assert not any(name in ("odop_search_lag_seconds", "odop_nothing_yet") for name, _labels in samples)
    page = client.get("/metrics").get_data(as_text=True)
    assert "# HELP odop_jobs_queued Jobs waiting in the queue" in page
    with pytest.raises(ValueError):
        register_gauge(app, "odop_jobs_queued", "again", lambda: 1)
    with pytest.raises(ValueError):
        register_gauge(app, "queue depth", "not a Prometheus name", lambda: 1)


@pytest.mark.parametrize("headers, status", [
    ({"Authorization": "Bearer s3cret-scrape-token"}, 200),
    ({"Authorization": "bearer s3cret-scrape-token"}, 200),
    ({"Authorization": "Bearer s3cret-scrape-tokeN"}, 404),
    ({"Authorization": "Bearer "}, 404),
    ({"Authorization": "Basic s3cret-scrape-token"}, 404),
    ({}, 404),  # a token is configured: loopback alone is not enough
])
def test_metrics_need_the_configured_token(tmp_path, database_uri, headers, status):
    app = create_app(make_test_config(tmp_path, database_uri, METRICS_TOKEN="s3cret-scrape-token"))
    response = app.test_client().get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code == status
    assert ("odop_http_requests_total" in response.get_data(as_text=True)) == (status == 200)


@pytest.mark.parametrize("address, headers, status", [
    ("127.0.0.1", {}, 200),
    ("::1", {}, 200),
    ("::ffff:127.0.0.1", {}, 200),
    ("10.0.0.7", {}, 404),
    ("203.0.113.9", {}, 404),
    ("127.0.0.1", {"X-Forwarded-For": "203.0.113.9"}, 404),  # a proxy on this host passed it on
    ("127.0.0.1", {"Forwarded": "for=203.0.113.9"}, 404),
])
def test_without_a_token_only_this_machine_reads_metrics(client, address, headers, status):
    response = client.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": address})
    assert response.status_code == status


def test_metrics_are_never_served_from_the_page_cache(tmp_path, database_uri):
    app = create_app(make_test_config(tmp_path, database_uri, PAGE_CACHE_SECONDS=60))
    client = app.test_client()
    first = client.get("/metrics")
    client.get("/healthz")
    second = client.get("/metrics")
    assert "X-Page-Cache" not in first.headers and "X-Page-Cache" not in second.headers
    assert second.headers["Cache-Control"] == "no-store"
    assert first.get_data() != second.get_data()


MULTIPROCESS_SCRIPT = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from marketplace import create_app
    from tests.conftest import make_test_config
    client = create_app(make_test_config(Path(sys.argv[1]), "sqlite://")).test_client()
    child = os.fork()  # a second worker, as gunicorn forks them
    for _ in range(3 if child == 0 else 2):
        client.get("/healthz")
    if child == 0:
        os._exit(0)
    os.waitpid(child, 0)
    sys.stdout.write(client.get("/metrics").get_data(as_text=True))
""")


def test_several_processes_are_summed_in_multiprocess_mode(tmp_path):
    """What gunicorn's workers do with PROMETHEUS_MULTIPROC_DIR: each writes its own file, and the
    one answering the scrape reports the sum of all."""
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    page = subprocess.run([sys.executable, "-c", MULTIPROCESS_SCRIPT, str(tmp_path)], env=env, cwd=ROOT,
                          check=True, timeout=60, capture_output=True, text=True).stdout
    assert re.search(r'^odop_http_requests_total\{endpoint="health.healthz",method="GET",status="200"\} 5\.0$', page, re.M), page
    assert len(list(folder.glob("counter_*.db"))) == 2  # one file per process


# --------------------------------------------------------------------------- request log

def test_each_request_gets_an_id_in_the_header_and_in_its_json_line(client, log_lines):
    response = client.get("/healthz?token=abc123&lang=hi&lang=en", headers={"User-Agent": "probe"})
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    client.get("/no/such/page")
    lines = request_lines(log_lines())
    assert [line["request_id"] for line in lines][:1] == [request_id]
    line = lines[0]
    assert line["path"] == "/healthz" and line["query_keys"] == ["lang", "token"]
    assert "abc123" not in json.dumps(line)  # query values are never written
    assert line["method"] == "GET" and line["endpoint"] == "health.healthz" and line["status"] == 200
    assert line["level"] == "DEBUG"  # a passing probe is quiet
    assert isinstance(line["duration_ms"], float) and line["size"] == len(response.get_data())
    assert line["remote_addr"] == "127.0.0.1" and line["user_id"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
    missing = lines[1]
    assert missing["endpoint"] == "unmatched" and missing["status"] == 404 and missing["level"] == "INFO"


def test_a_safe_incoming_request_id_is_kept(client, log_lines):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.node_2-0001"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.node_2-0001"
    assert request_lines(log_lines())[0]["request_id"] == "lb-7f3a.node_2-0001"


@pytest.mark.parametrize("incoming", ["x" * 65, "two words", "<script>", "id;rm -rf", "ब"])
def test_an_unsafe_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_the_log_line_of_a_500_and_its_traceback_carry_the_request_id(app, log_lines):
    @app.route("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom", headers={"X-Request-ID": "trace-500"})
    assert response.status_code == 500 and response.headers["X-Request-ID"] == "trace-500"
    lines = log_lines()
    traceback_line = next(line for line in lines if line["logger"] == "marketplace.errors")
    assert traceback_line["request_id"] == "trace-500" and "RuntimeError: kaboom" in traceback_line["exception"]
    request_line = request_lines(lines)[0]
    assert request_line["request_id"] == "trace-500"
    assert request_line["status"] == 500 and request_line["level"] == "ERROR" and request_line["endpoint"] == "boom"


def test_a_signed_in_user_is_logged_by_id_only(login_as, log_lines):
    client, user = login_as(Role.BUYER, phone="+919876543210")
    client.get("/account/profile")
    line = [line for line in request_lines(log_lines()) if line["path"] == "/account/profile"][0]
    assert line["user_id"] == user.id and line["status"] == 200
    assert user.email not in json.dumps(log_lines()) and "9876543210" not in json.dumps(line)


def test_a_token_in_the_path_is_not_written(client, log_lines):
    client.get("/account/reset/Zx81-secret-reset-token")
    line = request_lines(log_lines())[0]
    assert line["path"] == "/account/reset/[redacted]" and line["endpoint"] == "accounts.reset_with_link"
    assert "Zx81" not in json.dumps(log_lines())


def test_text_logs_are_readable_and_carry_the_request_id(client):
    stream = io.StringIO()
    handler = make_handler("text", stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        client.get("/no/such/page", headers={"X-Request-ID": "readable-1"})
        logging.getLogger("marketplace.somewhere").warning("outside a request")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    text = stream.getvalue()
    assert re.search(r" INFO marketplace\.request \[readable-1\]: GET /no/such/page 404 \d+\.\dms$", text, re.M), text
    assert re.search(r" WARNING marketplace\.somewhere \[-\]: outside a request$", text, re.M), text


def test_log_format_defaults_to_json_in_production_and_refuses_anything_else(tmp_path, database_uri):
    from marketplace.config import CONFIGS

    assert CONFIGS["production"].LOG_FORMAT == os.environ.get("LOG_FORMAT", "json")
    assert CONFIGS["development"].LOG_FORMAT == os.environ.get("LOG_FORMAT", "text")
    with pytest.raises(RuntimeError, match="LOG_FORMAT"):
        create_app(make_test_config(tmp_path, database_uri, LOG_FORMAT="xml"))


def test_gunicorn_empties_the_metrics_folder_at_start_and_marks_dead_workers(tmp_path, monkeypatch):
    import runpy
    from types import SimpleNamespace

    folder = tmp_path / "prometheus"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    monkeypatch.delenv("GUNICORN_ACCESS_LOG", raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["accesslog"] is None  # the app's request line is the access log
    folder.mkdir()
    (folder / "counter_4242.db").write_bytes(b"an earlier run")
    (folder / "README").write_text("not ours")
    settings["on_starting"](None)
    assert sorted(path.name for path in folder.iterdir()) == ["README"]
    (folder / "gauge_livesum_77.db").write_bytes(b"")
    (folder / "counter_77.db").write_bytes(b"")
    settings["child_exit"](None, SimpleNamespace(pid=77))
    # a dead worker's live gauges go; its counters stay, so totals never go back
    assert sorted(path.name for path in folder.iterdir()) == ["README", "counter_77.db"]


def test_a_page_served_from_the_cache_still_gets_an_id_a_log_line_and_a_count(tmp_path, database_uri, log_lines):
    app = create_app(make_test_config(tmp_path, database_uri, PAGE_CACHE_SECONDS=60))
    client = app.test_client()
    before = scrape(client)
    assert client.get("/districts").headers["X-Page-Cache"] == "miss"
    hit = client.get("/districts", headers={"X-Request-ID": "cached-1"})
    assert hit.headers["X-Page-Cache"] == "hit" and hit.headers["X-Request-ID"] == "cached-1"
    line = [line for line in request_lines(log_lines()) if line["request_id"] == "cached-1"][0]
    assert line["endpoint"] == "catalog.districts" and line["status"] == 200
    after = scrape(client)
    assert requests_of(after, "catalog.districts", 200) - requests_of(before, "catalog.districts", 200) == 2
