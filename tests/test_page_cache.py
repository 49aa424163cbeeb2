"""Anonymous catalogue pages are cached, and a catalogue change is seen at once."""
from __future__ import annotations

from flask import render_template_string

from marketplace.accounts.decorators import public
from marketplace.page_cache import cached_page


def test_anonymous_pages_are_cached_until_the_catalogue_changes(app, make_listing, make_user):
    app.config["PAGE_CACHE_SECONDS"] = 60
    calls = []

    @app.route("/cached-demo")
    @public
    @cached_page
    def demo():
        from sqlalchemy import func, select

        from marketplace.catalog.models import Listing
        from marketplace.extensions import db

        calls.append(1)
        return render_template_string("{{ n }} {{ _('Search') }}", n=db.session.scalar(select(func.count()).select_from(Listing)))

    client = app.test_client()
    first = client.get("/cached-demo")
    second = client.get("/cached-demo")
    assert (first.headers["X-Page-Cache"], second.headers["X-Page-Cache"]) == ("miss", "hit")
    assert second.get_data(as_text=True) == "0 Search" and len(calls) == 1

    hindi = client.get("/cached-demo", headers={"Accept-Language": "hi"})
    assert hindi.get_data(as_text=True) == "0 खोजें"  # one entry per language

    make_listing()  # a commit touching the catalogue
    assert client.get("/cached-demo").get_data(as_text=True) == "1 Search"

    user = make_user()  # signed-in visitors always get a fresh page
    signed_in = app.test_client()
    signed_in.post("/account/login", data={"email": user.email, "password": "correct-horse-42"})
    assert "X-Page-Cache" not in signed_in.get("/cached-demo").headers


def test_a_page_with_a_csrf_token_is_never_cached(app):
    app.config["PAGE_CACHE_SECONDS"] = 60

    @app.route("/form-demo")
    @public
    @cached_page
    def form_demo():
        return render_template_string("<form><input name=csrf_token value='{{ csrf_token() }}'></form>")

    client = app.test_client()
    first = client.get("/form-demo")
    assert "X-Page-Cache" not in first.headers
    other_visitor = app.test_client().get("/form-demo")
    assert "X-Page-Cache" not in other_visitor.headers
    assert first.get_data() != other_visitor.get_data()
