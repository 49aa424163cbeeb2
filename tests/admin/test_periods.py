"""Reporting months and financial years are Indian (Asia/Kolkata), not UTC."""
import datetime as dt

import pytest

from marketplace.admin.periods import (
    Change,
    FinancialYear,
    Month,
    PeriodError,
    month_range,
    trailing_months,
)

UTC = dt.timezone.utc


def test_order_at_2am_ist_on_first_april_counts_in_april_and_new_financial_year():
    moment = dt.datetime(2026, 3, 31, 20, 45, tzinfo=UTC)  # 02:15 IST on 1 April
    assert Month.of(moment) == Month(2026, 4)
    assert FinancialYear.of(moment) == FinancialYear(2026)
    assert FinancialYear.of(moment - dt.timedelta(hours=2, minutes=30)) == FinancialYear(2025)


def test_month_bounds_are_ist_midnights_in_utc():
    april = Month(2026, 4)
    assert april.start_utc == dt.datetime(2026, 3, 31, 18, 30, tzinfo=UTC)
    assert april.end_utc == dt.datetime(2026, 4, 30, 18, 30, tzinfo=UTC)
    assert april.contains(april.start_utc)
    assert not april.contains(april.end_utc)
    assert april.last_day == dt.date(2026, 4, 30)
    assert Month(2028, 2).last_day == dt.date(2028, 2, 29)


def test_naive_datetime_is_refused():
    with pytest.raises(PeriodError):
        Month.of(dt.datetime(2026, 4, 1, 10, 0))


def test_shift_crosses_years_both_ways():
    assert Month(2026, 1).previous() == Month(2025, 12)
    assert Month(2025, 12).next() == Month(2026, 1)
    assert Month(2026, 4).shift(-16) == Month(2024, 12)
    assert Month(2026, 4).shift(21) == Month(2028, 1)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-04", "April", "", "2026-4-1"])
def test_bad_month_text_raises_period_error(text):
    with pytest.raises(PeriodError):
        Month.parse(text)


def test_month_parse_and_key_round_trip():
    assert Month.parse("2026-4") == Month(2026, 4)
    assert Month.parse(" 2026-04 ").key == "2026-04"


def test_month_labels_in_hindi_and_english():
    assert Month(2026, 4).label("en") == "April 2026"
    assert Month(2026, 4).label("hi") == "अप्रैल 2026"
    assert Month(2026, 9).label("hi", short=True) == "सित॰ 26"
    assert Month(2026, 1).label("en", short=True) == "Jan 26"


def test_financial_year_months_run_april_to_march():
    fy = FinancialYear(2026)
    months = fy.months
    assert months[0] == Month(2026, 4) and months[-1] == Month(2027, 3) and len(months) == 12
    assert fy.label() == "2026-27"
    assert FinancialYear(2099).label() == "2099-00"
    assert fy.start_utc == Month(2026, 4).start_utc and fy.end_utc == Month(2027, 4).start_utc
    assert Month(2027, 3).financial_year == fy


@pytest.mark.parametrize("text,start", [("2026-27", 2026), ("2026", 2026), ("2026-2027", 2026),
                                        ("1999-00", 1999)])
def test_financial_year_parse(text, start):
    assert FinancialYear.parse(text) == FinancialYear(start)


@pytest.mark.parametrize("text", ["2026-28", "26-27", "x"])
def test_financial_year_parse_rejects_nonsense(text):
    with pytest.raises(PeriodError):
        FinancialYear.parse(text)


def test_month_ranges():
    assert month_range(Month(2025, 11), Month(2026, 2)) == [
        Month(2025, 11), Month(2025, 12), Month(2026, 1), Month(2026, 2)]
    assert month_range(Month(2026, 2), Month(2025, 11)) == []
    assert trailing_months(Month(2026, 2), 3) == [Month(2025, 12), Month(2026, 1), Month(2026, 2)]
    with pytest.raises(PeriodError):
        trailing_months(Month(2026, 2), 0)


def test_month_over_month_change():
    assert Change(15, 12).delta == 3 and Change(15, 12).percent == 25.0
    assert Change(15, 12).direction == "up"
    assert Change(9, 12).percent == -25.0 and Change(9, 12).direction == "down"
    assert Change(5, 0).percent is None
    assert Change(0, 0).direction == "same"
