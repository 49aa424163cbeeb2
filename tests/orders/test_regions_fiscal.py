"""States/UTs list, PIN codes and financial years (April–March, Asia/Kolkata)."""
import datetime as dt

import pytest

from marketplace import india

UTC = dt.timezone.utc


def test_all_28_states_and_8_union_territories():
    rs = india.all_regions()
    assert sum(r.kind == "state" for r in rs) == 28
    assert sum(r.kind == "ut" for r in rs) == 8
    assert len({r.code for r in rs}) == len({r.gst_code for r in rs}) == 36
    assert all(r.name_hi and r.name_en for r in rs)


def test_region_lookup_is_case_insensitive_and_knows_gst_codes():
    assert india.region("up").gst_code == "09"
    assert india.region("DL").is_union_territory
    assert india.region("XX") is None and not india.is_valid_region("")


@pytest.mark.parametrize("pin,ok", [("221001", "221001"), ("221 001", "221001"), ("022100", None),
                                    ("22100", None), ("2210011", None), ("22100a", None), ("", None),
                                    (None, None), ("२२१००१", None)])
def test_pin_must_be_six_digits_not_starting_with_zero(pin, ok):
    assert india.normalise_pin(pin) == ok


@pytest.mark.parametrize(
    "when,fy",
    [
        (dt.date(2026, 4, 1), 2026),
        (dt.date(2026, 3, 31), 2025),
        (dt.date(2027, 3, 31), 2026),
        (dt.datetime(2026, 3, 31, 18, 29, 59, tzinfo=UTC), 2025),  # 23:59:59 IST on 31 March
        (dt.datetime(2026, 3, 31, 18, 30, tzinfo=UTC), 2026),  # 00:00 IST on 1 April
    ],
)
def test_financial_year_turns_at_midnight_ist_on_1_april(when, fy):
    assert india.financial_year(when) == fy


def test_financial_year_bounds_and_label():
    start, end = india.financial_year_bounds(2026)
    assert start == dt.datetime(2026, 3, 31, 18, 30, tzinfo=UTC)
    assert end == dt.datetime(2027, 3, 31, 18, 30, tzinfo=UTC)
    assert india.financial_year_label(2026) == "2026-27"
    assert india.financial_year_label(2099) == "2099-00"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        india.financial_year(dt.datetime(2026, 4, 1))
