"""Reading numbers people (and robots) type into URLs and forms.

``str.isdigit()`` accepts "²" and "٣", which ``int()`` then refuses or reads as another digit, and
Python integers are unbounded while database columns are not: these helpers accept only ASCII
digits within the range a 32-bit column holds, so bad input becomes a clear 4xx, never a 500.
"""
from __future__ import annotations

import re

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


MAX_PAGE = 10_000


def page_number(value) -> int:
    """A ``?page=`` number (1 … 10,000); anything else (missing, "abc", "0", "-3") is page 1."""
    return parse_int(value if value is not None else 1, 1, MAX_PAGE) or 1
