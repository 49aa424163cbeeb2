"""Throughput of catalogue and search pages under gunicorn, against a bare Flask route.

    .venv/bin/python bench/pages.py [--seconds 8] [--workers 2] [--connections 16]

Builds a throw-away instance (SQLite, migrations, the demo catalogue, the search index), starts
gunicorn with the same settings for the bare route (bench/bare_app.py) and for the marketplace,
and loads each URL with ``wrk`` (Debian package; a Python client is used when wrk is missing),
each right after a shorter run on the bare route, so that load from other work on the machine
weighs on both sides of each comparison. gunicorn reads ./gunicorn.conf.py as in production
(workers are recycled after about 50,000 requests with jitter, so a start-up cost rarely counts).
Anonymous visitors (no cookies) are served from the page cache; the "signed-in" rows send a
session cookie and so measure the pages rendered afresh. Target (PRODUCT.md): catalogue and
search pages at least 40% of the bare route's throughput, zero errors.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._report import write_section  # noqa: E402

BIN = Path(sys.executable).parent
PAGES = ["/", "/districts", "/districts/varanasi", "/products/red-banarasi-katan-silk-saree-with-kadhua-buti",
         "/sellers/ansari-banaras-silk", "/search?q=banarasi+saree",
         "/search?q=%E0%A4%AC%E0%A4%A8%E0%A4%BE%E0%A4%B0%E0%A4%B8%E0%A5%80"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(port: int, path: str = "/", timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server on {port} did not start")


def gunicorn(app: str, port: int, workers: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", str(workers), "-k", "gthread", "--threads", "4", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", app],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def load_wrk(url: str, seconds: int, connections: int, headers: dict) -> tuple[float, int, int]:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    return rps, total, errors


def load_python(url: str, seconds: int, connections: int, headers: dict) -> tuple[float, int, int]:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    counts, errors, stop = [0] * connections, [0] * connections, time.time() + seconds

    def worker(i):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.time() < stop:
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                counts[i] += 1
                if response.status >= 400:
                    errors[i] += 1
            except OSError:
                errors[i] += 1
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.time() - started), sum(counts), sum(errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    load = load_wrk if shutil.which("wrk") else load_python
    tool = "wrk" if load is load_wrk else "python http.client threads"

    instance = Path(tempfile.mkdtemp(prefix="odop-bench-pages-"))
    env = dict(os.environ, ODOP_INSTANCE_DIR=str(instance), FLASK_APP="marketplace", ODOP_CONFIG="development",
               SECRET_KEY="bench-only", DATABASE_URL=f"sqlite:///{instance}/odop.sqlite3")
    env.pop("REDIS_URL", None)
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run([str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True, capture_output=True)

    rows, ratios, fresh, bare_runs = [], [], [], []
    load_before = os.getloadavg()[0]
    bare_port, port = free_port(), free_port()
    bare = gunicorn("bench.bare_app:app", bare_port, args.workers, env)
    server = gunicorn("marketplace:create_app()", port, args.workers, env)
    bare_url = f"http://127.0.0.1:{bare_port}/"
    try:
        wait_up(bare_port)
        wait_up(port)
        load(bare_url, 2, args.connections, {})  # warm up
        cookie = {"Cookie": "session=bench-signed-in-like"}
        for label, headers in (("visitor", {}), ("with a session cookie (rendered afresh)", cookie)):
            for path in PAGES:
                # The bare route is measured just before each page, so that other work on the machine
                # (which comes and goes) weighs on both figures of a row alike.
                bare_rps, total, errors = load(bare_url, max(2, args.seconds // 2), args.connections, {})
                bare_runs.append((bare_rps, total, errors))
                url = f"http://127.0.0.1:{port}{path}"
                for _ in range(2 * args.workers):  # one by one first: each worker compiles its templates
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    conn.request("GET", path, headers=headers)
                    conn.getresponse().read()
                load(url, 1, args.connections, headers)  # then warm up under load
                rps, total, errors = load(url, args.seconds, args.connections, headers)
                share = rps / bare_rps * 100
                (ratios if label == "visitor" else fresh).append(share)
                rows.append(f"| `{path}` {label} | {rps:,.0f} | {share:.0f}% of {bare_rps:,.0f} | {total:,} | {errors} |")
    finally:
        for process in (bare, server):
            process.terminate()
            process.wait()
        shutil.rmtree(instance, ignore_errors=True)
    median = sorted(bare_runs)[len(bare_runs) // 2]
    rows.insert(0, f"| bare Flask route `/` (median of {len(bare_runs)} runs) | {median[0]:,.0f} | 100% | "
                   f"{sum(r[1] for r in bare_runs):,} | {sum(r[2] for r in bare_runs)} |")

    lines = [
        f"gunicorn: {args.workers} workers × 4 threads (gthread); load: {tool}, {args.connections} connections, "
        f"{args.seconds} s per URL, each after {max(2, args.seconds // 2)} s on the bare route (its share is of that "
        f"run); SQLite with the demo catalogue; gunicorn.conf.py applies (max_requests recycling). Machine load "
        f"(1-minute average) at the start: {load_before:.1f}, at the end: {os.getloadavg()[0]:.1f} (the end "
        f"figure includes this benchmark's own gunicorn and wrk; other work on the 2 cores lowers every figure).",
        "",
        "| page | requests/s | of bare route (requests/s) | requests | errors |",
        "| --- | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        f"Lowest visitor page: {min(ratios):.0f}% of the bare route (target: at least 40%). "
        f"Pages rendered afresh: {min(fresh):.0f}–{max(fresh):.0f}%.",
    ]
    write_section("pages", "python bench/pages.py", lines)


if __name__ == "__main__":
    main()
