"""Language choice and the display helpers that depend on it.

The locale is chosen in this order: the signed-in user's saved preference, an explicit choice
remembered in the ``lang`` cookie, the browser's ``Accept-Language``, then English. Dates are
shown in Asia/Kolkata; money and numbers with Indian digit grouping.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app, has_request_context, request
from flask_babel import format_date, format_datetime, get_locale as babel_get_locale
from flask_login import current_user

from marketplace.money import format_number, format_paise

LANG_COOKIE = "lang"
LANGUAGE_NAMES = {"en": "English", "hi": "हिन्दी"}


def select_locale() -> str:
    """Babel's locale selector (see the module docstring for the order)."""
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and background work: English unless forced
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in supported:
        return cookie
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_lang() -> str:
    """The two-letter language of the current request ("en" or "hi")."""
    try:
        return str(babel_get_locale().language)
    except Exception:
        return "en"


def loc(obj, field: str) -> str:
    """``obj.<field>_<lang>`` in the current language, falling back to the other language."""
    if obj is None:
        return ""
    lang = current_lang()
    other = "en" if lang == "hi" else "hi"
    value = getattr(obj, f"{field}_{lang}", None) if not isinstance(obj, dict) else obj.get(f"{field}_{lang}")
    if not value:
        value = getattr(obj, f"{field}_{other}", None) if not isinstance(obj, dict) else obj.get(f"{field}_{other}")
    return value or ""


def money(paise: int | None) -> str:
    """Jinja filter: integer paise shown as rupees in the current language."""
    return format_paise(paise, current_lang())


def number(value) -> str:
    """Jinja filter: a number with Indian digit grouping."""
    return format_number(value, current_lang())


def datetime_filter(value: dt.datetime | None, fmt: str = "medium") -> str:
    """Jinja filter: an aware datetime in Asia/Kolkata."""
    return format_datetime(value, fmt) if value else ""


def date_filter(value: dt.date | dt.datetime | None, fmt: str = "medium") -> str:
    """Jinja filter: a date (a datetime is first moved to Asia/Kolkata)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value, "d MMM y" if fmt == "medium" else fmt)
    return format_date(value, fmt)


def init_app(app) -> None:
    """Register the template helpers."""
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["datetime"] = datetime_filter
    app.jinja_env.filters["date"] = date_filter
    app.jinja_env.globals["loc"] = loc
    app.jinja_env.globals["current_lang"] = current_lang
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
