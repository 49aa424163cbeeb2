"""CSV that Excel opens with Hindi intact, and XLSX with real numbers and dates."""
import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from marketplace.admin.exports import (
    Column,
    Kind,
    Table,
    export_filename,
    paise_to_rupees,
    sheet_title,
    to_csv,
    to_xlsx,
)

UTC = dt.timezone.utc


def claims_table():
    return Table(
        title="दावे / Claims: April 2026",
        notes=["जिला: आगरा", "माह: अप्रैल 2026"],
        columns=[
            Column("seller", "विक्रेता"),
            Column("orders", "ऑर्डर", Kind.INT),
            Column("amount", "राशि (₹)", Kind.MONEY),
            Column("share", "हिस्सा %", Kind.PERCENT),
            Column("day", "तारीख", Kind.DATE),
            Column("at", "समय", Kind.DATETIME),
        ],
        rows=[
            {"seller": "ताज लेदर क्राफ्ट्स", "orders": 3, "amount": 12345678, "share": 12.5,
             "day": dt.date(2026, 4, 2), "at": dt.datetime(2026, 3, 31, 20, 0, tzinfo=UTC)},
            {"seller": "=HYPERLINK(\"http://evil\")", "orders": 0, "amount": 5, "share": None,
             "day": dt.datetime(2026, 3, 31, 20, 0, tzinfo=UTC), "at": None},
        ],
    )


def test_csv_starts_with_bom_and_keeps_hindi():
    data = to_csv(claims_table())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "ताज लेदर क्राफ्ट्स" in text
    assert "\r\n" in text


def test_csv_values_are_rupees_dates_in_ist_and_formula_cells_defused():
    rows = list(csv.reader(io.StringIO(to_csv(claims_table()).decode("utf-8-sig"))))
    assert rows[0] == ["विक्रेता", "ऑर्डर", "राशि (₹)", "हिस्सा %", "तारीख", "समय"]
    assert rows[1] == ["ताज लेदर क्राफ्ट्स", "3", "123456.78", "12.5", "2026-04-02", "2026-04-01 01:30"]
    assert rows[2][0].startswith("'=")
    assert rows[2][2] == "0.05"
    assert rows[2][4] == "2026-04-01"  # 20:00 UTC on 31 March is 1 April in India
    assert rows[2][3] == "" and rows[2][5] == ""


def test_naive_datetime_in_export_is_refused():
    table = Table("t", [Column("at", "at", Kind.DATETIME)], [{"at": dt.datetime(2026, 1, 1)}])
    with pytest.raises(ValueError):
        to_csv(table)


def test_xlsx_has_notes_bold_header_numbers_and_dates():
    wb = load_workbook(io.BytesIO(to_xlsx(claims_table())))
    ws = wb.worksheets[0]
    assert ws.title == "दावे   Claims  April 2026"
    assert ws["A1"].value == "जिला: आगरा"
    header = [c.value for c in ws[4]]
    assert header == ["विक्रेता", "ऑर्डर", "राशि (₹)", "हिस्सा %", "तारीख", "समय"]
    assert ws["A4"].font.bold
    assert ws.freeze_panes == "A5"
    assert ws["A5"].value == "ताज लेदर क्राफ्ट्स"
    assert ws["B5"].value == 3
    assert Decimal(str(ws["C5"].value)) == Decimal("123456.78")
    assert "##" in ws["C5"].number_format
    assert ws["D5"].value == pytest.approx(0.125) and ws["D5"].number_format == "0.0%"
    assert ws["E5"].value.date() == dt.date(2026, 4, 2)
    assert ws["F5"].value == dt.datetime(2026, 4, 1, 1, 30)
    assert ws["A6"].value == '=HYPERLINK("http://evil")' and ws["A6"].data_type == "s"


def test_xlsx_several_tables_get_unique_valid_sheet_names():
    t = Table("Report: Agra/Firozabad [2026]", [Column("a", "A")], [{"a": "x"}])
    wb = load_workbook(io.BytesIO(to_xlsx([t, t])))
    names = wb.sheetnames
    assert len(names) == 2 and len(set(names)) == 2
    assert all(not set(n) & set("[]:*?/\\") and len(n) <= 31 for n in names)


def test_sheet_title_and_filename_helpers():
    assert sheet_title("x" * 40) == "x" * 31
    assert sheet_title("Claims", {"claims"}) == "Claims (2)"
    assert export_filename("ODOP claims आगरा April", "csv") == "odop-claims-april.csv"
    assert export_filename("dashboard", ".xlsx", dt.date(2026, 4, 1)) == "dashboard-2026-04-01.xlsx"


def test_paise_to_rupees_is_exact():
    assert paise_to_rupees(1) == Decimal("0.01")
    assert paise_to_rupees(12345678901) == Decimal("123456789.01")
