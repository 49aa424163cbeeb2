"""A visitor taps the heart on a district page, signs in, comes back, saves the saree and finds
it on "Saved items", in a real browser (phone and desktop), with no JavaScript needed."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_checkout import shop, sign_in  # noqa: F401 (shop: a fixture)
from tests.fixtures.e2e import screenshot

pytestmark = pytest.mark.e2e


def test_a_visitor_signs_in_from_the_heart_and_saves_the_saree(live_server, shop, page, viewport):  # noqa: F811
    base = live_server.url
    page.goto(base + "/districts/varanasi")
    page.get_by_role("link", name="Sign in to save").click()
    expect(page).to_have_url(base + "/account/login?next=/districts/varanasi")
    page.get_by_label("Email").fill(shop["buyer"])
    page.get_by_label("Password", exact=True).fill("mitti-ke-diye-7")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(base + "/districts/varanasi")

    page.get_by_role("button", name="Save for later").click()
    expect(page).to_have_url(base + "/districts/varanasi")
    expect(page.get_by_role("button", name="Remove from saved items")).to_have_attribute("aria-pressed", "true")
    screenshot(page, f"saved-heart-{viewport}")

    page.goto(base + "/saved/")
    expect(page.get_by_test_id("saved-1")).to_contain_text("Red Banarasi silk saree")
    expect(page.get_by_test_id("saved-1")).to_contain_text("₹4,500")
    screenshot(page, f"saved-items-{viewport}")
    page.get_by_role("button", name="Remove").click()
    expect(page.locator("body")).to_contain_text("Nothing saved yet")
