"""JSON sign-in for a phone app or a kiosk (issue #18.6).

``POST /api/v1/auth/otp`` ``{"phone": "..."}`` → 202, whether or not the number has an account;
``POST /api/v1/auth/otp/verify`` ``{"phone", "code"[, "role", "name", "locale"]}`` → 200 with the
user and a session cookie, or 400 with a translated error. A new number signs up through the
same pair by adding ``role`` (``buyer``/``seller``), ``name`` and ``locale``.

CSRF: these two calls carry no CSRF token (a phone app has no form to take one from). They accept
only ``Content-Type: application/json``: a browser sends that type across sites only after a CORS
preflight, which this site never grants, so another site's page cannot make a visitor's browser
call them. Every other JSON call that changes data keeps Flask-WTF's CSRF check (the token from
the page, in the ``X-CSRFToken`` header). See docs/accounts.md.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import lazy_gettext as _l

from marketplace.accounts import by_code
from marketplace.accounts.views import sign_in
from marketplace.accounts.decorators import code_check_limit, code_send_limit, public
from marketplace.errors import DomainError
from marketplace.extensions import csrf, limiter
from marketplace.i18n import current_lang

bp = Blueprint("accounts_api", __name__, url_prefix="/api/v1/auth")


class NotJson(DomainError):
    code = "json_required"
    status = 415
    default_message = _l("Send the request as JSON (Content-Type: application/json).")


class BadField(DomainError):
    code = "invalid_field"
    default_message = _l("A field is missing or is not text.")


def _body(*required: str, optional: tuple[str, ...] = ()) -> dict[str, str | None]:
    if request.mimetype != "application/json":
        raise NotJson()
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadField(_l("The body must be a JSON object."))
    out: dict[str, str | None] = {}
    for name in required + optional:
        value = data.get(name)
        if value is None and name in optional:
            out[name] = None
            continue
        if not isinstance(value, str) or len(value) > 254:
            raise BadField(_l("The field %(name)s is missing or is not text.", name=name))
        out[name] = value
    return out


def user_json(user) -> dict:
    return {"id": user.id, "name": user.name, "role": user.role, "locale": user.locale,
            "phone": user.phone, "phone_verified": user.phone_verified, "email": user.email,
            "has_password": user.has_password}


@bp.route("/otp", methods=["POST"])
@public
@csrf.exempt
@limiter.limit(code_send_limit)
def request_code():
    body = _body("phone", optional=("locale",))
    locale = body["locale"] if body["locale"] in ("en", "hi") else current_lang()
    by_code.request_sign_in_code(body["phone"], client=request.remote_addr or "", locale=locale)
    return jsonify({"status": "sent", "expires_in_seconds": 600, "resend_after_seconds": 30}), 202


@bp.route("/otp/verify", methods=["POST"])
@public
@csrf.exempt
@limiter.limit(code_check_limit)
def verify_code():
    body = _body("phone", "code", optional=("role", "name", "locale"))
    user, created = by_code.sign_in_with_code(body["phone"], body["code"], role=body["role"], name=body["name"],
                                              locale=body["locale"])
    sign_in(user, remember=True)
    return jsonify({"user": user_json(user), "created": created}), 200
