"""Search in a real browser over the demo catalogue: the header box autocompletes, the example
queries of issue 4 put the right listings in the top five, facets fold on a phone."""
import re
import shutil

import pytest

from tests.fixtures.e2e import LiveServer, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo_server(sqlite_template, tmp_path_factory):
    """One live server over the demo catalogue (with photos) for the whole module."""
    from marketplace import create_app
    from marketplace.catalog.demo import load_demo_catalogue
    from marketplace.catalog.search import init_app
    from marketplace.catalog.search.sync import rebuild
    from tests.conftest import make_test_config

    tmp = tmp_path_factory.mktemp("search-e2e")
    path = tmp / "live.sqlite3"
    shutil.copyfile(sqlite_template, path)
    live_app = create_app(make_test_config(tmp, f"sqlite:///{path}", WTF_CSRF_ENABLED=True))
    init_app(live_app)
    with live_app.app_context():
        load_demo_catalogue(with_images=True)
    rebuild(live_app)
    server = LiveServer(live_app).start()
    yield server
    server.stop()


EXAMPLES = [
    ("banarasi saree", "Varanasi", "saree"),
    ("बनारसी साड़ी", "वाराणसी", "साड़ी"),
    ("banarsi sari", "Varanasi", "saree"),
    ("chikan kurti", "Lucknow", "kurti"),
    ("moradabad brass", "Moradabad", "brass"),
    ("attar kannauj", "Kannauj", "attar"),
]


def test_example_queries_find_the_right_listings_in_the_top_five(demo_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-IN")
    page = context.new_page()
    page.set_default_timeout(30000)
    for q, district, word in EXAMPLES:
        hindi = bool(re.search(r"[\u0900-\u097F]", q))
        if hindi:
            page.goto(f"{demo_server.url}/account/language/hi?next=/")
        page.goto(demo_server.url + "/")
        page.fill("#q", q)
        page.press("#q", "Enter")  # no suggestion chosen: the form is submitted
        page.wait_for_url(re.compile(r"/search\?q="))
        page.wait_for_selector(".result-card")
        assert page.input_value("#q") == q
        cards = page.locator(".result-card")
        top = [cards.nth(i).inner_text() for i in range(min(5, cards.count()))]
        assert any(district in t and word in t.lower() for t in top), (q, top)
        if hindi:
            page.goto(f"{demo_server.url}/account/language/en?next=/")
    screenshot(page, "search-results-desktop")
    context.close()


def test_header_box_autocompletes_and_goes_to_the_product(demo_server, page):
    page.set_default_timeout(30000)
    page.goto(demo_server.url + "/")
    page.click("#q")
    page.keyboard.type("chik", delay=50)
    page.wait_for_selector("#search-suggestions li")
    labels = page.locator("#search-suggestions li").all_inner_texts()
    assert any("Chikan" in label or "Chikankari" in label for label in labels), labels
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/products/|/search\?"))
    assert page.locator("h1").count() == 1


def test_facets_fold_on_a_phone_and_filter_the_results(demo_server, page):
    page.set_default_timeout(30000)
    page.goto(demo_server.url + "/search?q=saree")
    facets = page.locator("details.facets")
    assert facets.get_attribute("open") is None  # folded on a phone
    page.click("details.facets > summary")
    page.click("#facet-district + ul a >> text=Lalitpur")
    page.wait_for_url(re.compile(r"district=lalitpur"))
    texts = page.locator(".result-card").all_inner_texts()
    assert texts and all("Lalitpur" in t for t in texts)
    screenshot(page, "search-facets-phone")


def test_nothing_found_offers_a_correction_and_examples(demo_server, page):
    page.goto(demo_server.url + "/search?q=moradabd+zzkqx")
    body = page.inner_text("main")
    assert "moradabad" in body.lower()
    page.goto(demo_server.url + "/search?q=qqqzzzkkk")
    assert page.locator(".example-searches a").count() >= 3
