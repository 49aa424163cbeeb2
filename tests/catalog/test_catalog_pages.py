"""The pages buyers browse, the JSON API and the demo catalogue loader."""
from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import func, select

from marketplace.catalog.demo import CATALOGUE, load_demo_catalogue
from marketplace.catalog.models import Listing, ListingImage, Seller
from marketplace.extensions import db


def test_districts_page_groups_all_75_by_division_with_counts(client, make_listing, make_seller):
    make_listing(seller=make_seller(district="moradabad"))
    make_listing(seller=make_seller(district="moradabad"), status="draft")
    make_listing(seller=make_seller(district="moradabad", status="pending"))
    page = client.get("/districts").get_data(as_text=True)
    assert len(re.findall(r'href="/districts/[a-z-]+"', page)) == 75
    assert page.count('class="division"') == 18
    moradabad = re.search(r'href="/districts/moradabad">.*?class="count[^"]*">(\d+)<', page, re.S)
    assert moradabad.group(1) == "1"  # the draft and the unverified seller's listing are not counted


def test_district_page_shows_odop_product_listings_sellers_and_breadcrumbs(client, make_listing, make_seller):
    seller = make_seller(district="kannauj", enterprise_name_en="Gulab Attar House")
    make_listing(seller=seller, title_en="Rose attar", slug="rose-attar")
    page = client.get("/districts/kannauj").get_data(as_text=True)
    assert "Perfume (itra)" in page and "Rose attar" in page and "Gulab Attar House" in page
    assert 'class="breadcrumbs"' in page and "Kanpur division" in page
    assert 'property="og:title"' in page
    assert client.get("/districts/atlantis").status_code == 404


def test_district_pages_paginate(client, make_listing, make_seller):
    seller = make_seller(district="agra")
    for i in range(30):
        make_listing(seller=seller, title_en=f"Shoe {i:02d}", sold_count=100 - i)
    first = client.get("/districts/agra").get_data(as_text=True)
    second = client.get("/districts/agra?page=2").get_data(as_text=True)
    assert "Shoe 00" in first and "Shoe 29" not in first and "Shoe 29" in second
    assert "Page 2 of 2" in second and 'rel="prev"' in second
    assert client.get("/districts/agra?page=abc&sort=nonsense").status_code == 200


def test_product_page_has_price_tiers_moq_stock_seller_badges_and_json_ld(client, make_seller, make_listing):
    seller = make_seller(district="varanasi", gi_tags="Banaras Brocades and Sarees", enterprise_name_en="Ansari Silk")
    make_listing(seller=seller, slug="katan-saree", title_en="Katan saree", price_paise=1850000, mrp_paise=2200000,
                 tiers=[(3, 1750000), (10, 1620000)], moq=2, stock=3, hsn_code="5007", gst_rate_bp=500)
    page = client.get("/products/katan-saree").get_data(as_text=True)
    assert "₹18,500.00" in page and "₹16,200.00" in page and "10+" in page
    assert "Minimum order: 2 units" in page and "Only 3 left" in page
    assert "Ansari Silk" in page and "GI: Banaras Brocades and Sarees" in page and "ODOP" in page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert ld["@type"] == "Product" and ld["offers"]["price"] == "18500.00" and ld["offers"]["priceCurrency"] == "INR"
    assert ld["offers"]["availability"].endswith("InStock")
    assert 'property="og:type" content="product"' in page


def test_non_odop_listing_has_no_odop_badge(client, make_seller, make_listing):
    make_listing(seller=make_seller(district="varanasi"), category="wooden-toys", slug="lattu", title_en="Lattu")
    page = client.get("/products/lattu").get_data(as_text=True)
    assert "ODOP ·" not in page


