"""What a listing looks like to search (``SearchDoc``) and the Whoosh schema it is indexed with.

Field groups (boosts: title > category/district > description, BM25F):

- ``title_en``/``title_hi``: the words as written (English stemmed); ``phon_title``: phonetic keys
  of both titles (Hindi romanised), so "banarsi sari" meets "Banarasi Saree" and "बनारसी साड़ी".
- ``meta``/``phon_meta``: category and district names in both scripts, GI tags.
- ``desc``: descriptions in both scripts and the enterprise name (exact words only: phonetic
  keys of long descriptions cost more build time than they add).
- ``spell``: plain Latin words of titles/category/district (English and romanised Hindi), for
  "did you mean" and autocomplete prefixes (``title_hi`` serves Devanagari prefixes).
- facets/filters: ``district``, ``category``, ``seller_type``, ``gi``, ``price_band`` (ids),
  ``price``, ``created``, ``popularity``, ``rating`` (average × 100 over visible reviews) and
  ``review_count`` (sortable numbers), ``in_stock``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh import analysis, columns
from whoosh.fields import BOOLEAN, COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .text import STOPWORDS, TOKEN_PATTERN, normalize, romanize, tokenize, word_keys

#: Price bands (upper bounds in paise, exclusive); the last band is open-ended.
PRICE_BANDS: list[tuple[str, int | None, int | None]] = [
    ("0-500", 0, 50_000),
    ("500-1000", 50_000, 100_000),
    ("1000-2500", 100_000, 250_000),
    ("2500-5000", 250_000, 500_000),
    ("5000-10000", 500_000, 1_000_000),
    ("10000+", 1_000_000, None),
]


#: Largest price the index can hold (the price field is a signed 32-bit number of paise,
#: about ₹2.1 crore); dearer listings are indexed at this price.
MAX_PRICE = 2**31 - 1

#: the ``id`` of the one document that is not a listing: the index's position in the change feed
#: (``index.FeedState`` in its ``data``). Listing ids are digits, so it can never clash; search
#: leaves it out (``engine.segment_data``).
META_ID = "feed-position"


def price_band(price_paise: int) -> str:
    """The id of the price band ``price_paise`` falls in ("500-1000" means ₹500 to under ₹1,000)."""
    for band, lo, hi in PRICE_BANDS:
        if hi is None or price_paise < hi:
            return band
    return PRICE_BANDS[-1][0]


@dataclass
class SearchDoc:
    """One public or non-public listing as search sees it (built from the catalog models)."""

    id: int
    slug: str
    title_en: str
    title_hi: str
    description_en: str = ""
    description_hi: str = ""
    category_slug: str = ""
    category_en: str = ""
    category_hi: str = ""
    district_slug: str = ""
    district_en: str = ""
    district_hi: str = ""
    seller_type: str = ""
    seller_name_en: str = ""
    seller_name_hi: str = ""
    gi_tags: list[str] = field(default_factory=list)
    price_paise: int = 0
    mrp_paise: int | None = None
    is_public: bool = True
    in_stock: bool = True
    popularity: int = 0
    rating_x100: int = 0  # average rating over visible reviews times 100 (0: none)
    rating_avg: str = ""  # the same average as pages show it, one decimal ("4.3"; "" without reviews)
    review_count: int = 0
    created_at: dt.datetime | None = None
    is_odop: bool = False
    image: str | None = None


_stem = lru_cache(maxsize=131072)(analysis.StemFilter().stemfn)


class _AsciiStemFilter(analysis.Filter):
    """English stemming for Latin words only; Devanagari words pass through untouched."""

    def __call__(self, tokens):
        stem = _stem
        for t in tokens:
            if t.text.isascii():
                t.text = stem(t.text)
            yield t


class _PhoneticFilter(analysis.Filter):
    """Replace each word (either script) by its phonetic key; words without a key are dropped."""

    def __call__(self, tokens):
        for t in tokens:
            keys = word_keys(t.text)
            if not keys:
                continue
            t.text = keys[0]
            yield t
            for alt in keys[1:]:
                t.text = alt
                yield t


def _tokenizer():
    return analysis.RegexTokenizer(TOKEN_PATTERN)


class ListKeywordField(KEYWORD):
    """Comma-separated keywords whose column keeps the list, so a facet counts every value."""

    def __init__(self, **kwargs):
        super().__init__(commas=True, lowercase=False, stored=True, **kwargs)
        self.column_type = columns.VarBytesListColumn()

    def to_column_value(self, value):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",")]
        return [v.encode("utf-8") for v in value if v]

    def sortable_terms(self, ixreader, fieldname):
        return ixreader.lexicon(fieldname)


def text_analyzer():
    """Words of either script, lowercased, stop words dropped, English stemmed."""
    return _tokenizer() | analysis.LowercaseFilter() | analysis.StopFilter(stoplist=STOPWORDS, minsize=1) | _AsciiStemFilter()


def plain_analyzer():
    """Words of either script, lowercased (no stemming): spelling suggestions."""
    return _tokenizer() | analysis.LowercaseFilter()


def phonetic_analyzer():
    """Phonetic keys of the words (see ``text.phonetic_key``)."""
    return _tokenizer() | analysis.LowercaseFilter() | analysis.StopFilter(stoplist=STOPWORDS, minsize=1) | _PhoneticFilter()


def make_schema() -> Schema:
    """The Whoosh schema of the listing index."""
    ta, pa = text_analyzer(), phonetic_analyzer()
    return Schema(
        id=ID(unique=True, stored=True),
        title_en=TEXT(analyzer=ta, field_boost=4.0, phrase=False),
        title_hi=TEXT(analyzer=ta, field_boost=4.0, phrase=False),
        phon_title=TEXT(analyzer=pa, field_boost=3.0, phrase=False),
        meta=TEXT(analyzer=ta, field_boost=2.5, phrase=False),
        phon_meta=TEXT(analyzer=pa, field_boost=2.0, phrase=False),
        desc=TEXT(analyzer=ta, field_boost=1.0, phrase=False),
        spell=TEXT(analyzer=plain_analyzer(), phrase=False),
        district=ID(stored=True, sortable=True),
        category=ID(stored=True, sortable=True),
        seller_type=ID(stored=True, sortable=True),
        gi=ListKeywordField(),
        price_band=ID(sortable=True),
        price=NUMERIC(int, bits=32, shift_step=16, sortable=True),
        created=COLUMN(columns.NumericColumn("q")),
        popularity=COLUMN(columns.NumericColumn("q")),
        rating=COLUMN(columns.NumericColumn("i")),
        review_count=COLUMN(columns.NumericColumn("i")),
        in_stock=BOOLEAN(stored=True),
        data=STORED(),
    )


def gi_key(tag: str) -> str:
    """Facet value of a GI tag: its normalised text (commas cannot occur)."""
    return normalize(tag).replace(",", " ")


#: Words of each description that are indexed (the opening says what the thing is; the rest
#: is care instructions and shipping terms that only add noise and build time).
DESC_WORDS = 30


def _head(text: str, words: int = DESC_WORDS) -> str:
    parts = text.split(" ", words)
    return " ".join(parts[:words])


def doc_fields(doc: SearchDoc) -> dict:
    """The field values Whoosh indexes for ``doc`` (all text NFC-normalised)."""
    n = normalize
    title_en, title_hi = n(doc.title_en), n(doc.title_hi)
    cat = " ".join([n(doc.category_en), n(doc.category_hi)] + [n(g) for g in doc.gi_tags])
    place = " ".join([n(doc.district_en), n(doc.district_hi)])
    desc = " ".join(
        [_head(n(doc.description_en)), _head(n(doc.description_hi)), n(doc.seller_name_en), n(doc.seller_name_hi)]
    )
    # English words of the title, category and district; romanised Hindi only for a listing
    # with no English title (the romanisations mostly repeat the English words).
    spell_src = " ".join([title_en, n(doc.category_en), n(doc.district_en)])
    spell_words = [w for w in tokenize(spell_src) if w.isascii() and len(w) > 2]
    if not title_en:
        spell_words += [romanize(w) for w in tokenize(title_hi)]
    spell = " ".join(spell_words)
    created = int(doc.created_at.timestamp()) if doc.created_at else 0
    gis = [gi_key(g) for g in doc.gi_tags if gi_key(g)]
    data = {
        "id": doc.id,
        "slug": doc.slug,
        "title_en": title_en,
        "title_hi": title_hi,
        "description_en": n(doc.description_en),
        "description_hi": n(doc.description_hi),
        "district": doc.district_slug,
        "district_en": n(doc.district_en),
        "district_hi": n(doc.district_hi),
        "category": doc.category_slug,
        "category_en": n(doc.category_en),
        "category_hi": n(doc.category_hi),
        "seller_type": doc.seller_type,
        "gi_tags": gis,
        "price_paise": int(doc.price_paise),
        "mrp_paise": doc.mrp_paise,
        "in_stock": bool(doc.in_stock),
        "is_odop": bool(doc.is_odop),
        "image": doc.image,
        "rating_x100": int(doc.rating_x100 or 0),
        "rating_avg": doc.rating_avg or "",
        "review_count": int(doc.review_count or 0),
    }
    return {
        "id": str(doc.id),
        "title_en": title_en,
        "title_hi": title_hi,
        "phon_title": f"{title_en} {title_hi}",
        "meta": f"{cat} {place}",
        "phon_meta": f"{cat} {place}",
        "desc": desc,
        "spell": spell,
        "district": doc.district_slug or "",
        "category": doc.category_slug or "",
        "seller_type": doc.seller_type or "",
        "gi": ",".join(gis),
        "price_band": price_band(int(doc.price_paise)),
        "price": max(0, min(int(doc.price_paise), MAX_PRICE)),
        "created": created,
        "popularity": int(doc.popularity or 0),
        "rating": int(doc.rating_x100 or 0),
        "review_count": int(doc.review_count or 0),
        "in_stock": bool(doc.in_stock),
        "data": data,
    }
