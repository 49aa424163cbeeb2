"""Language choice and the display helpers that depend on it.

The locale is chosen in this order: the signed-in user's saved preference, an explicit choice
remembered in the ``lang`` cookie, the browser's ``Accept-Language``, then English. Dates are
shown in Asia/Kolkata; money and numbers with Indian digit grouping.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app, g, has_request_context, request
from flask_babel import format_date, format_datetime, get_locale as babel_get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

from marketplace.money import format_number, format_paise

LANG_COOKIE = "lang"
LANGUAGE_NAMES = {"en": "English", "hi": "हिंदी"}
# What each language button says to a screen reader, in the language it switches to (so a reader
# who cannot read the page's language still finds the way out); it contains the visible name.
LANGUAGE_SWITCH_LABELS = {"en": "View in English", "hi": "हिंदी में देखें"}


def select_locale() -> str:
    """Babel's locale selector (see the module docstring for the order)."""
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and background work: English unless forced
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    return visitor_locale()


def visitor_locale() -> str:
    """The locale of a request nobody is signed in to: the ``lang`` cookie, ``Accept-Language``,
    then English. The page cache keys its entries with it (without loading the user)."""
    supported = current_app.config["LANGUAGES"]
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in supported:
        return cookie
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _babel_context():
    """Flask-Babel's per-request namespace, where it keeps the chosen locale (None outside an app
    context or before Flask-Babel made it). Read directly: a page asks for the language and for
    translations hundreds of times, and each of Flask-Babel's own lookups goes through ``g``
    several times."""
    try:
        return getattr(g._get_current_object(), "_flask_babel", None)
    except RuntimeError:
        return None


def current_lang() -> str:
    """The two-letter language of the current request ("en" or "hi")."""
    ctx = _babel_context()
    locale = getattr(ctx, "babel_locale", None)
    if locale is None:
        try:
            locale = babel_get_locale()
        except Exception:
            return "en"
    return str(locale.language) if locale is not None else "en"


def request_translations():
    """Flask-Babel's translations for the current locale, looked up once per locale per request
    (``force_locale`` and ``flask_babel.refresh`` set a new locale object, so they are followed)."""
    ctx = _babel_context()
    locale = getattr(ctx, "babel_locale", None)
    cached = getattr(ctx, "odop_translations", None)
    if locale is not None and cached is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    ctx = _babel_context()
    locale = getattr(ctx, "babel_locale", None)
    if locale is not None:
        ctx.odop_translations = (locale, translations)
    return translations


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


#: Hindi pages show the time on the 24-hour clock: the Hindi locale's own patterns say "pm".
HINDI_DATETIME = {"short": "d/M/yy, HH:mm", "medium": "d MMM y, HH:mm:ss", "long": "d MMMM y, HH:mm:ss z"}


def datetime_filter(value: dt.datetime | None, fmt: str = "medium") -> str:
    """Jinja filter: an aware datetime in Asia/Kolkata (24-hour clock in Hindi)."""
    if not value:
        return ""
    if current_lang() == "hi":
        fmt = HINDI_DATETIME.get(fmt, fmt)
    return format_datetime(value, fmt)


def date_filter(value: dt.date | dt.datetime | None, fmt: str = "medium") -> str:
    """Jinja filter: a date (a datetime is first moved to Asia/Kolkata)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value, "d MMM y" if fmt == "medium" else fmt)
    return format_date(value, fmt)


def blank(value, placeholder: str | None = None):
    """Jinja filter: ``value``, or ``placeholder`` (default: "not given", translated) when it is
    ``None`` or empty, so that a missing value is never printed as "None" (issue #17.2)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return placeholder if placeholder is not None else request_translations().ugettext("not given")
    return value


def init_app(app) -> None:
    """Register the template helpers."""
    app.jinja_env.filters["blank"] = blank
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["datetime"] = datetime_filter
    app.jinja_env.filters["date"] = date_filter
    app.jinja_env.globals["loc"] = loc
    app.jinja_env.globals["current_lang"] = current_lang
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.jinja_env.globals["LANGUAGE_SWITCH_LABELS"] = LANGUAGE_SWITCH_LABELS
    # The same gettext callables Flask-Babel installs, minus its repeated per-string lookups.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["_"] = template_gettext


@pass_eval_context
def template_gettext(eval_ctx, string: str, **variables) -> str:
    """``_()`` in templates: what Jinja's newstyle ``gettext`` does (translate, mark safe when
    autoescaping, then always ``%``-format so ``%%`` works the same with or without variables),
    called directly rather than through the i18n extension's two layers of ``Context.call``;
    templates call it hundreds of times a page."""
    text = request_translations().ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables
