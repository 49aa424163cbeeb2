"""axe-core (WCAG 2.0/2.1 A and AA) on the public pages, in English and Hindi, at 360 px and
1280 px. One server and one context per locale; the viewport changes in place."""
from __future__ import annotations

import pytest

from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.e2e

PUBLIC = ["/", "/account/login", "/account/register", "/search?q=saree"]
WIDTHS = [{"width": 360, "height": 780}, {"width": 1280, "height": 900}]


@pytest.mark.parametrize("locale", ["en", "hi"])
def test_public_pages_have_no_wcag_violations(live_server, browser, locale):
    context = browser.new_context(viewport=WIDTHS[0], locale=f"{locale}-IN", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_server.url}/account/language/{locale}?next=/")
        for path in PUBLIC:
            response = page.goto(live_server.url + path)
            if response is None or response.status == 404:
                continue
            assert page.locator("html").get_attribute("lang") == locale
            for size in WIDTHS:
                page.set_viewport_size(size)
                assert_accessible(page, f"{path} [{locale}, {size['width']} px]")
    finally:
        context.close()
