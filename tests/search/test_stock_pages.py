"""A checkout changes stock; cached pages show only the stock *state* ("In stock", "Only N left",
"Out of stock"). A sale that keeps "In stock" must leave every node's cached pages alone (it
used to empty them all: 4 % hits under a load with 20 % checkouts), while search applies it."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from marketplace import create_app
from marketplace.accounts.models import Role
from marketplace.catalog.search import sync
from marketplace.catalog.search.index import FeedState, MemoryFeed, SearchIndex
from marketplace.catalog.search.models import SearchChange
from marketplace.extensions import db
from tests.conftest import make_test_config
from tests.search.test_feed import edit, eventually, found


@pytest.fixture
def two_nodes(app, database_uri, tmp_path):
    """Node A (``app``, applying its own commits) and node B on the same database, both caching
    pages for 60 s and reading the version on every request; B applies the feed when told."""
    app.config.update(PAGE_CACHE_SECONDS=60, PAGE_CACHE_VERSION_TTL=0)
    other = create_app(make_test_config(tmp_path / "node-b", database_uri, SEARCH_FOLLOW=None,
                                        PAGE_CACHE_SECONDS=60, PAGE_CACHE_VERSION_TTL=0))
    yield app, other
    for node in (other, *fresh_apps):
        with node.app_context():
            db.session.remove()
            db.engine.dispose()
    fresh_apps.clear()


fresh_apps: list = []


def fresh_page(database_uri, tmp_path, path):
    """``path`` as an anonymous visitor gets it rendered now (an app without a page cache)."""
    if not fresh_apps:
        fresh_apps.append(create_app(make_test_config(tmp_path / "fresh", database_uri, SEARCH_FOLLOW=None,
                                                      PAGE_CACHE_SECONDS=0)))
    return fresh_apps[0].test_client().get(path).get_data(as_text=True)


def caught_up(node):
    sync.follow_once(node, wait=True)
    lag = sync.replica_lag(node)
    assert lag["behind"] == 0 and lag["applied_seq"] == lag["head_seq"]


def cache_states(nodes, paths):
    """X-Page-Cache of each path on each node (one anonymous visitor per node)."""
    return [node.test_client().get(p).headers.get("X-Page-Cache") for node in nodes for p in paths]


def rows_of(app, action):
    """``(listing_id, pages)`` of the feed rows ``action()`` wrote."""
    with app.app_context():
        head = sync.feed_head()
    action()
    with app.app_context():
        rows = db.session.execute(select(SearchChange.listing_id, SearchChange.pages)
                                  .where(SearchChange.seq > head).order_by(SearchChange.seq)).all()
    return [tuple(r) for r in rows]


@pytest.mark.both_databases
def test_a_sale_that_keeps_in_stock_keeps_both_nodes_pages_and_a_low_or_empty_stock_drops_them(
        two_nodes, make_seller, make_listing, make_user, buy, database_uri, tmp_path):
    a, b = two_nodes
    seller = make_seller(district="moradabad")
    plenty = make_listing(seller=seller, title_en="Brass Diya Plenty", stock=100)
    few = make_listing(seller=seller, title_en="Brass Lamp Few", stock=6)
    last = make_listing(seller=seller, title_en="Brass Bell Last", stock=1)
    buyer = make_user(role=Role.BUYER)
    caught_up(b)
    paths = ["/districts/moradabad", f"/products/{plenty.slug}", f"/products/{few.slug}"]
    cache_states((a, b), paths)  # rendered and stored
    assert cache_states((a, b), paths) == ["hit"] * 6

    # 100 -> 99: "In stock" before and after; cash on delivery confirms it at once, so its
    # sold count (popularity) moves too
    assert rows_of(a, lambda: buy(buyer, [(plenty, 1)])) == [(plenty.id, False), (plenty.id, False)]
    caught_up(b)  # B's index applied the row too: a hit is not just B lagging
    assert sync.get_index(b).position().high == sync.replica_lag(a)["head_seq"]
    assert cache_states((a, b), paths) == ["hit"] * 6
    kept = b.test_client().get(f"/products/{plenty.slug}")
    assert kept.headers["X-Page-Cache"] == "hit"  # and it is the page a fresh render gives (no count in it)
    assert kept.get_data(as_text=True) == fresh_page(database_uri, tmp_path, f"/products/{plenty.slug}")

    assert rows_of(a, lambda: buy(buyer, [(few, 2)])) == [(few.id, True), (few.id, False)]  # 6 -> 4: "Only 4 left"
    assert cache_states((a,), paths) == ["miss"] * 3  # A applied it in its commit
    page = a.test_client().get(f"/products/{few.slug}").get_data(as_text=True)
    assert "Only 4 left" in page
    caught_up(b)
    assert cache_states((b,), paths) == ["miss"] * 3
    assert "Only 4 left" in b.test_client().get(f"/products/{few.slug}").get_data(as_text=True)

    cache_states((a, b), paths)
    assert cache_states((a, b), paths) == ["hit"] * 6
    assert found(a.test_client(), "bell") == ["Brass Bell Last"]
    # 1 -> 0: "Out of stock", and out of in-stock search at once
    assert rows_of(a, lambda: buy(buyer, [(last, 1)])) == [(last.id, True), (last.id, False)]
    client = a.test_client()
    assert client.get("/api/v1/search?q=bell").get_json()["total"] == 0 and found(client, "bell") == ["Brass Bell Last"]
    assert cache_states((a,), paths[:1]) == ["miss"]
    caught_up(b)
    assert b.test_client().get("/api/v1/search?q=bell").get_json()["total"] == 0
    district = b.test_client().get("/districts/moradabad")
    assert district.headers["X-Page-Cache"] == "miss" and "Out of stock" in district.get_data(as_text=True)


def test_a_listing_edit_still_drops_both_nodes_pages_within_two_seconds(two_nodes, make_seller, make_listing):
    a, b = two_nodes
    seller = make_seller(district="moradabad")
    listing = make_listing(seller=seller, title_en="Engraved Brass Lota", stock=100)
    caught_up(b)
    paths = ["/districts/moradabad", f"/products/{listing.slug}"]
    cache_states((a, b), paths)
    assert cache_states((a, b), paths) == ["hit"] * 4
    sync.start_follower(b)  # as a web process follows, in its thread
    try:
        edit(a, listing.id, title_en="Engraved Brass Kalash")
        for node in (a, b):
            for path in paths:
                eventually(lambda: "Engraved Brass Kalash" in node.test_client().get(path).get_data(as_text=True))
    finally:
        sync.stop_follower(b)


def test_cancellations_write_a_pages_row_only_when_the_stock_state_shown_changes(app, make_listing, make_user, buy):
    from marketplace.orders import cancellation
    from marketplace.orders.states import Actor

    listing, low, edge = make_listing(stock=50), make_listing(stock=3), make_listing(stock=5)
    buyer = make_user(role=Role.BUYER)

    def cancel(order):
        with app.app_context():
            cancellation.cancel_suborder(order.suborders[0].id, actor=Actor.BUYER, user_id=buyer.id,
                                         reason="changed mind")

    order = buy(buyer, [(listing, 2)])
    assert rows_of(app, lambda: cancel(order)) == [(listing.id, False)]  # 48 -> 50
    order = buy(buyer, [(low, 1)])
    assert rows_of(app, lambda: cancel(order)) == [(low.id, True)]  # "Only 2 left" -> "Only 3 left"
    page = app.test_client().get(f"/products/{edge.slug}").get_data(as_text=True)
    assert "In stock" in page and "Only 5 left" not in page  # LOW_STOCK is the page's threshold
    assert rows_of(app, lambda: buy(buyer, [(edge, 1)]))[0] == (edge.id, True)  # 5 -> 4: "Only 4 left"
    assert "Only 4 left" in app.test_client().get(f"/products/{edge.slug}").get_data(as_text=True)


def test_the_pages_position_moves_only_with_pages_rows_and_old_positions_read_safely(tmp_path, search_catalog):
    old = FeedState.from_json({"high": 7, "gaps": [], "applied": 5})  # written before the field existed
    assert (old.pages_high, old.pages_applied) == (7, 5)
    assert FeedState.from_json(old.to_json()) == old

    feed = MemoryFeed()
    ix = SearchIndex(tmp_path / "ix", loader=search_catalog, feed=feed)
    ix.rebuild(list(search_catalog.docs.values()))
    start = ix.position().pages_position()
    feed.append(1, 2, pages=False)
    assert ix.follow(blocking=True) == 2
    assert ix.position().high == 2 and ix.position().pages_position() == start
    feed.append(1)
    ix.follow(blocking=True)
    assert ix.position().pages_position() == (3, start[1] + 1)

    # a late lower pages row (PostgreSQL) moves the count although not the highest seq
    state = FeedState(high=3, pages_high=3, pages_applied=1).advance([(5, 1, True)], 0.0, 600)
    assert state.gaps and state.pages_position() == (5, 2)
    late = state.advance([(4, 2, True)], 1.0, 600)
    assert late.gaps == [] and late.pages_position() == (5, 3)
    assert state.advance([(4, 2, False)], 1.0, 600).pages_position() == (5, 2)


def test_with_redis_only_commits_pages_show_bump_the_counter(app, make_listing, make_user, buy):
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/1)")
    import redis

    counter = redis.Redis.from_url(url)
    app.config["REDIS_URL"] = url
    listing, few = make_listing(stock=100), make_listing(stock=5)
    buyer = make_user(role=Role.BUYER)
    before = int(counter.get(sync.VERSION_KEY) or 0)
    buy(buyer, [(listing, 3)])
    assert int(counter.get(sync.VERSION_KEY) or 0) == before
    buy(buyer, [(few, 1)])
    assert int(counter.get(sync.VERSION_KEY) or 0) == before + 1
