"""A fresh deployment has no search documents until `flask search reindex`: the search page and
its JSON twin must answer with an empty result, not a server error."""
from __future__ import annotations


def test_search_on_a_catalogue_with_no_listings_shows_an_empty_page(client):
    page = client.get("/search?q=vase")
    assert page.status_code == 200
    assert "vase" in page.get_data(as_text=True)
    browse = client.get("/search")
    assert browse.status_code == 200


def test_search_api_on_a_catalogue_with_no_listings_answers_empty_json(client):
    response = client.get("/api/v1/search?q=vase")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 0 and body["results"] == []
