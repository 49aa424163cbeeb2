"""Domain errors and the HTTP error handlers.

Services raise a ``DomainError`` subclass with a translated message and a short machine code;
views turn it into a form error, or into a 400 JSON body under ``/api/``. Anything a view lets
escape is answered here: HTML for people, JSON for ``/api/`` and clients that ask for JSON, and
the database session is always rolled back first so a failed request leaves nothing half-written.
"""
from __future__ import annotations

import logging

from flask import flash, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from marketplace.extensions import db
from marketplace.money import AMOUNT_MESSAGE, InvalidAmount
from marketplace.params import has_control_characters

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A business rule refused an action. ``message`` is shown to the user as is."""

    code = "invalid"
    status = 400
    default_message = _l("This action is not allowed.")

    def __init__(self, message=None, *, code: str | None = None, **params):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.params = params
        super().__init__(str(self.message))

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": str(self.message)}
        if self.params:
            body["details"] = {k: v for k, v in self.params.items() if isinstance(v, (str, int, float, bool, list, dict, type(None)))}
        return body


class NotFound(DomainError):
    """The object does not exist, or belongs to somebody else (we never say which)."""

    code = "not_found"
    status = 404
    default_message = _l("We could not find what you asked for.")


class PermissionDenied(DomainError):
    code = "forbidden"
    status = 403
    default_message = _l("You are not allowed to do that.")


def flash_error(error: DomainError) -> None:
    """Show a refused action's message at the top of the next page (how every HTML view reports a
    ``DomainError`` it does not turn into a form field's error)."""
    flash(str(error.message), "error")


TITLES = {
    400: _l("That request could not be understood"),
    401: _l("Please sign in"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("That action is not allowed here"),
    413: _l("The upload is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
}
MESSAGES = {
    400: _l("Please check what you entered and try again."),
    401: _l("Sign in to continue."),
    403: _l("Your account does not have permission for this page."),
    404: _l("The page may have moved, or the address may be mistyped."),
    405: _l("Please go back and use the page's own buttons."),
    413: _l("Each photo may be at most 5 MB, and a whole upload at most 45 MB."),
    429: _l("Please wait a minute before trying again."),
    500: _l("We have been told about it. Please try again in a few minutes."),
}


def wants_json() -> bool:
    """API paths, webhooks and clients that prefer JSON get JSON errors."""
    if request.path.startswith("/api/") or request.path.startswith("/webhooks/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_response(status: int, code: str, message: str | None = None):
    """A JSON or HTML error response with a translated message."""
    message = str(message or MESSAGES.get(status, MESSAGES[400]))
    if wants_json():
        return jsonify({"error": {"code": code, "message": message}}), status
    template = "errors/404.html" if status == 404 else "errors/error.html"
    return render_template(template, status=status, title=TITLES.get(status, TITLES[400]), message=message), status


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # the session may already be unusable; the request is failing anyway
        log.exception("rollback failed")


def handle_domain_error(error: DomainError):
    _rollback()
    return error_response(error.status, error.code, str(error.message))


def handle_http_exception(error: HTTPException):
    if error.code and error.code >= 500:
        _rollback()
    code = (error.name or "error").lower().replace(" ", "_")
    message = None
    if error.code == 400 and getattr(error, "description", None) and "CSRF" in str(error.description):
        code = "csrf_failed"
        message = _l("The form has expired or was not sent from this site. Please reload the page and try again.")
    return error_response(error.code or 500, code, message)


def handle_unexpected(error: Exception):
    _rollback()
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "server_error")


CONTROL_CHARACTERS_MESSAGE = _l("What you sent contains invisible control characters (such as a NUL byte). "
                                "Please remove them and try again.")
#: Never stored, and checked by its own rule (accounts ``safe_next`` sends such a target home).
_UNCHECKED_FIELDS = frozenset({"next"})


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _incoming_strings():
    for source in (request.args, request.form):
        for key, values in source.lists():
            yield key
            if key not in _UNCHECKED_FIELDS:
                yield from values
    for key, upload in request.files.items(multi=True):
        yield key
        yield upload.filename or ""
    if request.is_json:
        yield from _strings(request.get_json(silent=True))


def refuse_control_characters():
    """``before_request``: one rule for every form field, query value, upload name and JSON string.
    NUL and other control characters are refused with a translated 400 (HTML page, or JSON body
    under /api/) before any view runs, so no text field ever stores one (PostgreSQL answered NUL
    with a 500). Line breaks and tabs pass here; single-line values are checked by their parser
    (``params.parse_text(..., newlines=False)``). Signed webhooks are left to their signature."""
    if request.path.startswith("/webhooks/"):
        return None
    if any(has_control_characters(text) for text in _incoming_strings()):
        return error_response(400, "control_characters", CONTROL_CHARACTERS_MESSAGE)
    return None


def handle_invalid_amount(error: InvalidAmount):
    """A rupee value no view turned into a form error (``money.InvalidAmount`` sits below the
    domain layer, so it is not a ``DomainError``): a translated 400, never a 500."""
    _rollback()
    return error_response(400, "invalid_amount", AMOUNT_MESSAGE)


def init_app(app) -> None:
    """Register the handlers and the control-character guard."""
    app.before_request(refuse_control_characters)
    app.register_error_handler(InvalidAmount, handle_invalid_amount)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
