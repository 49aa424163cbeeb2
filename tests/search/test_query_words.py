"""Price words and district names read out of a query (``query_words.understand``): pure, no app."""
import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.catalog.search.query_words import DistrictTable, understand
from marketplace.catalog.search.text import tokenize
from marketplace.slugs import slugify

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def districts():
    with (ROOT / "marketplace/catalog/data/districts.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return DistrictTable.build({slugify(r["district"]): [r["district"], r["district_hi"]] for r in rows})


R = 100  # paise per rupee


@pytest.mark.parametrize("q, text, lo, hi", [
    # at most
    ("saree under 5000", "saree", None, 5000 * R),
    ("sarees below 5000", "sarees", None, 5000 * R),
    ("saree less than 5000", "saree", None, 5000 * R),
    ("kurti upto 1500", "kurti", None, 1500 * R),
    ("kurti up to 1500", "kurti", None, 1500 * R),
    ("attar within 800", "attar", None, 800 * R),
    ("not more than 500 attar", "attar", None, 500 * R),
    ("5000 से कम साड़ी", "साड़ी", None, 5000 * R),
    ("5000 तक की साड़ी", "साड़ी", None, 5000 * R),
    ("5000 se kam saree", "saree", None, 5000 * R),
    ("saree 5000 tak", "saree", None, 5000 * R),
    ("1000 के अंदर कुर्ती", "कुर्ती", None, 1000 * R),
    # at least
    ("brass above 2000", "brass", 2000 * R, None),
    ("brass over 2000", "brass", 2000 * R, None),
    ("brass more than 2000", "brass", 2000 * R, None),
    ("carpet 2000+", "carpet", 2000 * R, None),
    ("1000 से ज़्यादा की दरी", "दरी", 1000 * R, None),
    ("1000 से ज्यादा की दरी", "दरी", 1000 * R, None),
    ("1000 से अधिक की दरी", "दरी", 1000 * R, None),
    ("dari 1000 se zyada", "dari", 1000 * R, None),
    # ranges
    ("saree between 500 and 1000", "saree", 500 * R, 1000 * R),
    ("saree 500-1000", "saree", 500 * R, 1000 * R),
    ("saree ₹500 – ₹1,000", "saree", 500 * R, 1000 * R),
    ("saree from 500 to 1000", "saree", 500 * R, 1000 * R),
    ("500 से 1000 के बीच साड़ी", "साड़ी", 500 * R, 1000 * R),
    ("500 से 1000 तक की साड़ी", "साड़ी", 500 * R, 1000 * R),
    ("saree 1000 and 500 ke beech", "saree", 500 * R, 1000 * R),
])
def test_each_price_phrase_in_english_and_hindi_becomes_bounds_and_leaves_the_product_words(q, text, lo, hi):
    u = understand(q)
    assert (u.text, u.min_paise, u.max_paise) == (text, lo, hi)
    assert u.without_price == text


@pytest.mark.parametrize("q, hi", [
    ("saree under 5,000", 5000 * R), ("saree under 5000, silk", 5000 * R), ("saree (under 5000)", 5000 * R), ("saree under 1,50,000", 150000 * R), ("saree under 150,000", 150000 * R),
    ("saree under ₹5000", 5000 * R), ("saree under ₹ 5,000", 5000 * R), ("saree under rs 5000", 5000 * R),
    ("saree under rs. 5000", 5000 * R), ("saree under Rs.5000", 5000 * R), ("saree under INR 5000", 5000 * R),
    ("saree under 5000 rupees", 5000 * R), ("saree under 5000/-", 5000 * R), ("saree 5000 रुपये से कम", 5000 * R),
    ("saree under 5k", 5000 * R), ("saree under 5K", 5000 * R), ("saree under 2.5k", 2500 * R),
    ("saree under 5 हज़ार", 5000 * R), ("saree 1 lakh tak", 100000 * R), ("saree under 499.50", 49950),
    ("साड़ी ५००० से कम", 5000 * R), ("साड़ी ₹५,००० तक", 5000 * R),
])
def test_amounts_with_commas_k_rupee_signs_and_devanagari_digits(q, hi):
    u = understand(q)
    assert u.max_paise == hi and u.min_paise is None
    assert u.text in ("saree", "साड़ी", "saree, silk")


@pytest.mark.parametrize("q", [
    "kurta size 42", "kurta 38-40", "shoes size 8-10", "BR-1000-2000", "SKU 5000", "brass lamp 5000",
    "dumbbell under 5 kg", "frame below 40 cm", "saree 5000", "₹5000", "rug 4x6", "attar 100 ml",
    "toys for kids under 10 years", "5k", "item no 1000-2000", "kurta size under 42", "sku 1000 to 2000",
])
def test_numbers_that_are_not_prices_stay_words(q):
    u = understand(q)
    assert not u.has_price
    assert u.text == q


def test_a_range_written_backwards_and_two_bounds_in_one_query():
    assert (understand("between 1000 and 500").min_paise, understand("between 1000 and 500").max_paise) == (500 * R, 1000 * R)
    u = understand("carpet above 2000 under 8000")
    assert (u.text, u.min_paise, u.max_paise) == ("carpet", 2000 * R, 8000 * R)
    u = understand("under 5000 under 3000 saree")  # only the first maximum is read
    assert u.max_paise == 5000 * R and "3000" in u.text


def test_a_query_that_is_only_a_price_leaves_no_words():
    u = understand("under ₹5,000")
    assert u.text == "" and u.max_paise == 5000 * R


@pytest.mark.parametrize("q, slug, text", [
    ("moradabad brass", "moradabad", "brass"),
    ("Moradabad brass", "moradabad", "brass"),
    ("muradabad ka peetal", "moradabad", "peetal"),
    ("मुरादाबाद का पीतल", "moradabad", "पीतल"),
    ("बनारस की साड़ी", "varanasi", "साड़ी"),
    ("banaras saree", "varanasi", "saree"),
    ("saree from varanasi", "varanasi", "saree"),
    ("वाराणसी की साड़ी", "varanasi", "साड़ी"),
    ("attar kannauj", "kannauj", "attar"),
    ("lakhnau chikan", "lucknow", "chikan"),
    ("kanpur dehat leather", "kanpur-dehat", "leather"),
    ("allahabad moonj", "prayagraj", "moonj"),
])
def test_a_named_district_or_its_other_name_is_read_and_taken_out_of_the_words(districts, q, slug, text):
    u = understand(q, districts)
    assert (u.district, u.text, u.without_district) == (slug, text, text)
    assert u.without_price == u.typed  # no price: removing the price changes nothing


@pytest.mark.parametrize("q", ["banarasi saree", "बनारसी साड़ी", "lucknowi kurti", "moradabad", "बनारस", "कैरी अचार", "गोंद"])
def test_words_that_are_not_a_district_or_only_a_district_stay_words(districts, q):
    u = understand(q, districts)
    assert u.district is None and u.text == q


def test_price_and_district_together_each_removable_alone(districts):
    u = understand("lucknow chikan kurti under 2,000", districts)
    assert (u.text, u.district, u.max_paise) == ("chikan kurti", "lucknow", 2000 * R)
    assert u.without_price == "lucknow chikan kurti"
    assert u.without_district == "chikan kurti under 2,000"


@pytest.mark.parametrize("q", ["", "   ", '"(unbalanced', "under", "under ₹", "between 5 and", "₹₹₹ 5,,000",
                               "9" * 400, "under " + "9" * 60, "🙂 under ५०००० 🙂", "\x00under 5000"])
def test_any_text_is_read_without_error(districts, q):
    u = understand(q, districts)
    assert isinstance(u.text, str)
    assert u.max_paise is None or 0 <= u.max_paise <= 2**31 - 1


_PIECES = list("0123456789,.-₹ kKrsRS+<>()५०") + ["under ", "से ", "कम ", "तक ", "between ", " and ", "lakh", "हज़ार",
                                                  "saree ", "moradabad ", "size ", "kg "]


@settings(max_examples=300, deadline=None)
@given(q=st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_no_text_breaks_the_reading_and_the_words_left_come_from_the_query(q):
    u = understand(q)
    assert u.min_paise is None or u.max_paise is None or u.min_paise <= u.max_paise
    assert len(u.text) <= len(u.typed)
    assert set(tokenize(u.text)) <= set(tokenize(u.typed))
