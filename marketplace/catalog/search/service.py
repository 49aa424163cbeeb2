"""Search services used by the page and the API: read the buyer's parameters, run the search,
shape the answer. Plain functions; the views stay thin."""
from __future__ import annotations

from collections.abc import Mapping

from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from marketplace.errors import DomainError
from marketplace.money import InvalidAmount, format_paise, rupees_to_paise
from marketplace.params import parse_int

from .query import MAX_PAGE, SORTS, SearchParams, SearchResult, search, suggest
from .schema import PRICE_BANDS
from .sync import get_index

SORT_LABELS = {
    "relevance": _l("Best match"),
    "price_asc": _l("Price: low to high"),
    "price_desc": _l("Price: high to low"),
    "newest": _l("Newest first"),
}
SELLER_TYPE_LABELS = {
    "artisan": _l("Artisan"),
    "shg": _l("Self-help group"),
    "fpo": _l("Farmer producer organisation"),
    "cooperative": _l("Cooperative"),
    "msme": _l("Small enterprise (MSME)"),
    "exporter": _l("Exporter"),
}
KIND_LABELS = {"listing": _l("Product"), "category": _l("Product type"), "district": _l("District")}
FACET_TITLES = {
    "district": _l("District"),
    "category": _l("Product"),
    "price_band": _l("Price"),
    "seller_type": _l("Seller"),
    "gi": _l("GI tag"),
}


class InvalidSearch(DomainError):
    code = "invalid_search"
    default_message = _l("Those search settings are not valid.")


def _price(args: Mapping, name: str) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return rupees_to_paise(raw)
    except InvalidAmount:
        raise InvalidSearch(_l("Enter the price in rupees, for example 1500."), code="invalid_price", field=name) from None


def parse_search_args(args: Mapping, lang: str = "en") -> SearchParams:
    """Turn query-string arguments into ``SearchParams``.

    ``q`` free text (any characters), ``district``/``category``/``seller_type``/``gi``/
    ``price_band`` facet values, ``min_price``/``max_price`` in rupees, ``sort`` one of
    relevance, price_asc, price_desc, newest, ``page`` from 1, ``in_stock=0`` to include
    out-of-stock listings. Raises ``InvalidSearch`` (code invalid_price, invalid_sort,
    invalid_page) for values that cannot mean anything.
    """
    sort = (args.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise InvalidSearch(_l("Choose how to sort the results from the list."), code="invalid_sort")
    raw_page = (args.get("page") or "1").strip()
    if parse_int(raw_page, 1, MAX_PAGE) is None:
        raise InvalidSearch(_l("That page does not exist."), code="invalid_page")
    lo, hi = _price(args, "min_price"), _price(args, "max_price")
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    band = (args.get("price_band") or "").strip() or None
    if band is not None and band not in {b for b, _, _ in PRICE_BANDS}:
        raise InvalidSearch(_l("Choose a price range from the list."), code="invalid_price")
    return SearchParams(
        q=args.get("q") or "",
        district=(args.get("district") or "").strip() or None,
        category=(args.get("category") or "").strip() or None,
        seller_type=(args.get("seller_type") or "").strip() or None,
        gi=(args.get("gi") or "").strip() or None,
        price_band=band,
        min_price=lo,
        max_price=hi,
        sort=sort,
        page=int(raw_page),
        in_stock_only=(args.get("in_stock") or "1") != "0",
        lang=lang,
    )


def run_search(params: SearchParams) -> SearchResult:
    """Search the app's index (see ``query.search``)."""
    return search(get_index(), params)


def run_suggest(text: str, lang: str = "en", limit: int = 8) -> list[dict]:
    """Autocomplete entries for ``text``, each with a ``url`` to go to."""
    out = []
    for s in suggest(get_index(), text or "", limit=limit, lang=lang):
        if s["kind"] == "listing":
            url = product_url(s["slug"])
        else:
            url = url_for("search.results", **{s["kind"]: s["value"]})
        out.append({"kind": s["kind"], "kind_label": str(KIND_LABELS.get(s["kind"], "")), "label": s["label"], "url": url})
    return out


def product_url(slug: str) -> str:
    try:
        return url_for("catalog.product", slug=slug)
    except BuildError:  # catalogue pages not registered (tests of search alone)
        return f"/products/{slug}"


def image_url(path: str | None) -> str | None:
    if not path:
        return None
    try:
        return url_for("catalog.media", path=path)
    except BuildError:
        return f"/media/{path}"


def band_label(value: str, lang: str) -> str:
    """"500-1000" -> "₹500 – ₹1,000"; "10000+" -> "₹10,000 and above"."""
    for band, lo, hi in PRICE_BANDS:
        if band == value:
            if hi is None:
                return str(_l("%(price)s and above", price=format_paise(lo, lang)))
            if not lo:
                return str(_l("Under %(price)s", price=format_paise(hi, lang)))
            return f"{format_paise(lo, lang)} – {format_paise(hi, lang)}"
    return value


def facet_label(name: str, value, lang: str) -> str:
    if name == "price_band":
        return band_label(value.value, lang)
    if name == "seller_type":
        return str(SELLER_TYPE_LABELS.get(value.value, value.value))
    return value.label(lang)


def result_json(result: SearchResult, lang: str) -> dict:
    """The API body: ``{"total", "page", "results": [...], "facets": {...}, "did_you_mean"}``."""
    return {
        "total": result.total,
        "page": result.page,
        "results": [
            {
                "id": h.id,
                "slug": h.slug,
                "title": h.title(lang),
                "title_hi": h.title_hi,
                "title_en": h.title_en,
                "district": h.district,
                "category": h.category,
                "price_paise": h.price_paise,
                "url": product_url(h.slug),
            }
            for h in result.hits
        ],
        "facets": {
            name: [{"value": v.value, "label": facet_label(name, v, lang), "count": v.count} for v in values]
            for name, values in result.facets.items()
        },
        "did_you_mean": result.did_you_mean,
    }
