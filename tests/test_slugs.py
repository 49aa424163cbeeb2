"""One slug rule and one romanisation rule (marketplace/slugs.py, issue #11 item 2): the same
Hindi name gives the same URL everywhere, and slugs stored before stay where they are."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import func, select

from marketplace.buyers import meets
from marketplace.catalog import sellers
from marketplace.catalog.districts import load_districts
from marketplace.catalog.listing_rules import ListingData
from marketplace.catalog.listings import create_listing
from marketplace.catalog.models import Category, District, Division
from marketplace.catalog.search import synthetic
from marketplace.catalog.search.text import phonetic_key
from marketplace.catalog.search.text import romanize as search_romanize
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.slugs import romanize, slugify, unique_slug

#: A Devanagari name used by every caller below; the old copies gave "banarasi-katan" (the
#: validation romaniser kept the schwa), "" (the copies that dropped Hindi) or "katan" and worse.
NAME = "बनारसी कतान"
SLUG = "banarsi-katan"


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    "hindi, latin",
    [
        ("बनारसी", "banarsi"),
        ("कमल", "kamal"),
        ("चिकनकारी", "chikankari"),
        ("कालीन", "kalin"),
        ("इत्र", "itra"),  # a schwa after a consonant cluster is spoken
        ("न", "na"),  # the only vowel stays
        ("साड़ी", "sari"),
        ("हिंदी", "hindi"),  # anusvara -> n, not "himdi"
        ("छत्तीसगढ़", "chhattisgarh"),  # छ -> chh, च -> ch
    ],
)
def test_romanisation_drops_the_schwas_hindi_does_not_say(hindi, latin):
    assert romanize(hindi) == latin


def test_search_and_slugs_romanise_with_the_same_rule():
    assert search_romanize is romanize
    assert phonetic_key("बनारसी") == phonetic_key("banarsi")


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Banarasi Katan Silk Saree, Red", "banarasi-katan-silk-saree-red"),
        ("Gautam Buddh Nagar", "gautam-buddh-nagar"),
        # was "banarasi-sari" and "chikanakari-kurti" (the validation.py romaniser kept schwas)
        ("बनारसी साड़ी", "banarsi-sari"),
        ("चिकनकारी कुर्ती", "chikankari-kurti"),
        ("कालीन", "kalin"),
        ("शीशम Jewellery Box", "shisham-jewellery-box"),
        ("लाल बनारसी कतान साड़ी", "lal-banarsi-katan-sari"),
        ("रेशम।साड़ी", "resham-sari"),  # the danda is punctuation
    ],
)
def test_slugs_for_english_and_hindi_names(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Café & Co.", "cafe-and-co"),
        ("  Zari--Zardozi   work!! ", "zari-zardozi-work"),
        ("Perfume (itra)", "perfume-itra"),
        ("Kala Namak Rice, 5 kg", "kala-namak-rice-5-kg"),
        ("!!!", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_punctuation_and_accents_never_reach_a_slug(text, slug):
    assert slugify(text) == slug


def test_a_long_name_is_cut_at_a_whole_word():
    name = "Handmade " * 20
    slug = slugify(name)
    assert len(slug) <= 80 and slug.endswith("handmade") and slug.startswith("handmade-handmade")
    assert slugify(name, max_len=20) == "handmade-handmade"
    assert slugify(name, max_len=17) == "handmade-handmade"  # a cut at a word's end keeps that word
    assert slugify(name, max_len=18) == "handmade-handmade"
    assert slugify("a" * 100, max_len=10) == "a" * 10  # one long word is cut where it must be
    assert len(slugify("बनारसी " * 30)) <= 80


@given(st.text(max_size=200))
def test_slug_is_stable_ascii_and_url_safe(text):
    slug = slugify(text)
    assert slug == slugify(text) == slugify(slug)
    assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in slug)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug
    assert len(slug) <= 80


def test_a_taken_slug_gets_the_next_number():
    taken = {"brass-vase", "brass-vase-2"}
    assert unique_slug("Brass Vase", taken.__contains__) == "brass-vase-3"
    assert unique_slug("Brass Vase", set().__contains__) == "brass-vase"
    assert unique_slug("!!!", taken.__contains__, fallback="listing") == "listing"
    assert unique_slug("!!!", {"listing"}.__contains__, fallback="listing") == "listing-2"


def test_the_number_fits_inside_the_longest_slug():
    base = slugify("x" * 5 + " word" * 30, max_len=30)
    assert base == "xxxxx-word-word-word-word-word"
    assert unique_slug(base, {base}.__contains__, max_len=30) == "xxxxx-word-word-word-word-2"


# --------------------------------------------------------------------------- every caller


def _csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["district", "district_hi", "division", "division_hi", "odop_product",
                                     "odop_product_hi", "samagam_2019_start", "samagam_2019_end"])
        writer.writeheader()
        for row in rows:
            writer.writerow({"district_hi": "जिला", "division": "Varanasi", "division_hi": "वाराणसी",
                             "odop_product_hi": "उत्पाद", "samagam_2019_start": "", "samagam_2019_end": "", **row})
    return path


def test_district_loader_slugs_a_hindi_name_like_everything_else(app, districts, tmp_path):
    # formerly catalog/slugs.py, which dropped Devanagari and left an empty slug
    path = _csv(tmp_path / "d.csv", [{"district": NAME, "odop_product": NAME}])
    with app.app_context():
        load_districts(path)
        assert db.session.scalar(select(District.slug).where(District.name_en == NAME)) == SLUG
        assert db.session.scalar(select(Category.slug).where(Category.name_en == NAME)) == SLUG


def test_district_loader_refreshes_rows_stored_under_an_older_slug(app, districts, tmp_path):
    # "Brass & Copper ware" was "brass-copper-ware" under catalog/slugs.py, "brass-and-copper-ware" now: reloading
    # must find the stored row (its URL stays), not add a second one
    with app.app_context():
        db.session.add(Category(slug="brass-copper-ware", name_en="Brass & Copper ware", name_hi="पीतल तांबा"))
        db.session.add(District(slug="old-ganj", name_en="Naya Ganj", name_hi="नया गंज",
                                division=db.session.scalar(select(Division).where(Division.slug == "varanasi")),
                                odop_category=db.session.scalar(select(Category).where(Category.slug == "brass-copper-ware"))))
        db.session.commit()
        counts = (db.session.scalar(select(func.count(Category.id))), db.session.scalar(select(func.count(District.id))))
        path = _csv(tmp_path / "d.csv", [{"district": "Naya Ganj", "district_hi": "नयागंज",
                                           "odop_product": "Brass & Copper ware", "odop_product_hi": "पीतल"}])
        result = load_districts(path)
        assert result.districts_created == 0
        assert counts == (db.session.scalar(select(func.count(Category.id))),
                          db.session.scalar(select(func.count(District.id))))
        district = db.session.scalar(select(District).where(District.slug == "old-ganj"))
        assert district.name_hi == "नयागंज" and district.odop_category.slug == "brass-copper-ware"
        load_districts()  # the real file again: still nothing duplicated
        assert db.session.scalar(select(func.count(District.id))) == counts[1]


def test_listing_with_only_a_hindi_title_gets_the_shared_slug(app, make_seller):
    # formerly catalog/validation.py (kept the schwa: "banarasi-katan")
    seller = make_seller()
    with app.app_context():
        category_id = db.session.scalar(select(Category.id).limit(1))
        data = ListingData(sku="KTN-1", title_en="", title_hi=NAME, description_en="", description_hi="",
                           category_id=category_id, price_paise=100000, mrp_paise=None, stock=1, moq=1,
                           weight_g=500, length_cm=10, width_cm=10, height_cm=5, hsn_code=None, gst_rate_bp=None)
        first = create_listing(seller.id, data)
        second = create_listing(seller.id, ListingData(**{**data.__dict__, "sku": "KTN-2"}))
        assert (first.slug, second.slug) == (SLUG, f"{SLUG}-2")


def test_seller_with_only_a_hindi_name_gets_the_shared_slug(app, districts):
    with app.app_context():
        seller, _ = sellers.create_seller_account("katan@example.com", "varanasi", "", name_hi=NAME,
                                                  password="zari-thread-42")
        assert seller.slug == SLUG


def test_meet_named_in_hindi_gets_the_shared_slug_with_its_date(app, make_organiser):
    # formerly buyers/meets.py, which dropped the Hindi title and kept only the date
    organiser = make_organiser("varanasi")
    start = utcnow().date() + dt.timedelta(days=10)
    with app.app_context():
        varanasi = db.session.scalar(select(District.id).where(District.slug == "varanasi"))
        data = meets.MeetInput(NAME, NAME, [varanasi], "Sankul", start, start + dt.timedelta(days=1),
                               start - dt.timedelta(days=2))
        first = meets.create_samagam(organiser, data)
        second = meets.create_samagam(organiser, data)
        assert first.slug == f"{SLUG}-{start.isoformat()}"
        assert second.slug == f"{SLUG}-{start.isoformat()}-2"
        data.title_en = "Purvanchal " * 12
        long = meets.create_samagam(organiser, data)
        assert len(long.slug) <= 80 and long.slug.endswith(start.isoformat())  # the date is never cut off


def test_category_the_cell_names_in_hindi_gets_the_shared_slug(app, cell_admin, staff_client):
    # formerly admin/reference.py, which dropped Hindi (the form then refused the empty slug)
    client = staff_client(cell_admin)
    response = client.post("/admin/reference/categories", data={"name_en": NAME, "name_hi": NAME})
    assert response.status_code == 302
    response = client.post("/admin/reference/categories", data={"name_en": "Kaṭān Café", "name_hi": "कतान कैफ़े"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Category.slug).where(Category.name_en == NAME)) == SLUG
        # accents folded (the old copy made "ka-n-caf")
        assert db.session.scalar(select(Category.slug).where(Category.name_en == "Kaṭān Café")) == "katan-cafe"


def test_synthetic_search_catalogue_slugs_like_the_loader(app, districts, tmp_path, monkeypatch):
    # formerly catalog/search/synthetic.py, which dropped Hindi and accents
    path = _csv(tmp_path / "d.csv", [{"district": NAME, "odop_product": "Brass & Copper ware"}])
    monkeypatch.setattr(synthetic, "DISTRICTS_CSV", path)
    (row,) = synthetic.load_districts()
    assert (row["slug"], row["category_slug"]) == (SLUG, "brass-and-copper-ware")
    with app.app_context():
        load_districts(path)
        assert db.session.scalar(select(District.slug).where(District.name_en == NAME)) == row["slug"]
        assert db.session.scalar(select(Category.slug).where(Category.name_en == "Brass & Copper ware")) == row["category_slug"]
