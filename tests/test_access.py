"""Access control on every route, found by walking the URL map.

Every endpoint must say who may use it (``@public`` or ``@role_required``), and every protected
endpoint is tried anonymously and as each role: anonymous users are sent to sign in (or get a
401 JSON under /api/), other roles get 403, allowed roles get past the check.
"""
from __future__ import annotations

import pytest

from marketplace import create_app
from marketplace.accounts.models import Role
from tests.fixtures.accounts import sign_in_directly
from tests.routes import main_method, rules, sample_url

_APP = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def _endpoints():
    return rules(_APP)


def _protected():
    return [r for r in _endpoints() if not getattr(_APP.view_functions[r.endpoint], "access_public", True)]


def test_every_endpoint_declares_who_may_use_it():
    undeclared = [f"{r.rule} ({r.endpoint})" for r in _endpoints()
                  if not hasattr(_APP.view_functions[r.endpoint], "access_public")]
    assert undeclared == [], "use @public or @role_required on: " + ", ".join(undeclared)


def test_there_are_protected_routes_to_check():
    assert len(_protected()) >= 4


@pytest.mark.parametrize("rule", _protected(), ids=lambda r: f"{r.endpoint}")
def test_protected_route_checks_every_role(app, make_user, rule):
    view = app.view_functions[rule.endpoint]
    allowed = view.access_roles
    url, method = sample_url(app, rule), main_method(rule)

    anonymous = app.test_client().open(url, method=method)
    if url.startswith("/api/"):
        assert anonymous.status_code == 401
        assert anonymous.is_json
    else:
        assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]

    for role in Role:
        user = make_user(role=role)
        client = app.test_client()
        sign_in_directly(app, client, user)
        response = client.open(url, method=method)
        if allowed and role not in allowed:
            assert response.status_code == 403, f"{role} reached {url}"
        else:
            assert response.status_code not in (401, 403), f"{role} was refused {url}"
            assert response.status_code < 500, f"{role} got {response.status_code} at {url}: {response.get_data(as_text=True)[:3000]}"
