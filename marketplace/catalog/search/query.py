"""Searching the listing index: the query a buyer typed -> a page of results with facets.

The user's text is never handed to Whoosh's query parser: it is split into words with the same
tokenizer the index uses, and every word becomes a set of exact, phonetic, synonym and (for
typos) fuzzy/prefix terms over the title, category/district and description fields. All words
must match (AND); if that finds nothing, any word may match (``relaxed``). Quotes, brackets,
``*``, ``~``, ``AND``/``OR``/``NOT`` and ``field:`` are therefore just characters or words.
Execution (scoring, filters, facets, sorting) is vectorised in ``engine``.

The module stays whole: it is already the query-planning part of a split (``query_words``,
``engine``, ``text``), and what is left (plan, filter, snippet, did-you-mean, suggest) all turns
the buyer's words into index terms the same way.
"""
from __future__ import annotations

import html
import logging
import math
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh.analysis import StemFilter

from . import engine
from .index import SearchIndex
from .query_words import Understood
from .schema import MAX_PRICE, PRICE_BANDS
from .synonyms import load_synonyms
from .text import (
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    STOPWORDS,
    TOKEN_RE,
    is_devanagari,
    normalize,
    romanize,
    tokenize,
    word_keys,
)

log = logging.getLogger(__name__)

SORTS = ("relevance", "price_asc", "price_desc", "newest", "rating")
FACETS = engine.FACETS
MAX_EXPANSIONS = 20
PER_PAGE = 20
MAX_PAGE = 500
_stem = lru_cache(maxsize=65536)(StemFilter().stemfn)


@dataclass
class SearchParams:
    """What the buyer asked for. Prices in paise; unknown sort falls back to relevance."""

    q: str = ""
    district: str | None = None
    category: str | None = None
    seller_type: str | None = None
    gi: str | None = None
    price_band: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    in_stock_only: bool = True
    lang: str = "en"
    facets: bool = True
    #: a district slug whose listings rank first (named in the query: "moradabad brass")
    prefer_district: str | None = None
    #: what ``query_words.understand`` read in the typed query (set by the service), or None
    understood: "Understood | None" = None


@dataclass
class Hit:
    """One result, from the stored fields (no database round trip)."""

    id: int
    slug: str
    title_en: str
    title_hi: str
    district: str
    district_en: str
    district_hi: str
    category: str
    category_en: str
    category_hi: str
    seller_type: str
    gi_tags: list[str]
    price_paise: int
    mrp_paise: int | None
    in_stock: bool
    is_odop: bool
    image: str | None
    snippet: str
    score: float
    rating_avg: str = ""  # "4.3" over visible reviews ("" without any)
    review_count: int = 0

    def title(self, lang: str) -> str:
        """Title in ``lang`` ("hi" or "en"), falling back to the other."""
        return (self.title_hi or self.title_en) if lang == "hi" else (self.title_en or self.title_hi)


@dataclass
class FacetValue:
    value: str
    label_en: str
    label_hi: str
    count: int

    def label(self, lang: str) -> str:
        return (self.label_hi or self.label_en) if lang == "hi" else (self.label_en or self.label_hi)


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    did_you_mean: str | None = None
    relaxed: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1


# --------------------------------------------------------------------------- query building


def query_words(text: str) -> list[str]:
    """The words of a user query that become clauses (stop words dropped unless that is all)."""
    words = tokenize(normalize(text, MAX_QUERY_CHARS))
    kept = [w for w in words if w not in STOPWORDS]
    return (kept or words)[:MAX_QUERY_WORDS]


class _Terms:
    """Collects (field, text) -> boost, keeping the highest boost and dropping terms that are
    not in the index at all, so the matcher tree stays small."""

    def __init__(self, reader):
        self.reader = reader
        self.terms: dict[tuple[str, str], float] = {}

    def add(self, field_name: str, text: str, boost: float) -> None:
        if not text:
            return
        key = (field_name, text)
        if key in self.terms:
            self.terms[key] = max(self.terms[key], boost)
        elif self.reader is None or self.reader.doc_frequency(field_name, text):
            self.terms[key] = boost


