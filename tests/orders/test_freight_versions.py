"""Freight rate versions: checkout prices with the version in force, each sub-order records it,
and a later version never re-prices an order already placed."""
import datetime as dt

import pytest
from sqlalchemy import delete, func, select

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.orders import freight
from marketplace.orders.models import FreightRateVersion, Order, SubOrder

UTC = dt.timezone.utc


def store_version(label, effective_from, *, scale=1, divisor=5000):
    """A version whose prices are the shipped table's times ``scale``; commits."""
    base = freight.rate_document(freight.default_rate_table())["zones"]
    zones = {z: {"slabs": [{"max_weight_g": s["max_weight_g"], "price_paise": s["price_paise"] * scale}
                           for s in spec["slabs"]],
                 "extra_per_kg_paise": spec["extra_per_kg_paise"] * scale} for z, spec in base.items()}
    version = FreightRateVersion(label=label, effective_from=effective_from, volumetric_divisor=divisor,
                                 zones=zones, note="")
    db.session.add(version)
    db.session.commit()
    return version


@pytest.fixture
def buyer(make_user):
    return make_user(role=Role.BUYER)


def test_fresh_database_has_the_shipped_table_as_first_version(app):
    """The migration stores it (SQLite here: each test gets a fresh migrated copy)."""
    with app.app_context():
        versions = db.session.scalars(select(FreightRateVersion)).all()
        assert [v.label for v in versions] == [freight.default_rate_table().version]
        table = freight.current_rate_table()
        assert table.version_id == versions[0].id
        assert table.zones == freight.default_rate_table().zones
        assert table.volumetric_divisor == freight.default_rate_table().volumetric_divisor


@pytest.mark.both_databases
def test_version_in_force_is_the_newest_started_one(app):
    with app.app_context():
        first = freight.current_rate_version()
        march = store_version("2027-03", dt.datetime(2027, 3, 1, tzinfo=UTC), scale=2)
        june = store_version("2027-06", dt.datetime(2027, 6, 1, tzinfo=UTC), scale=3)
        assert freight.current_rate_version(dt.datetime(2027, 2, 28, 23, 59, tzinfo=UTC)).id == first.id
        assert freight.current_rate_version(dt.datetime(2027, 3, 1, tzinfo=UTC)).id == march.id
        assert freight.current_rate_version(dt.datetime(2027, 5, 31, tzinfo=UTC)).id == march.id
        assert freight.current_rate_version(dt.datetime(2030, 1, 1, tzinfo=UTC)).id == june.id
        table = freight.current_rate_table(dt.datetime(2027, 7, 1, tzinfo=UTC))
        assert table.version == "2027-06" and table.version_id == june.id
        assert table.zones["within_up"].slabs[0].price_paise == 3 * 6000
        # before the first version starts, the first version is used (never no rates at all)
        assert freight.current_rate_version(dt.datetime(2000, 1, 1, tzinfo=UTC)).id == first.id


@pytest.mark.both_databases
def test_empty_version_table_gets_the_shipped_table_on_first_use(app):
    with app.app_context():
        db.session.execute(delete(FreightRateVersion))
        db.session.commit()
        table = freight.current_rate_table()
        assert table.version == freight.default_rate_table().version and table.version_id is not None
        freight.ensure_default_rates()  # idempotent
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(FreightRateVersion)) == 1


@pytest.mark.both_databases
def test_checkout_records_the_version_and_a_new_version_never_reprices_old_orders(
        app, buyer, make_seller, make_listing, buy, make_address):
    seller = make_seller(district="varanasi")
    listing = make_listing(seller=seller, price_paise=100000, stock=10, weight_g=600,
                           length_cm=10, width_cm=10, height_cm=10)
    address = make_address(buyer, district="Lucknow")
    before = dt.datetime(2027, 1, 10, tzinfo=UTC)
    first = buy(buyer, [(listing, 1)], address=address, now=before)
    with app.app_context():
        shipped = freight.current_rate_version(before)
        sub = db.session.scalars(select(SubOrder).where(SubOrder.order_id == first.id)).one()
        assert sub.freight_rate_version_id == shipped.id and sub.freight_rate_version == shipped.label
        assert (sub.freight_zone, sub.freight_paise) == ("within_up", 9000)  # ≤1 kg within UP: ₹90
        newer = store_version("2027-02", dt.datetime(2027, 2, 1, tzinfo=UTC), scale=2)
    after = dt.datetime(2027, 2, 5, tzinfo=UTC)
    second = buy(buyer, [(listing, 1)], address=address, now=after)
    with app.app_context():
        old = db.session.scalars(select(SubOrder).where(SubOrder.order_id == first.id)).one()
        new = db.session.scalars(select(SubOrder).where(SubOrder.order_id == second.id)).one()
        assert (old.freight_rate_version_id, old.freight_paise) == (shipped.id, 9000)
        assert db.session.get(Order, first.id).freight_paise == 9000
        assert (new.freight_rate_version_id, new.freight_rate_version, new.freight_paise) == (newer.id, "2027-02", 18000)
        assert new.rate_version.label == "2027-02"


