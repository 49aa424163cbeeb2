"""Searching the listing index: the query a buyer typed -> a page of results with facets.

The user's text is never handed to Whoosh's query parser: it is split into words with the same
tokenizer the index uses, and every word becomes an OR of exact, phonetic, fuzzy, prefix and
synonym clauses over the title, category, place and description fields. All words must match
(AND); if that finds nothing, any word may match (``relaxed``). Quotes, brackets, ``*``, ``~``,
``AND``/``OR``/``NOT`` and ``field:`` are therefore just characters or words.
"""
from __future__ import annotations

import html
import logging
import math
import re
from dataclasses import dataclass, field

from collections import OrderedDict
import threading
from functools import lru_cache

from whoosh import collectors, scoring, sorting
from whoosh import query as wq
from whoosh.analysis import StemFilter

from .index import SearchIndex
from .schema import MAX_PRICE, PRICE_BANDS
from .synonyms import load_synonyms
from .text import (
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    STOPWORDS,
    TOKEN_RE,
    is_devanagari,
    normalize,
    phonetic_key,
    romanize,
    tokenize,
    word_keys,
)

log = logging.getLogger(__name__)

SORTS = ("relevance", "price_asc", "price_desc", "newest")
FACETS = ("district", "category", "price_band", "seller_type", "gi")
PER_PAGE = 20
MAX_PAGE = 500
WEIGHTING = scoring.BM25F(B=0.75, K1=1.2)
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


def _word_terms(word: str, boost: float = 1.0) -> list[wq.Query]:
    """Exact and phonetic clauses for one word (either script)."""
    subs: list[wq.Query] = []
    if is_devanagari(word):
        for f in ("title_hi", "meta", "desc"):
            subs.append(wq.Term(f, word, boost=boost))
    else:
        s = _stem(word)
        for f in ("title_en", "meta", "desc"):
            subs.append(wq.Term(f, s, boost=boost))
    for key in word_keys(word):
        for f in ("phon_title", "phon_meta"):
            subs.append(wq.Term(f, key, boost=boost))
    return subs


def word_clause(word: str) -> wq.Query:
    """Everything one query word may match: exact, phonetic, fuzzy, prefix and synonyms."""
    subs = _word_terms(word)
    key = phonetic_key(word)
    if key and len(key) >= 4 and key.isalpha():  # sizes, SKUs and years must match exactly
        for f in ("phon_title", "phon_meta"):
            subs.append(wq.FuzzyTerm(f, key, boost=0.4, maxdist=1, prefixlength=1))
            subs.append(wq.Prefix(f, key, boost=0.3))
    for words in load_synonyms().expand(word):
        if len(words) == 1:
            subs.extend(_word_terms(words[0], boost=0.7))
        else:
            parts = [wq.Or(_word_terms(w, boost=0.7)) for w in words]
            subs.append(wq.And(parts))
    return wq.Or(subs)


def build_query(words: list[str], relaxed: bool = False) -> wq.Query:
    """AND (or, ``relaxed``, OR) of the word clauses; Every() for no words."""
    if not words:
        return wq.Every()
    clauses = [word_clause(w) for w in words]
    if len(clauses) == 1:
        return clauses[0]
    return wq.Or(clauses) if relaxed else wq.And(clauses)


def build_filter(p: SearchParams) -> wq.Query | None:
    """Filters from the params (district, category, seller type, GI, price band, price range).

    Stock is not a filter but a mask (``in_stock`` false), which is much smaller to compute.
    """
    parts: list[wq.Query] = []
    for fname in ("district", "category", "seller_type", "gi", "price_band"):
        v = getattr(p, fname)
        if v:
            parts.append(wq.Term(fname, normalize(str(v), 200)))
    lo = min(p.min_price, MAX_PRICE) if p.min_price is not None and p.min_price >= 0 else None
    hi = min(p.max_price, MAX_PRICE) if p.max_price is not None and p.max_price >= 0 else None
    if lo is not None or hi is not None:
        parts.append(wq.NumericRange("price", lo, hi))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _sortedby(sort: str):
    if sort == "price_asc":
        return sorting.FieldFacet("price")
    if sort == "price_desc":
        return sorting.FieldFacet("price", reverse=True)
    if sort == "newest":
        return sorting.FieldFacet("created", reverse=True)
    return None


_MULTI = {"gi"}
_codes_cache: "OrderedDict[tuple[str, str], tuple[list, list]]" = OrderedDict()
_codes_lock = threading.Lock()


def _segment_codes(reader, fieldname: str) -> tuple[list, list]:
    """(codes per docnum, values) of a facet field in one segment, cached per process.

    Segments never change once written (only deletions are added, and deleted documents are
    never collected), so the arrays are keyed by the segment id and built once: a facet count
    is then one list lookup per matching document instead of a column read.
    """
    key = (reader.segment().segment_id(), fieldname)
    with _codes_lock:
        hit = _codes_cache.get(key)
        if hit is not None:
            _codes_cache.move_to_end(key)
            return hit
    n = reader.doc_count_all()
    multi = fieldname in _MULTI
    codes: list = [() for _ in range(n)] if multi else [0] * n
    values: list = [None]
    for term in reader.lexicon(fieldname):
        values.append(term.decode("utf-8") if isinstance(term, bytes) else term)
        code = len(values) - 1
        for docnum in reader.postings(fieldname, term).all_ids():
            if multi:
                codes[docnum] = codes[docnum] + (code,)
            else:
                codes[docnum] = code
    with _codes_lock:
        _codes_cache[key] = (codes, values)
        while len(_codes_cache) > 256:
            _codes_cache.popitem(last=False)
    return codes, values


