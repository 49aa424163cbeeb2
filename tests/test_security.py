"""CSRF, login throttling, cookies, headers, production settings."""
from __future__ import annotations

import pytest

from marketplace import create_app
from marketplace.config import ProductionConfig
from tests.conftest import make_test_config
from tests.fixtures.accounts import PASSWORD
from tests.routes import is_csrf_exempt, rules, sample_url


@pytest.fixture
def csrf_app(database_uri, tmp_path):
    return create_app(make_test_config(tmp_path, database_uri, WTF_CSRF_ENABLED=True))


def test_post_without_csrf_token_is_refused_on_every_form(csrf_app):
    client = csrf_app.test_client()
    routes = [r for r in rules(csrf_app) if "POST" in r.methods and not is_csrf_exempt(csrf_app, r)]
    assert routes, "no POST routes found"
    for rule in routes:
        response = client.post(sample_url(csrf_app, rule), data={"email": "x@example.com", "password": "x"})
        assert response.status_code == 400, f"{rule.rule} accepted a POST without a CSRF token"


def test_login_form_without_csrf_token_explains_itself(csrf_app, make_user):
    user = make_user()
    response = csrf_app.test_client().post("/account/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)


#: The JSON sign-in calls for apps (issue #18.6) take no CSRF token: they accept only
#: ``application/json``, which no other site's page can send without a CORS preflight
#: (``test_codes.py::test_the_api_takes_only_json_so_other_sites_cannot_post_to_it``).
JSON_ONLY = {"/api/v1/auth/otp", "/api/v1/auth/otp/verify"}


def test_only_webhooks_and_the_json_sign_in_are_exempt_from_csrf(app):
    for rule in rules(app):
        if is_csrf_exempt(app, rule):
            assert rule.rule.startswith("/webhooks/") or rule.rule in JSON_ONLY, f"{rule.rule} skips CSRF"


def test_a_flood_of_code_requests_is_throttled_without_a_500(database_uri, tmp_path):
    """Issue #18.2: the site cannot be used to flood a number (or many) with SMS."""
    app = create_app(make_test_config(tmp_path, database_uri, RATELIMIT_ENABLED=True,
                                      CODE_SEND_RATE_LIMIT="5 per minute", CODE_CHECK_RATE_LIMIT="5 per minute"))
    from tests.conftest import run_migrations

    run_migrations(app)
    client = app.test_client()
    pages = [client.post("/account/phone", data={"phone": f"98765{n:05d}"}).status_code for n in range(8)]
    assert pages[:5] == [302] * 5 and set(pages[5:]) == {429}
    api = [client.post("/api/v1/auth/otp", json={"phone": "9123456789"}).status_code for _ in range(8)]
    assert 429 in api and all(code in (202, 429) for code in api)
    assert client.post("/api/v1/auth/otp", json={"phone": "9123456789"}).get_json()["error"]["code"]
    from marketplace.notifications.models import OutboxSms
    from marketplace.extensions import db as database

    with app.app_context():  # per number too: one number never gets more than the resend rule allows
        assert database.session.query(OutboxSms).filter(OutboxSms.to_phone == "+919123456789").count() == 1


def test_repeated_failed_logins_are_throttled(database_uri, tmp_path, make_user):
    app = create_app(make_test_config(tmp_path, database_uri, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute"))
    client = app.test_client()
    statuses = [client.post("/account/login", data={"email": "a@example.com", "password": "wrong"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    blocked = client.post("/account/login", data={"email": "a@example.com", "password": "wrong"}, headers={"Accept-Language": "hi"})
    assert blocked.status_code == 429
    assert "बहुत अधिक प्रयास" in blocked.get_data(as_text=True)
    assert client.get("/account/login").status_code == 200  # reading the form is never throttled


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_uses_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 32)
    monkeypatch.setattr(ProductionConfig, "SITE_URL", "https://odop.example")
    monkeypatch.setenv("ODOP_INSTANCE_DIR", str(tmp_path))
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"]


def test_security_headers_on_every_page(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_no_template_has_an_inline_event_handler():
    """The Content-Security-Policy blocks inline handlers (onclick=...): a button wired that way
    does nothing in the browser. Behaviour is attached from the vendored scripts instead."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "marketplace"
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if handler.search(line)
    ]
    assert offenders == []
