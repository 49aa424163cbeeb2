"""The disclosures the Consumer Protection (E-Commerce) Rules, 2020 oblige (issue #19, part 1):
seller details and return policy on the product page, the seller's choice of policy, the
grievance officer and the policy pages."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.catalog.models import Listing
from marketplace.catalog.return_policy import clean_policy, default_policy
from marketplace.extensions import db
from tests.catalog.test_catalog_listings import count, form_with_category

HINDI = {"Accept-Language": "hi"}
POLICY_PAGES = ("/grievance-officer", "/terms", "/privacy", "/cancellation-and-refunds", "/returns")


def disclosure(page: str) -> str:
    found = re.search(r'<section class="card seller-disclosure".*?</section>', page, re.S)
    assert found, "no disclosure block"
    return found.group(0)


@pytest.fixture
def seller_client(app, make_seller, login_as):
    client, user = login_as(Role.SELLER)
    return client, make_seller(user=user)


@pytest.fixture
def hindi_seller_client(app, make_seller, login_as):
    client, user = login_as(Role.SELLER, locale="hi")
    return client, make_seller(user=user)


def test_product_page_discloses_a_gst_registered_seller(client, make_seller, make_listing):
    seller = make_seller(district="varanasi", enterprise_name_en="Kashi Weavers", enterprise_name_hi="",
                         seller_type="shg", address="12 Lallapura", city="Varanasi", pin_code="221001",
                         gstin="09AAAAA0000A1Z5")
    listing = make_listing(seller=seller, price_paise=150000, mrp_paise=180000)
    block = disclosure(client.get(f"/products/{listing.slug}").get_data(as_text=True))
    assert "Sold by" in block and "Kashi Weavers" in block and "Self-help group" in block
    assert "12 Lallapura" in block and "221001" in block and "Varanasi" in block and "Uttar Pradesh" in block
    assert "09AAAAA0000A1Z5" in block
    assert f"/enquire/{listing.id}" in block and f"/sellers/{seller.slug}" in block
    assert "Country of origin" in block and "India" in block
    assert "MRP (incl. of all taxes)" in block and "1,800" in block and "1,500" in block
    # a silk saree: returnable by the category's default
    assert "Returnable within 7 days of delivery: unused, with its tags and original packing" in block
    # Hindi page: the English name is the fallback for the missing Hindi one
    hindi = disclosure(client.get(f"/products/{listing.slug}", headers=HINDI).get_data(as_text=True))
    assert "विक्रेता का वैधानिक नाम" in hindi and "Kashi Weavers" in hindi and "एमआरपी (सभी कर सहित)" in hindi
    assert "डिलीवरी के 7 दिन के भीतर वापसी" in hindi


def test_product_page_of_a_seller_without_gstin_says_so(client, make_seller, make_listing):
    listing = make_listing(seller=make_seller(gstin=None), returnable=False)
    block = disclosure(client.get(f"/products/{listing.slug}").get_data(as_text=True))
    assert "Not registered for GST" in block and "Not returnable" in block
    assert "वापसी नहीं" in disclosure(client.get(f"/products/{listing.slug}", headers=HINDI).get_data(as_text=True))


def test_food_listing_defaults_to_not_returnable_and_a_seller_may_override(client, make_seller, make_listing):
    seller = make_seller(district="muzaffarnagar")
    gur = make_listing(seller=seller)  # the district's ODOP product: jaggery
    assert "Not returnable" in disclosure(client.get(f"/products/{gur.slug}").get_data(as_text=True))
    chosen = make_listing(seller=seller, returnable=True, return_window_days=3, return_condition="unopened")
    assert "Returnable within 3 days of delivery: unopened, with the seal intact" in disclosure(
        client.get(f"/products/{chosen.slug}").get_data(as_text=True))


def test_the_category_rule():
    assert not default_policy("jaggery").returnable and not default_policy("desi-ghee-dairy-processing").returnable
    assert default_policy("banarasi-silk-sarees").window_days == 7 and default_policy("wood-craft").returnable
    assert clean_policy("no", "12", "unused") == ((False, None, None), {})  # not returnable keeps no window


def test_seller_form_saves_a_chosen_policy(app, seller_client):
    client, seller = seller_client
    data = form_with_category(app, seller, returnable="yes", return_window_days="10", return_condition="unopened")
    response = client.post("/seller/listings/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        listing = db.session.scalar(select(Listing).where(Listing.sku == "KTN-RED"))
        assert (listing.returnable, listing.return_window_days, listing.return_condition) == (True, 10, "unopened")
        listing_id = listing.id
    page = client.get(f"/seller/listings/{listing_id}/edit").get_data(as_text=True)
    assert re.search(r'<option selected value="unopened">|<option value="unopened" selected>', page)
    assert 'value="10"' in page


@pytest.mark.parametrize("window", ["0", "31", "-1", "7.5", "ten", "9" * 400])
def test_seller_form_refuses_a_window_outside_1_to_30_days(app, hindi_seller_client, window):
    client, seller = hindi_seller_client
    data = form_with_category(app, seller, returnable="yes", return_window_days=window)
    response = client.post("/seller/listings/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "वापसी की अवधि 1 से 30 तक पूरे दिनों में होनी चाहिए" in response.get_data(as_text=True)
    assert count(app) == 0


def test_seller_form_hostile_condition_and_flag_are_refused_and_escaped(app, seller_client):
    client, seller = seller_client
    hostile = "<script>alert(1)</script>" + "x" * 5000
    data = form_with_category(app, seller, returnable=hostile, return_condition=hostile)
    response = client.post("/seller/listings/new", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and count(app) == 0
    assert "Choose one of the return conditions offered." in page
    assert "Returnable must be yes, no or left empty" in page
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize("path", POLICY_PAGES)
def test_policy_pages_answer_anonymously_in_both_languages_without_a_cookie(client, path):
    english = client.get(path)
    assert english.status_code == 200 and "Set-Cookie" not in english.headers
    hindi = client.get(path, headers=HINDI)
    assert hindi.status_code == 200 and '<html lang="hi">' in hindi.get_data(as_text=True)


def test_footer_links_the_policy_pages_on_every_page(client):
    for path in ("/", "/districts", "/account/login"):
        page = client.get(path).get_data(as_text=True)
        for target in POLICY_PAGES:
            assert f'href="{target}"' in page, (path, target)
    assert "शिकायत अधिकारी" in client.get("/", headers=HINDI).get_data(as_text=True)


def test_grievance_officer_comes_from_configuration(app, client):
    app.config.update(GRIEVANCE_OFFICER_NAME="Smt. Asha Verma", GRIEVANCE_OFFICER_EMAIL="grievance@odop.example",
                      GRIEVANCE_OFFICER_PHONE="0522-2200000")
    page = client.get("/grievance-officer").get_data(as_text=True)
    assert "Smt. Asha Verma" in page and "mailto:grievance@odop.example" in page and "0522-2200000" in page
    assert "48 hours" in page
    # hours not configured: the usual office hours, in the page's language
    assert "Monday to Friday, 10:00 to 17:00 IST" in page
    assert "सोमवार से शुक्रवार" in client.get("/grievance-officer", headers=HINDI).get_data(as_text=True)
    app.config["GRIEVANCE_OFFICER_HOURS"] = "Mon-Sat 09:30-18:00"
    assert "Mon-Sat 09:30-18:00" in client.get("/grievance-officer?x=1").get_data(as_text=True)


def test_cancellation_page_tells_what_the_product_does(client):
    page = client.get("/cancellation-and-refunds").get_data(as_text=True)
    assert "until the seller accepts it" in page and "30 minutes" in page
    assert "रद्द" in client.get("/cancellation-and-refunds", headers=HINDI).get_data(as_text=True)


def test_csv_import_accepts_optional_return_policy_columns():
    from marketplace.catalog.bulk_import import COLUMNS, parse_listing_csv
    from tests.catalog.test_catalog_bulk_csv import CATEGORIES, make_csv, row

    old_header = [c for c in COLUMNS if not c.startswith("return")]
    parsed = parse_listing_csv(make_csv([row()], columns=old_header), CATEGORIES)  # files without them still load
    assert not parsed.errors and parsed.rows[0][1].returnable is None
    parsed = parse_listing_csv(make_csv([
        row(sku="A-1", returnable="yes", return_window_days="14", return_condition="unused"),
        row(sku="A-2", returnable="no"),
        row(sku="A-3", returnable="yes", return_window_days="45"),
    ]), CATEGORIES)
    good = {data.sku: (data.returnable, data.return_window_days, data.return_condition) for _, data in parsed.rows}
    assert good == {"A-1": (True, 14, "unused"), "A-2": (False, None, None)}
    assert [e.line for e in parsed.errors] == [4] and "return_window_days" in parsed.errors[0].message()


def test_the_address_names_the_town_once_when_the_seller_wrote_it_in_the_address(client, make_seller, make_listing):
    seller = make_seller(district="varanasi", address="224, Madanpura, Varanasi", city="Madanpura, Varanasi",
                         pin_code="221001")
    block = disclosure(client.get(f"/products/{make_listing(seller=seller).slug}").get_data(as_text=True))
    assert block.count("Madanpura") == 1
    other = make_seller(district="varanasi", address="12 Lallapura", city="Varanasi", pin_code="221001")
    block = disclosure(client.get(f"/products/{make_listing(seller=other).slug}").get_data(as_text=True))
    assert "12 Lallapura, Varanasi, District Varanasi" in block


def test_the_return_policy_is_in_the_api_and_the_json_ld(client, make_seller, make_listing):
    import json
    import re

    seller = make_seller(district="muzaffarnagar")
    gur = make_listing(seller=seller)  # jaggery: not returnable by default
    chosen = make_listing(seller=seller, returnable=True, return_window_days=3, return_condition="unopened")
    assert client.get(f"/api/v1/products/{gur.id}").get_json()["return_policy"] == {
        "returnable": False, "window_days": None, "condition": None}
    assert client.get(f"/api/v1/products/{chosen.id}").get_json()["return_policy"] == {
        "returnable": True, "window_days": 3, "condition": "unopened"}

    def ld(listing):
        page = client.get(f"/products/{listing.slug}").get_data(as_text=True)
        return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))

    assert ld(gur)["offers"]["hasMerchantReturnPolicy"]["returnPolicyCategory"].endswith("MerchantReturnNotPermitted")
    policy = ld(chosen)["offers"]["hasMerchantReturnPolicy"]
    assert policy["merchantReturnDays"] == 3 and policy["applicableCountry"] == "IN"
    assert policy["returnPolicyCategory"].endswith("MerchantReturnFiniteReturnWindow")
