"""The app as a whole: readiness, errors as HTML or JSON, configuration."""
from __future__ import annotations

from marketplace import create_app
from marketplace.config import CONFIGS


def test_readyz_reports_the_database(app, client):
    from marketplace.catalog.search import sync

    sync.rebuild(app)  # the search check needs the node's index
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"]["database"]["ok"] is True


def test_api_errors_are_json(client):
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_json_clients_get_json_errors_elsewhere_too(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.is_json


def test_unexpected_error_is_a_friendly_500_and_rolls_back(app):
    from sqlalchemy import func, select

    from marketplace.accounts.models import User
    from marketplace.extensions import db

    @app.route("/boom")
    def boom():
        db.session.add(User(email="half@example.com", name="Half", password_hash="x"))
        db.session.flush()
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_database_url_from_environment_uses_psycopg(monkeypatch):
    from marketplace.config import _normalise_database_url

    assert _normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert _normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_every_config_can_build_an_app(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    for name, cls in CONFIGS.items():
        monkeypatch.setattr(cls, "SECRET_KEY", "k" * 32, raising=False)
        monkeypatch.setattr(cls, "SITE_URL", "https://odop.example", raising=False)
        assert create_app(name).config["SECRET_KEY"]


def test_an_id_too_large_for_the_database_is_not_found_everywhere(app, login_as):
    from tests.routes import rules

    client, _ = login_as("admin")
    huge = "99999999999999999999"
    checked = 0
    for rule in rules(app):
        if "<int:" not in rule.rule or "GET" not in rule.methods:
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", huge)
        if "<" in url:
            continue
        # 404 like any unknown id (403 where an admin has no business, e.g. a participant's own page)
        assert client.get(url).status_code in (403, 404), url
        checked += 1
    assert checked >= 5


def test_development_without_a_key_makes_a_random_one_and_keeps_it(monkeypatch, tmp_path):
    """Issue #12.3: with ODOP_CONFIG unset the app signed cookies with a key from the repository."""
    from marketplace import config as config_module

    monkeypatch.setattr(config_module, "INSTANCE_DIR", tmp_path)
    monkeypatch.setattr(config_module.DevelopmentConfig, "SECRET_KEY", None)
    first = config_module.DevelopmentConfig().SECRET_KEY
    assert first not in config_module.PUBLIC_KEYS and len(first) >= 64
    assert config_module.DevelopmentConfig().SECRET_KEY == first  # kept across restarts
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # owner only


def test_a_published_key_is_refused_outside_the_tests(monkeypatch, tmp_path):
    import pytest

    from marketplace import config as config_module

    monkeypatch.setattr(config_module, "INSTANCE_DIR", tmp_path)
    for cls in (config_module.DevelopmentConfig, config_module.ProductionConfig):
        for key in config_module.PUBLIC_KEYS:
            monkeypatch.setattr(cls, "SECRET_KEY", key)
            with pytest.raises(RuntimeError, match="published"):
                cls()
    assert config_module.TestingConfig().SECRET_KEY == "test-only-not-secret"
