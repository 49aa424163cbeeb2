"""Bulk listing upload by CSV: parse and check every row (pure), then apply the good ones.

``parse_listing_csv(data, categories)`` reads UTF-8 text (a byte-order mark from Excel is fine),
refuses unknown or missing columns, and checks each row with the same rules as the listing form
(:func:`listing_rules.clean_listing`). It returns the good rows and, for each bad row, its line
number in the file (the header is line 1) and the reasons. Applying the rows to the database is
``listings.import_listings`` (one transaction; the same SKU again updates the listing).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from marketplace.csv_out import write_csv

from .errors import CatalogError
from .listing_rules import ListingData, ListingInvalid, clean_listing

COLUMNS = (
    "sku", "title_en", "title_hi", "description_en", "description_hi", "category", "price_inr",
    "mrp_inr", "stock", "moq", "weight_g", "length_cm", "width_cm", "height_cm", "hsn_code",
    "gst_rate", "returnable", "return_window_days", "return_condition", "status",
)
REQUIRED = ("sku", "category", "price_inr", "stock", "weight_g", "length_cm", "width_cm", "height_cm")
#: Which listing attributes a column sets. Updating an existing SKU changes only the attributes
#: of the columns present in the file's header, so a column left out keeps its stored value.
COLUMN_FIELDS = {
    "sku": "sku", "title_en": "title_en", "title_hi": "title_hi", "description_en": "description_en",
    "description_hi": "description_hi", "category": "category_id", "price_inr": "price_paise",
    "mrp_inr": "mrp_paise", "stock": "stock", "moq": "moq", "weight_g": "weight_g", "length_cm": "length_cm",
    "width_cm": "width_cm", "height_cm": "height_cm", "hsn_code": "hsn_code", "gst_rate": "gst_rate_bp",
    "status": "status", "returnable": "returnable", "return_window_days": "return_window_days",
    "return_condition": "return_condition",
}
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024

EXAMPLE_ROW = {
    "sku": "BRS-VASE-12", "title_en": "Moradabad Brass Flower Vase, Hand Engraved",
    "title_hi": "मुरादाबादी पीतल फूलदान, हाथ की नक्काशी",
    "description_en": "Sand-cast brass vase engraved by hand with a creeper pattern. 30 cm tall.",
    "description_hi": "रेत-ढलाई से बना पीतल का फूलदान, हाथ से बेल की नक्काशी। ऊंचाई 30 सेमी।",
    "category": "Metal craft", "price_inr": "1850", "mrp_inr": "2400", "stock": "25", "moq": "1",
    "weight_g": "1100", "length_cm": "14", "width_cm": "14", "height_cm": "30", "hsn_code": "7418",
    "gst_rate": "12", "status": "published",
}


class CsvFileError(CatalogError):
    """The file as a whole cannot be read (encoding, header, size); no row was looked at."""

    code = "csv_file"


@dataclass(frozen=True)
class RowError:
    """A bad row: its line in the file and the reasons, one per field (translated messages)."""

    line: int
    sku: str
    reasons: tuple[tuple[str, object], ...]

    def message(self) -> str:
        """"Line 7 (SKU ABC-1): price_inr: Price must be ..." in the current language."""
        text = "; ".join(f"{column}: {reason}" for column, reason in self.reasons)
        if self.sku:
            return str(_l("Line %(line)s (SKU %(sku)s): %(reasons)s", line=self.line, sku=self.sku, reasons=text))
        return str(_l("Line %(line)s: %(reasons)s", line=self.line, reasons=text))


@dataclass
class ParsedCsv:
    """Good rows as (line, ListingData) and bad rows as RowError, both in file order; ``columns``
    are the header's column names (an update changes only those)."""

    rows: list[tuple[int, ListingData]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    columns: frozenset[str] = frozenset(COLUMNS)

    @property
    def update_fields(self) -> tuple[str, ...]:
        """The listing attributes an update of an existing SKU may change (file order of COLUMNS)."""
        return tuple(COLUMN_FIELDS[c] for c in COLUMNS if c in self.columns)

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    if len(data) > MAX_BYTES:
        raise CsvFileError(_l("The file is larger than 10 MB; split it into smaller files."), "csv_too_large")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise CsvFileError(_l("The file is saved as UTF-16; save it as “CSV UTF-8” and upload again."), "csv_encoding")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvFileError(
            _l("The file is not UTF-8 text; in Excel choose “Save as → CSV UTF-8” so Hindi stays readable."),
            "csv_encoding",
        ) from None


def parse_listing_csv(data: bytes | str, categories: Mapping[str, int]) -> ParsedCsv:
    """Read a listings CSV and check every row.

    Inputs: the file's bytes (or text) and a mapping from lower-cased category name (English or
    Hindi) to category id. Result: :class:`ParsedCsv`. Raises :class:`CsvFileError` when the file
    cannot be read at all: not UTF-8, empty, unknown or missing columns, more than 20,000 rows.
    A SKU repeated inside the file is an error on its later line. Optional columns may be left
    out of the header: a new listing then gets the defaults (no MRP, MOQ 1, draft...), while an
    update of an existing SKU keeps the stored values (see ``ParsedCsv.update_fields``).
    """
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CsvFileError(_l("The file is empty."), "csv_empty") from None
    except csv.Error:
        raise CsvFileError(_l("The file is not a readable CSV."), "csv_unreadable") from None
    names = [h.strip().lower() for h in header]
    unknown = [h for h in names if h not in COLUMNS]
    if unknown:
        raise CsvFileError(
            _l("Unknown columns: %(names)s. Allowed columns: %(allowed)s.",
               names=", ".join(unknown), allowed=", ".join(COLUMNS)),
            "csv_unknown_columns",
        )
    if len(set(names)) != len(names):
        raise CsvFileError(_l("A column appears twice in the header."), "csv_duplicate_columns")
    missing = [c for c in REQUIRED if c not in names]
    if "title_en" not in names and "title_hi" not in names:
        missing.append("title_en/title_hi")
    if "description_en" not in names and "description_hi" not in names:
        missing.append("description_en/description_hi")
    if missing:
        raise CsvFileError(_l("Missing columns: %(names)s.", names=", ".join(missing)), "csv_missing_columns")

    result = ParsedCsv(columns=frozenset(names))
    seen: dict[str, int] = {}
    line = reader.line_num
    count = 0
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.errors.append(RowError(start, "", (("csv", _l("This line is not valid CSV (%(why)s).", why=str(exc))),)))
            break
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # blank lines are allowed
        count += 1
        if count > MAX_ROWS:
            raise CsvFileError(_l("At most %(n)s rows per file.", n=f"{MAX_ROWS:,}"), "csv_too_many_rows")
        if len(cells) != len(names):
            result.errors.append(RowError(start, "", (("csv", _l(
                "Expected %(expected)s values, found %(found)s; check for a missing or extra comma.",
                expected=len(names), found=len(cells))),)))
            continue
        raw = dict(zip(names, cells))
        sku = raw.get("sku", "").strip()
        try:
            listing = clean_listing(raw, categories)
        except ListingInvalid as exc:
            result.errors.append(RowError(start, sku, tuple(exc.errors.items())))
            continue
        key = listing.sku.lower()
        if key in seen:
            result.errors.append(RowError(start, sku, (("sku", _l(
                "This SKU is already used on line %(line)s of this file.", line=seen[key])),)))
            continue
        seen[key] = start
        result.rows.append((start, listing))
    return result


def template_csv() -> bytes:
    """The downloadable template: header and one example row, UTF-8 with a BOM for Excel."""
    return write_csv(COLUMNS, [[EXAMPLE_ROW.get(column, "") for column in COLUMNS]]).encode("utf-8")
