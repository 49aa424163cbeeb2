"""Numbers a seller or a robot types are bounded: a 20-digit bulk quantity, stock or id is a
clear error (or a 404 for an id), never a 500 and never a silently wrapped value."""
from __future__ import annotations

import pytest

from marketplace.catalog.bulk_import import parse_listing_csv
from marketplace.catalog.listing_rules import ListingInvalid, clean_tiers
from tests.catalog.test_catalog_bulk_csv import CATEGORIES, make_csv, row
from tests.catalog.test_catalog_listings import count, form_with_category, seller_client  # noqa: F401

BIG = "99999999999999999999"


@pytest.mark.parametrize("qty", [BIG, "1000001", "²", "५०"])
def test_bulk_price_quantity_above_ten_lakh_or_not_ascii_digits_is_refused(qty):
    with pytest.raises(ListingInvalid) as caught:
        clean_tiers([(qty, "900")], 100000, 1)
    assert "tiers" in caught.value.errors


def test_bulk_price_quantity_up_to_ten_lakh_is_fine():
    assert clean_tiers([("1000000", "900")], 100000, 1) == ((1000000, 90000),)


def test_more_than_three_bulk_prices_are_refused():
    pairs = [("10", "90"), ("20", "80"), ("30", "70"), ("40", "60")]
    with pytest.raises(ListingInvalid):
        clean_tiers(pairs, 10000, 1)


def test_listing_form_with_a_20_digit_bulk_quantity_shows_an_error_and_saves_nothing(app, seller_client):  # noqa: F811
    client, seller = seller_client
    response = client.post("/seller/listings/new",
                           data=form_with_category(app, seller, tier_qty_0=BIG, tier_price_0="900"))
    assert response.status_code == 200
    assert "bulk price quantity must be a whole number up to 10,00,000" in response.get_data(as_text=True)
    assert count(app) == 0


@pytest.mark.parametrize("column, value", [("stock", BIG), ("moq", BIG), ("weight_g", BIG), ("length_cm", BIG),
                                           ("stock", "1000001"), ("weight_g", "500001"), ("height_cm", "1001")])
def test_csv_numbers_above_their_maximum_are_bad_rows(column, value):
    parsed = parse_listing_csv(make_csv([row(**{column: value})]), CATEGORIES)
    assert [e.line for e in parsed.errors] == [2] and column in dict(parsed.errors[0].reasons)


@pytest.mark.parametrize("method, path", [
    ("get", f"/seller/listings/{BIG}/edit"), ("post", f"/seller/listings/{BIG}/stock"),
    ("post", f"/seller/listings/{BIG}/archive"), ("post", f"/seller/listings/1/photos/{BIG}/delete"),
])
def test_a_20_digit_listing_id_is_not_found(seller_client, method, path):  # noqa: F811
    client, _seller = seller_client
    assert getattr(client, method)(path, data={"stock": "3"}).status_code == 404


def test_a_20_digit_product_id_in_the_api_is_not_found(client):
    assert client.get(f"/api/v1/products/{BIG}").status_code == 404


@pytest.mark.parametrize("page", [BIG, "%C2%B2", "-1", "x"])
def test_odd_page_numbers_show_the_first_page(seller_client, page):  # noqa: F811
    client, _seller = seller_client
    assert client.get(f"/seller/?page={page}").status_code == 200
    assert client.get(f"/districts/varanasi?page={page}").status_code == 200


def test_quick_stock_edit_above_ten_lakh_is_refused(app, seller_client, make_listing):  # noqa: F811
    client, seller = seller_client
    listing = make_listing(seller=seller, stock=4)
    page = client.post(f"/seller/listings/{listing.id}/stock", data={"stock": "1000001"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Stock must be a whole number from 0 to 10,00,000." in page
