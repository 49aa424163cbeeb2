"""The 75 districts and their ODOP products as reference data."""
from __future__ import annotations

from sqlalchemy import func, select

from marketplace.catalog.models import Category, District, Division
from marketplace.extensions import db
from tests.fixtures.catalog import district_by_slug


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_load_districts_command_is_idempotent(runner, app):
    first = runner.invoke(args=["odop", "load-districts"])
    assert first.exit_code == 0 and "75 districts (75 new)" in first.output
    second = runner.invoke(args=["odop", "load-districts"])
    assert "75 districts (0 new)" in second.output
    with app.app_context():
        assert (count(District), count(Division)) == (75, 18)


def test_districts_are_bilingual_with_their_odop_product(districts):
    with districts.app_context():
        varanasi = district_by_slug("varanasi")
        assert varanasi.name_hi == "वाराणसी" and varanasi.division.name_en == "Varanasi"
        assert "saree" in varanasi.odop_category.name_en.lower()
        assert district_by_slug("gautam-buddh-nagar").name_hi
        assert district_by_slug("lalitpur").samagam_2019_end.isoformat() == "2019-10-01"
        assert district_by_slug("unnao").samagam_2019_start is None  # not in the 2019 report


def test_categories_are_shared_across_districts(districts):
    with districts.app_context():
        zari = db.session.scalar(select(Category).where(Category.slug == "zari-zardozi"))
        assert len(zari.districts) == 6


def test_an_edited_odop_category_survives_a_reload(districts, runner):
    with districts.app_context():
        agra = district_by_slug("agra")
        agra.odop_category.name_hi = "चमड़े के उत्पाद"
        db.session.commit()
    runner.invoke(args=["odop", "load-districts"])
    with districts.app_context():
        assert district_by_slug("agra").odop_category.name_hi == "चमड़े के उत्पाद"


def test_listing_factory_and_rules(make_listing, make_seller, app):
    seller = make_seller(district="moradabad")
    odop = make_listing(seller=seller, tiers=[(10, 140000), (50, 120000)])
    other = make_listing(seller=seller, category="carpets")
    assert odop.is_odop and not other.is_odop
    assert odop.is_public
    with app.app_context():
        from marketplace.catalog.models import Listing

        listing = db.session.get(Listing, odop.id)
        assert [listing.unit_price_paise(q) for q in (1, 10, 49, 50, 500)] == [150000, 140000, 140000, 120000, 120000]


def test_a_respelled_hindi_name_updates_the_stored_district(districts, runner):
    """Rows are matched by their English name: a new Hindi spelling (issue 20) refreshes, not duplicates."""
    with districts.app_context():
        firozabad = district_by_slug("firozabad")
        firozabad.name_hi, firozabad.division.name_hi = "फिरोजाबाद", "पुराना नाम"
        db.session.commit()
    runner.invoke(args=["odop", "load-districts"])
    with districts.app_context():
        assert district_by_slug("firozabad").name_hi == "फ़िरोज़ाबाद"
        assert district_by_slug("firozabad").division.name_hi == "आगरा"
        assert (count(District), count(Division)) == (75, 18)
