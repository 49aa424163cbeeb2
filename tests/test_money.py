"""Rupees typed by people become exact integer paise."""
from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.money import InvalidAmount, percent_of, rupees_to_paise


@pytest.mark.parametrize("text,paise", [("1250.50", 125050), ("₹ 1,250", 125000), ("0.1", 10), ("99", 9900),
                                        (99, 9900), (Decimal("0.05"), 5), ("Rs. 12,34,567.89", 123456789)])
def test_rupees_become_paise(text, paise):
    assert rupees_to_paise(text) == paise


@pytest.mark.parametrize("text", ["", "abc", "-5", "1.005", "1e400", "1e999999", "9" * 60, "NaN",
                                  "Infinity", 1.5, True, "10000000000000"])
def test_bad_amounts_are_refused(text):
    with pytest.raises(InvalidAmount):
        rupees_to_paise(text)


def test_percent_rounds_half_up_to_the_paisa():
    assert percent_of(10001, 1200) == 1200  # 1200.12 → 1200
    assert percent_of(12345, 7500) == 9259  # 9258.75 → 9259
    assert percent_of(0, 1800) == 0


@pytest.mark.parametrize("text,expected", [("12", 12), (" 7 ", 7), ("²", None), ("٣", None), ("-1", None),
                                           ("99999999999999999999", None), ("2147483647", 2147483647), ("", None), (None, None)])
def test_ids_from_urls_are_ascii_digits_within_range(text, expected):
    from marketplace.params import parse_int

    assert parse_int(text) == expected
