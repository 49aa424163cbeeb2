"""Phone-first accounts (issue #18) in a real browser on a 360 px phone: a seller signs up in Hindi
with only a mobile number and lists a product, a buyer resets a forgotten password with an SMS
code, an onboarded artisan claims the account from the SMS link.

Every code and link reaches the test the way it reaches a person: the app queues the SMS, the
worker's step (``deliver_sms``) POSTs it to the gateway, here a real HTTP capture server
(pytest-httpserver), and the test reads the text the gateway received. Nothing is read from the
database or a Python hook.
"""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from marketplace.accounts import by_code, services
from marketplace.accounts.models import INVITED_PASSWORD_HASH, Role, User
from marketplace.catalog.districts import load_districts
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.notifications.sms import deliver_sms
from tests.fixtures.catalog import jpeg_bytes
from tests.fixtures.e2e import screenshot

pytestmark = pytest.mark.e2e

NUMBER = "+919876543210"


@pytest.fixture
def sms_gateway(live_app, httpserver):
    """The live app's SMS gateway is a capture server that takes every message (202)."""
    httpserver.expect_request("/v1/sms", method="POST").respond_with_data("", status=202)
    live_app.config["SMS_GATEWAY_URL"] = httpserver.url_for("/v1/sms")
    return httpserver


def received_sms(live_app, gateway, to: str = NUMBER) -> str:
    """Run the SMS worker's step once and return the text of the last message the gateway got for
    ``to``."""
    with live_app.app_context():
        assert deliver_sms() >= 1, "the page said a message was sent: the worker has one to deliver"
    bodies = [json.loads(request.get_data()) for request, _response in gateway.log]
    texts = [body["text"] for body in bodies if body["to"] == to]
    assert texts, f"no SMS reached the gateway for {to}: {bodies}"
    return texts[-1]


def code_in(text: str) -> str:
    found = re.findall(r"\b\d{6}\b", text)
    assert len(found) == 1, f"one 6-digit code in the SMS: {text!r}"
    return found[0]


def sign_out(page) -> None:
    page.locator("details.menu summary").click()
    page.locator("form[action$='/account/logout'] button").click()


