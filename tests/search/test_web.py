"""Search over the real catalogue tables: the page, the API, and the index following commits."""
import pytest
from sqlalchemy import select

from marketplace.catalog.models import Listing, Seller
from marketplace.extensions import db


@pytest.fixture
def shop(search_app, make_seller, make_listing):
    """Three sellers and a few listings, committed through the ORM (so the hooks index them)."""
    varanasi = make_seller(district="varanasi", seller_type="cooperative", gi_tags="Banaras Brocades and Sarees")
    lucknow = make_seller(district="lucknow", seller_type="shg")
    moradabad = make_seller(district="moradabad", seller_type="exporter")
    return {
        "saree": make_listing(seller=varanasi, title_en="Red Banarasi Katan Silk Saree", title_hi="लाल बनारसी कतान सिल्क साड़ी",
                              price_paise=1250000),
        "kurti": make_listing(seller=lucknow, title_en="White Lucknowi Chikan Kurti", title_hi="सफ़ेद लखनवी चिकन कुर्ती",
                              price_paise=180000),
        "vase": make_listing(seller=moradabad, title_en="Moradabad Brass Flower Vase", title_hi="मुरादाबादी पीतल फूलदान",
                             price_paise=220000),
        "draft": make_listing(seller=varanasi, status="draft", title_en="Banarasi Tissue Saree Draft"),
        "sellers": {"varanasi": varanasi, "lucknow": lucknow, "moradabad": moradabad},
    }


def api(client, **args):
    r = client.get("/api/v1/search", query_string=args)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


@pytest.mark.parametrize("q, key", [("banarasi saree", "saree"), ("बनारसी साड़ी", "saree"), ("banarsi sari", "saree"),
                                    ("chikan kurti", "kurti"), ("moradabad brass", "vase"), ("पीतल", "vase")])
def test_api_finds_listings_created_through_the_catalogue(search_client, shop, q, key):
    body = api(search_client, q=q)
    assert body["results"][0]["id"] == shop[key].id


def test_api_answers_in_the_documented_shape(search_client, shop):
    body = api(search_client, q="saree")
    assert set(body) == {"total", "page", "results", "facets", "did_you_mean", "understood"}
    assert body["total"] == 1 and body["page"] == 1  # the draft is not public
    hit = body["results"][0]
    assert set(hit) == {"id", "slug", "title", "title_hi", "title_en", "district", "category", "price_paise", "url"}
    assert hit["district"] == "varanasi" and hit["price_paise"] == 1250000
    assert hit["url"].endswith(f"/products/{hit['slug']}")
    assert body["facets"]["district"] == [{"value": "varanasi", "label": "Varanasi", "count": 1}]
    assert set(body["facets"]) == {"district", "category", "price_band", "seller_type", "gi"}
    hi = api(search_client, q="saree", lang="hi")
    assert hi["results"][0]["title"] == "लाल बनारसी कतान सिल्क साड़ी"
    assert hi["facets"]["district"][0]["label"] == "वाराणसी"


def test_api_filters_sort_and_prices_in_rupees(search_client, shop):
    body = api(search_client, q="", min_price="1500", max_price="2500", sort="price_asc")
    assert [r["id"] for r in body["results"]] == [shop["kurti"].id, shop["vase"].id]
    body = api(search_client, q="", district="moradabad")
    assert [r["id"] for r in body["results"]] == [shop["vase"].id]
    body = api(search_client, q="", sort="price_desc")
    assert [r["price_paise"] for r in body["results"]] == [1250000, 220000, 180000]


@pytest.mark.parametrize("args, code", [({"min_price": "abc"}, "invalid_price"), ({"max_price": "-5"}, "invalid_price"),
                                        ({"sort": "cheapest"}, "invalid_sort"), ({"page": "0"}, "invalid_page"),
                                        ({"page": "x"}, "invalid_page"), ({"price_band": "free"}, "invalid_price")])
def test_api_rejects_meaningless_parameters_with_a_clear_400(search_client, shop, args, code):
    r = search_client.get("/api/v1/search", query_string={"q": "saree", **args})
    assert r.status_code == 400
    err = r.get_json()["error"]
    assert err["code"] == code and err["message"]


