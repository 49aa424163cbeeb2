"""Search follows the database: every node keeps its own index as a replica of the change feed
(``search_changes``), so a change committed by any process (a web request on another node, a
CLI import, a job) reaches every node's search and cached pages within two seconds."""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace import create_app
from marketplace.catalog.models import Listing
from marketplace.catalog.search import sync
from marketplace.catalog.search.models import SearchChange
from marketplace.extensions import db
from tests.conftest import make_test_config

ROOT = Path(__file__).resolve().parents[2]


def eventually(check, within=2.0, step=0.02):
    """Poll ``check()`` until it returns something true; fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"not seen within {within} s")
        time.sleep(step)


def found(client, q):
    return [r["title"] for r in client.get("/api/v1/search", query_string={"q": q, "in_stock": "0"}).get_json()["results"]]


def listing_titles(app):
    with app.app_context():
        return sorted(db.session.scalars(select(Listing.title_en)))


@pytest.fixture
def node_b(app, database_uri, tmp_path):
    """A second node on the same database: its own instance folder, index and page cache
    (60 s), following the feed in its thread as a web process does in production."""
    other = create_app(make_test_config(tmp_path / "node-b", database_uri, SEARCH_FOLLOW="thread",
                                        PAGE_CACHE_SECONDS=60))
    sync.start_follower(other)
    yield other
    sync.stop_follower(other)
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def edit(app, listing_id, **values):
    with app.app_context():
        listing = db.session.get(Listing, listing_id)
        for k, v in values.items():
            setattr(listing, k, v)
        db.session.commit()


@pytest.mark.postgres
def test_a_listing_changed_on_node_a_reaches_node_b_search_and_pages_within_two_seconds(
        app, node_b, make_seller, make_listing):
    seller = make_seller(district="moradabad")
    eventually(lambda: sync.replica_lag(node_b)["behind"] == 0)  # B's follower built its index
    visitor = node_b.test_client()  # anonymous: served through B's page cache
    page = visitor.get("/districts/moradabad")
    assert page.status_code == 200 and visitor.get("/districts/moradabad").headers["X-Page-Cache"] == "hit"

    listing = make_listing(seller=seller, title_en="Engraved Brass Lota")  # committed on node A
    eventually(lambda: found(visitor, "lota") == ["Engraved Brass Lota"])
    eventually(lambda: "Engraved Brass Lota" in visitor.get("/districts/moradabad").get_data(as_text=True))
    eventually(lambda: visitor.get("/districts/moradabad").headers.get("X-Page-Cache") == "hit")  # cached again

    edit(app, listing.id, title_en="Engraved Brass Kalash")
    eventually(lambda: found(visitor, "kalash") == ["Engraved Brass Kalash"])
    assert found(visitor, "lota") == []
    eventually(lambda: "Engraved Brass Kalash" in visitor.get("/districts/moradabad").get_data(as_text=True))

    edit(app, listing.id, status="archived")
    eventually(lambda: found(visitor, "kalash") == [])
    eventually(lambda: "Engraved Brass Kalash" not in visitor.get("/districts/moradabad").get_data(as_text=True))
    lag = sync.replica_lag(node_b)
    assert lag["behind"] == 0 and lag["applied_seq"] == lag["head_seq"] > 0 and lag["seconds"] == 0


@pytest.mark.postgres
def test_a_cli_import_is_searchable_on_another_node_with_no_web_request(app, node_b, make_seller, make_user, tmp_path):
    from marketplace.accounts.models import Role
    from tests.catalog.test_catalog_listings import csv_bytes, csv_row

    owner = make_user(role=Role.SELLER)
    make_seller(user=owner)
    path = tmp_path / "import.csv"
    path.write_bytes(csv_bytes([csv_row(i, title_en=f"Bidri Hookah {i}") for i in range(3)]))
    app.config["SEARCH_FOLLOW"] = None  # node A's CLI process applies nothing itself
    result = app.test_cli_runner().invoke(args=["catalog", "import", str(path), "--seller", owner.email])
    assert result.exit_code == 0, result.output
    started = time.monotonic()
    eventually(lambda: sync.replica_lag(node_b)["behind"] == 0 and sync.get_index(node_b).doc_count() == 3)
    assert time.monotonic() - started < 2
    assert len(found(node_b.test_client(), "hookah")) == 3


@pytest.mark.postgres
def test_transactions_committing_out_of_order_leave_no_change_behind(app, node_b, make_seller, make_listing):
    """PostgreSQL hands out ``seq`` at insert: a transaction that started first can commit after
    a later one was applied. Its row fills a gap the follower keeps looking at; a rolled-back
    transaction leaves a gap that is forgotten after ``gap_seconds``. The page cache follows
    the late row too, although it does not move the feed head."""
    app.config["SEARCH_FOLLOW"] = None  # this test applies the feed by hand
    sync.stop_follower(node_b)
    node_b.config["SEARCH_FOLLOW"] = None  # and no request starts it again
    node_b.config["PAGE_CACHE_VERSION_TTL"] = 0  # each request reads the version: no timing luck
    seller = make_seller(district="lucknow")
    first, second = make_listing(seller=seller, title_en="Chikan Kurta"), make_listing(seller=seller, title_en="Zardozi Bag")
    sync.follow_once(app)
    sync.follow_once(node_b)
    visitor = node_b.test_client()
    assert "Chikan Kurta" in visitor.get("/districts/lucknow").get_data(as_text=True)

    with app.app_context():
        slow, fast = Session(db.engine), Session(db.engine)
        slow.get(Listing, first.id).title_en = "Chikan Anarkali"
        slow.flush()  # its feed row has a number now, and is not committed
        fast.get(Listing, second.id).title_en = "Zardozi Clutch"
        fast.commit()  # a higher number, visible first
        fast.close()
    ix = sync.get_index(app)
    before = ix.position()
    sync.follow_once(app)
    sync.follow_once(node_b)
    client = app.test_client()
    assert found(client, "clutch") == ["Zardozi Clutch"] and found(client, "anarkali") == []
    gap = ix.position()
    assert gap.high == before.high + 2 and [g[:2] for g in gap.gaps] == [[before.high + 1, before.high + 1]]
    page = visitor.get("/districts/lucknow").get_data(as_text=True)
    assert "Chikan Kurta" in page and visitor.get("/districts/lucknow").headers["X-Page-Cache"] == "hit"

    with app.app_context():
        slow.commit()  # the late one: the feed head does not move
        slow.close()
    sync.follow_once(app)
    assert found(client, "anarkali") == ["Chikan Anarkali"]
    done = ix.position()
    assert (done.high, done.gaps, done.applied) == (gap.high, [], gap.applied + 1)  # applied once, late
    sync.follow_once(node_b)
    eventually(lambda: "Chikan Anarkali" in visitor.get("/districts/lucknow").get_data(as_text=True))

    with app.app_context():  # a rolled-back transaction leaves a gap nobody fills
        doomed = Session(db.engine)
        doomed.get(Listing, first.id).title_en = "Never Saved"
        doomed.flush()
        doomed.rollback()
        doomed.close()
    edit(app, second.id, title_en="Zardozi Potli")
    ix.gap_seconds = 0.2
    sync.follow_once(app)
    assert len(ix.position().gaps) == 1 and found(client, "potli") == ["Zardozi Potli"]
    time.sleep(0.25)
    sync.follow_once(app)
    assert ix.position().gaps == [] and found(client, "never") == []


def test_each_catalogue_change_writes_one_feed_row_in_its_transaction(app, make_seller, make_listing):
    from marketplace.catalog.models import District

    listing = make_listing()
    with app.app_context():
        rows = db.session.scalars(select(SearchChange.listing_id).order_by(SearchChange.seq)).all()
        assert listing.id in rows
        head = sync.feed_head()
        district = db.session.scalar(select(District).where(District.slug == "agra"))  # no sellers
        district.name_en = "Agra (renamed)"
        db.session.commit()
        assert db.session.scalars(select(SearchChange.listing_id).where(SearchChange.seq > head)).all() == [None]
        head = sync.feed_head()
        db.session.get(Listing, listing.id).title_en = "Rolled back"
        db.session.flush()
        db.session.rollback()
        assert sync.feed_head() == head  # the row went with the change


def test_prune_keeps_a_week_and_a_node_left_behind_rebuilds(app, make_listing):
    app.config["SEARCH_FOLLOW"] = None
    kept = make_listing(title_en="Kept Brass Bowl")
    sync.follow_once(app)
    ix = sync.get_index(app)
    before = ix.position().high
    fresh = make_listing(title_en="Fresh Brass Plate")  # never applied: the node is "offline"
    with app.app_context():
        assert sync.prune_feed(keep_days=7) == 0  # nothing is a week old
        total = db.session.query(SearchChange).count()
        old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=8)
        db.session.execute(update(SearchChange).values(created_at=old))
        db.session.commit()
        assert sync.prune_feed(keep_days=7) == total - 1  # the newest stays: the head stays known
        assert db.session.query(SearchChange).count() == 1
        assert db.session.scalar(select(SearchChange.seq)) == sync.feed_head() > before + 1
    sync.follow_once(app)  # its position is older than the oldest row left: it rebuilds
    client = app.test_client()
    assert found(client, "plate") == ["Fresh Brass Plate"] and found(client, "bowl") == ["Kept Brass Bowl"]
    assert ix.position().high == sync.replica_lag(app)["head_seq"]
    assert kept.id != fresh.id


def test_replica_lag_counts_what_is_not_applied_yet(app, make_listing):
    app.config["SEARCH_FOLLOW"] = None
    make_listing()
    lag = sync.replica_lag(app)
    assert lag["applied_seq"] < lag["head_seq"] and lag["behind"] >= 1 and lag["seconds"] >= 0
    sync.follow_once(app)
    lag = sync.replica_lag(app)
    assert lag == {"applied_seq": lag["head_seq"], "head_seq": lag["head_seq"], "behind": 0, "seconds": 0.0}
    status = app.test_cli_runner().invoke(args=["search", "status"])
    assert f"applied seq: {lag['head_seq']}" in status.output and "behind: 0 changes" in status.output


def test_flask_search_follow_runs_in_the_foreground_and_stops_on_sigterm(app, database_uri, tmp_path, make_listing):
    listing = make_listing(title_en="Terracotta Horse")
    index_dir = tmp_path / "follower-index"
    factory = (f"marketplace:create_app({{'TESTING': True, 'SQLALCHEMY_DATABASE_URI': {database_uri!r}, "
               f"'SEARCH_INDEX_DIR': {str(index_dir)!r}, 'UPLOAD_DIR': {str(tmp_path / 'u')!r}, "
               f"'PROOF_DIR': {str(tmp_path / 'p')!r}, 'SEARCH_FOLLOW_INTERVAL': 0.05}})")
    proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", factory, "search", "follow"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert "following the change feed" in proc.stdout.readline()
        other = create_app(make_test_config(tmp_path / "reader", database_uri, SEARCH_INDEX_DIR=str(index_dir),
                                            SEARCH_FOLLOW=None))
        eventually(lambda: found(other.test_client(), "horse") == ["Terracotta Horse"], within=10)
        edit(app, listing.id, title_en="Terracotta Elephant")
        eventually(lambda: found(other.test_client(), "elephant") == ["Terracotta Elephant"])
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=10)
        assert proc.returncode == 0 and "stopped" in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_with_redis_every_commit_bumps_the_version_other_nodes_pages_check(app, database_uri, tmp_path, make_seller,
                                                                           make_listing):
    """``REDIS_URL`` set: the catalogue head is a Redis counter each catalogue commit increments,
    so node B's cached district page changes although B's own index applies nothing here."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/1)")
    import redis

    counter = redis.Redis.from_url(url)
    app.config["REDIS_URL"] = url
    other = create_app(make_test_config(tmp_path / "node-b", database_uri, SEARCH_FOLLOW=None, PAGE_CACHE_SECONDS=60,
                                        REDIS_URL=url))
    seller = make_seller(district="agra")
    visitor = other.test_client()
    visitor.get("/districts/agra")
    assert visitor.get("/districts/agra").headers["X-Page-Cache"] == "hit"
    before = int(counter.get(sync.VERSION_KEY) or 0)
    make_listing(seller=seller, title_en="Agra Marble Inlay Box")
    assert int(counter.get(sync.VERSION_KEY) or 0) > before
    with other.app_context():
        assert sync.catalog_version()[0] == ("redis", counter.get(sync.VERSION_KEY))
    eventually(lambda: "Agra Marble Inlay Box" in visitor.get("/districts/agra").get_data(as_text=True))


def test_a_web_process_applies_its_own_commit_at_once_not_at_the_next_poll(app, make_listing):
    listing = make_listing(title_en="Glass Bangle Set")
    app.config.update(SEARCH_FOLLOW="thread", SEARCH_FOLLOW_INTERVAL=5.0)  # polls far apart
    client = app.test_client()
    client.get("/")  # the first request starts the follower thread
    try:
        eventually(lambda: sync.replica_lag(app)["behind"] == 0)
        started = time.monotonic()
        edit(app, listing.id, title_en="Glass Bangle Box")
        eventually(lambda: found(client, "box") == ["Glass Bangle Box"], within=1.0)  # woken by the commit
        assert time.monotonic() - started < 1.0
    finally:
        sync.stop_follower(app)
