"""A new seller registers, completes the profile, is verified by the ODOP cell, lists a product
in Hindi with a photo and finds it on the district page, in a real browser (phone and desktop)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from marketplace.accounts import services
from marketplace.accounts.models import Role
from marketplace.catalog.districts import load_districts
from tests.fixtures.catalog import jpeg_bytes
from tests.fixtures.e2e import screenshot

pytestmark = pytest.mark.e2e


def test_seller_journey_from_registration_to_the_district_page(live_server, live_app, browser, page, viewport, tmp_path):
    with live_app.app_context():
        load_districts()
        services.create_user(f"cell-{viewport}@example.com", "odop-cell-pass", "ODOP Cell", role=Role.ADMIN)
    base = live_server.url
    photo = tmp_path / "saree.jpg"
    photo.write_bytes(jpeg_bytes(size=(900, 700), colour=(150, 20, 50)))
    not_a_photo = tmp_path / "notes.jpg"
    not_a_photo.write_text("this is a shopping list, not a photo\n" * 20)

    # 1. register as a seller who reads Hindi
    page.goto(base + "/account/register?role=seller")
    page.get_by_label("Your name").fill("Rehana Ansari")
    page.get_by_label("Email").fill(f"rehana-{viewport}@example.com")
    page.get_by_label("Password", exact=True).fill("banarasi-42")
    page.get_by_label("Repeat password").fill("banarasi-42")
    page.locator("#locale").select_option("hi")
    page.get_by_role("button", name="Create account").click()
    # registration answers "check your mail" (issue #12.7); then she signs in
    expect(page.locator("body")).to_contain_text("Check your mail")
    page.get_by_label("Email").fill(f"rehana-{viewport}@example.com")
    page.get_by_label("Password", exact=True).fill("banarasi-42")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "hi")  # her account's language

    # 2. the profile, first with a wrong Udyam number
    page.goto(base + "/seller/profile")
    page.get_by_label("उद्यम का नाम (अंग्रेज़ी)").fill("Rehana Silk Weaves")
    page.get_by_label("उद्यम का नाम (हिंदी)").fill("रेहाना सिल्क बुनकारी")
    page.get_by_label("जिला").select_option(label="वाराणसी")
    page.get_by_label("उद्यम पंजीकरण संख्या").fill("UDYAM-UP-70-12")
    page.get_by_label("पता").fill("45 मदनपुरा")
    page.get_by_label("क़स्बा या शहर").fill("वाराणसी")
    page.get_by_label("पिन कोड").fill("221001")
    page.get_by_label("मोबाइल नंबर").fill("98390 12345")
    page.get_by_role("button", name="प्रोफ़ाइल सहेजें").click()
    expect(page.locator("body")).to_contain_text("उद्यम पंजीकरण संख्या UDYAM-UP-00-0000000 जैसी होनी चाहिए")
    page.get_by_label("उद्यम पंजीकरण संख्या").fill("UDYAM-UP-70-0012345")
    page.get_by_role("button", name="प्रोफ़ाइल सहेजें").click()
    expect(page.locator("body")).to_contain_text("सत्यापन की प्रतीक्षा")
    screenshot(page, f"catalog-dashboard-pending-{viewport}")

    # 3. the ODOP cell verifies the seller
    admin = browser.new_context(viewport=page.viewport_size, locale="en-IN").new_page()
    admin.goto(base + "/account/login")
    admin.get_by_label("Email").fill(f"cell-{viewport}@example.com")
    admin.get_by_label("Password").fill("odop-cell-pass")
    admin.get_by_role("button", name="Sign in").click()
    admin.goto(base + "/admin/sellers")
    admin.get_by_role("link", name="Rehana Silk Weaves").click()
    screenshot(admin, f"catalog-admin-verify-{viewport}")
    admin.get_by_role("button", name="Verify this seller").click()
    expect(admin.locator("body")).to_contain_text("Rehana Silk Weaves is verified.")
    admin.context.close()

    # 4. list a product in Hindi; a text file named .jpg is refused first
    page.goto(base + "/seller/listings/new")
    expect(page.locator("body")).to_contain_text("ओडीओपी")
    # side-by-side inputs line up even when a Hindi label wraps to two lines
    top = lambda name: round(page.locator(f"[name={name}]").bounding_box()["y"])  # noqa: E731
    assert top("moq") == top("hsn_code") and top("weight_g") == top("length_cm")
    page.get_by_label("शीर्षक (हिंदी)").fill("लाल बनारसी कतान साड़ी, कढ़ुआ बूटी")
    page.get_by_label("विवरण (हिंदी)").fill("गड्ढा करघे पर बुनी शुद्ध कतान रेशम की साड़ी, हाथ से डाली बूटियां।")
    page.get_by_label("SKU (उत्पाद का आपका अपना कोड)").fill("KTN-LAL-1")
    page.get_by_label("दाम (₹)", exact=True).fill("18500")
    page.get_by_label("स्टॉक में नग").fill("5")
    page.get_by_label("पैकिंग सहित वज़न (ग्राम)").fill("850")
    page.get_by_label("लंबाई (सेमी)").fill("35")
    page.get_by_label("चौड़ाई (सेमी)").fill("28")
    page.get_by_label("ऊँचाई (सेमी)").fill("6")
    page.locator("input[name=tier_qty_0]").fill("3")
    page.locator("input[name=tier_price_0]").fill("17500")
    page.get_by_label("स्थिति").select_option("published")
    page.locator("input[name=photos]").set_input_files(str(not_a_photo))
    page.get_by_role("button", name="उत्पाद सहेजें").click()
    expect(page.locator("body")).to_contain_text("notes.jpg: यह फ़ाइल JPEG, PNG या WebP फ़ोटो नहीं है")
    page.locator("input[name=photos]").set_input_files(str(photo))
    page.get_by_role("button", name="उत्पाद सहेजें").click()
    expect(page.locator("body")).to_contain_text("उत्पाद सहेज लिया गया।")
    screenshot(page, f"catalog-listing-saved-{viewport}")

    # 5. a buyer finds it on the Varanasi district page and opens it
    buyer = browser.new_context(viewport=page.viewport_size, locale="hi-IN").new_page()
    buyer.goto(base + "/districts/varanasi")
    card = buyer.get_by_role("link", name="लाल बनारसी कतान साड़ी, कढ़ुआ बूटी")
    assert card.count() == 1
    screenshot(buyer, f"catalog-district-{viewport}")
    card.click()
    expect(buyer.locator("h1")).to_have_text("लाल बनारसी कतान साड़ी, कढ़ुआ बूटी")
    expect(buyer.locator("body")).to_contain_text("₹18,500.00")
    expect(buyer.locator("body")).to_contain_text("₹17,500.00")
    image = buyer.locator(".gallery-main img")
    # Wait for the photo to load (reading img.complete at once after the click flaked on a fresh clone).
    buyer.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    screenshot(buyer, f"catalog-product-{viewport}")
    buyer.context.close()
