"""Field rules for a listing, shared by the listing form, the CSV importer and the API.

``clean_listing(raw, categories)`` takes text values as a person typed them (in rupees, with
commas, "5%" for GST...) and returns a :class:`ListingData` with integer paise and basis points,
or raises :class:`ListingInvalid` holding every field's problem at once. Nothing here touches
the database: the caller passes the known categories as a mapping.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from marketplace.params import has_control_characters, parse_int

from .errors import CatalogError
from .return_policy import clean_policy

MAX_PRICE_PAISE = 1_00_00_000 * 100  # ₹1 crore: above this it is a typo, not a product
MAX_STOCK = 1_000_000  # also the largest MOQ and bulk-price quantity
MAX_TIERS = 3
STOCK_MESSAGE = _l("Stock must be a whole number from 0 to 10,00,000.")
MAX_WEIGHT_G = 500_000
MAX_DIMENSION_CM = 1_000
GST_RATES_BP = (0, 25, 300, 500, 1200, 1800, 2800)
SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]{0,39}$")
HSN_RE = re.compile(r"^(\d{4}|\d{6}|\d{8})$")
STATUSES = ("draft", "published")


@dataclass(frozen=True)
class ListingData:
    """A listing's values after cleaning: money in paise, GST in basis points."""

    sku: str
    title_en: str
    title_hi: str
    description_en: str
    description_hi: str
    category_id: int
    price_paise: int
    mrp_paise: int | None
    stock: int
    moq: int
    weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int
    hsn_code: str | None
    gst_rate_bp: int | None
    status: str = "draft"
    tiers: tuple[tuple[int, int], ...] = ()
    returnable: bool | None = None  # None: the category's default (return_policy.py)
    return_window_days: int | None = None
    return_condition: str | None = None


class ListingInvalid(CatalogError):
    """One or more fields are wrong: ``errors`` maps field name → translated message."""

    code = "listing_invalid"

    def __init__(self, errors: dict[str, object]) -> None:
        self.errors = dict(errors)
        super().__init__(_l("Please correct the highlighted fields."))

    def __str__(self) -> str:
        return "; ".join(f"{name}: {message}" for name, message in self.errors.items())


CONTROL_MESSAGE = _l("Remove the control characters (such as a NUL byte or a line break) from this value.")


def parse_rupees(text: str) -> int:
    """Rupees as typed ("1,250", "₹ 1250.50", "1250") → integer paise; ValueError if not money."""
    cleaned = re.sub(r"[\s,₹]|^Rs\.?|^INR", "", (text or "").strip(), flags=re.I)
    if not re.fullmatch(r"[0-9]{1,12}(\.[0-9]{1,2})?", cleaned):
        raise ValueError(text)
    try:
        return int((Decimal(cleaned) * 100).to_integral_value())
    except InvalidOperation:  # pragma: no cover - the regex already guarantees a number
        raise ValueError(text) from None


def parse_gst_rate(text: str) -> int:
    """GST rate as typed ("5", "5%", "12.0", "0.25") → basis points from the legal slabs."""
    cleaned = (text or "").strip().rstrip("%").strip()
    if not re.fullmatch(r"[0-9]{1,2}(\.[0-9]{1,2})?", cleaned):  # never "Infinity" or "1e999999"
        raise ValueError(text)
    try:
        bp = int((Decimal(cleaned) * 100).to_integral_value())
    except InvalidOperation:
        raise ValueError(text) from None
    if bp not in GST_RATES_BP:
        raise ValueError(text)
    return bp


def _int(text: str, maximum: int = MAX_STOCK) -> int:
    """A whole number as typed ("1,000" is fine; only ASCII digits) up to ``maximum``; else ValueError."""
    value = parse_int((text or "").strip().replace(",", ""), 0, maximum)
    if value is None:
        raise ValueError(text)
    return value


_SEPARATORS = re.compile(r"[\s_\-]+")


