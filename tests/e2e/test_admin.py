"""A DIC officer, working in Hindi in a real browser: clears the verification queue, approves the
month's subsidy claims and exports them, answers a helpdesk question, prints the statement."""
from __future__ import annotations

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from marketplace.accounts import services
from marketplace.accounts.models import Role
from marketplace.admin.models import HelpQuestion
from marketplace.admin.periods import Month
from marketplace.catalog.districts import load_districts
from marketplace.catalog.models import District, Listing, Seller, organiser_districts
from marketplace.database import utcnow
from marketplace.extensions import db
from tests.fixtures.e2e import DESKTOP, screenshot

pytestmark = pytest.mark.e2e
PASSWORD = "dic-officer-77"


def build_world(app) -> dict:
    """Varanasi: a DIC officer (Hindi), a pending seller, a verified seller with one order that
    opened a freight-subsidy claim, and one helpdesk question."""
    from marketplace.orders import cart, checkout
    from marketplace.orders.addresses import AddressInput, save_address
    from marketplace.orders.claims import ensure_default_policy

    with app.app_context():
        load_districts()
        ensure_default_policy()
        varanasi = db.session.scalar(select(District).where(District.slug == "varanasi"))
        officer = services.create_user("dic.varanasi@example.com", PASSWORD, "रमेश कुमार", role=Role.ORGANISER, locale="hi")
        db.session.execute(organiser_districts.insert().values(user_id=officer.id, district_id=varanasi.id))
        pending_owner = services.create_user("weaver@example.com", PASSWORD, "Kamla Devi", role=Role.SELLER, locale="hi")
        verified_owner = services.create_user("kashi@example.com", PASSWORD, "Ramesh Maurya", role=Role.SELLER, locale="hi")
        buyer = services.create_user("buyer@example.com", PASSWORD, "Asha Verma", role=Role.BUYER, locale="en")
        pending = Seller(user_id=pending_owner.id, slug="kamla-handloom", district_id=varanasi.id,
                         enterprise_name_en="Kamla Handloom", enterprise_name_hi="कमला हथकरघा",
                         udyam_number="UDYAM-UP-70-0099887", pin_code="221001", status="pending")
        verified = Seller(user_id=verified_owner.id, slug="kashi-silk", district_id=varanasi.id,
                          enterprise_name_en="Kashi Silk House", enterprise_name_hi="काशी सिल्क हाउस",
                          udyam_number="UDYAM-UP-70-0012345", pin_code="221001", status="verified", verified_at=utcnow(),
                          bank_account_name="Kashi Silk House", bank_ifsc="SBIN0001234", bank_account_last4="4321")
        db.session.add_all([pending, verified])
        db.session.flush()
        listing = Listing(seller_id=verified.id, category_id=varanasi.odop_category_id, slug="katan-saree", sku="KS-1",
                          title_en="Katan silk saree", title_hi="कतान सिल्क साड़ी", price_paise=450000, stock=5,
                          status="published", weight_g=900, length_cm=35, width_cm=25, height_cm=5, published_at=utcnow())
        db.session.add(listing)
        db.session.add(HelpQuestion(asker_id=pending_owner.id, district_id=varanasi.id, topic="schemes",
                                    subject="करघे के लिए मार्जिन मनी", body="दो नए करघों के लिए सहायता कैसे मिलेगी?"))
        db.session.commit()
        address = save_address(buyer.id, AddressInput(full_name="Asha Verma", phone="9876543210", line1="12 Hazratganj",
                                                      line2="", city="Lucknow", district="Lucknow", state_code="UP",
                                                      pin_code="226001"))
        cart.add_item(listing.id, 1, user_id=buyer.id)
        order = checkout.place_order(buyer.id, checkout_token="e2e-admin-1", address_id=address.id,
                                     payment_method="cod")
        # the shipment arrives (only a delivered shipment's subsidy claim may be approved)
        from marketplace.orders import fulfilment

        for target, extra in (("accepted", {}), ("shipped", {"carrier": "India Post", "tracking_number": "EE1IN"}),
                              ("delivered", {})):
            fulfilment.move(order.suborders[0].id, target, actor="seller", user_id=verified_owner.id,
                            seller_id=verified.id, **extra)
        return {"district_id": varanasi.id}


