"""The buying journey with the keyboard alone (issue #16, WCAG 2.1.1 and 2.4.7): Tab, Enter and
Space only, no clicks. Every control the journey stops on shows a visible focus ring; the skip
link moves focus to the main content; the header menu and the search filters, opened from the
keyboard, give focus back to their summary when Escape folds them."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_checkout import PASSWORD, shop  # noqa: F401 (the fixture)

pytestmark = pytest.mark.e2e

# The focused element's ring: an outline or a box-shadow the browser really draws.
FOCUS_RING = """() => {
  const el = document.activeElement, s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return outline || (s.boxShadow && s.boxShadow !== 'none');
}"""


def focused(page, selector: str) -> bool:
    return page.evaluate("(sel) => !!document.activeElement && document.activeElement.matches(sel)", selector)


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has focus; check its focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            assert page.evaluate(FOCUS_RING), f"{selector} has focus but no visible focus ring"
            return
    pytest.fail(f"{limit} presses of Tab never reached {selector} on {page.url}")


def press_and_load(page, key: str) -> None:
    """Press ``key`` on a link or a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_sign_in_add_to_cart_and_check_out_with_the_keyboard(live_server, page, shop):  # noqa: F811
    base = live_server.url
    page.goto(f"{base}/products/{shop['slug']}")

    # the first Tab reaches the skip link, which sends focus to the main content
    tab_to(page, "a.skip-link", limit=1)
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # the header menu opens from the keyboard; Escape folds it and focus returns to its summary
    page.keyboard.press("Shift+Tab")
    tab_to(page, "details.menu > summary")
    page.keyboard.press("Enter")
    expect(page.locator("details.menu")).to_have_attribute("open", "")
    tab_to(page, "details.menu a", limit=5)
    page.keyboard.press("Escape")
    expect(page.locator("details.menu")).not_to_have_attribute("open", "")
    expect(page.locator("details.menu > summary")).to_be_focused()

    # add to cart (a first-time visitor confirms once: the cached product page has no CSRF token)
    type_into(page, "#add-qty", "2")
    tab_to(page, "[data-testid=add-to-cart]")
    press_and_load(page, "Enter")
    tab_to(page, "[data-testid=confirm-add-to-cart]")
    press_and_load(page, "Space")
    expect(page.locator("body")).to_contain_text("Red Banarasi silk saree")
    tab_to(page, "[data-testid=go-checkout]")
    press_and_load(page, "Enter")

    # sign in: checkout asks a guest to, then comes back with the cart kept
    type_into(page, "input[name=email]", shop["buyer"])
    type_into(page, "input[name=password]", PASSWORD)
    press_and_load(page, "Enter")
    expect(page.locator("h1")).to_contain_text("Checkout")

    # a delivery address, typed field by field (the state starts on Uttar Pradesh)
    for name, value in [("full_name", "Asha Buyer"), ("phone", "9876543210"), ("line1", "14 Gomti Nagar"),
                        ("city", "Lucknow"), ("district", "Lucknow"), ("pin_code", "226010")]:
        type_into(page, f"input[name={name}]", value)
    tab_to(page, "[data-testid=save-address]")
    press_and_load(page, "Enter")
    expect(page.get_by_test_id("freight")).to_be_visible()

    # cash on delivery is chosen with Space on its radio button, then the order is placed
    tab_to(page, "input[name=payment_method]")
    for _ in range(4):
        if focused(page, "input[value=cod]"):
            break
        page.keyboard.press("ArrowDown")
    assert focused(page, "input[value=cod]")
    page.keyboard.press("Space")
    tab_to(page, "[data-testid=place-order]")
    press_and_load(page, "Enter")
    expect(page.locator("body")).to_contain_text("Thank you! Your order")


def test_the_filter_panel_opens_and_closes_from_the_keyboard(live_server, page):
    page.goto(live_server.url + "/search?q=saree")  # a phone: the filters start folded
    expect(page.locator("details#facets")).not_to_have_attribute("open", "")
    tab_to(page, "details#facets > summary")
    page.keyboard.press("Enter")
    expect(page.locator("details#facets")).to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(page.locator("details#facets")).not_to_have_attribute("open", "")
    expect(page.locator("details#facets > summary")).to_be_focused()