def category_key(text: str) -> str:
    """A category name as the lookup compares it: any case, hyphens, underscores and runs of
    spaces as one space, and an English plural's final "s" dropped ("Banarasi silk sarees",
    "banarasi-silk-saree" and "BANARASI SILK SAREE" are one key; issue #17.10)."""
    words = _SEPARATORS.sub(" ", (text or "").strip().casefold()).split(" ")
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def find_category(categories: Mapping[str, int], text: str) -> int | None:
    """The id of the category ``text`` names in ``categories`` (keys lower-cased names, slugs and
    their :func:`category_key`), or None."""
    text = (text or "").strip()
    if not text:
        return None
    found = categories.get(text.lower())
    return found if found is not None else categories.get(category_key(text))


def clean_listing(raw: Mapping[str, str], categories: Mapping[str, int]) -> ListingData:
    """Check and convert one listing's typed values.

    ``raw`` keys: sku, title_en, title_hi, description_en, description_hi, category (English or
    Hindi name, any case), price_inr, mrp_inr, stock, moq, weight_g, length_cm, width_cm,
    height_cm, hsn_code, gst_rate, status, and optionally returnable, return_window_days,
    return_condition (:func:`return_policy.clean_policy`). ``categories`` maps a lower-cased category name to its
    id. Returns :class:`ListingData`; raises :class:`ListingInvalid` listing every bad field.
    """
    errors: dict[str, object] = {}
    get = lambda key: (raw.get(key) or "").strip()  # noqa: E731
    for key, value in raw.items():  # a CSV cell is not checked by the request guard
        if has_control_characters(value, newlines=key.startswith("description")):
            errors[key] = CONTROL_MESSAGE

    sku = get("sku")
    if not sku:
        errors["sku"] = _l("SKU is required.")
    elif not SKU_RE.match(sku):
        errors["sku"] = _l("SKU may have up to 40 letters, digits, dots, dashes or slashes.")

    title_en, title_hi = get("title_en"), get("title_hi")
    if not (title_en or title_hi):
        errors["title_en"] = _l("Give a title in English or Hindi.")
    elif len(title_en) > 200 or len(title_hi) > 200:
        errors["title_en"] = _l("A title can be at most 200 characters.")
    description_en, description_hi = get("description_en"), get("description_hi")
    if not (description_en or description_hi):
        errors["description_en"] = _l("Give a description in English or Hindi.")
    elif len(description_en) > 5000 or len(description_hi) > 5000:
        errors["description_en"] = _l("A description can be at most 5,000 characters.")

    category_id = find_category(categories, get("category"))
    if category_id is None:
        close = difflib.get_close_matches(category_key(get("category")), list(categories), n=3, cutoff=0.6)
        if close:
            errors["category"] = _l("Unknown category %(name)s. Did you mean: %(close)s? The product names of "
                                    "the district list are on the upload page.",
                                    name=repr(get("category")), close=", ".join(close))
        else:
            errors["category"] = _l("Unknown category %(name)s; use a product name from the district list "
                                    "(listed on the upload page).", name=repr(get("category")))

    price_paise = mrp_paise = None
    try:
        price_paise = parse_rupees(get("price_inr"))
        if not 0 < price_paise <= MAX_PRICE_PAISE:
            raise ValueError
    except ValueError:
        errors["price_inr"] = _l("Price must be an amount in rupees above zero, like 1250 or 1250.50.")
        price_paise = None
    if get("mrp_inr"):
        try:
            mrp_paise = parse_rupees(get("mrp_inr"))
            if mrp_paise > MAX_PRICE_PAISE:
                raise ValueError
            if price_paise is not None and mrp_paise < price_paise:
                errors["mrp_inr"] = _l("MRP cannot be lower than the price.")
        except ValueError:
            errors["mrp_inr"] = _l("MRP must be an amount in rupees, like 1500.")

    def integer(key: str, low: int, high: int, message, default: int | None = None) -> int | None:
        text = get(key)
        if not text and default is not None:
            return default
        try:
            value = _int(text, high)
            if not low <= value <= high:
                raise ValueError
            return value
        except ValueError:
            errors[key] = message
            return None

    stock = integer("stock", 0, MAX_STOCK, STOCK_MESSAGE)
    moq = integer("moq", 1, MAX_STOCK, _l("Minimum order must be a whole number from 1 to 10,00,000."), default=1)
    weight_g = integer("weight_g", 1, MAX_WEIGHT_G, _l("Weight must be in whole grams, from 1 to 5,00,000 (500 kg)."))
    dims = {
        key: integer(key, 1, MAX_DIMENSION_CM, _l("Sizes must be whole centimetres, 1 to 1000."))
        for key in ("length_cm", "width_cm", "height_cm")
    }

    hsn_code = get("hsn_code") or None
    if hsn_code and not HSN_RE.match(hsn_code):
        errors["hsn_code"] = _l("HSN code must have 4, 6 or 8 digits.")
    gst_rate_bp = None
    if get("gst_rate"):
        try:
            gst_rate_bp = parse_gst_rate(get("gst_rate"))
        except ValueError:
            errors["gst_rate"] = _l("GST rate must be one of 0, 0.25, 3, 5, 12, 18 or 28 percent.")

    status = get("status").lower() or "draft"
    if status not in STATUSES:
        errors["status"] = _l("Status must be draft or published.")

    (returnable, return_window_days, return_condition), policy_errors = clean_policy(
        get("returnable"), get("return_window_days"), get("return_condition"))
    errors.update(policy_errors)

    if errors:
        raise ListingInvalid(errors)
    return ListingData(
        sku=sku, title_en=title_en, title_hi=title_hi, description_en=description_en,
        description_hi=description_hi, category_id=category_id, price_paise=price_paise,
        mrp_paise=mrp_paise, stock=stock, moq=moq, weight_g=weight_g, length_cm=dims["length_cm"],
        width_cm=dims["width_cm"], height_cm=dims["height_cm"], hsn_code=hsn_code,
        gst_rate_bp=gst_rate_bp, status=status, returnable=returnable,
        return_window_days=return_window_days, return_condition=return_condition,
    )


