"""Money: integer paise in, Indian-grouped rupees out.

All amounts in the system are ``int`` paise. Users type rupees ("1,250.50", "₹ 99"); this is the
one place that converts between the two, and the one place that formats amounts for display.
"""
from __future__ import annotations

from decimal import Decimal, DecimalException
from functools import lru_cache

from babel.numbers import format_currency, format_decimal
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

#: Babel locales used for money and numbers: Indian digit grouping (1,23,456) in both languages.
MONEY_LOCALES = {"en": "en_IN", "hi": "hi_IN"}
MAX_PAISE = 10**13  # ₹1 lakh crore: far above any order, far below 64-bit overflow


class InvalidAmount(ValueError):
    """The text is not an amount of rupees with at most two decimal places."""


def rupees_to_paise(value: str | int | Decimal) -> int:
    """Convert rupees typed by a person ("1,250.50", "₹99", 99) into integer paise.

    Raises ``InvalidAmount`` for anything that is not a non-negative amount with at most two
    decimals (floats are refused: they cannot say 0.10 exactly).
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise InvalidAmount("amounts are never floats")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    else:
        text = str(value).strip().replace("₹", "").replace(",", "").replace("Rs.", "").strip()
        if not text:
            raise InvalidAmount("empty amount")
        if len(text) > 40:
            raise InvalidAmount("amount too long")
        try:
            amount = Decimal(text)
        except DecimalException as exc:
            raise InvalidAmount(f"not a number: {value!r}") from exc
    if not amount.is_finite() or amount < 0:
        raise InvalidAmount(f"not a non-negative amount: {value!r}")
    try:  # "1e999999" is finite but overflows the context on scaling
        paise = amount * 100
        if paise != paise.to_integral_value():
            raise InvalidAmount(f"more than two decimal places: {value!r}")
    except DecimalException as exc:
        raise InvalidAmount(f"amount out of range: {value!r}") from exc
    if paise > MAX_PAISE:
        raise InvalidAmount(f"amount too large: {value!r}")
    result = int(paise)
    if result > MAX_PAISE:
        raise InvalidAmount(f"amount too large: {value!r}")
    return result


AMOUNT_MESSAGE = _l("Enter an amount in rupees with at most two decimals, e.g. 1250 or 1250.50.")


class Rupees:
    """WTForms validator for a rupee field: its value must be one ``rupees_to_paise`` accepts
    (so ``1.005``, ``1e20``, ``Infinity`` and ``1e999999`` are a form error, not a 500 later)."""

    def __call__(self, form, field) -> None:
        if field.data is None or field.data == "":
            return
        try:
            rupees_to_paise(field.data)
        except InvalidAmount as exc:
            raise ValidationError(str(AMOUNT_MESSAGE)) from exc


def paise_to_decimal(paise: int) -> Decimal:
    """Paise as an exact ``Decimal`` number of rupees."""
    return (Decimal(int(paise)) / 100).quantize(Decimal("0.01"))


def format_paise(paise: int | None, lang: str = "en") -> str:
    """``123456789`` → ``₹12,34,567.89`` (Indian grouping), in ``lang`` ("en" or "hi")."""
    if paise is None:
        return ""
    return _format_paise(int(paise), MONEY_LOCALES.get(lang, "en_IN"))


def format_rupees(paise: int | None, lang: str = "en") -> str:
    """Like ``format_paise`` but whole rupees without ".00": ``500000`` → ``₹5,000``,
    ``50050`` → ``₹500.50`` (for labels such as "Under ₹5,000")."""
    if paise is None:
        return ""
    if int(paise) % 100:
        return format_paise(paise, lang)
    return _format_whole(int(paise) // 100, MONEY_LOCALES.get(lang, "en_IN"))


def format_number(value: int | float | Decimal, lang: str = "en") -> str:
    """A number with Indian digit grouping (12,34,567)."""
    locale = MONEY_LOCALES.get(lang, "en_IN")
    if type(value) is int:  # noqa: E721 - exactly int: 1.0 and Decimal("1.00") format differently
        return _format_int(value, locale)
    return format_decimal(value, locale=locale)


# Babel parses the locale's pattern on every call (about 0.1 ms); a catalogue page shows dozens of
# prices and counts, mostly the same few values, so the formatted text is remembered.
@lru_cache(maxsize=8192)
def _format_paise(paise: int, locale: str) -> str:
    return format_currency(paise_to_decimal(paise), "INR", locale=locale)


@lru_cache(maxsize=1024)
def _format_whole(rupees: int, locale: str) -> str:
    return format_currency(Decimal(rupees), "INR", format="¤#,##,##0", locale=locale, currency_digits=False)


@lru_cache(maxsize=8192)
def _format_int(value: int, locale: str) -> str:
    return format_decimal(value, locale=locale)


def percent_of(paise: int, basis_points: int) -> int:
    """``basis_points``/10,000 of ``paise``, rounded half up to a whole paisa (1200 bp = 12%)."""
    return int((Decimal(int(paise)) * basis_points / 10000).to_integral_value(rounding="ROUND_HALF_UP"))
