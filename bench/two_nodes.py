"""Two web nodes behind no sticky load balancer: a mixed load, and how soon node B finds what
node A changed (issue #15).

    .venv/bin/python bench/two_nodes.py [--users 20] [--seconds 60] [--workers 2]

Needs PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres; the
benchmark creates and at the end drops the database ``--database``, default odop_bench), Redis
(``--redis-url``, default redis://127.0.0.1:6379/5, flushed at the start) and locust (the
``bench`` extra: ``pip install -e '.[test,bench]'``).

1. Migrates the new database and loads the demo (districts, catalogue, buyers), adds one buyer
   account with an address per simulated user and plenty of stock on the listings they buy.
2. Starts two gunicorn nodes (``ODOP_CONFIG=production``, gunicorn.conf.py, the same
   SECRET_KEY, database and Redis; each its own instance folder, search index and uploads),
   and beside each the job worker when ``flask jobs`` exists; waits for /readyz (or /healthz
   where there is none) and builds each node's search index.
3. Drives them with locust (headless, its own process: gevent patches everything it runs in):
   anonymous visitors (home, district, product, search pages in English and Hindi, the search
   API), signed-in buyers (sign in, product pages, add to cart, cart page) and customers (the
   whole checkout, cash on delivery, ending on the order page). Every user sends each request
   to the next node in turn, so sessions must work on both.
4. Meanwhile creates and edits a listing through node A's CSV upload form, as the demo seller,
   and polls both nodes' search API (and node B's search page, as an anonymous visitor gets it)
   until the change is found: the lag, or "not seen within --lag-timeout s".
5. Writes its section of docs/benchmarks.md, prints it, stops every process it started (also on
   Ctrl-C or a failure) and drops the database. Exits 1 when any request failed (and, with
   ``--strict-lag``, when node B misses the lag target).

The login, code and PIN look-up rate limits are raised through their environment settings
(every simulated user comes from 127.0.0.1). gunicorn's keep-alive is set to ``--keep-alive`` (75 s) instead of its 2 s default: the users
keep their connections, as a browser or a load balancer does, and with 2 s a request sent just as
the worker closed the idle connection was reset (one in about 2,000). Behind nginx without
upstream keep-alive the question does not arise; a balancer that keeps upstream connections open
needs gunicorn's keep-alive longer than its own idle timeout.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._report import write_section  # noqa: E402

PY = sys.executable
LOCUSTFILE = ROOT / "bench" / "_locust_two_nodes.py"
PASSWORD = "bench-buyer-pass-42"
SELLER = "ansari-banaras-silk@demo.odopbazaar.example"
SELLER_PASSWORD = "demo-pass-123"  # marketplace/accounts/demo.py
# generous limits: every simulated user comes from 127.0.0.1, and the limits are per address
RATE_LIMITS = {"LOGIN_RATE_LIMIT": "100000 per minute", "CODE_SEND_RATE_LIMIT": "100000 per minute",
               "CODE_CHECK_RATE_LIMIT": "100000 per minute", "PIN_LOOKUP_RATE_LIMIT": "100000 per minute"}
LOG_TAIL = 3000


class Failure(RuntimeError):
    """The benchmark could not run (a node did not start, a setup step failed)."""


# --------------------------------------------------------------------------- seeding (node A's env)

def seed(out: Path, buyers: int) -> None:
    """Run inside ``flask``'s environment of node A (a subprocess): bench buyers with an
    address each, plenty of stock on the listings they buy, and what locust needs to know."""
    from sqlalchemy import select

    from marketplace import create_app
    from marketplace.accounts.services import create_user, find_user_by_email
    from marketplace.catalog.models import District, Listing, ListingStatus, Seller, SellerStatus
    from marketplace.extensions import db
    from marketplace.orders.addresses import AddressInput, save_address

    app = create_app()
    with app.app_context():
        emails = []
        for i in range(buyers):
            email = f"bench-buyer-{i}@example.com"
            if find_user_by_email(email) is None:
                user = create_user(email, PASSWORD, f"Bench Buyer {i}", role="buyer", locale=("en", "hi")[i % 2])
                save_address(user.id, AddressInput(f"Bench Buyer {i}", "9876543210", f"{i + 1} Civil Lines", "",
                                                   "Lucknow", "Lucknow", "UP", "226001"))
            emails.append(email)
        public = db.session.scalars(
            select(Listing).join(Seller).where(Listing.status == ListingStatus.PUBLISHED,
                                               Seller.status == SellerStatus.VERIFIED).order_by(Listing.id)).all()
        # one-unit listings of several sellers (a cart of many sellers, one sub-order each)
        buy, sellers_seen = [], {}
        for listing in public:
            if listing.moq == 1 and sellers_seen.get(listing.seller_id, 0) < 2:
                sellers_seen[listing.seller_id] = sellers_seen.get(listing.seller_id, 0) + 1
                buy.append(listing)
            if len(buy) == 12:
                break
        for listing in buy:
            listing.stock = 1_000_000  # no buyer is told "sold out" during the run
        db.session.commit()
        districts = sorted({l.seller.district.slug for l in public})
        owner = find_user_by_email(SELLER)
        probe_seller = db.session.scalar(select(Seller).where(Seller.user_id == owner.id)) if owner else None
        if probe_seller is None:
            raise SystemExit(f"demo seller {SELLER} missing")
        all_districts = db.session.scalars(select(District.slug)).all()
        out.write_text(json.dumps({
            "password": PASSWORD,
            "buyers": emails,
            "buy": [{"id": l.id, "slug": l.slug} for l in buy],
            "products": [l.slug for l in public],
            "districts": districts or list(all_districts),
            "probe_category": probe_seller.district.odop_category.slug,
        }, ensure_ascii=False), encoding="utf-8")


# --------------------------------------------------------------------------- processes

def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds: TIME_WAIT is no obstacle
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def pick_port(preferred: int) -> int:
    if port_free(preferred):
        return preferred
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Processes:
    """Every process the benchmark started, each in its own process group, stopped at the end."""

    def __init__(self) -> None:
        self.running: list[tuple[str, subprocess.Popen, Path]] = []

    def start(self, name: str, args: list[str], env: dict, log: Path) -> subprocess.Popen:
        handle = log.open("w")  # a pipe nobody reads would fill up and stall the process
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        handle.close()
        self.running.append((name, process, log))
        return process

    def check_alive(self) -> None:
        for name, process, log in self.running:
            if process.poll() is not None and name != "locust":
                raise Failure(f"{name} stopped (exit {process.returncode}); its log ends:\n{tail(log)}")

    def stop_all(self) -> None:
        for name, process, _log in reversed(self.running):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGINT if name.startswith("gunicorn") else signal.SIGTERM)
                except ProcessLookupError:
                    continue
        deadline = time.monotonic() + 20
        for _name, process, _log in reversed(self.running):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait()
        self.running.clear()


def tail(log: Path) -> str:
    try:
        return log.read_text(errors="replace")[-LOG_TAIL:]
    except OSError:
        return "(no log)"


def flask(env: dict, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    result = subprocess.run([PY, "-m", "flask", "--app", "marketplace", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise Failure(f"flask {' '.join(args)} failed ({result.returncode}):\n{(result.stdout + result.stderr)[-LOG_TAIL:]}")
    return result


def wait_ready(session, url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> str:
    """Wait until the node answers /readyz with 200 (or /healthz where /readyz is a 404);
    returns the path that answered."""
    import requests

    deadline = time.monotonic() + timeout
    path = "/readyz"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Failure(f"{url} stopped (exit {process.returncode}); its log ends:\n{tail(log)}")
        try:
            r = session.get(url + path, timeout=5)
            if r.status_code == 404 and path == "/readyz":
                path = "/healthz"
                continue
            if r.status_code == 200:
                return path
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise Failure(f"{url} did not answer {path} with 200 within {timeout:.0f} s; its log ends:\n{tail(log)}")


# --------------------------------------------------------------------------- search lag probe

def plain_http_cookies() -> None:
    """Production cookies are Secure; the nodes speak plain HTTP on loopback, so this client sends
    them over http:// too (on the class: requests copies cookies into a fresh jar per request)."""
    from http.cookiejar import DefaultCookiePolicy

    DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


