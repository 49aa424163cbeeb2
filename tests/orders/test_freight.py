"""Freight: chargeable weight, zones and slab prices, exact to the paisa."""
import json

import pytest
from hypothesis import given, strategies as st

from marketplace import india
from marketplace.orders import freight
from marketplace.orders.errors import InvalidParcel, UnknownZone
from marketplace.orders.freight import Parcel, Zone

TABLE = freight.default_rate_table()


def test_rate_table_is_data_with_all_three_zones():
    data = json.loads(freight.RATES_FILE.read_text(encoding="utf-8"))
    assert set(data["zones"]) == {"same_district", "within_up", "rest_of_india"}
    assert TABLE.volumetric_divisor == 5000


def test_volumetric_weight_is_lwh_over_5000_in_grams_rounded_up():
    assert freight.volumetric_weight_g(10, 10, 10) == 200  # 1000 cm³ / 5000 = 0.2 kg
    assert freight.volumetric_weight_g(30, 20, 10) == 1200
    assert freight.volumetric_weight_g(1, 1, 1) == 1  # 0.2 g rounds up to 1 g
    assert freight.volumetric_weight_g(0, 10, 10) == 0


def test_heavy_small_parcel_is_charged_on_actual_weight():
    actual, volumetric, chargeable = freight.chargeable_weight([Parcel(900, 10, 10, 10, 1)])
    assert (actual, volumetric, chargeable) == (900, 200, 900)


def test_light_bulky_parcel_is_charged_on_volume():
    # a 300 g lampshade in a 40×40×40 box weighs 12.8 kg by volume
    actual, volumetric, chargeable = freight.chargeable_weight([Parcel(300, 40, 40, 40, 1)])
    assert (actual, volumetric, chargeable) == (300, 12800, 12800)


def test_quantities_and_lines_add_up_in_one_shipment():
    parcels = [Parcel(250, 20, 10, 5, 3), Parcel(1000, 10, 10, 10, 1)]
    actual, volumetric, chargeable = freight.chargeable_weight(parcels)
    assert actual == 1750
    assert volumetric == (3 * 1000 + 1000) * 1000 // 5000 == 800
    assert chargeable == 1750


@pytest.mark.parametrize(
    "zone,weight,paise",
    [
        ("same_district", 1, 4000),
        ("same_district", 500, 4000),
        ("same_district", 501, 6000),
        ("same_district", 1000, 6000),
        ("same_district", 2000, 9000),
        ("same_district", 5000, 15000),
        ("same_district", 5001, 17500),
        ("same_district", 6000, 17500),
        ("same_district", 6001, 20000),
        ("within_up", 500, 6000),
        ("within_up", 1500, 14000),
        ("within_up", 4999, 25000),
        ("within_up", 12800, 25000 + 8 * 4000),
        ("rest_of_india", 500, 9000),
        ("rest_of_india", 999, 14000),
        ("rest_of_india", 2001, 42000),
        ("rest_of_india", 10000, 42000 + 5 * 7000),
    ],
)
def test_slab_prices_by_zone(zone, weight, paise):
    assert freight.quote([Parcel(weight, 0, 0, 0, 1)], zone).amount_paise == paise


def test_quote_carries_weights_zone_and_table_version():
    q = freight.quote([Parcel(300, 40, 40, 40, 1)], Zone.REST_OF_INDIA)
    assert q == freight.FreightQuote("rest_of_india", 300, 12800, 12800, 42000 + 8 * 7000, TABLE.version)


def test_empty_shipment_costs_nothing():
    assert freight.quote([], Zone.WITHIN_UP).amount_paise == 0
    assert freight.quote([Parcel(500, 1, 1, 1, 0)], Zone.WITHIN_UP).amount_paise == 0


def test_unknown_zone_and_negative_sizes_are_refused():
    with pytest.raises(UnknownZone):
        freight.quote([Parcel(100, 1, 1, 1)], "abroad")
    with pytest.raises(InvalidParcel):
        freight.quote([Parcel(-1, 1, 1, 1)], Zone.WITHIN_UP)
    with pytest.raises(InvalidParcel):
        freight.quote([Parcel(100, 1, 1, 1, -2)], Zone.WITHIN_UP)


def test_rate_table_with_decreasing_slabs_is_rejected():
    bad = {"version": "x", "volumetric_divisor_cm3_per_kg": 5000,
           "zones": {"z": {"slabs": [{"max_weight_g": 1000, "price_paise": 1},
                                     {"max_weight_g": 500, "price_paise": 2}],
                           "extra_per_kg_paise": 0}}}
    with pytest.raises(ValueError):
        freight.parse_rate_table(bad)


@pytest.mark.parametrize(
    "origin,pin,zone",
    [
        ("Varanasi", "221001", Zone.SAME_DISTRICT),
        ("Varanasi", "221 010", Zone.SAME_DISTRICT),
        ("Kanpur Nagar", "208001", Zone.SAME_DISTRICT),  # an override: the directory says Kanpur Dehat
        ("Kanpur Dehat", "208001", Zone.WITHIN_UP),
        ("Prayagraj", "211001", Zone.SAME_DISTRICT),  # the directory's "Allahabad"
        ("Hapur", "245101", Zone.SAME_DISTRICT),  # a newer district, from the overrides
        ("Ghaziabad", "245101", Zone.WITHIN_UP),
        ("Varanasi", "226001", Zone.WITHIN_UP),
        ("Varanasi", "800001", Zone.REST_OF_INDIA),  # Patna
        ("Varanasi", "110001", Zone.REST_OF_INDIA),
        ("Saharanpur", "248001", Zone.REST_OF_INDIA),  # Dehradun: a 24 PIN of Uttarakhand
    ],
)
def test_zone_by_the_destination_pin(origin, pin, zone):
    assert freight.zone_for(origin, india.pin_place(pin)) == zone


def test_zone_needs_a_known_pin():
    with pytest.raises(UnknownZone):
        freight.zone_for("Agra", india.pin_place("999999"))


@given(
    w=st.integers(0, 60000),
    more=st.integers(0, 5000),
    zone=st.sampled_from([z.value for z in Zone]),
)
def test_heavier_never_costs_less(w, more, zone):
    rates = TABLE.zones[zone]
    assert freight.price_for_weight(rates, w + more) >= freight.price_for_weight(rates, w)


@given(
    w=st.integers(0, 20000), l=st.integers(0, 80), b=st.integers(0, 80), h=st.integers(0, 80),
    q=st.integers(1, 20),
)
def test_chargeable_weight_is_the_greater_of_actual_and_volumetric(w, l, b, h, q):
    actual, volumetric, chargeable = freight.chargeable_weight([Parcel(w, l, b, h, q)])
    assert actual == w * q
    assert volumetric * 5000 >= l * b * h * q * 1000 > (volumetric - 1) * 5000 or volumetric == 0
    assert chargeable == max(actual, volumetric)