def test_product_page_in_hindi(client, make_listing):
    make_listing(slug="sari", title_en="Red saree", title_hi="लाल साड़ी")
    page = client.get("/products/sari", headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert "<h1>लाल साड़ी</h1>" in page


def test_seller_and_category_pages(client, make_seller, make_listing):
    seller = make_seller(district="firozabad", enterprise_name_en="Suhag Bangles", slug="suhag-bangles",
                         story_en="Bangles since 1950.")
    make_listing(seller=seller, title_en="Glass bangles")
    page = client.get("/sellers/suhag-bangles").get_data(as_text=True)
    assert "Suhag Bangles" in page and "Bangles since 1950." in page and "Glass bangles" in page
    category = client.get("/categories/glassware").get_data(as_text=True)
    assert "Glass bangles" in category and "Firozabad" in category
    assert "Glassware" in client.get("/categories").get_data(as_text=True)
    assert client.get("/sellers/nobody").status_code == 404


def test_unverified_sellers_page_is_hidden_from_buyers(client, make_seller):
    make_seller(status="pending", slug="not-yet")
    assert client.get("/sellers/not-yet").status_code == 404
    assert client.get("/api/v1/sellers/not-yet").status_code == 404


def test_media_serves_only_stored_jpegs(client):
    assert client.get("/media/../../etc/passwd").status_code == 404
    assert client.get("/media/listings/1/x.png").status_code == 404


def test_api_districts(client, make_listing, make_seller):
    make_listing(seller=make_seller(district="bhadohi"))
    body = client.get("/api/v1/districts").get_json()
    assert body["count"] == 75
    bhadohi = next(d for d in body["districts"] if d["slug"] == "bhadohi")
    assert bhadohi["name_hi"] == "भदोही" and bhadohi["odop_product"]["name_en"] == "Carpets"
    assert bhadohi["listing_count"] == 1 and bhadohi["division"]["slug"] == "mirzapur"


def test_api_product_and_seller(client, make_seller, make_listing):
    seller = make_seller(slug="maker", district="lucknow")
    listing = make_listing(seller=seller, price_paise=145000, tiers=[(10, 130000)], title_hi="चिकन कुर्ती")
    draft = make_listing(seller=seller, status="draft")
    product = client.get(f"/api/v1/products/{listing.id}").get_json()
    assert product["price_paise"] == 145000 and product["title_hi"] == "चिकन कुर्ती" and product["is_odop"]
    assert product["price_tiers"] == [{"min_quantity": 10, "price_paise": 130000}]
    assert product["seller"]["slug"] == "maker"
    missing = client.get(f"/api/v1/products/{draft.id}")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    maker = client.get("/api/v1/sellers/maker").get_json()
    assert [l["id"] for l in maker["listings"]] == [listing.id] and maker["district"] == "lucknow"


def small_catalogue(tmp_path: Path) -> Path:
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    data["sellers"] = [dict(s, listings=s["listings"][:3]) for s in data["sellers"][:3]]
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_demo_loader_is_idempotent_and_every_listing_has_a_picture(app, districts, tmp_path, client):
    path = small_catalogue(tmp_path)
    with app.app_context():
        assert load_demo_catalogue(path) == {"sellers": 3, "listings": 9, "images": 9}
        assert load_demo_catalogue(path) == {"sellers": 0, "listings": 0, "images": 0}
        assert db.session.scalar(select(func.count()).select_from(Seller).where(Seller.status == "verified")) == 3
        images = db.session.scalars(select(ListingImage)).all()
        assert len(images) == 9
        for image in images:
            assert (Path(app.config["UPLOAD_DIR"]) / image.path).is_file()
        slug = db.session.scalar(select(Listing.slug).limit(1))
    page = client.get(f"/products/{slug}").get_data(as_text=True)
    for src in re.findall(r'src="(/media/[^"]+)"', page):
        response = client.get(src)
        assert response.status_code == 200
        response.close()


def test_demo_load_command_registers_the_catalogue_after_accounts(app):
    loaders = sorted(app.extensions["demo_loaders"], key=lambda t: t[:2])
    names = [name for _, name, _ in loaders]
    assert names.index("catalogue") > names.index("districts")
    assert [order for order, name, _ in loaders if name == "catalogue"] == [20]


def test_cached_district_page_shows_a_new_listing_at_once(app, client, make_seller, make_listing):
    app.config["PAGE_CACHE_SECONDS"] = 60
    seller = make_seller(district="mau")
    first = client.get("/districts/mau")
    assert client.get("/districts/mau").headers.get("X-Page-Cache") == "hit"
    assert "Printed cotton saree" not in first.get_data(as_text=True)
    make_listing(seller=seller, title_en="Printed cotton saree")
    assert "Printed cotton saree" in client.get("/districts/mau").get_data(as_text=True)


def test_cached_product_page_carries_no_csrf_token_and_shows_stock_changes(app, client, make_listing):
    from marketplace.catalog.models import Listing as ListingModel

    app.config["PAGE_CACHE_SECONDS"] = 60
    listing = make_listing(slug="cached-lamp", stock=9)
    first = client.get("/products/cached-lamp").get_data(as_text=True)
    second = client.get("/products/cached-lamp")
    assert second.headers.get("X-Page-Cache") == "hit" and "csrf_token" not in first
    with app.app_context():
        db.session.get(ListingModel, listing.id).stock = 0
        db.session.commit()
    assert "Out of stock" in client.get("/products/cached-lamp").get_data(as_text=True)