@pytest.mark.parametrize("q", ['"(unbalanced', "title_en:saree AND", "*~", "🙂" * 50, "x" * 10240, "NOT OR AND"])
def test_hostile_text_gives_results_or_an_empty_page_never_a_500(search_client, shop, q):
    assert search_client.get("/api/v1/search", query_string={"q": q}).status_code == 200
    assert search_client.get("/search", query_string={"q": q}).status_code == 200
    assert search_client.get("/api/v1/suggest", query_string={"q": q}).status_code == 200


def test_control_characters_in_a_query_get_a_clear_400(search_client, shop):
    """NUL and other control characters are refused before any view (issue #12.6)."""
    for path in ("/api/v1/search", "/search", "/api/v1/suggest"):
        assert search_client.get(path, query_string={"q": "\x00\x07"}).status_code == 400


def test_suggest_completes_a_prefix(search_client, shop):
    body = search_client.get("/api/v1/suggest", query_string={"q": "chik"}).get_json()
    labels = [s["label"] for s in body["suggestions"]]
    assert "White Lucknowi Chikan Kurti" in labels
    assert all(s["url"].startswith("/") for s in body["suggestions"])


def test_search_page_shows_cards_facets_and_pagination(search_client, shop):
    html = search_client.get("/search?q=banarasi+saree").get_data(as_text=True)
    assert "Red Banarasi Katan Silk Saree" in html and "Tissue Saree Draft" not in html
    assert 'class="facets"' in html and "Varanasi" in html
    assert "₹12,500" in html
    empty = search_client.get("/search?q=qqqzzzxxx").get_data(as_text=True)
    assert "We found nothing" in empty and "banarasi saree" in empty
    bad = search_client.get("/search?q=saree&min_price=abc")
    assert bad.status_code == 400 and "Enter the price in rupees" in bad.get_data(as_text=True)


def test_search_page_in_hindi(search_client, shop):
    search_client.set_cookie("lang", "hi")
    html = search_client.get("/search?q=saree").get_data(as_text=True)
    assert "लाल बनारसी कतान सिल्क साड़ी" in html


def _search_ids(client, q, **args):
    return [r["id"] for r in api(client, q=q, **args)["results"]]


def test_index_follows_edits_archiving_stock_and_seller_verification(search_app, search_client, shop):
    with search_app.app_context():
        listing = db.session.get(Listing, shop["vase"].id)
        listing.title_en = "Moradabad Brass Kalash"
        db.session.commit()
    assert _search_ids(search_client, "kalash") == [shop["vase"].id]

    with search_app.app_context():
        db.session.get(Listing, shop["vase"].id).stock = 0  # sold out
        db.session.commit()
    assert _search_ids(search_client, "kalash") == []
    assert _search_ids(search_client, "kalash", in_stock="0") == [shop["vase"].id]

    with search_app.app_context():
        db.session.get(Listing, shop["saree"].id).status = "archived"
        db.session.commit()
    assert _search_ids(search_client, "saree") == []

    with search_app.app_context():
        db.session.get(Listing, shop["draft"].id).status = "published"
        db.session.commit()
    assert _search_ids(search_client, "tissue") == [shop["draft"].id]

    with search_app.app_context():
        seller = db.session.get(Seller, shop["sellers"]["lucknow"].id)
        seller.status = "rejected"  # lost verification
        db.session.commit()
    assert _search_ids(search_client, "kurti") == []


def test_a_rolled_back_change_is_not_indexed(search_app, search_client, shop):
    with search_app.app_context():
        db.session.get(Listing, shop["kurti"].id).title_en = "Rolled Back Title"
        db.session.flush()
        db.session.rollback()
    assert _search_ids(search_client, "rolled") == []
    assert _search_ids(search_client, "kurti") == [shop["kurti"].id]


def test_reindex_command_rebuilds_from_the_database(search_app, shop):
    from marketplace.catalog.search.sync import get_index

    runner = search_app.test_cli_runner()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "indexed 3 listings" in result.output
    status = runner.invoke(args=["search", "status"])
    assert "documents: 3" in status.output and "behind: 0 changes" in status.output
    with search_app.app_context():
        assert get_index().doc_count() == 3
        assert db.session.scalar(select(Listing.id).where(Listing.slug == shop["saree"].slug)) == shop["saree"].id