def test_dic_officer_day_in_hindi(live_app, live_server, browser, tmp_path):
    world = build_world(live_app)
    context = browser.new_context(viewport=DESKTOP, locale="hi-IN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10000)
    url = live_server.url
    try:
        page.goto(url + "/account/login")
        page.locator("input[name=email]").fill("dic.varanasi@example.com")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").last.click()
        page.goto(url + "/admin/")
        assert page.locator("html").get_attribute("lang") == "hi"
        expect(page.locator("body")).to_contain_text("ओडीओपी निगरानी")
        screenshot(page, "admin-dashboard-hindi")

        # 1. the verification queue
        page.goto(url + "/admin/sellers")
        page.get_by_role("link", name="कमला हथकरघा").click()
        expect(page.locator("body")).to_contain_text("UDYAM-UP-70-0099887")
        page.get_by_role("button", name="इस विक्रेता को सत्यापित करें").click()
        expect(page.locator("body")).to_contain_text("सत्यापित हो गया")
        expect(page.locator("body")).to_contain_text("कोई विक्रेता सत्यापन की प्रतीक्षा में नहीं है।")

        # 2. the month's subsidy claims: approve, then export for forwarding
        page.goto(url + f"/admin/claims?month={Month.current().key}")
        expect(page.locator("body")).to_contain_text("काशी सिल्क हाउस")
        # delivered on the seller's word only: the officer confirms it with the signed receipt
        # first (issue #13.5), or the claim cannot be approved
        expect(page.locator("body")).to_contain_text("केवल विक्रेता का कहना — अभी स्वीकृत नहीं हो सकता")
        receipt = tmp_path / "receipt.png"
        Image.new("RGB", (60, 40), (250, 250, 240)).save(receipt)
        page.locator("details.confirm-delivery summary").first.click()
        page.get_by_label("आप हाथ से डिलीवरी की पुष्टि क्यों कर रहे हैं (3 से 300 अक्षर)").fill("ख़रीदार की हस्ताक्षरित रसीद देखी")
        page.locator("details.confirm-delivery input[type=file]").first.set_input_files(str(receipt))
        screenshot(page, "admin-claims-confirm-delivery-hindi")
        page.get_by_role("button", name="डिलीवरी की पुष्टि करें", exact=True).click()
        expect(page.locator("body")).to_contain_text("अब इसका अनुदान दावा स्वीकृत किया जा सकता है")
        expect(page.locator("td.proof[data-proof=officer]").first).to_contain_text("अधिकारी द्वारा पुष्टि")
        page.locator("input[name=claim_ids]").first.check()
        page.get_by_label("निर्णय", exact=True).select_option("approve")
        page.get_by_role("button", name="चुने गए दावों पर लागू करें").click()
        expect(page.locator("body")).to_contain_text("1 दावा अद्यतन हुआ।")
        screenshot(page, "admin-claims-hindi")
        with page.expect_download() as info:
            page.get_by_role("link", name="अग्रेषण के लिए डाउनलोड करें (CSV)").click()
        path = tmp_path / "claims.csv"
        info.value.save_as(path)
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8-sig")
        assert "UDYAM-UP-70-0012345" in text and "उद्यम पंजीकरण संख्या" in text  # Hindi headings for a Hindi officer

        # 3. the helpdesk
        page.goto(url + "/admin/helpdesk")
        page.get_by_role("link", name="करघे के लिए मार्जिन मनी").click()
        page.get_by_label("आपका उत्तर").fill("ओडीओपी वित्त पोषण (मार्जिन मनी) योजना में आवेदन करें; डीआईसी में आकर मिलें।")
        page.get_by_role("button", name="उत्तर भेजें").click()
        expect(page.locator("body")).to_contain_text("आपका उत्तर भेज दिया गया।")

        # 4. the printed statement
        page.goto(url + f"/admin/statement?district={world['district_id']}&month={Month.current().key}&lang=hi")
        expect(page.locator("body")).to_contain_text("मासिक प्रगति विवरण")
        assert page.locator("svg.chart").count() == 3
        page.get_by_role("button", name="प्रिंट करें").click()  # wired by app.js: inline onclick is blocked by the CSP
        assert page.evaluate("window.__printed") == 1
        page.emulate_media(media="print")
        expect(page.locator("header.site-header")).to_be_hidden()  # waits: print styles apply a frame later
        expect(page.locator(".no-print")).to_be_hidden()
        expect(page.locator("article.statement")).to_be_visible()
        screenshot(page, "admin-statement-print-hindi")
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 10000
    finally:
        context.close()