def form_field(html: str, name: str) -> str:
    m = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(rf'value="([^"]*)"[^>]*name="{name}"', html)
    if not m:
        raise Failure(f"no {name} in the page")
    return m.group(1)


class LagProbe(threading.Thread):
    """Through node A's CSV upload form (the demo seller signed in), alternately create a listing
    and edit the last one's title, each time with a new made-up word in it; then poll node A's and
    node B's search API, and node B's search page as an anonymous visitor gets it (the page cache
    applies), until the word finds the listing."""

    POLL = 0.1

    def __init__(self, node_a: str, node_b: str, category: str, timeout: float, gap: float) -> None:
        super().__init__(daemon=True)
        self.a, self.b, self.category, self.timeout, self.gap = node_a, node_b, category, timeout, gap
        self.stop = threading.Event()
        self.probes: list[dict] = []
        self.errors: list[str] = []

    def run(self) -> None:
        try:
            self._run()
        except Exception as exc:  # reported as an error of the benchmark
            self.errors.append(f"{exc.__class__.__name__}: {exc}")

    def _run(self) -> None:
        import requests

        plain_http_cookies()
        seller = requests.Session()
        html = seller.get(self.a + "/account/login", timeout=30).text
        r = seller.post(self.a + "/account/login", data={"csrf_token": form_field(html, "csrf_token"), "email": SELLER,
                                                         "password": SELLER_PASSWORD, "next": ""}, timeout=30)
        if 'action="/account/logout"' not in r.text:
            raise Failure("the demo seller could not sign in on node A")
        visitor = requests.Session()  # no cookies: what anybody searching gets
        sku, slug, n = None, None, 0
        while not self.stop.is_set():
            word = "zq" + "".join(random.choices(string.ascii_lowercase, k=9))
            kind = "create" if sku is None or n % 2 == 0 else "edit"
            if kind == "create":
                sku, slug = f"BENCH-PROBE-{n}-{secrets.token_hex(3)}".upper(), None
            row = {"sku": sku, "title_en": f"Bench probe {word} silk stole", "title_hi": f"बेंच जाँच {word} रेशमी स्टोल",
                   "description_en": f"A listing the two-node benchmark made ({word}).",
                   "description_hi": f"दो-नोड बेंचमार्क की बनाई लिस्टिंग ({word})।", "category": self.category,
                   "price_inr": "999", "mrp_inr": "1299", "stock": "5", "moq": "1", "weight_g": "300",
                   "length_cm": "30", "width_cm": "20", "height_cm": "3", "hsn_code": "5007", "gst_rate": "5",
                   "status": "published"}
            text = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
            page = seller.get(self.a + "/seller/import", timeout=30)
            sent = time.monotonic()
            r = seller.post(self.a + "/seller/import", data={"csrf_token": form_field(page.text, "csrf_token")},
                            files={"file": ("probe.csv", text.encode(), "text/csv")}, timeout=30)
            committed = time.monotonic()  # the upload's transaction committed before the answer
            if r.status_code != 200 or 'class="flash flash-success"' not in r.text:
                flash = re.findall(r'class="flash flash-\w+">([^<]*)<', r.text)
                raise Failure(f"the probe upload on node A failed: HTTP {r.status_code} {flash[:2]}")
            probe = {"kind": kind, "upload_s": committed - sent, "a_api": None, "b_api": None, "b_page": None}
            api = f"/api/v1/search?q={urllib.parse.quote(word)}"
            while time.monotonic() - committed < self.timeout and None in (probe["a_api"], probe["b_api"], probe["b_page"]):
                for key, base in (("a_api", self.a), ("b_api", self.b)):
                    if probe[key] is None:
                        hits = visitor.get(base + api, timeout=10).json().get("results", [])
                        found = [h for h in hits if word in (h.get("title_en") or "")]
                        if found:
                            probe[key] = time.monotonic() - committed
                            slug = slug or found[0]["slug"]
                if probe["b_page"] is None and slug:
                    # the page a visitor gets (page cache included); the first look happens once
                    # the slug is known, so a stale miss is cached as a visitor would cause it
                    body = visitor.get(self.b + f"/search?q={urllib.parse.quote(word)}", timeout=10).text
                    if f"/products/{slug}" in body:
                        probe["b_page"] = time.monotonic() - committed
                time.sleep(self.POLL)
            self.probes.append(probe)
            n += 1
            self.stop.wait(self.gap)