def test_a_seller_signs_up_in_hindi_with_only_a_mobile_number_and_lists_a_product(
        live_server, live_app, browser, page, sms_gateway, tmp_path):
    with live_app.app_context():
        load_districts()
        services.create_user("cell-phone@example.com", "odop-cell-pass", "ODOP Cell", role=Role.ADMIN)
    base = live_server.url
    photo = tmp_path / "durrie.jpg"
    photo.write_bytes(jpeg_bytes(size=(900, 700), colour=(30, 60, 140)))

    # 1. the site in Hindi, then the mobile sign-up from the register page
    page.goto(base + "/")
    page.locator(".lang-switch [lang=hi]").click()
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    page.goto(base + "/account/register?role=seller")
    page.get_by_role("link", name="ईमेल नहीं है? अपने मोबाइल नंबर से खाता बनाएँ").click()
    expect(page.locator("h1")).to_have_text("अपने मोबाइल नंबर से साइन इन करें")
    page.get_by_label("मोबाइल नंबर").fill("98765 43210")
    page.get_by_role("button", name="कोड भेजें").click()
    expect(page.locator("body")).to_contain_text("हमने +91 98765 43210 पर एसएमएस से 6 अंकों का कोड भेजा है।")
    expect(page.locator("h1")).to_have_text("कोड लिखें")

    # 2. the code arrives by SMS, in Hindi (the language she chose on the site)
    text = received_sms(live_app, sms_gateway)
    assert text.startswith("ओडीओपी बाज़ार"), text
    code = code_in(text)

    # 3. the code page: a phone shows the digit pad and offers the code from the SMS
    code_box = page.get_by_label("एसएमएस में आया कोड")
    assert code_box.get_attribute("inputmode") == "numeric"
    assert code_box.get_attribute("autocomplete") == "one-time-code"
    page.locator("details.new-here summary").click()
    page.get_by_label("आपका नाम (केवल अगर आप यहाँ नए हैं)").fill("Shabnam Bano")
    page.get_by_label("अपने उत्पाद बेचना").check()
    expect(page.locator("#locale")).to_have_value("hi")
    screenshot(page, "phone-code-hi")

    # a wrong code is refused with the Hindi message, on the same page, and the form is kept
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    code_box.fill(wrong)
    page.get_by_role("button", name="आगे बढ़ें").click()
    expect(page.locator("h1")).to_have_text("कोड लिखें")
    expect(page.locator(".field.has-error .error")).to_have_text("यह कोड सही नहीं है। संदेश देखकर फिर से कोशिश करें।")
    expect(page.get_by_label("आपका नाम (केवल अगर आप यहाँ नए हैं)")).to_have_value("Shabnam Bano")
    screenshot(page, "phone-code-wrong-hi")

    # 4. the right code signs her up as a seller and leads to the seller profile
    page.get_by_label("एसएमएस में आया कोड").fill(code)
    page.get_by_role("button", name="आगे बढ़ें").click()
    expect(page.locator("body")).to_contain_text("ओडीओपी बाज़ार में आपका स्वागत है! आपका खाता तैयार है।")
    expect(page).to_have_url(base + "/seller/profile")
    expect(page.locator("html")).to_have_attribute("lang", "hi")

    # her account page: the number, verified, and an optional first password
    page.goto(base + "/account/profile")
    expect(page.locator("body")).to_contain_text("+91 98765 43210")
    expect(page.locator(".badge.ok")).to_have_text("सत्यापित")
    expect(page.get_by_role("heading", name="पासवर्ड बनाएँ")).to_be_visible()
    screenshot(page, "phone-profile-hi")

    # 5. the seller profile, as in the catalogue journey
    page.goto(base + "/seller/profile")
    page.get_by_label("उद्यम का नाम (अंग्रेज़ी)").fill("Shabnam Durrie House")
    page.get_by_label("उद्यम का नाम (हिंदी)").fill("शबनम दरी घर")
    page.get_by_label("जिला").select_option(label="मिर्ज़ापुर")
    page.get_by_label("उद्यम पंजीकरण संख्या").fill("UDYAM-UP-55-0012345")
    page.get_by_label("पता").fill("12 कटरा")
    page.get_by_label("क़स्बा या शहर").fill("मिर्ज़ापुर")
    page.get_by_label("पिन कोड").fill("231001")
    page.get_by_label("मोबाइल नंबर").fill("98765 43210")
    page.get_by_role("button", name="प्रोफ़ाइल सहेजें").click()
    expect(page.locator("body")).to_contain_text("सत्यापन की प्रतीक्षा")

    # 6. the ODOP cell verifies her
    admin = browser.new_context(viewport=page.viewport_size, locale="en-IN").new_page()
    admin.goto(base + "/account/login")
    admin.get_by_label("Email").fill("cell-phone@example.com")
    admin.get_by_label("Password").fill("odop-cell-pass")
    admin.get_by_role("button", name="Sign in").click()
    admin.goto(base + "/admin/sellers")
    admin.get_by_role("link", name="Shabnam Durrie House").click()
    admin.get_by_role("button", name="Verify this seller").click()
    expect(admin.locator("body")).to_contain_text("Shabnam Durrie House is verified.")
    admin.context.close()
    # she has no e-mail: the decision reaches her phone, in her language
    assert received_sms(live_app, sms_gateway).startswith("ओडीओपी बाज़ार: आपका विक्रेता सत्यापन: सत्यापित।")

    # 7. she lists a product in Hindi
    page.goto(base + "/seller/listings/new")
    page.get_by_label("शीर्षक (हिंदी)").fill("नीली सूती दरी, हाथ से बुनी")
    page.get_by_label("विवरण (हिंदी)").fill("मिर्ज़ापुर के करघे पर बुनी मोटी सूती दरी।")
    page.get_by_label("SKU (उत्पाद का आपका अपना कोड)").fill("DRI-NEELI-1")
    page.get_by_label("दाम (₹)", exact=True).fill("2400")
    page.get_by_label("स्टॉक में नग").fill("8")
    page.get_by_label("पैकिंग सहित वज़न (ग्राम)").fill("1800")
    page.get_by_label("लंबाई (सेमी)").fill("60")
    page.get_by_label("चौड़ाई (सेमी)").fill("30")
    page.get_by_label("ऊँचाई (सेमी)").fill("15")
    page.get_by_label("स्थिति").select_option("published")
    page.locator("input[name=photos]").set_input_files(str(photo))
    page.get_by_role("button", name="उत्पाद सहेजें").click()
    expect(page.locator("body")).to_contain_text("उत्पाद सहेज लिया गया।")
    screenshot(page, "phone-seller-listing-saved-hi")

    # a buyer finds it on the Mirzapur district page
    buyer = browser.new_context(viewport=page.viewport_size, locale="hi-IN").new_page()
    buyer.goto(base + "/districts/mirzapur")
    assert buyer.get_by_role("link", name="नीली सूती दरी, हाथ से बुनी").count() == 1
    buyer.context.close()


