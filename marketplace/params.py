"""Reading numbers people (and robots) type into URLs and forms.

``str.isdigit()`` accepts "²" and "٣", which ``int()`` then refuses or reads as another digit, and
Python integers are unbounded while database columns are not: these helpers accept only ASCII
digits within the range a 32-bit column holds, so bad input becomes a clear 4xx, never a 500.
"""
from __future__ import annotations

import re
from decimal import Decimal

from wtforms.validators import NumberRange as _WTFormsNumberRange
from wtforms.validators import StopValidation

MAX_INT = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_int(value, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """``value`` as an int when it is ASCII digits between ``minimum`` and ``maximum``, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not _DIGITS.fullmatch(text):
            return None
        number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(value) -> int | None:
    """A database id (1 … 2³¹−1) or None."""
    return parse_int(value, minimum=1)


#: Characters no text field may hold: C0 controls but tab, line feed and carriage return, DEL, C1
#: controls and lone surrogates. PostgreSQL refuses NUL in text (a 500), and the rest are invisible
#: in a page, a CSV or an SMS, or cannot be encoded at all.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_OR_NEWLINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control_characters(text, *, newlines: bool = True) -> bool:
    """Whether ``text`` holds a character no text field may store (see ``_CONTROL``); with
    ``newlines=False`` line breaks and tabs count too (single-line values: names, phones, e-mails)."""
    if not isinstance(text, str):
        return False
    return bool((_CONTROL if newlines else _CONTROL_OR_NEWLINE).search(text))


def parse_text(value, max_length: int, *, newlines: bool = False) -> str | None:
    """``value`` stripped, when it fits a ``String(max_length)`` column and holds no control
    character (nor a line break unless ``newlines``); else None. Empty text is ``""``."""
    text = str(value if value is not None else "").strip()
    if len(text) > max_length or has_control_characters(text, newlines=newlines):
        return None
    return text


MAX_PAGE = 10_000


def page_number(value) -> int:
    """A ``?page=`` number (1 … 10,000); anything else (missing, "abc", "0", "-3") is page 1."""
    return parse_int(value if value is not None else 1, 1, MAX_PAGE) or 1


#: Beyond this a number is refused by ``NumberRange`` before any comparison (WTForms' own check
#: turns a 400-digit integer into a float and overflows, and compares ``sNaN``: both were 500s).
MAX_FORM_NUMBER = 10**15


class NumberRange(_WTFormsNumberRange):
    """``wtforms.validators.NumberRange`` that refuses, with its usual message, what it cannot
    compare: ``NaN``/``sNaN``/``Infinity`` decimals and integers of hundreds of digits. Every form
    imports this one (``from marketplace.params import NumberRange``)."""

    def __call__(self, form, field):
        data = field.data
        if isinstance(data, Decimal) and not data.is_finite() or (
                isinstance(data, (int, float, Decimal)) and not isinstance(data, bool)
                and (data != data or abs(data) > MAX_FORM_NUMBER)):
            message = self.message
            if message is None:
                if self.max is None:
                    message = field.gettext("Number must be at least %(min)s.")
                elif self.min is None:
                    message = field.gettext("Number must be at most %(max)s.")
                else:
                    message = field.gettext("Number must be between %(min)s and %(max)s.")
            raise StopValidation(message % dict(min=self.min, max=self.max))
        super().__call__(form, field)