# --------------------------------------------------------------------------- figures

def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def lag_figure(values: list[float | None], timeout: float) -> str:
    seen = [v for v in values if v is not None]
    missed = len(values) - len(seen)
    if not values:
        return "no probe"
    if not seen:
        return f"not seen within {timeout:.0f} s ({missed} of {len(values)})"
    text = f"median {statistics.median(seen):.2f} s, max {max(seen):.2f} s ({len(seen)} of {len(values)} seen)"
    if missed:
        text += f"; {missed} not seen within {timeout:.0f} s"
    return text


# --------------------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="simulated users (see --mix)")
    parser.add_argument("--seconds", type=int, default=60, help="length of the load")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--wait", default="0.1,0.5", help="min,max seconds a user waits between tasks")
    parser.add_argument("--mix", default="5,3,2", help="weights of visitors, buyers and customers (0 leaves one out)")
    parser.add_argument("--keep-alive", type=int, default=75,
                        help="gunicorn keep-alive seconds (longer than a user's pauses; see the module docstring)")
    parser.add_argument("--database", default="odop_bench", help="database created (dropped first if there) and dropped")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"))
    parser.add_argument("--ports", default="5101,5102", help="node A and B (a busy port is replaced by a free one)")
    parser.add_argument("--lag-timeout", type=float, default=10.0, help="seconds to wait for node B to find a change")
    parser.add_argument("--lag-target", type=float, default=2.0, help="the cross-node search lag aimed at (issue #15)")
    parser.add_argument("--probe-gap", type=float, default=1.0,
                        help="seconds between two lag probes (each a catalogue change that empties every cached page)")
    parser.add_argument("--strict-lag", action="store_true", help="also exit 1 when node B misses the lag target")
    parser.add_argument("--shared-index", action="store_true",
                        help="both nodes on node A's search index folder (one machine or a shared disk): a baseline")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, locust CSV)")
    parser.add_argument("--seed", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--seed-buyers", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        seed(args.seed, args.seed_buyers)
        return 0

    # Not imported here: importing locust monkey-patches this process with gevent. It runs in its own.
    if importlib.util.find_spec("locust") is None:
        print("two_nodes: locust is missing; install the bench extra: pip install -e '.[test,bench]'", file=sys.stderr)
        return 2
    locust_version = importlib.metadata.version("locust")
    import requests
    import psycopg
    import redis
    from sqlalchemy.engine import make_url

    base = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    admin_url = make_url(base).set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    db_url = make_url(base).set(drivername="postgresql", database=args.database).render_as_string(hide_password=False)
    work = Path(tempfile.mkdtemp(prefix="odop-bench-two-nodes-"))
    processes = Processes()
    created_db = False
    ok = False

    def on_term(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started with SIGINT ignored (`cmd &`)
    try:
        try:
            with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{args.database}"')
                created_db = True
                pg_version = conn.execute("SHOW server_version").fetchone()[0].split()[0]
        except psycopg.OperationalError as exc:
            raise Failure(f"PostgreSQL at {admin_url} cannot be reached: {exc}") from None
        try:
            redis.Redis.from_url(args.redis_url, socket_timeout=5).flushdb()
        except redis.RedisError as exc:
            raise Failure(f"Redis at {args.redis_url} cannot be reached: {exc}") from None

        secret = secrets.token_hex(32)
        wanted = [int(p) for p in args.ports.split(",")]
        nodes = []
        for name, port in zip("AB", wanted):
            port = pick_port(port)
            folder = work / f"node-{name}"
            url = f"http://127.0.0.1:{port}"
            env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOP_", "FLASK_", "BEHIND_PROXY"))}
            env.update(RATE_LIMITS)
            env.update({
                "ODOP_CONFIG": "production", "SECRET_KEY": secret, "DATABASE_URL": db_url, "REDIS_URL": args.redis_url,
                "SITE_URL": url, "TRUSTED_HOSTS": "127.0.0.1,localhost",
                "ODOP_INSTANCE_DIR": str(folder / "instance"), "SEARCH_INDEX_DIR": str(folder / "search-index"),
                "UPLOAD_DIR": str(folder / "uploads"), "PROOF_DIR": str(folder / "proofs"),
                "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(args.workers),
                "GUNICORN_THREADS": str(args.threads), "PYTHONUNBUFFERED": "1",
            })
            nodes.append({"name": name, "url": url, "port": port, "env": env, "folder": folder})
        a, b = nodes
        if args.shared_index:  # the page cache's version file sits beside the index: shared too
            b["env"]["SEARCH_INDEX_DIR"] = a["env"]["SEARCH_INDEX_DIR"]

        print(f"two_nodes: database {args.database}, Redis {args.redis_url}, work folder {work}", flush=True)
        started = time.monotonic()
        flask(a["env"], "db", "upgrade")
        flask(a["env"], "demo", "load")  # districts, catalogue, demo accounts; node A's index
        seed_file = work / "bench-data.json"
        subprocess.run([PY, str(Path(__file__).resolve()), "--seed", str(seed_file), "--seed-buyers", str(args.users)],
                       cwd=ROOT, env=a["env"], check=True, timeout=600)
        for node in nodes:  # each node its own index, with the seeded stock in it
            flask(node["env"], "search", "reindex")
        print(f"two_nodes: database and indexes ready in {time.monotonic() - started:.0f} s", flush=True)

        has_jobs = subprocess.run([PY, "-m", "flask", "--app", "marketplace", "jobs", "--help"], cwd=ROOT,
                                  env=a["env"], capture_output=True).returncode == 0
        for node in nodes:
            node["process"] = processes.start(
                f"gunicorn {node['name']}", [PY, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
                                             "--keep-alive", str(args.keep_alive), "marketplace:create_app()"], node["env"], work / f"gunicorn-{node['name']}.log")
            if has_jobs:
                processes.start(f"jobs worker {node['name']}",
                                [PY, "-m", "flask", "--app", "marketplace", "jobs", "worker"], node["env"],
                                work / f"jobs-{node['name']}.log")
        http = requests.Session()
        for node in nodes:
            node["ready_path"] = wait_ready(http, node["url"], node["process"], work / f"gunicorn-{node['name']}.log")
        for node in nodes:  # each worker compiles its templates once before the clock starts
            for path in ("/", "/districts", "/search?q=saree", "/account/login"):
                for _ in range(args.workers * 2):
                    http.get(node["url"] + path, timeout=30)
        processes.check_alive()

        data = json.loads(seed_file.read_text(encoding="utf-8"))
        data["nodes"] = [{"name": n["name"], "url": n["url"]} for n in nodes]
        seed_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        prefix = work / "locust"
        stats_file = work / "locust-stats.json"
        load_before = os.getloadavg()[0]
        probe = LagProbe(a["url"], b["url"], data["probe_category"], args.lag_timeout, gap=args.probe_gap)
        locust_env = dict(os.environ, BENCH_TWO_NODES_DATA=str(seed_file), BENCH_TWO_NODES_STATS=str(stats_file),
                          BENCH_TWO_NODES_WAIT=args.wait, BENCH_TWO_NODES_MIX=args.mix)
        spawn_rate = max(1, args.users // 2)
        runner = processes.start("locust", [
            PY, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--users", str(args.users),
            "--spawn-rate", str(spawn_rate), "--run-time", f"{args.seconds}s", "--stop-timeout", "10",
            "--csv", str(prefix), "--only-summary", "--host", a["url"], "--loglevel", "WARNING"],
            locust_env, work / "locust.log")
        print(f"two_nodes: {args.users} users for {args.seconds} s on {a['url']} and {b['url']}", flush=True)
        time.sleep(min(5.0, args.seconds / 4))  # the probe starts once every user is at work
        probe.start()
        deadline = time.monotonic() + args.seconds + 120
        while runner.poll() is None:
            if time.monotonic() > deadline:
                raise Failure("locust did not finish in time")
            processes.check_alive()
            time.sleep(0.5)
        probe.stop.set()
        probe.join(timeout=args.lag_timeout + 30)
        load_after = os.getloadavg()[0]
        if not stats_file.exists():
            raise Failure(f"locust wrote no statistics (exit {runner.returncode}); its log ends:\n{tail(work / 'locust.log')}")
        stats = json.loads(stats_file.read_text(encoding="utf-8"))
        metrics = {}
        for node in nodes:
            try:
                r = http.get(node["url"] + "/metrics", timeout=10)
                metrics[node["name"]] = (f"{r.status_code}, {sum(1 for l in r.text.splitlines() if l and not l.startswith('#'))} samples"
                                         if r.status_code == 200 else f"{r.status_code}")
            except requests.RequestException as exc:
                metrics[node["name"]] = exc.__class__.__name__

        total, rows = stats["total"], stats["entries"]
        errors = total["failures"] + len(probe.errors)
        lines = [
            f"- setup: two gunicorn nodes ({args.workers} workers × {args.threads} threads each, gunicorn.conf.py, "
            f"ODOP_CONFIG=production, keep-alive {args.keep_alive} s), one PostgreSQL {pg_version} database, Redis {args.redis_url} (rate limits); "
            f"each node its own instance folder{', ONE search index folder for both (--shared-index)' if args.shared_index else ', search index'} and uploads; job worker: "
            f"{'one per node (flask jobs worker)' if has_jobs else 'none (no `flask jobs` on this branch)'}; "
            f"readiness: {a['ready_path']}; /metrics: " + ", ".join(f"{k} {v}" for k, v in metrics.items()),
            f"- load: locust {locust_version}, {args.users} users (visitors : buyers : customers = {args.mix.replace(',', ' : ')}), "
            f"{args.wait.replace(',', '–')} s between a user's tasks, {args.seconds} s; every user sends each request to the next node in turn "
            f"(no sticky sessions); the demo catalogue",
            f"- rate limits raised for the run (all users come from 127.0.0.1): "
            + ", ".join(f"{k}={v!r}" for k, v in RATE_LIMITS.items()),
            f"- machine load (1-minute average) at the start: {load_before:.1f}, at the end: {load_after:.1f} "
            f"(locust, both nodes, PostgreSQL and Redis share the cores)",
            "",
            "| request | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in [*rows, total]:
            label = "**all requests**" if row is total else row["name"]
            lines.append(f"| {label} | {row['requests']:,} | {row['failures']} | {row['rps']:.1f} | {ms(row['p50'])} | "
                         f"{ms(row['p95'])} | {ms(row['p99'])} | {ms(row['max'])} |")
        per_node = stats.get("per_node", {})
        cross = stats.get("cross_node", {})
        cache = stats.get("page_cache", {})
        lines += [
            "",
            "- per node: " + ", ".join(f"{k} {v['requests']:,} requests, {v['failures']} failures"
                                       for k, v in sorted(per_node.items())),
            f"- sessions across nodes: {cross.get('signed_in_requests', 0):,} signed-in requests answered by the node "
            f"the buyer did not sign in on, {cross.get('failures', 0)} of them failed",
            "- visitors' pages from the page cache (each worker process its own): "
            + ", ".join(f"{k} {v:,}" for k, v in cache.items())
            + (f" ({cache.get('hit', 0) / sum(cache.values()):.0%} hits; an order that leaves its listings "
               f"\"In stock\" keeps the cached pages, one that makes one low or sold out drops them on every node: "
               f"`--mix 5,3,0` runs without checkouts)"
               if sum(cache.values()) else ""),
            f"- throughput is what {args.users} users with these pauses ask for, not the nodes' capacity "
            f"(bench/pages.py measures that)",
            f"- orders placed (cash on delivery, ending on the order page): "
            f"{next((r['requests'] - r['failures'] for r in rows if r['name'].startswith('checkout: place')), 0):,}",
        ]
        probes = probe.probes
        b_api = [p["b_api"] for p in probes]
        lines += [
            "",
            f"Search lag: {len(probes)} changes through node A's CSV upload form "
            f"({sum(p['kind'] == 'create' for p in probes)} new listings, {sum(p['kind'] == 'edit' for p in probes)} "
            f"title edits), each polled every {LagProbe.POLL:.1f} s for up to {args.lag_timeout:.0f} s from the upload's answer:",
            "",
            "| where | lag |",
            "| --- | --- |",
            f"| node A, search API (same node) | {lag_figure([p['a_api'] for p in probes], args.lag_timeout)} |",
            f"| node B, search API | {lag_figure(b_api, args.lag_timeout)} |",
            f"| node B, search page for a visitor (page cache included) | {lag_figure([p['b_page'] for p in probes], args.lag_timeout)} |",
            "",
        ]
        if probes and all(v is None for v in b_api) and all(p["a_api"] is not None for p in probes):
            lines.append("Node A found every change at once; node B found none in time: nothing carried "
                         "node A's changes into node B's index.")
            lines.append("")
        seen_b = [v for v in b_api if v is not None]
        lag_met = bool(probes) and len(seen_b) == len(probes) and max(seen_b) <= args.lag_target
        lines.append(f"Cross-node search lag target (node B finds node A's change within {args.lag_target:.0f} s): "
                     f"{'met' if lag_met else 'NOT met'}. Errors: {errors} "
                     f"({'none' if not errors else 'see below'}).")
        if stats["errors"] or probe.errors:
            lines += ["", "| failed request | count | error |", "| --- | ---: | --- |"]
            lines += [f"| {f['method']} {f['name']} | {f['occurrences']} | {f['error'][:160].replace('|', '/')} |"
                      for f in stats["errors"]]
            lines += [f"| search lag probe | 1 | {e[:160]} |" for e in probe.errors]
        name = "two_nodes_shared_index" if args.shared_index else "two_nodes"
        write_section(name, f".venv/bin/python bench/two_nodes.py --users {args.users} --seconds {args.seconds}"
                            + (f" --mix {args.mix}" if args.mix != "5,3,2" else "")
                            + (f" --probe-gap {args.probe_gap:g}" if args.probe_gap != 1.0 else "")
                            + (" --shared-index" if args.shared_index else ""), lines)
        ok = errors == 0 and (lag_met or not args.strict_lag)
        if errors:
            print(f"two_nodes: FAIL — {errors} errors; logs in {work}", file=sys.stderr)
            args.keep = True
        return 0 if ok else 1
    except Failure as exc:
        print(f"two_nodes: {exc}", file=sys.stderr)
        args.keep = True
        return 1
    except KeyboardInterrupt:
        print("two_nodes: interrupted; stopping", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the cleanup
        processes.stop_all()
        if created_db:
            try:
                with psycopg.connect(admin_url, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
            except psycopg.Error as exc:
                print(f"two_nodes: could not drop {args.database}: {exc}", file=sys.stderr)
        if args.keep:
            print(f"two_nodes: kept {work}", file=sys.stderr)
        else:
            import shutil

            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