def _exact(terms: _Terms, word: str, boost: float) -> None:
    if is_devanagari(word):
        for f in ("title_hi", "meta", "desc"):
            terms.add(f, word, boost)
    else:
        s = _stem(word)
        for f in ("title_en", "meta", "desc"):
            terms.add(f, s, boost)


def _phonetic(terms: _Terms, word: str, boost: float) -> list[str]:
    keys = word_keys(word)
    for key in keys:
        for f in ("phon_title", "phon_meta"):
            terms.add(f, key, boost)
    return keys


def word_plan(word: str, reader=None) -> tuple[dict, list[list[dict]]]:
    """Everything one query word may match, as ``({(field, text): boost}, groups)``: the word
    itself (title, category/district, description), its phonetic key, its synonyms' keys and,
    only when its key is not in the index (a typo), keys within one edit and keys it is a prefix
    of. Multi-word synonyms ("kala namak") are groups whose parts must all match. With a
    ``reader``, terms absent from the index are left out."""
    terms = _Terms(reader)
    _exact(terms, word, 1.0)
    keys = _phonetic(terms, word, 1.0)
    groups: list[list[dict]] = []
    for words in load_synonyms().expand(word):
        if len(words) == 1:
            _phonetic(terms, words[0], 0.7)
        else:
            parts = []
            for w in words:
                t = _Terms(reader)
                _phonetic(t, w, 0.7)
                parts.append(t.terms)
            if all(parts):
                groups.append(parts)
    known = any(k in {t for (_f, t) in terms.terms} for k in keys)
    key = keys[0] if keys else ""
    if reader is not None and not known and len(key) >= 4 and key.isalpha():  # not sizes or SKUs
        for f in ("phon_title", "phon_meta"):
            for t in list(reader.terms_within(f, key, 1, prefix=1))[:MAX_EXPANSIONS]:
                terms.add(f, t, 0.4)
            for i, t in enumerate(reader.expand_prefix(f, key)):
                if i >= MAX_EXPANSIONS:
                    break
                terms.add(f, t.decode("utf-8") if isinstance(t, bytes) else t, 0.3)
    return terms.terms, groups


def build_plan(words: list[str], relaxed: bool = False, reader=None) -> engine.Plan | None:
    """All words must match (or, ``relaxed``, any); None (every listing) for no words."""
    if not words:
        return None
    return engine.Plan(words=[word_plan(w, reader) for w in words], relaxed=relaxed)


def build_filter(p: SearchParams) -> engine.Filters:
    """Filters from the params: facet values, price range, stock (and the district to rank first)."""
    f = engine.Filters(in_stock_only=p.in_stock_only)
    if p.prefer_district:
        f.prefer = ("district", normalize(str(p.prefer_district), 200))
    for fname in ("district", "category", "seller_type", "gi", "price_band"):
        v = getattr(p, fname)
        if v:
            f.terms.append((fname, normalize(str(v), 200)))
    if p.min_price is not None and p.min_price >= 0:
        f.min_price = min(p.min_price, MAX_PRICE)
    if p.max_price is not None and p.max_price >= 0:
        f.max_price = min(p.max_price, MAX_PRICE)
    return f


# --------------------------------------------------------------------------- snippets


def _match_keys(words: list[str]) -> tuple[set[str], set[str]]:
    """(phonetic keys, lowercase stems) a snippet word is highlighted for."""
    keys, stems = set(), set()
    syn = load_synonyms()
    for w in words:
        variants = [w] + [x for ws in syn.expand(w) for x in ws]
        for v in variants:
            keys.update(word_keys(v))
            stems.add(_stem(v) if v.isascii() else v)
    return keys, stems


