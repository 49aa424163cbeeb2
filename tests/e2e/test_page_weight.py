"""What a phone downloads (issue #17.12): one stylesheet, compressed text, cached assets; a product
page with its photo under 100 KB and the home page under 150 KB on the first view."""
from __future__ import annotations

import pytest

from tests.e2e.test_checkout import shop  # noqa: F401  (fixture)
from tests.fixtures.catalog import jpeg_bytes
from tests.fixtures.e2e import PHONE

pytestmark = pytest.mark.e2e


def _first_view(browser, url: str) -> tuple[int, list]:
    """Bytes on the wire (headers and encoded bodies) for a first view of ``url``, and the responses."""
    context = browser.new_context(viewport=PHONE, locale="en-IN")
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    total, responses = 0, []
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        responses.append(request.response())
    context.close()
    return total, responses


@pytest.fixture
def photographed(live_app, shop):  # noqa: F811
    from sqlalchemy import select

    from marketplace.catalog.listings import add_photos
    from marketplace.catalog.models import Listing
    from marketplace.extensions import db

    with live_app.app_context():
        listing = db.session.scalar(select(Listing).where(Listing.slug == shop["slug"]))
        add_photos(listing.seller_id, listing.id, [("saree.jpg", jpeg_bytes(size=(1600, 1200), colour=(150, 20, 50)))])
        return listing.slug


def test_a_first_view_on_a_phone_is_light(live_server, browser, photographed):
    base = live_server.url
    product_bytes, responses = _first_view(browser, f"{base}/products/{photographed}")
    stylesheets = [r for r in responses if r.request.resource_type == "stylesheet"]
    assert [r.url.split("/")[-1].split("-")[0] for r in stylesheets] == ["site"]
    for response in responses:
        kind = response.headers.get("content-type", "")
        if kind.startswith(("text/", "application/json")) and int(response.headers.get("content-length", 2000)) > 1000:
            assert response.headers.get("content-encoding") in ("gzip", "br", "zstd"), response.url
        if "/assets/" in response.url:
            assert "immutable" in response.headers["cache-control"]
    assert any(r.request.resource_type == "image" and "/media/" in r.url for r in responses)
    print(f"first view on a phone: product page {product_bytes} B")
    assert product_bytes < 100_000, product_bytes
    home_bytes, _ = _first_view(browser, base + "/")
    print(f"first view on a phone: home page {home_bytes} B")
    assert home_bytes < 150_000, home_bytes