def test_checkout_page_quotes_with_the_version_in_force(app, buyer, make_seller, make_listing, make_address):
    from marketplace.orders import cart, checkout

    seller = make_seller(district="varanasi")
    listing = make_listing(seller=seller, price_paise=50000, stock=5, weight_g=400, length_cm=10,
                           width_cm=10, height_cm=10)
    make_address(buyer, state_code="MH", district="Pune", pin_code="411001")
    with app.app_context():
        cart.add_item(listing.id, 1, user_id=buyer.id)
        summary = cart.summarise(user_id=buyer.id)
        dest = checkout.destination("411001")
        store_version("2027-08", dt.datetime(2027, 8, 1, tzinfo=UTC), scale=3)
        assert checkout.quote(summary, dest, now=dt.datetime(2027, 7, 31, tzinfo=UTC)).freight_paise == 9000
        late = checkout.quote(summary, dest, now=dt.datetime(2027, 8, 2, tzinfo=UTC))
        assert late.freight_paise == 27000 and late.shipments[0].freight.rate_version == "2027-08"


def test_a_table_change_between_quote_and_order_asks_the_buyer_to_look_again(
        app, buyer, make_seller, make_listing, make_address):
    """The checkout page's figure was priced with the old table: placing the order after a new
    version started refuses (CartNeedsAttention) instead of charging a freight the buyer never saw."""
    from marketplace.orders import cart, checkout
    from marketplace.orders.errors import CartNeedsAttention

    seller = make_seller(district="varanasi")
    listing = make_listing(seller=seller, price_paise=50000, stock=5, weight_g=400, length_cm=10,
                           width_cm=10, height_cm=10)
    address = make_address(buyer, district="Agra", pin_code="282001")
    with app.app_context():
        cart.add_item(listing.id, 1, user_id=buyer.id)
        seen = checkout.quote(cart.summarise(user_id=buyer.id), checkout.destination("282001"),
                              now=dt.datetime(2027, 9, 30, tzinfo=UTC))
        store_version("2027-10", dt.datetime(2027, 10, 1, tzinfo=UTC), scale=2)
        with pytest.raises(CartNeedsAttention):
            checkout.place_order(buyer.id, checkout_token="t-1", address_id=address.id, payment_method="cod",
                                 expected_charges_paise=seen.goods_paise + seen.freight_paise,
                                 now=dt.datetime(2027, 10, 1, 0, 5, tzinfo=UTC))
        assert db.session.scalar(select(func.count()).select_from(Order)) == 0


def test_order_api_shows_the_rate_version(app, buyer, make_seller, make_listing, buy, client, auth):
    seller = make_seller(district="varanasi")
    listing = make_listing(seller=seller, price_paise=50000, stock=5, weight_g=400, length_cm=10,
                           width_cm=10, height_cm=10)
    order = buy(buyer, [(listing, 1)])
    auth.login(buyer)
    body = client.get(f"/api/v1/orders/{order.id}").get_json()
    freight_part = body["suborders"][0]["freight"]
    with app.app_context():
        version = freight.current_rate_version()
    assert freight_part["rate_version"] == version.label


def test_rate_document_round_trips_through_the_parser():
    table = freight.default_rate_table()
    again = freight.parse_rate_table(freight.rate_document(table), version_id=7)
    assert again.zones == table.zones and again.version == table.version and again.version_id == 7
    with pytest.raises(ValueError):
        freight.parse_rate_table(dict(freight.rate_document(table), volumetric_divisor_cm3_per_kg=0))


def test_migration_seeds_exactly_the_shipped_file():
    """orders_0003 carries a copy of data/freight_rates.json: the two must not drift apart."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "migrations" / "versions" / "20261122_orders_freight_rate_versions.py"
    spec = importlib.util.spec_from_file_location("orders_0003", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = freight.rate_document(freight.default_rate_table())
    assert module.FIRST_LABEL == shipped["version"]
    assert module.FIRST_ZONES == shipped["zones"]
    assert freight.DEFAULT_EFFECTIVE_FROM == dt.datetime(2019, 3, 31, 18, 30, tzinfo=UTC)  # 1 April 2019, IST
