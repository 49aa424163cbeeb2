"""Checkout under contention: buyers racing through gunicorn on PostgreSQL.

    .venv/bin/python bench/checkout_race.py [--buyers 50] [--stock 10] [--workers 2] [--rounds 4]

Builds a throw-away PostgreSQL database (migrations, districts, the default subsidy policy, one
verified seller), starts gunicorn, signs in every buyer over HTTP and then:

1. **race**: every buyer has 1 unit of a listing with ``--stock`` units in the cart and all
   submit checkout (cash on delivery) at the same instant. Expected: exactly ``stock`` orders,
   every other buyer a clear "sold out" message, stock 0, no other error.
2. **throughput**: with plenty of stock, every buyer adds to the cart, opens checkout and places
   an order ``--rounds`` times in a row; orders per second over the whole run.

PostgreSQL comes from BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
the benchmark creates its own database next to it and drops it at the end.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._report import write_section  # noqa: E402

BIN = Path(sys.executable).parent
PASSWORD = "bench-buyer-42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One buyer's HTTP client with its own cookies (urllib follows redirects)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str, str]:
        with self.opener.open(self.base + path, timeout=60) as r:
            return r.status, r.geturl(), r.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as r:
                return r.status, r.geturl(), r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.geturl(), exc.read().decode(errors="replace")


def field(html: str, name: str) -> str:
    m = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(rf'value="([^"]*)"[^>]*name="{name}"', html)
    if not m:
        raise RuntimeError(f"no {name} in page")
    return m.group(1)


def sign_in(browser: Browser, email: str) -> None:
    _, _, html = browser.get("/account/login")
    browser.post("/account/login", {"csrf_token": field(html, "csrf_token"), "email": email, "password": PASSWORD})


def csrf(browser: Browser) -> str:
    """A CSRF token of the buyer's session (any page with a form has one)."""
    return field(browser.get("/account/profile")[2], "csrf_token")


def checkout_form(browser: Browser) -> dict:
    _, _, html = browser.get("/checkout")
    return {name: field(html, name) for name in ("csrf_token", "address_id", "checkout_token", "expected_charges_paise")} | {
        "payment_method": "cod"}


def classify(status: int, url: str, html: str) -> str:
    if status >= 500:
        return "server_error"
    if "/orders/" in url and "Thank you! Your order" in html:
        return "ordered"
    if "sold out" in html:
        return "out_of_stock"
    return "other"


def seed(url: str, buyers: int, stock: int) -> tuple[int, list[str]]:
    """Districts, policy, one seller with one listing, buyers with an address each."""
    from sqlalchemy import select

    from marketplace import create_app
    from marketplace.accounts.services import create_user
    from marketplace.catalog.districts import load_districts
    from marketplace.catalog.models import District, Listing, Seller
    from marketplace.database import utcnow
    from marketplace.extensions import db
    from marketplace.orders.addresses import AddressInput, save_address
    from marketplace.orders.claims import ensure_default_policy

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        load_districts()
        ensure_default_policy()
        district = db.session.scalar(select(District).where(District.slug == "moradabad"))
        owner = create_user("brass@example.com", PASSWORD, "Brass Works", role="seller")
        seller = Seller(user_id=owner.id, slug="brass-works", district_id=district.id, status="verified",
                        enterprise_name_en="Moradabad Brass Works", enterprise_name_hi="मुरादाबाद पीतल कारख़ाना",
                        udyam_number="UDYAM-UP-47-0000001", verified_at=utcnow())
        db.session.add(seller)
        db.session.flush()
        listing = Listing(seller_id=seller.id, category_id=district.odop_category_id, slug="brass-diya", sku="DIYA-1",
                          title_en="Brass diya", title_hi="पीतल का दीया", price_paise=49900, stock=stock,
                          weight_g=300, length_cm=10, width_cm=10, height_cm=8, status="published",
                          published_at=utcnow())
        db.session.add(listing)
        db.session.commit()
        emails = []
        for i in range(buyers):
            user = create_user(f"buyer{i}@example.com", PASSWORD, f"Buyer {i}", role="buyer")
            save_address(user.id, AddressInput(f"Buyer {i}", "9876543210", "1 Civil Lines", "", "Lucknow",
                                               "Lucknow", "UP", "226001"))
            emails.append(user.email)
        return listing.id, emails


def db_figures(url: str, listing_id: int) -> tuple[int, int, int]:
    from sqlalchemy import func, select

    from marketplace import create_app
    from marketplace.catalog.models import Listing
    from marketplace.extensions import db
    from marketplace.orders.models import Order, SubOrder

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        return (db.session.scalar(select(func.count(Order.id))), db.session.get(Listing, listing_id).stock,
                db.session.scalar(select(func.count(SubOrder.id)).where(SubOrder.subsidy_eligible)))


def set_stock(url: str, listing_id: int, stock: int) -> None:
    from marketplace import create_app
    from marketplace.catalog.models import Listing
    from marketplace.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.session.get(Listing, listing_id).stock = stock
        db.session.commit()