class FacetCounter(collectors.WrappingCollector):
    """Counts facet values of every collected document (after filters), cheaply.

    Wraps the collector that ranks the page; Whoosh's own ``groupedby`` reads a column per
    document per facet, which is several times slower at 100,000 listings.
    """

    def __init__(self, child, fields=FACETS):
        super().__init__(child)
        self.fields = fields
        self.totals: dict[str, dict[str, int]] = {f: {} for f in fields}
        self._segment: list = []

    def _flush(self):
        for f, (codes, values, counts) in zip(self.fields, self._segment):
            tot = self.totals[f]
            for code, c in enumerate(counts):
                if c and code:
                    v = values[code]
                    tot[v] = tot.get(v, 0) + c
        self._segment = []

    def set_subsearcher(self, subsearcher, offset):
        self._flush()
        super().set_subsearcher(subsearcher, offset)
        reader = subsearcher.reader()
        self._segment = []
        for f in self.fields:
            codes, values = _segment_codes(reader, f)
            self._segment.append((codes, values, [0] * len(values)))
        self._single = [(codes, counts) for f, (codes, _, counts) in zip(self.fields, self._segment) if f not in _MULTI]
        self._multi = [(codes, counts) for f, (codes, _, counts) in zip(self.fields, self._segment) if f in _MULTI]

    def collect(self, sub_docnum):
        for codes, counts in self._single:
            counts[codes[sub_docnum]] += 1
        for codes, counts in self._multi:
            for c in codes[sub_docnum]:
                counts[c] += 1
        return self.child.collect(sub_docnum)

    def collect_matches(self):
        collect = self.collect
        for sub_docnum in self.matches():
            collect(sub_docnum)

    def finish(self):
        self._flush()
        self.child.finish()


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
    for m in TOKEN_RE.finditer(text):
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


def _to_hit(hit, keys, stems, lang) -> Hit:
    d = hit["data"]
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
        score=float(hit.score or 0.0),
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


def _run(searcher, q, p: SearchParams, page: int, per_page: int, sortedby, flt, mask):
    """One pass: the page of hits, the total and the facet counts (None when not asked)."""
    limit = page * per_page
    if sortedby is not None:
        child = collectors.SortingCollector(sortedby, limit=limit)
    else:
        child = collectors.TopCollector(limit, usequality=not p.facets)
    c = FacetCounter(child) if p.facets else child
    if flt is not None or mask is not None:
        c = collectors.FilterCollector(c, flt, mask)
    searcher.search_with_collector(q, c)
    results = c.results()
    total = len(results)
    return results, total, (c.child.totals if p.facets and isinstance(c, collectors.FilterCollector) else getattr(c, "totals", None))


def search(index: SearchIndex, p: SearchParams) -> SearchResult:
    """Run a search. Never raises on user input: odd text gives results or an empty page.

    Errors: only ``OSError`` if the index directory itself is unreadable.
    """
    text = normalize(p.q, MAX_QUERY_CHARS)
    words = query_words(text)
    page = max(1, min(int(p.page or 1), MAX_PAGE))
    per_page = max(1, min(int(p.per_page or PER_PAGE), 100))
    sort = p.sort if p.sort in SORTS else "relevance"
    if not words and sort == "relevance":
        sortedby = sorting.FieldFacet("popularity", reverse=True)
    else:
        sortedby = _sortedby(sort)
    flt = build_filter(p)
    mask = wq.Term("in_stock", False) if p.in_stock_only else None
    searcher = index.searcher()
    searcher.weighting = WEIGHTING
    if searcher.doc_count_all() == 0:  # fresh deployment before the first reindex: no segment yet
        return SearchResult(query=text, total=0, page=1, per_page=per_page, hits=[])

    relaxed = False
    results, total, totals = _run(searcher, build_query(words), p, page, per_page, sortedby, flt, mask)
    if total == 0 and len(words) > 1:
        relaxed = True
        results, total, totals = _run(searcher, build_query(words, relaxed=True), p, page, per_page, sortedby, flt, mask)
    pages = max(1, math.ceil(total / per_page))
    if page > pages:  # past the end: show the last page
        page = pages
        results, total, totals = _run(
            searcher, build_query(words, relaxed=relaxed), p, page, per_page, sortedby, flt, mask
        )
    keys, stems = _match_keys(words) if words else (set(), set())
    start = (page - 1) * per_page
    hits = [_to_hit(h, keys, stems, p.lang) for h in results[start:start + per_page]]
    facets = _facets(totals, index) if p.facets and totals is not None else {}
    dym = did_you_mean(searcher, words) if words and (total < 3 or relaxed) else None
    return SearchResult(
        query=text, total=total, page=page, per_page=per_page, hits=hits, facets=facets,
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
    q = wq.And([wq.Or([wq.Term(f, t) for f, t in completions])] + [word_clause(w) for w in words[:-1]])
    results = searcher.search(
        q, limit=limit * 3, sortedby=sorting.FieldFacet("popularity", reverse=True),
        mask=wq.Term("in_stock", False), terms=False,
    )
    for h in results:
        d = h["data"]
        label = (d["title_hi"] or d["title_en"]) if lang == "hi" else (d["title_en"] or d["title_hi"])
        if label in seen:
            continue
        seen.add(label)
        out.append({"kind": "listing", "label": label, "slug": d["slug"], "id": d["id"]})
        if len(out) >= limit:
            break
    return out[:limit]
