"""The catalogue and search pages run a fixed number of SQL statements, however many listings,
sellers, photos and price tiers they show: a lazy relationship read in a template loop (an N+1)
makes the count grow with the page and fails here.

Each page is fetched by a signed-in buyer (so the header's user, notification and cart lookups
are counted too) over a small catalogue and over one five times larger; the counts must be the
same, and within a bound that has nothing to do with the number of items.
"""
from __future__ import annotations

import itertools
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from marketplace.catalog.models import ListingImage, PriceTier
from marketplace.extensions import db

# Statements per page, for any number of items on it: today's counts, three of them the header's
# (the signed-in user, unread notifications, the cart). Raise one only for a new fixed query.
# Pages with listing hearts run one more for a signed-in buyer: the ids they saved (buyers/saved_views.py).
BOUNDS = {
    "/": 10,
    "/districts": 7,
    "/districts/varanasi": 10,
    "/products/qc-0-0": 12,  # + the rating over visible reviews (the list only when there are some)
    "/sellers/{seller}": 9,  # + the seller's rating
    "/categories": 5,
    "/categories/banarasi-silk-sarees": 9,
    "/search?q=saree": 3,  # the header only: signed-in user, unread notifications, cart
}


@pytest.fixture
def catalogue(search_app, make_seller, make_listing):
    """``catalogue(sellers, listings_each)``: verified Varanasi sellers, each with listings that have
    two photos and two price tiers (all in the district's ODOP category, so every page has them)."""

    numbers = itertools.count()

    def build(sellers: int, listings_each: int):
        made = []
        for _ in range(sellers):
            s = next(numbers)
            seller = make_seller(district="varanasi", enterprise_name_en=f"Weaver {s}")
            for n in range(listings_each):
                listing = make_listing(seller=seller, slug=f"qc-{s}-{n}", title_en=f"Katan silk saree {s}-{n}",
                                       tiers=[(5, 140000), (20, 130000)], sold_count=n)
                made.append(listing)
            with search_app.app_context():
                for listing in made[-listings_each:]:
                    db.session.add_all(ListingImage(listing_id=listing.id, position=i, path=f"x/{listing.id}-{i}.jpg",
                                                    thumb_path=f"x/{listing.id}-{i}-t.jpg", width=800, height=600)
                                       for i in range(2))
                db.session.commit()
        return made

    return build


@contextmanager
def counting(app):
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def page_counts(app, client, seller_slug: str) -> dict[str, int]:
    counts = {}
    for template in BOUNDS:
        url = template.format(seller=seller_slug)
        assert client.get(url).status_code == 200, url  # first: anything loaded once per process
        with counting(app) as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[template] = len(statements)
    return counts


def test_catalogue_pages_run_a_fixed_number_of_queries(search_app, catalogue, login_as):
    client, _buyer = login_as("buyer")
    small = catalogue(sellers=1, listings_each=2)
    small_counts = page_counts(search_app, client, small[0].seller.slug)

    catalogue(sellers=4, listings_each=6)  # five times as many sellers, listings, photos and tiers
    large_counts = page_counts(search_app, client, small[0].seller.slug)

    assert large_counts == small_counts  # nothing grows with the number of items shown
    over = {url: n for url, n in large_counts.items() if n > BOUNDS[url]}
    assert not over, f"more SQL statements than allowed: {over} (bounds {BOUNDS})"


def test_the_counter_sees_an_n_plus_one(search_app, catalogue):
    """The check above can fail: reading a lazy relationship per listing adds a query per item."""
    from sqlalchemy import select

    from marketplace.catalog.models import Listing

    catalogue(sellers=1, listings_each=3)
    with search_app.app_context():
        with counting(search_app) as statements:
            listings = db.session.scalars(select(Listing)).all()
            for listing in listings:
                list(listing.price_tiers)
        assert len(statements) == 1 + len(listings)
        assert all(isinstance(t, PriceTier) for listing in listings for t in listing.price_tiers)