def test_a_buyer_who_forgot_the_password_sets_a_new_one_with_an_sms_code(live_server, live_app, page, sms_gateway):
    with live_app.app_context():
        buyer = services.create_user("meera@example.com", "old-pass-123", "Meera Rastogi", role=Role.BUYER)
        buyer.phone, buyer.phone_verified_at = NUMBER, utcnow()
        db.session.commit()
    base = live_server.url

    page.goto(base + "/account/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email or mobile number").fill("+91 98765-43210")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("body")).to_contain_text("If this number has an account, an SMS with a code is on its way.")
    expect(page.locator("body")).to_contain_text("+91 98765 43210")

    code = code_in(received_sms(live_app, sms_gateway))
    code_box = page.get_by_label("Code from the SMS")
    assert code_box.get_attribute("inputmode") == "numeric"
    assert code_box.get_attribute("autocomplete") == "one-time-code"
    code_box.fill(code)
    page.get_by_label("New password", exact=True).fill("new-pass-456")
    page.get_by_label("Repeat new password").fill("new-pass-456")
    screenshot(page, "phone-reset-code")
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.locator("body")).to_contain_text("Your new password is set, and every other device is signed out.")
    expect(page.locator("body")).to_contain_text("Meera Rastogi")

    sign_out(page)
    expect(page.locator("body")).to_contain_text("You are signed out.")

    # the old password no longer works; the number and the new one do, on the normal form
    page.goto(base + "/account/login")
    page.get_by_label("Email or mobile number").fill("98765 43210")
    page.get_by_label("Password", exact=True).fill("old-pass-123")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("body")).not_to_contain_text("You are signed in.")
    page.get_by_label("Email or mobile number").fill("98765 43210")
    page.get_by_label("Password", exact=True).fill("new-pass-456")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("body")).to_contain_text("You are signed in.")
    expect(page.locator("body")).to_contain_text("Meera Rastogi")


def test_an_onboarded_artisan_claims_the_account_from_the_sms_link_in_hindi(live_server, live_app, page, sms_gateway):
    with live_app.app_context():
        artisan = User(email=None, phone=NUMBER, name="Ram Prasad", role=Role.SELLER.value, locale="en",
                       password_hash=INVITED_PASSWORD_HASH)
        db.session.add(artisan)
        db.session.flush()
        assert by_code.invite(artisan) == 1
        db.session.commit()

    text = received_sms(live_app, sms_gateway)
    links = re.findall(r"https?://\S+", text)
    assert len(links) == 1 and links[0].startswith(live_server.url + "/account/claim/"), text

    page.goto(links[0])
    expect(page.locator("h1")).to_have_text("Welcome, Ram Prasad")
    page.locator("#locale").select_option("hi")
    screenshot(page, "phone-claim")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    expect(page.locator("body")).to_contain_text("ओडीओपी बाज़ार में आपका स्वागत है, Ram Prasad! अब यह खाता आपका है।")
    expect(page.locator("body")).to_contain_text("Ram Prasad")

    # the link was used: opened again it says so, in Hindi, and signs nobody in
    page.goto(links[0])
    expect(page.locator("body")).to_contain_text("इस कोड का समय बीत गया है या यह पहले ही इस्तेमाल हो चुका है। नया कोड मँगाएँ।")
