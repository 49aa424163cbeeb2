"""A seller's listings: the form, photos, quick actions, CSV upload, and that nobody else can
see or touch a seller's drafts."""
from __future__ import annotations

import csv
import gc
import io
import os
import warnings

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalog.bulk_import import COLUMNS
from marketplace.catalog.models import Listing, ListingImage
from marketplace.extensions import db
from tests.fixtures.catalog import jpeg_bytes

LISTING_FORM = {
    "title_en": "", "title_hi": "लाल बनारसी कतान साड़ी", "description_en": "",
    "description_hi": "गड्ढा करघे पर बुनी शुद्ध कतान रेशम की साड़ी।", "sku": "KTN-RED", "price_inr": "18,500",
    "mrp_inr": "22000", "stock": "6", "moq": "1", "weight_g": "850", "length_cm": "35", "width_cm": "28",
    "height_cm": "6", "hsn_code": "5007", "gst_rate": "5", "status": "published",
    "tier_qty_0": "3", "tier_price_0": "17500", "tier_qty_1": "", "tier_price_1": "", "tier_qty_2": "", "tier_price_2": "",
}


def count(app, model=Listing, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def seller_client(app, make_seller, login_as):
    """(client, seller) for a verified Varanasi seller who is signed in."""
    client, user = login_as(Role.SELLER)
    return client, make_seller(user=user)


def form_with_category(app, seller, **changes):
    with app.app_context():
        from marketplace.catalog.models import Seller

        category_id = db.session.get(Seller, seller.id).district.odop_category_id
    return {**LISTING_FORM, "category": str(category_id), **changes}


def test_seller_lists_a_product_in_hindi_with_a_photo_and_it_is_public(app, seller_client, client):
    seller_client, seller = seller_client
    data = form_with_category(app, seller, photos=[(io.BytesIO(jpeg_bytes()), "saree.jpg")])
    response = seller_client.post("/seller/listings/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        listing = db.session.scalar(select(Listing).where(Listing.sku == "KTN-RED"))
        assert listing.price_paise == 1850000 and listing.mrp_paise == 2200000 and listing.gst_rate_bp == 500
        assert listing.slug == "lal-banarsi-katan-sari" and listing.published_at is not None
        assert [(t.min_quantity, t.price_paise) for t in listing.price_tiers] == [(3, 1750000)]
        (image,) = listing.images
        assert (app.config["UPLOAD_DIR"] and os.path.isfile(os.path.join(app.config["UPLOAD_DIR"], image.thumb_path)))
    page = client.get("/districts/varanasi").get_data(as_text=True)
    assert "लाल बनारसी कतान साड़ी" in page and "/products/lal-banarsi-katan-sari" in page
    product = client.get("/products/lal-banarsi-katan-sari").get_data(as_text=True)
    assert '"@type": "Product"' in product and 'og:image' in product and "ODOP" in product
    media = client.get(f"/media/{image.thumb_path}")
    assert media.status_code == 200 and media.mimetype == "image/jpeg"
    media.close()


def test_text_file_renamed_jpg_is_refused_and_nothing_is_saved(app, seller_client):
    client, seller = seller_client
    data = form_with_category(app, seller, photos=[(io.BytesIO(b"not a photo at all\n" * 50), "saree.jpg")])
    response = client.post("/seller/listings/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "saree.jpg: This file is not a JPEG, PNG or WebP photo" in response.get_data(as_text=True)
    assert count(app) == 0


def test_twenty_megabyte_photo_is_refused_and_nothing_is_saved(app, seller_client):
    client, seller = seller_client
    big = jpeg_bytes() + os.urandom(20 * 1024 * 1024)
    data = form_with_category(app, seller, photos=[(io.BytesIO(big), "big.jpg")])
    with warnings.catch_warnings():
        # Werkzeug's test client spools a body this big to a temporary file it never closes.
        warnings.simplefilter("ignore", ResourceWarning)
        response = client.post("/seller/listings/new", data=data, content_type="multipart/form-data")
        assert response.status_code == 200 and "larger than 5 MB" in response.get_data(as_text=True)
        del response, data
        gc.collect()
    assert count(app) == 0


def test_bad_fields_are_shown_and_nothing_is_saved(app, seller_client):
    client, seller = seller_client
    data = form_with_category(app, seller, price_inr="abc", title_hi="", weight_g="", tier_qty_0="0")
    page = client.post("/seller/listings/new", data=data).get_data(as_text=True)
    assert "Price must be an amount in rupees" in page and "Give a title in English or Hindi" in page
    assert "Weight must be in whole grams" in page
    assert count(app) == 0


def test_bulk_tiers_that_get_dearer_are_refused(app, seller_client):
    client, seller = seller_client
    page = client.post("/seller/listings/new", data=form_with_category(app, seller, tier_price_0="19000")).get_data(as_text=True)
    assert "get cheaper as the quantity grows" in page and count(app) == 0


def test_same_sku_twice_is_refused(app, seller_client):
    client, seller = seller_client
    assert client.post("/seller/listings/new", data=form_with_category(app, seller)).status_code == 302
    page = client.post("/seller/listings/new", data=form_with_category(app, seller, sku="ktn-red")).get_data(as_text=True)
    assert "already have a product with SKU" in page and count(app) == 1


def test_edit_keeps_the_slug_duplicate_makes_a_draft_archive_hides(app, seller_client, make_listing, client):
    seller_client, seller = seller_client
    listing = make_listing(seller=seller, title_en="Brass Lamp", slug="brass-lamp", sku="LAMP")
    data = form_with_category(app, seller, title_en="Brass Lamp, bigger", sku="LAMP")
    assert seller_client.post(f"/seller/listings/{listing.id}/edit", data=data).status_code == 302
    with app.app_context():
        edited = db.session.get(Listing, listing.id)
        assert edited.slug == "brass-lamp" and edited.title_en == "Brass Lamp, bigger"
    copy = seller_client.post(f"/seller/listings/{listing.id}/duplicate")
    assert copy.status_code == 302
    with app.app_context():
        duplicate = db.session.scalar(select(Listing).where(Listing.sku == "LAMP-COPY"))
        assert duplicate.status == "draft" and duplicate.slug != "brass-lamp"
        assert [(t.min_quantity, t.price_paise) for t in duplicate.price_tiers] == [(3, 1750000)]
    assert client.get("/products/brass-lamp").status_code == 200
    seller_client.post(f"/seller/listings/{listing.id}/archive")
    assert client.get("/products/brass-lamp").status_code == 404
    assert seller_client.get("/products/brass-lamp").status_code == 200  # the owner still previews it


def test_quick_stock_edit(app, seller_client, make_listing):
    client, seller = seller_client
    listing = make_listing(seller=seller, stock=3)
    client.post(f"/seller/listings/{listing.id}/stock", data={"stock": "0"})
    with app.app_context():
        assert db.session.get(Listing, listing.id).stock == 0
    client.post(f"/seller/listings/{listing.id}/stock", data={"stock": "-4"})
    client.post(f"/seller/listings/{listing.id}/stock", data={"stock": "lots"})
    with app.app_context():
        assert db.session.get(Listing, listing.id).stock == 0


def test_at_most_eight_photos(app, seller_client, make_listing):
    client, seller = seller_client
    listing = make_listing(seller=seller)
    files = [(io.BytesIO(jpeg_bytes(colour=(i * 20, 10, 10))), f"p{i}.jpg") for i in range(9)]
    data = form_with_category(app, seller, sku=listing.sku, photos=files)
    page = client.post(f"/seller/listings/{listing.id}/edit", data=data, content_type="multipart/form-data")
    assert "at most 8 photos" in page.get_data(as_text=True)
    assert count(app, ListingImage) == 0


@pytest.mark.parametrize("method, path", [
    ("GET", "/seller/listings/{id}/edit"),
    ("POST", "/seller/listings/{id}/edit"),
    ("POST", "/seller/listings/{id}/duplicate"),
    ("POST", "/seller/listings/{id}/archive"),
    ("POST", "/seller/listings/{id}/publish"),
    ("POST", "/seller/listings/{id}/stock"),
    ("POST", "/seller/listings/{id}/photos/1/delete"),
    ("GET", "/products/{slug}"),
    ("GET", "/api/v1/products/{id}"),
])
def test_a_seller_can_never_see_or_change_another_sellers_draft(app, make_seller, make_listing, login_as, method, path):
    owner = make_seller(district="lucknow")
    draft = make_listing(seller=owner, status="draft", stock=7, title_en="Secret draft", slug="secret-draft")
    intruder_client, intruder = login_as(Role.SELLER)
    make_seller(user=intruder)
    url = path.format(id=draft.id, slug=draft.slug)
    data = {**LISTING_FORM, "category": "1", "stock": "0"} if method == "POST" else None
    response = intruder_client.open(url, method=method, data=data)
    assert response.status_code == 404
    assert "Secret draft" not in response.get_data(as_text=True)
    with app.app_context():
        unchanged = db.session.get(Listing, draft.id)
        assert (unchanged.stock, unchanged.status, unchanged.title_en) == (7, "draft", "Secret draft")
        assert count(app, Listing, Listing.seller_id == intruder.id) == 0


def test_dashboard_shows_only_own_listings(app, make_seller, make_listing, login_as):
    make_listing(seller=make_seller(), title_en="Someone else's saree")
    client, user = login_as(Role.SELLER)
    mine = make_seller(user=user)
    make_listing(seller=mine, title_en="My own lamp", status="draft")
    page = client.get("/seller/dashboard").get_data(as_text=True)
    assert "My own lamp" in page and "Someone else" not in page


def test_seller_without_profile_is_sent_to_complete_it(login_as):
    client, _ = login_as(Role.SELLER)
    response = client.get("/seller/listings/new")
    assert response.status_code == 302 and response.headers["Location"].endswith("/seller/profile")


def test_unverified_sellers_published_listing_is_not_public(app, make_seller, make_listing, client):
    listing = make_listing(seller=make_seller(status="pending"), slug="waiting")
    assert client.get("/products/waiting").status_code == 404
    assert client.get(f"/api/v1/products/{listing.id}").status_code == 404


# --------------------------------------------------------------------------- CSV upload

def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def csv_row(i, **over):
    return {"sku": f"CSV-{i}", "title_en": f"Brass bowl {i}", "title_hi": f"पीतल कटोरा {i}", "description_en": "Cast.",
            "description_hi": "ढला हुआ।", "category": "Metal craft", "price_inr": "450", "mrp_inr": "", "stock": "10",
            "moq": "1", "weight_g": "300", "length_cm": "10", "width_cm": "10", "height_cm": "5", "hsn_code": "7418",
            "gst_rate": "12", "status": "published", **over}


def upload(client, data: bytes, skip_bad=False):
    form = {"file": (io.BytesIO(data), "products.csv")}
    if skip_bad:
        form["skip_bad"] = "y"
    return client.post("/seller/import", data=form, content_type="multipart/form-data")


def test_csv_with_a_bad_price_on_line_7_changes_nothing(app, seller_client):
    client, seller = seller_client
    rows = [csv_row(i) for i in range(10)]
    rows[5]["price_inr"] = "four hundred"
    page = upload(client, csv_bytes(rows)).get_data(as_text=True)
    assert "Nothing was imported" in page
    assert '<td class="num">7</td>' in page and "Price must be an amount in rupees" in page
    assert count(app) == 0


def test_csv_good_rows_can_be_imported_anyway_and_same_sku_updates(app, seller_client):
    client, seller = seller_client
    rows = [csv_row(i) for i in range(10)]
    rows[5]["price_inr"] = "four hundred"
    page = upload(client, csv_bytes(rows), skip_bad=True).get_data(as_text=True)
    assert "9 products added and 0 updated" in page
    assert count(app) == 9
    again = upload(client, csv_bytes([csv_row(1, price_inr="500", stock="3"), csv_row(5)])).get_data(as_text=True)
    assert "1 products added and 1 updated" in again or "1 product" in again
    with app.app_context():
        updated = db.session.scalar(select(Listing).where(Listing.sku == "CSV-1"))
        assert (updated.price_paise, updated.stock) == (50000, 3)
    assert count(app) == 10


def test_csv_with_an_unknown_column_is_refused(app, seller_client):
    client, _ = seller_client
    data = csv_bytes([csv_row(1)]).replace(b"status\n", b"status,colour\n", 1).replace(b"published\n", b"published,red\n")
    page = upload(client, data).get_data(as_text=True)
    assert "Unknown columns: colour" in page and count(app) == 0


def test_csv_template_downloads_with_an_example_row(seller_client):
    client, _ = seller_client
    response = client.get("/seller/import/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "BRS-VASE-12" in response.get_data(as_text=True)


def test_catalog_import_command(app, runner, make_seller, make_user, tmp_path):
    owner = make_user(role=Role.SELLER)
    make_seller(user=owner)
    path = tmp_path / "p.csv"
    rows = [csv_row(i) for i in range(8)]
    rows[5]["price_inr"] = "-5"
    path.write_bytes(csv_bytes(rows))
    bad = runner.invoke(args=["catalog", "import", str(path), "--seller", owner.email])
    assert bad.exit_code == 1 and "Line 7 (SKU CSV-5): price_inr" in bad.output and count(app) == 0
    ok = runner.invoke(args=["catalog", "import", str(path), "--seller", owner.email, "--skip-bad"])
    assert ok.exit_code == 0 and "7 created" in ok.output and count(app) == 7