def clean_tiers(pairs: list[tuple[str, str]], price_paise: int, moq: int) -> tuple[tuple[int, int], ...]:
    """Bulk price tiers typed as (from quantity, price in rupees) pairs, blank pairs skipped.

    Each tier's quantity must be above the MOQ (and at most 10,00,000) and its price below the
    base price; quantities must be distinct and prices must fall as quantities rise; at most three
    tiers. Returns ((qty, paise), ...) sorted by quantity; raises ListingInvalid({"tiers": message}).
    """
    tiers: list[tuple[int, int]] = []
    for qty_text, price_text in pairs:
        if not (qty_text or "").strip() and not (price_text or "").strip():
            continue
        try:
            paise = parse_rupees(price_text)
        except ValueError:
            raise ListingInvalid({"tiers": _l("Each bulk price needs a quantity and a price in rupees.")}) from None
        try:
            qty = _int(qty_text, MAX_STOCK)
        except ValueError:
            raise ListingInvalid({"tiers": _l("A bulk price quantity must be a whole number up to %(max)s.",
                                              max="10,00,000")}) from None
        tiers.append((qty, paise))
    if len(tiers) > MAX_TIERS:
        raise ListingInvalid({"tiers": _l("At most %(n)s bulk prices.", n=MAX_TIERS)})
    tiers.sort()
    last_qty, last_price = moq, price_paise
    for qty, paise in tiers:
        if qty <= last_qty or not 0 < paise < last_price:
            raise ListingInvalid({"tiers": _l(
                "Bulk prices must start above the minimum order and get cheaper as the quantity grows.")})
        last_qty, last_price = qty, paise
    return tuple(tiers)
