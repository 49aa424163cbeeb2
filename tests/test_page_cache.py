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


# ----------------------------------------------------------------- poisoning through Host (issue #12.2)

def test_a_forged_host_is_refused_and_never_poisons_the_cache(app, make_listing):
    """One request with ``Host: evil.example`` used to make every later visitor's product page
    point there (canonical link, og:url, JSON-LD), because absolute URLs came from the request."""
    app.config["PAGE_CACHE_SECONDS"] = 60
    listing = make_listing()
    path = f"/products/{listing.slug}"

    attacker = app.test_client()
    assert attacker.get(path, headers={"Host": "evil.example"}).status_code == 400
    assert attacker.get(path, headers={"Host": "evil.example:443"}).status_code == 400

    visitor = app.test_client().get(path)
    body = visitor.get_data(as_text=True)
    assert visitor.status_code == 200 and visitor.headers["X-Page-Cache"] == "miss"
    assert "evil.example" not in body
    assert f'href="http://localhost/products/{listing.slug}"' in body  # SITE_URL of the tests


def test_absolute_urls_come_from_site_url_not_from_the_request(app, make_listing):
    """Even a trusted second name (127.0.0.1 here) does not leak into a cached page."""
    app.config.update(PAGE_CACHE_SECONDS=60, SITE_URL="https://odop.example")
    listing = make_listing()
    path = f"/products/{listing.slug}"

    first = app.test_client().get(path, headers={"Host": "127.0.0.1:5000"})
    assert first.status_code == 200 and first.headers["X-Page-Cache"] == "miss"
    second = app.test_client().get(path)
    assert second.headers["X-Page-Cache"] == "hit"
    for body in (first.get_data(as_text=True), second.get_data(as_text=True)):
        assert "127.0.0.1" not in body and "http://localhost" not in body
        assert f'href="https://odop.example/products/{listing.slug}"' in body
        assert f'"url": "https://odop.example/products/{listing.slug}"' in body or \
            f'"https://odop.example/products/{listing.slug}"' in body  # JSON-LD


def test_a_forged_forwarded_host_is_refused_behind_the_proxy(app, make_listing):
    """Behind the proxy (ProxyFix trusts X-Forwarded-Host) the forwarded name is checked too."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    app.config["PAGE_CACHE_SECONDS"] = 60
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    listing = make_listing()
    path = f"/products/{listing.slug}"

    attacker = app.test_client()
    assert attacker.get(path, headers={"X-Forwarded-Host": "evil.example"}).status_code == 400
    visitor = app.test_client().get(path)
    assert visitor.status_code == 200 and visitor.headers["X-Page-Cache"] == "miss"
    assert "evil.example" not in visitor.get_data(as_text=True)


def test_a_cached_page_is_not_served_to_an_untrusted_host(app, make_listing):
    app.config["PAGE_CACHE_SECONDS"] = 60
    listing = make_listing()
    path = f"/products/{listing.slug}"
    assert app.test_client().get(path).headers["X-Page-Cache"] == "miss"
    forged = app.test_client().get(path, headers={"Host": "evil.example"})
    assert forged.status_code == 400 and "X-Page-Cache" not in forged.headers


def test_mail_links_are_built_from_site_url_outside_a_request(app):
    from flask import url_for

    app.config["SITE_URL"] = "https://odop.example"
    with app.app_context():
        assert url_for("catalog.home") == "https://odop.example/"
        assert url_for("catalog.product", slug="x", _anchor="buy") == "https://odop.example/products/x#buy"


def test_production_refuses_to_start_without_site_url(monkeypatch):
    import pytest

    from marketplace import create_app
    from marketplace.config import ProductionConfig

    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "k" * 64)
    monkeypatch.setattr(ProductionConfig, "SITE_URL", None)
    with pytest.raises(RuntimeError, match="SITE_URL"):
        create_app("production")
