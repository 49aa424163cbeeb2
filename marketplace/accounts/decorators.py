"""Access control for views.

Every endpoint says who may use it: ``@public`` or ``@role_required(...)`` (no roles: any
signed-in user). ``tests/test_access.py`` walks the URL map and fails for an endpoint that says
neither, then tries each protected endpoint as every role.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app
from flask_login import current_user

from marketplace.extensions import login_manager


def code_send_limit() -> str:
    """Flask-Limiter's limit, per client address, on every route that sends a one-time code or an
    invitation (``CODE_SEND_RATE_LIMIT``)."""
    return current_app.config["CODE_SEND_RATE_LIMIT"]


def code_check_limit() -> str:
    """The same for every route that checks a code or a link (``CODE_CHECK_RATE_LIMIT``)."""
    return current_app.config["CODE_CHECK_RATE_LIMIT"]


def public(view):
    """Mark a view as open to everybody, signed in or not."""
    view.access_roles = None
    view.access_public = True
    return view


def role_required(*roles):
    """Allow only signed-in users, and only those with one of ``roles`` when any are given.

    Anonymous users are sent to the login page (401 JSON under /api/); signed-in users with
    another role get 403.
    """
    allowed = frozenset(str(r) for r in roles)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if allowed and current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped.access_roles = allowed
        wrapped.access_public = False
        return wrapped

    return decorator


login_required = role_required()
