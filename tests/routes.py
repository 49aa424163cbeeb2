"""Walking the URL map: sample URLs for every rule, used by the access and CSRF tests."""
from __future__ import annotations

import uuid

from flask import url_for
from werkzeug.routing import IntegerConverter, UUIDConverter


def rules(app):
    """Every URL rule but static files, in a stable order."""
    return [r for r in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)) if r.endpoint != "static"]


def sample_url(app, rule) -> str:
    """A URL for ``rule`` with made-up values that name no real object."""
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = 987654
        elif isinstance(converter, UUIDConverter):
            values[name] = uuid.UUID(int=1)
        else:
            values[name] = "no-such-thing"
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def main_method(rule) -> str:
    methods = rule.methods - {"HEAD", "OPTIONS"}
    return "GET" if "GET" in methods else sorted(methods)[0]


def is_csrf_exempt(app, rule) -> bool:
    view = app.view_functions[rule.endpoint]
    return f"{view.__module__}.{view.__name__}" in app.extensions["csrf"]._exempt_views
