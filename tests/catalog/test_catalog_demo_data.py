"""The demo catalogue file is rich enough to show the marketplace and every record in it is valid."""
import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from marketplace.catalog.demo_images import render_listing_image
from marketplace.catalog.listing_rules import GST_RATES_BP
from marketplace.catalog.validation import is_valid_gstin, is_valid_mobile, is_valid_pin_code, is_valid_udyam
from marketplace.slugs import slugify

DATA = Path(__file__).resolve().parents[2] / "marketplace" / "catalog" / "data"
CATALOGUE = json.loads((DATA / "demo_catalogue.json").read_text(encoding="utf-8"))
with open(DATA / "districts.csv", encoding="utf-8") as fh:
    DISTRICTS = {r["district"]: r for r in csv.DictReader(fh)}
SELLERS = CATALOGUE["sellers"]
LISTINGS = [(s, l) for s in SELLERS for l in s["listings"]]


def test_catalogue_is_big_enough_for_the_demo():
    assert len(SELLERS) >= 40
    assert len({s["district"] for s in SELLERS}) >= 30
    assert len(LISTINGS) >= 400


def test_sellers_have_valid_registrations_and_known_districts():
    for s in SELLERS:
        assert s["district"] in DISTRICTS, s["key"]
        assert is_valid_udyam(s["udyam_number"]), s["key"]
        assert s["gstin"] is None or is_valid_gstin(s["gstin"]), s["key"]
        assert is_valid_pin_code(s["pin_code"]) and is_valid_mobile(s["phone"])
        assert s["seller_type"] in {"artisan", "shg", "fpo", "cooperative", "msme", "exporter"}
        assert s["enterprise_name_en"] and s["enterprise_name_hi"] and s["story_en"] and s["story_hi"]
    assert sum(1 for s in SELLERS if s["gstin"]) >= 10
    assert len({s["email"] for s in SELLERS}) == len(SELLERS)
    assert len({s["udyam_number"] for s in SELLERS}) == len(SELLERS)


def test_listings_are_bilingual_priced_and_measured():
    odop = {r["odop_product"] for r in DISTRICTS.values()}
    for s, l in LISTINGS:
        assert l["category"] in odop
        assert l["title_en"] and l["title_hi"] and l["description_en"] and l["description_hi"]
        assert any("\u0900" <= ch <= "\u097f" for ch in l["title_hi"])
        assert "{" not in l["title_en"] + l["title_hi"] + l["description_en"] + l["description_hi"]
        assert l["price_paise"] > 0 and (l["mrp_paise"] is None or l["mrp_paise"] >= l["price_paise"])
        assert l["stock"] >= 0 and l["moq"] >= 1 and l["weight_g"] > 0
        assert min(l["length_cm"], l["width_cm"], l["height_cm"]) > 0
        assert l["gst_rate_bp"] in GST_RATES_BP and len(l["hsn_code"]) in (4, 6, 8)
        prices = [l["price_paise"]] + [p for _, p in l["tiers"]]
        quantities = [l["moq"]] + [q for q, _ in l["tiers"]]
        assert prices == sorted(prices, reverse=True) and len(set(prices)) == len(prices)
        assert quantities == sorted(quantities) and len(set(quantities)) == len(quantities)


def test_titles_vary_and_give_distinct_slugs():
    titles = [l["title_en"] for _, l in LISTINGS]
    assert len(set(titles)) == len(titles)
    assert len({slugify(t) for t in titles}) == len(titles)
    # not one template: the leading three words vary a lot
    assert len(Counter(" ".join(t.split()[:3]) for t in titles)) > 120
    skus = Counter((s["key"], l["sku"]) for s, l in LISTINGS)
    assert max(skus.values()) == 1


@pytest.mark.parametrize(
    "words, district",
    [
        (("banarasi", "saree"), "Varanasi"),
        (("chikan", "kurti"), "Lucknow"),
        (("moradabad", "brass"), "Moradabad"),
        (("attar", "kannauj"), "Kannauj"),
        (("carpet",), "Bhadohi"),
        (("dari",), "Mirzapur"),
        (("glass", "bangles"), "Firozabad"),
        (("leather", "shoes"), "Agra"),
        (("jaggery", "gur"), "Muzaffarnagar"),
        (("zardozi",), "Bareilly"),
        (("black", "pottery"), "Azamgarh"),
        (("wooden",), "Saharanpur"),
        (("wooden", "toy"), "Varanasi"),
        (("terracotta",), "Gorakhpur"),
        (("kalanamak", "rice"), "Siddharthnagar"),
    ],
)
def test_buyers_common_searches_have_matches_in_the_right_district(words, district):
    hits = [
        l for s, l in LISTINGS
        if s["district"] == district
        and all(w in (l["title_en"] + " " + l["description_en"]).lower() for w in words)
    ]
    assert len(hits) >= 2, (words, district)


def test_every_craft_has_a_palette_and_renders_a_picture():
    for category in {l["category"] for _, l in LISTINGS}:
        craft = CATALOGUE["crafts"][category]
        assert len(craft["palette"]) == 3
    s, l = LISTINGS[0]
    craft = CATALOGUE["crafts"][l["category"]]
    a = render_listing_image(l["title_en"], l["title_hi"], s["district"], craft["palette"], craft["motif"], l["sku"])
    b = render_listing_image(l["title_en"], l["title_hi"], s["district"], craft["palette"], craft["motif"], l["sku"])
    assert a.size == (800, 800) and a.tobytes() == b.tobytes()
    assert len(a.resize((40, 40)).getcolors(1600)) > 5  # a pattern, not a flat colour
