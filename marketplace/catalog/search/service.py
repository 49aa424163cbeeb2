"""Search services used by the page and the API: read the buyer's parameters, run the search,
shape the answer. Plain functions; the views stay thin."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from marketplace.errors import DomainError
from marketplace.money import InvalidAmount, format_paise, format_rupees, rupees_to_paise
from marketplace.params import parse_int

from .query import MAX_PAGE, SORTS, SearchParams, SearchResult, search, suggest
from .query_words import DistrictTable, Understood, understand
from .schema import PRICE_BANDS
from .sync import get_index

SORT_LABELS = {
    "relevance": _l("Best match"),
    "price_asc": _l("Price: low to high"),
    "price_desc": _l("Price: high to low"),
    "newest": _l("Newest first"),
    "rating": _l("Rating: highest first"),
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
    relevance, price_asc, price_desc, newest, rating, ``page`` from 1, ``in_stock=0`` to include
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
    # price words and a district named in the text ("saree under 5000", "moradabad brass");
    # a price typed in the min/max fields wins over price words (which are still taken out)
    understood = understand(args.get("q") or "", district_table())
    if lo is not None or hi is not None:
        understood = replace(understood, min_paise=None, max_paise=None)
    else:
        lo, hi = understood.min_paise, understood.max_paise
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    band = (args.get("price_band") or "").strip() or None
    if band is not None and band not in {b for b, _, _ in PRICE_BANDS}:
        raise InvalidSearch(_l("Choose a price range from the list."), code="invalid_price")
    return SearchParams(
        q=understood.text,
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
        prefer_district=understood.district,
        understood=understood,
    )


_districts: tuple[object, DistrictTable] = (None, DistrictTable())


def district_table() -> DistrictTable:
    """The names (and aliases) of the districts in the live index, rebuilt when its labels change."""
    global _districts
    labels = get_index().labels().get("district")
    if not labels:
        return DistrictTable()
    if _districts[0] is not labels:
        _districts = (labels, DistrictTable.build(labels))
    return _districts[1]


def district_label(slug: str | None, lang: str) -> str:
    """A district's name in ``lang`` from the index labels (the slug if it is not there)."""
    if not slug:
        return ""
    en, hi = (get_index().labels().get("district", {}).get(slug) or [slug, slug])[:2]
    return (hi or en) if lang == "hi" else (en or hi)


def price_label(lo: int | None, hi: int | None, lang: str) -> str:
    """"Under ₹5,000", "₹1,000 and above", "₹500 – ₹1,000" (prices in paise); "" for no bound."""
    if lo is not None and hi is not None:
        return f"{format_rupees(lo, lang)} – {format_rupees(hi, lang)}"
    if hi is not None:
        return str(_l("Under %(price)s", price=format_rupees(hi, lang)))
    if lo is not None:
        return str(_l("%(price)s and above", price=format_rupees(lo, lang)))
    return ""


def price_input(paise: int | None) -> str:
    """Paise as the rupees a price field shows: 500000 -> "5000", 49950 -> "499.50"."""
    if paise is None:
        return ""
    return str(paise // 100) if paise % 100 == 0 else str((Decimal(paise) / 100).quantize(Decimal("0.01")))


def understood_chips(params: SearchParams, args: Mapping, lang: str) -> list[dict]:
    """The removable chips for what was read in the query: ``[{"kind", "label", "args"}]``,
    ``args`` being the query string of the same search without it (``q`` without those words)."""
    u: Understood | None = params.understood
    if u is None:
        return []

    def without(q: str) -> dict:
        rest = {k: v for k, v in args.items() if k not in ("q", "page") and v}
        if q:
            rest["q"] = q
        return rest

    chips = []
    if u.has_price:
        chips.append({"kind": "price", "label": price_label(u.min_paise, u.max_paise, lang), "args": without(u.without_price)})
    if u.district:
        label = str(_l("%(district)s first", district=district_label(u.district, lang)))
        chips.append({"kind": "district", "label": label, "args": without(u.without_district)})
    return chips


def form_query(params: SearchParams) -> str:
    """The ``q`` the page's filter form sends back: the typed words without the price words
    once those are in the price fields (so clearing a field clears the price)."""
    u = params.understood
    if u is None:
        return params.q
    return u.without_price if u.has_price else u.typed


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


def understood_json(params: SearchParams | None, lang: str) -> dict | None:
    """What the API read in ``q``: ``{"query", "min_price_paise", "max_price_paise",
    "price_label", "district", "district_label"}`` (None without understood params)."""
    u = params.understood if params is not None else None
    if u is None:
        return None
    return {
        "query": u.text,
        "min_price_paise": u.min_paise,
        "max_price_paise": u.max_paise,
        "price_label": price_label(u.min_paise, u.max_paise, lang) or None,
        "district": u.district,
        "district_label": district_label(u.district, lang) or None,
    }


def result_json(result: SearchResult, lang: str, params: SearchParams | None = None) -> dict:
    """The API body: ``{"total", "page", "results": [...], "facets": {...}, "did_you_mean",
    "understood"}`` (``understood``: see ``understood_json``)."""
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
        "understood": understood_json(params, lang),
    }
