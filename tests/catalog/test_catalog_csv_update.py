"""Re-importing a CSV with fewer columns changes only the columns in the file: a listing is never
unpublished, nor its MRP, HSN, GST, MOQ or Hindi title wiped, because a column was left out."""
from __future__ import annotations

from marketplace.catalog.listings import import_listings
from marketplace.catalog.models import Category, Listing
from marketplace.extensions import db

SHORT_HEADER = "sku,title_en,description_en,category,price_inr,stock,weight_g,length_cm,width_cm,height_cm\n"


def _category_slug(app, listing):
    with app.app_context():
        return db.session.get(Category, listing.category_id).slug


def test_reimport_without_optional_columns_keeps_the_stored_values(app, make_listing):
    listing = make_listing(sku="VASE-1", mrp_paise=200000, hsn_code="7418", gst_rate_bp=1200, moq=2,
                           title_hi="पीतल का फूलदान", description_hi="नक्काशीदार", tiers=[(10, 140000)])
    data = SHORT_HEADER + f"VASE-1,Vase,Nice vase,{_category_slug(app, listing)},1500,50,800,30,20,5\n"
    with app.app_context():
        report = import_listings(listing.seller_id, data.encode())
        assert report.applied and report.updated == 1 and not report.errors
        stored = db.session.get(Listing, listing.id)
        # the columns in the file changed ...
        assert (stored.title_en, stored.price_paise, stored.stock) == ("Vase", 150000, 50)
        # ... and every column left out kept its value
        assert stored.status == "published" and stored.published_at is not None
        assert (stored.mrp_paise, stored.hsn_code, stored.gst_rate_bp, stored.moq) == (200000, "7418", 1200, 2)
        assert (stored.title_hi, stored.description_hi) == ("पीतल का फूलदान", "नक्काशीदार")
        assert [(t.min_quantity, t.price_paise) for t in stored.price_tiers] == [(10, 140000)]


def test_a_column_present_but_blank_still_clears_or_defaults(app, make_listing):
    listing = make_listing(sku="VASE-2", mrp_paise=200000, hsn_code="7418")
    data = ("sku,title_en,description_en,category,price_inr,mrp_inr,hsn_code,stock,weight_g,length_cm,width_cm,"
            f"height_cm\nVASE-2,Vase,Nice,{_category_slug(app, listing)},1500,,,5,800,30,20,5\n")
    with app.app_context():
        assert import_listings(listing.seller_id, data.encode()).applied
        stored = db.session.get(Listing, listing.id)
        assert stored.mrp_paise is None and stored.hsn_code is None and stored.status == "published"


def test_a_new_price_above_the_kept_mrp_is_a_bad_row_and_changes_nothing(app, make_listing):
    listing = make_listing(sku="VASE-3", mrp_paise=160000, price_paise=150000)
    data = SHORT_HEADER + f"VASE-3,Vase,Nice,{_category_slug(app, listing)},1700,50,800,30,20,5\n"
    with app.app_context():
        report = import_listings(listing.seller_id, data.encode())
        assert not report.applied
        assert [(e.line, e.sku, dict(e.reasons).keys()) for e in report.errors] == [(2, "VASE-3", {"mrp_inr"})]
        stored = db.session.get(Listing, listing.id)
        assert (stored.price_paise, stored.stock, stored.title_en) != (170000, 50, "Vase")


def test_a_new_price_below_the_kept_bulk_prices_is_a_bad_row(app, make_listing):
    listing = make_listing(sku="VASE-4", price_paise=150000, tiers=[(10, 140000)])
    data = SHORT_HEADER + f"VASE-4,Vase,Nice,{_category_slug(app, listing)},1300,50,800,30,20,5\n"
    with app.app_context():
        report = import_listings(listing.seller_id, data.encode(), skip_bad=True)
        assert report.updated == 0 and [e.line for e in report.errors] == [2]
        assert db.session.get(Listing, listing.id).price_paise == 150000