def snippet(text: str, keys: set[str], stems: set[str], width: int = 160) -> str:
    """HTML-escaped excerpt of ``text`` around the first matching word, matches in <mark>."""
    text = normalize(text)
    if not text:
        return ""
    marks = []
    scan = text[: width * 4]  # a match further in would not be shown in full anyway
    for m in TOKEN_RE.finditer(scan):
        w = m.group(0).lower()
        if (_stem(w) if w.isascii() else w) in stems or any(k in keys for k in word_keys(w)):
            marks.append((m.start(), m.end()))
    start = 0
    if marks and marks[0][0] > width // 3:
        start = text.rfind(" ", 0, marks[0][0] - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        sp = text.rfind(" ", start, end)
        end = sp if sp > start else end
    out, pos = [], start
    for a, b in marks:
        if a < start or b > end:
            continue
        out.append(html.escape(text[pos:a]))
        out.append("<mark>" + html.escape(text[a:b]) + "</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out) + suffix


# --------------------------------------------------------------------------- did you mean


def _known(searcher, word: str) -> bool:
    """True when ``word`` is spelled exactly as some indexed title/category/district word."""
    r = searcher.reader()
    if is_devanagari(word):
        return bool(r.doc_frequency("title_hi", word) or r.doc_frequency("meta", word))
    return bool(r.doc_frequency("spell", word))


def did_you_mean(searcher, words: list[str]) -> str | None:
    """A corrected query when some words are unknown to the index, else None."""
    changed = False
    out = []
    for w in words:
        if len(w) < 3 or w.isdigit() or _known(searcher, w):
            out.append(w)
            continue
        field_name = "title_hi" if is_devanagari(w) else "spell"
        try:
            cands = searcher.suggest(field_name, w, limit=3, maxdist=2, prefix=1)
        except Exception:  # noqa: BLE001 - a suggestion is optional, never worth a 500
            log.exception("search: suggest failed for %r", w)
            cands = []
        if cands:
            out.append(cands[0])
            changed = True
        else:
            out.append(w)
    return " ".join(out) if changed else None


# --------------------------------------------------------------------------- search


def _to_hit(d: dict, score: float, keys, stems, lang) -> Hit:
    desc = d["description_hi"] if lang == "hi" else d["description_en"]
    desc = desc or d["description_en"] or d["description_hi"]
    return Hit(
        id=d["id"],
        slug=d["slug"],
        title_en=d["title_en"],
        title_hi=d["title_hi"],
        district=d["district"],
        district_en=d["district_en"],
        district_hi=d["district_hi"],
        category=d["category"],
        category_en=d["category_en"],
        category_hi=d["category_hi"],
        seller_type=d["seller_type"],
        gi_tags=list(d["gi_tags"]),
        price_paise=d["price_paise"],
        mrp_paise=d["mrp_paise"],
        in_stock=d["in_stock"],
        is_odop=d["is_odop"],
        image=d["image"],
        snippet=snippet(desc, keys, stems) if keys or stems else html.escape(desc[:160]),
        score=score,
        rating_avg=d.get("rating_avg", ""),
        review_count=int(d.get("review_count", 0)),
    )


def _facets(totals: dict[str, dict[str, int]], index: SearchIndex) -> dict[str, list[FacetValue]]:
    labels = index.labels()
    out: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        values = []
        for value, count in totals.get(name, {}).items():
            if value in (None, "") or not count:
                continue
            if name in ("district", "category", "gi"):
                en, hi = labels.get(name, {}).get(value, [value, value])
            else:
                en = hi = value
            values.append(FacetValue(value, en, hi, int(count)))
        if name == "price_band":
            order = {b: i for i, (b, _, _) in enumerate(PRICE_BANDS)}
            values.sort(key=lambda v: order.get(v.value, 99))
        else:
            values.sort(key=lambda v: (-v.count, v.label_en.lower()))
        out[name] = values
    return out


def search(index: SearchIndex, p: SearchParams) -> SearchResult:
    """Run a search. Never raises on user input: odd text gives results or an empty page.

    Errors: only ``OSError`` if the index directory itself is unreadable.
    """
    text = normalize(p.q, MAX_QUERY_CHARS)
    words = query_words(text)
    page = max(1, min(int(p.page or 1), MAX_PAGE))
    per_page = max(1, min(int(p.per_page or PER_PAGE), 100))
    sort = p.sort if p.sort in SORTS else "relevance"
    flt = build_filter(p)
    searcher = index.searcher()
    reader = searcher.reader()

    relaxed = False
    out = engine.execute(searcher, build_plan(words, reader=reader), flt, sort, page * per_page, p.facets)
    if out.total == 0 and len(words) > 1:
        relaxed = True
        out = engine.execute(searcher, build_plan(words, True, reader), flt, sort, page * per_page, p.facets)
    pages = max(1, math.ceil(out.total / per_page))
    if page > pages:  # past the end: show the last page
        page = pages
        out = engine.execute(searcher, build_plan(words, relaxed, reader), flt, sort, page * per_page, p.facets)
    keys, stems = _match_keys(words) if words else (set(), set())
    start = (page - 1) * per_page
    hits = [
        _to_hit(searcher.stored_fields(d)["data"], sc, keys, stems, p.lang)
        for d, sc in zip(out.docnums[start:start + per_page], out.scores[start:start + per_page])
    ]
    facets = _facets(out.facets, index) if p.facets else {}
    dym = did_you_mean(searcher, words) if words and (out.total < 3 or relaxed) else None
    return SearchResult(
        query=text, total=out.total, page=page, per_page=per_page, hits=hits, facets=facets,
        did_you_mean=dym, relaxed=relaxed,
    )


def prefix_terms(searcher, prefix: str, limit: int = 12) -> list[tuple[str, str]]:
    """The commonest indexed words starting with ``prefix``: (field, word) pairs.

    Latin prefixes complete over ``spell`` (English and romanised Hindi words), Devanagari ones
    over ``title_hi``. Reads the sorted term dictionary, so it costs one seek plus the scan.
    """
    field_name = "title_hi" if is_devanagari(prefix) else "spell"
    reader = searcher.reader()
    found = []
    for i, term in enumerate(reader.expand_prefix(field_name, prefix)):
        if i >= 400:
            break
        t = term.decode("utf-8") if isinstance(term, bytes) else term
        found.append((reader.doc_frequency(field_name, t), t))
    found.sort(reverse=True)
    return [(field_name, t) for _, t in found[:limit]]


def suggest(index: SearchIndex, text: str, limit: int = 8, lang: str = "en") -> list[dict]:
    """Autocomplete for the header box: listing titles and categories/districts for a prefix.

    The last word is a prefix (at least 2 characters); earlier words must match in full.
    Returns ``[{"kind", "label", "q"|"slug"}]``, at most ``limit``; never raises on input.
    """
    words = tokenize(normalize(text, 100))[:MAX_QUERY_WORDS]
    if not words or len(words[-1]) < 2:
        return []
    prefix = words[-1][:20]
    out: list[dict] = []
    seen: set[str] = set()
    # categories and districts whose name (either script, or its romanisation) starts with it
    pkey = prefix if not is_devanagari(prefix) else romanize(prefix)
    if len(words) == 1:
        labels = index.labels()
        for kind in ("category", "district"):
            for value, (en, hi) in sorted(labels.get(kind, {}).items()):
                names = [en.lower(), hi, romanize(hi)] + tokenize(en) + tokenize(hi)
                if any(n.startswith(prefix) or (pkey and n.startswith(pkey)) for n in names if n):
                    label = (hi or en) if lang == "hi" else (en or hi)
                    if label not in seen:
                        seen.add(label)
                        out.append({"kind": kind, "value": value, "label": label, "q": en})
        out = out[: max(2, limit // 3)]
    searcher = index.searcher()
    completions = prefix_terms(searcher, prefix)
    if not completions:
        return out[:limit]
    first: dict = {}
    for f, t in completions:
        first[(f, t)] = 1.0
    plan = engine.Plan(words=[(first, [])] + [word_plan(w, searcher.reader()) for w in words[:-1]])
    res = engine.execute(searcher, plan, engine.Filters(), "popular", limit * 3, False)
    for docnum in res.docnums:
        d = searcher.stored_fields(docnum)["data"]
        label = (d["title_hi"] or d["title_en"]) if lang == "hi" else (d["title_en"] or d["title_hi"])
        if label in seen:
            continue
        seen.add(label)
        out.append({"kind": "listing", "label": label, "slug": d["slug"], "id": d["id"]})
        if len(out) >= limit:
            break
    return out[:limit]