def run_threads(fn, n: int) -> None:
    threads = [threading.Thread(target=fn, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument("--stock", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()

    import psycopg
    from sqlalchemy.engine import make_url

    base = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    admin = make_url(base).set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    name = f"odop_bench_checkout_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(base).set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    instance = Path(tempfile.mkdtemp(prefix="odop-bench-checkout-"))
    env = dict(os.environ, ODOP_INSTANCE_DIR=str(instance), FLASK_APP="marketplace", ODOP_CONFIG="development",
               SECRET_KEY="bench-only", DATABASE_URL=url, LOGIN_RATE_LIMIT="100000 per minute")
    os.environ.update(ODOP_INSTANCE_DIR=str(instance), DATABASE_URL=url)
    server = None
    try:
        subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
        listing_id, emails = seed(url, args.buyers, args.stock)
        port = free_port()
        # the server's log goes to a file: a pipe nobody reads would fill up and stall the workers
        server_log = (instance / "gunicorn.log").open("w")
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", str(args.workers), "-k", "gthread", "--threads", "8",
             "-b", f"127.0.0.1:{port}", "--log-level", "warning", "marketplace:create_app()"],
            cwd=ROOT, env=env, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(base_url + "/healthz", timeout=2).read()
                break
            except (OSError, urllib.error.URLError):
                if time.time() > deadline:
                    raise RuntimeError("gunicorn did not start")
                time.sleep(0.3)

        browsers = [Browser(base_url) for _ in emails]
        forms: list[dict] = [{} for _ in emails]

        def prepare(i):
            sign_in(browsers[i], emails[i])
            browsers[i].post("/cart/add", {"csrf_token": csrf(browsers[i]), "listing_id": listing_id, "quantity": 1})
            forms[i] = checkout_form(browsers[i])

        run_threads(prepare, len(emails))
        barrier = threading.Barrier(len(emails))
        outcomes, latencies = [None] * len(emails), [0.0] * len(emails)

        def race(i):
            barrier.wait()
            started = time.perf_counter()
            try:
                outcomes[i] = classify(*browsers[i].post("/checkout", forms[i]))
            except Exception as exc:  # a timeout or a broken page counts as an error
                outcomes[i] = "other"
                print("race error:", repr(exc), file=sys.stderr)
            latencies[i] = time.perf_counter() - started

        race_started = time.perf_counter()
        run_threads(race, len(emails))
        race_seconds = time.perf_counter() - race_started
        orders, stock_left, subsidised = db_figures(url, listing_id)
        counts = {k: outcomes.count(k) for k in ("ordered", "out_of_stock", "server_error", "other")}

        # throughput: enough stock for everybody, several orders per buyer
        set_stock(url, listing_id, 10**6)
        done = [0] * len(emails)
        errors = [0] * len(emails)
        order_latencies: list[float] = []
        lock = threading.Lock()

        def shop(i):
            b = browsers[i]
            for _ in range(args.rounds):
                try:
                    place_one(i, b)
                except Exception as exc:
                    errors[i] += 1
                    print("throughput error:", repr(exc), file=sys.stderr)

        def place_one(i, b):
            if True:
                b.post("/cart/add", {"csrf_token": csrf(b), "listing_id": listing_id, "quantity": 1})
                form = checkout_form(b)
                started = time.perf_counter()
                result = b.post("/checkout", form)
                last = [result[2]]
                outcome = classify(*result)
                with lock:
                    order_latencies.append(time.perf_counter() - started)
                if outcome == "ordered":
                    done[i] += 1
                else:
                    errors[i] += 1
                    if os.environ.get("BENCH_DEBUG"):
                        print("unexpected page:", outcome, re.findall(r'class="flash[^"]*">([^<]*)<', last[0])[:2],
                              file=sys.stderr)

        tp_started = time.perf_counter()
        run_threads(shop, len(emails))
        tp_seconds = time.perf_counter() - tp_started
        placed = sum(done)

        ok = counts["ordered"] == args.stock == orders and stock_left == 0 and counts["server_error"] == counts["other"] == 0
        lines = [
            f"- setup: gunicorn {args.workers} workers × 8 threads (gthread), PostgreSQL 15, {args.buyers} buyers signed in over HTTP",
            "",
            "| phase | figure | value |",
            "| --- | --- | --- |",
            f"| race | buyers racing for {args.stock} units | {args.buyers} |",
            f"| race | orders placed (database) | {orders} |",
            f"| race | clear \"sold out\" answers | {counts['out_of_stock']} |",
            f"| race | other errors (5xx or unexpected page) | {counts['server_error'] + counts['other']} |",
            f"| race | stock left | {stock_left} |",
            f"| race | sub-orders with a freight subsidy (limit 3 claims a year) | {subsidised} |",
            f"| race | wall time of the race | {race_seconds:.2f} s |",
            f"| race | checkout POST latency median / max | {statistics.median(latencies) * 1000:.0f} ms / {max(latencies) * 1000:.0f} ms |",
            f"| throughput | orders placed ({args.buyers} buyers × {args.rounds} rounds: add to cart, open checkout, place) | {placed} |",
            f"| throughput | errors | {sum(errors)} |",
            f"| throughput | orders per second (whole journey) | {placed / tp_seconds:.1f} |",
            f"| throughput | checkout POST latency median / p95 | {statistics.median(order_latencies) * 1000:.0f} ms / {statistics.quantiles(order_latencies, n=20)[18] * 1000:.0f} ms |",
            "",
            f"- verdict: {'PASS' if ok else 'FAIL'} — exactly {args.stock} orders, the rest told the item sold out, stock 0, no other errors",
        ]
        write_section("checkout_race", "python bench/checkout_race.py", lines)
        if not ok:
            sys.exit(1)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)  # gunicorn: quick shutdown
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
