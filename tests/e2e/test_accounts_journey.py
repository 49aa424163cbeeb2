"""A person registers, signs in, switches to Hindi, signs out and back in, in a real browser."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.fixtures.e2e import screenshot

pytestmark = pytest.mark.e2e


def test_register_switch_language_sign_out_and_in(live_server, page, viewport):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, f"home-{viewport}")

    page.goto(live_server.url + "/account/register")
    page.get_by_label("Sell my products").check()
    page.get_by_label("Your name").fill("Kamla Devi")
    page.get_by_label("Email").fill(f"kamla-{viewport}@example.com")
    page.get_by_label("Mobile number (optional)").fill("+91 98390 12345")
    page.get_by_label("Password", exact=True).fill("chikan-kari-9")
    page.get_by_label("Repeat password").fill("chikan-kari-9")
    page.locator("#locale").select_option("en")
    page.get_by_role("button", name="Create account").click()
    # the same answer for a new and a known address (issue #12.7), then the first sign-in
    expect(page.locator("body")).to_contain_text(f"Check your mail: we have sent a message to kamla-{viewport}@example.com.")
    page.get_by_label("Email").fill(f"kamla-{viewport}@example.com")
    page.get_by_label("Password", exact=True).fill("chikan-kari-9")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("body")).to_contain_text("Kamla Devi")
    # a new seller starts on the seller profile, told what happens next (issue #17.4)
    expect(page).to_have_url(live_server.url + "/seller/profile")
    expect(page.get_by_test_id("seller-next-steps")).to_contain_text("List your first product")
    screenshot(page, f"new-seller-next-steps-{viewport}")
    page.goto(live_server.url + "/")

    page.get_by_role("button", name="हिंदी").click()
    assert page.locator("html").get_attribute("lang") == "hi"
    expect(page.locator("body")).to_contain_text("उत्तर प्रदेश के 75 जिलों के शिल्प")
    screenshot(page, f"home-hindi-{viewport}")

    page.locator("details.menu summary").click()
    page.get_by_role("button", name="साइन आउट करें").click()
    expect(page.locator("body")).to_contain_text("आप साइन आउट हो गए हैं।")

    page.goto(live_server.url + "/account/login")
    page.get_by_label("ईमेल").fill(f"KAMLA-{viewport}@example.com")
    page.get_by_label("पासवर्ड").fill("chikan-kari-9")
    page.get_by_role("button", name="साइन इन करें").click()
    expect(page.locator("body")).to_contain_text("आप साइन इन हो गए हैं।")
    screenshot(page, f"signed-in-hindi-{viewport}")

    # "Sign out everywhere" on the profile ends this sign-in too (issue #12.4)
    page.goto(live_server.url + "/account/profile")
    page.get_by_role("button", name="हर जगह साइन आउट करें").click()
    page.goto(live_server.url + "/account/profile")
    expect(page.locator("body")).to_contain_text("यह पृष्ठ देखने के लिए कृपया साइन इन करें।")
