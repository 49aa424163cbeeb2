"""Price words and district names on the search page and in the API (issue 17, item 11)."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest


@pytest.fixture
def bazaar(search_app, make_seller, make_listing):
    varanasi = make_seller(district="varanasi", seller_type="cooperative")
    moradabad = make_seller(district="moradabad", seller_type="exporter")
    aligarh = make_seller(district="aligarh", seller_type="msme")
    return {
        "cheap_saree": make_listing(seller=varanasi, title_en="Cotton Banarasi Saree", title_hi="सूती बनारसी साड़ी", price_paise=450000),
        "edge_saree": make_listing(seller=varanasi, title_en="Georgette Saree", title_hi="जॉर्जेट साड़ी", price_paise=500000),
        "silk_saree": make_listing(seller=varanasi, title_en="Katan Silk Saree", title_hi="कतान सिल्क साड़ी", price_paise=820000),
        "rich_saree": make_listing(seller=varanasi, title_en="Kadwa Brocade Saree", title_hi="कढ़ुआ ब्रोकेड साड़ी", price_paise=2400000),
        "brass_vase": make_listing(seller=moradabad, title_en="Brass Flower Vase", title_hi="पीतल फूलदान", price_paise=220000),
        "brass_lock": make_listing(seller=aligarh, title_en="Brass Padlock", title_hi="पीतल ताला", price_paise=90000),
    }


def _cards(html):
    return re.findall(r'<span class="result-title">([^<]+)</span>', html)


def _chips(html):
    return re.findall(r'<a class="chip chip-(\w+)" href="([^"]+)"[^>]*>([^<]+)<span', html)


def test_saree_under_5000_shows_only_sarees_up_to_5000_with_a_chip(search_client, bazaar):
    html = search_client.get("/search", query_string={"q": "saree under 5000"}).get_data(as_text=True)
    assert sorted(_cards(html)) == ["Cotton Banarasi Saree", "Georgette Saree"]
    assert "No product matched every word" not in html
    (kind, href, label), = _chips(html)
    assert kind == "price" and label.strip() == "Under ₹5,000"
    assert 'id="max_price" name="max_price" inputmode="decimal" size="7" value="5000"' in html
    assert '<input type="hidden" name="q" value="saree">' in html  # the price now lives in the field
    # removing the chip gives the search without the price
    args = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
    assert args == {"q": ["saree"]}
    unfiltered = search_client.get(href.replace("&amp;", "&")).get_data(as_text=True)
    assert len(_cards(unfiltered)) == 4 and not _chips(unfiltered)


@pytest.mark.parametrize("q", ["5000 से कम की साड़ी", "साड़ी ५००० तक", "sarees below ₹5,000", "saree upto 5k"])
def test_price_words_in_hindi_and_english_filter_the_same(search_client, bazaar, q):
    html = search_client.get("/search", query_string={"q": q}).get_data(as_text=True)
    assert sorted(_cards(html)) == ["Cotton Banarasi Saree", "Georgette Saree"]


def test_the_chip_is_translated_with_indian_grouping(search_client, bazaar):
    search_client.set_cookie("lang", "hi")
    html = search_client.get("/search", query_string={"q": "साड़ी 10,000 से ज़्यादा"}).get_data(as_text=True)
    assert _cards(html) == ["कढ़ुआ ब्रोकेड साड़ी"]
    (kind, _href, label), = _chips(html)
    assert label.strip() == "₹10,000 और ऊपर"
    html = search_client.get("/search", query_string={"q": "saree between 1000 and 1,00,000"}).get_data(as_text=True)
    assert _chips(html)[0][2].strip() == "₹1,000 – ₹1,00,000"


def test_typed_min_and_max_win_over_price_words(search_client, bazaar):
    html = search_client.get("/search", query_string={"q": "saree under 5000", "min_price": "8000"}).get_data(as_text=True)
    assert sorted(_cards(html)) == ["Kadwa Brocade Saree", "Katan Silk Saree"]
    assert not _chips(html)
    body = search_client.get("/api/v1/search", query_string={"q": "saree under 5000", "max_price": "9000"}).get_json()
    assert body["total"] == 3 and body["understood"]["max_price_paise"] is None


def test_a_named_district_ranks_first_without_emptying_the_page(search_client, bazaar):
    html = search_client.get("/search", query_string={"q": "moradabad brass"}).get_data(as_text=True)
    assert _cards(html) == ["Brass Flower Vase", "Brass Padlock"]  # Aligarh's lock is still there
    (kind, href, label), = _chips(html)
    assert kind == "district" and label.strip() == "Moradabad first"
    # first in every sort order: the cheaper Aligarh lock comes after Moradabad's vase
    cheap_first = search_client.get("/search", query_string={"q": "moradabad brass", "sort": "price_asc"}).get_data(as_text=True)
    assert _cards(cheap_first) == ["Brass Flower Vase", "Brass Padlock"]
    plain = search_client.get(href.replace("&amp;", "&")).get_data(as_text=True)
    assert not _chips(plain) and sorted(_cards(plain)) == ["Brass Flower Vase", "Brass Padlock"]
    # a district with nothing of that kind: the products are shown anyway
    html = search_client.get("/search", query_string={"q": "aligarh saree"}).get_data(as_text=True)
    assert len(_cards(html)) == 4 and "No product matched every word" not in html


def test_a_district_is_also_read_by_its_hindi_or_old_name(search_client, bazaar):
    search_client.set_cookie("lang", "hi")
    html = search_client.get("/search", query_string={"q": "बनारस की पीतल"}).get_data(as_text=True)
    (kind, _href, label), = _chips(html)
    assert kind == "district" and label.strip() == "वाराणसी के उत्पाद पहले"
    assert len(_cards(html)) == 2


def test_price_and_district_chips_are_removed_one_at_a_time(search_client, bazaar):
    html = search_client.get("/search", query_string={"q": "moradabad brass under 1000", "sort": "price_asc"}).get_data(as_text=True)
    assert _cards(html) == ["Brass Padlock"]
    chips = {kind: href.replace("&amp;", "&") for kind, href, _ in _chips(html)}
    assert parse_qs(urlsplit(chips["price"]).query) == {"q": ["moradabad brass"], "sort": ["price_asc"]}
    assert parse_qs(urlsplit(chips["district"]).query) == {"q": ["brass under 1000"], "sort": ["price_asc"]}


def test_the_api_returns_what_it_understood(search_client, bazaar):
    body = search_client.get("/api/v1/search", query_string={"q": "moradabad brass under ₹2,500"}).get_json()
    assert body["understood"] == {
        "query": "brass", "min_price_paise": None, "max_price_paise": 250000, "price_label": "Under ₹2,500",
        "district": "moradabad", "district_label": "Moradabad",
    }
    assert [r["district"] for r in body["results"]] == ["moradabad", "aligarh"]
    plain = search_client.get("/api/v1/search", query_string={"q": "saree"}).get_json()
    assert plain["understood"]["query"] == "saree" and plain["understood"]["district"] is None
