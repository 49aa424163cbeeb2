"""Vectorised query execution over the Whoosh index (numpy).

Whoosh's matchers walk posting lists one document at a time in Python; with facets every match
must be visited, which costs 50-150 ms per query at 100,000 listings. Here each term's posting
list is read a block at a time into numpy arrays (``whoosh_internals``, the one module that
touches Whoosh's private posting-block state; everything here is Whoosh's public API), so
scoring, AND/OR across words, filters, facet counts and sorting are array operations.

Per segment (immutable once written) we cache: live documents, facet value codes, price,
created time, popularity and stock flags. Scores are BM25-style without length normalisation:
``sum(query boost * idf * w * (k1 + 1) / (w + k1))`` where ``w`` is the posting weight (term
frequency times the field boost of the schema), so title > category/district > description.
"""
from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from . import whoosh_internals
from .schema import META_ID

K1 = 1.2
FACETS = ("district", "category", "price_band", "seller_type", "gi")
_MULTI = {"gi"}
_lock = threading.Lock()
_cache: "OrderedDict[tuple, SegmentData]" = OrderedDict()


@dataclass
class SegmentData:
    n: int
    live: np.ndarray
    codes: dict[str, np.ndarray]
    values: dict[str, list[str]]
    multi: dict[str, tuple[np.ndarray, np.ndarray]]  # facet -> (doc index, code) pairs
    price: np.ndarray
    created: np.ndarray
    popularity: np.ndarray
    in_stock: np.ndarray
    rating: np.ndarray | None = None  # average rating x 100 over visible reviews (0: none)
    review_count: np.ndarray | None = None
    terms: dict = field(default_factory=dict)  # ("live", deleted count) -> live mask


def _column(reader, name: str, n: int) -> np.ndarray:
    if not reader.has_column(name):
        return np.zeros(n, dtype=np.int64)
    col = reader.column_reader(name, translate=True)
    out = np.fromiter((col[i] for i in range(n)), dtype=np.int64, count=n)
    return out


def segment_data(reader) -> SegmentData:
    """Per-segment arrays. What a segment holds never changes once written, so those arrays are
    cached by segment id; only the live-document mask follows its deletions (an update deletes
    the old version of a document), and it is cheap to rebuild."""
    seg = reader.segment()
    seg_id, deleted = seg.segment_id(), seg.deleted_count()
    with _lock:
        base = _cache.get(seg_id)
        if base is not None:
            _cache.move_to_end(seg_id)
    if base is None:
        base = _segment_arrays(reader)
        with _lock:
            _cache[seg_id] = base
            while len(_cache) > 64:
                _cache.popitem(last=False)
    live = base.terms.get(("live", deleted))
    if live is None:
        live = np.ones(base.n, dtype=bool)
        if reader.has_deletions():
            dead = whoosh_internals.deleted_docnums(reader)
            live[dead[dead < base.n]] = False
        meta, _w = _leaf_arrays(reader, "id", META_ID)  # the feed position is not a listing
        live[meta[meta < base.n]] = False
        base.terms.clear()
        base.terms[("live", deleted)] = live
    return SegmentData(
        n=base.n, live=live, codes=base.codes, values=base.values, multi=base.multi, price=base.price,
        created=base.created, popularity=base.popularity, in_stock=base.in_stock,
        rating=base.rating, review_count=base.review_count,
    )


def _segment_arrays(reader) -> SegmentData:
    n = reader.doc_count_all()
    live = np.ones(n, dtype=bool)
    codes, values, multi = {}, {}, {}
    for f in FACETS:
        vals: list[str] = [""]
        if f in _MULTI:
            docs, cs = [], []
        else:
            arr = np.zeros(n, dtype=np.int32)
        for term in reader.lexicon(f):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            vals.append(text)
            ids, _w = _leaf_arrays(reader, f, text)
            if f in _MULTI:
                docs.append(ids)
                cs.append(np.full(len(ids), len(vals) - 1, dtype=np.int32))
            else:
                arr[ids] = len(vals) - 1
        values[f] = vals
        if f in _MULTI:
            multi[f] = (np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64),
                        np.concatenate(cs) if cs else np.zeros(0, dtype=np.int32))
        else:
            codes[f] = arr
    in_stock = np.zeros(n, dtype=bool)
    if reader.doc_frequency("in_stock", True):
        ids, _w = _leaf_arrays(reader, "in_stock", reader.schema["in_stock"].to_bytes(True))
        in_stock[ids] = True
    return SegmentData(
        n=n, live=live, codes=codes, values=values, multi=multi,
        price=_column(reader, "price", n), created=_column(reader, "created", n),
        popularity=_column(reader, "popularity", n), in_stock=in_stock,
        rating=_column(reader, "rating", n), review_count=_column(reader, "review_count", n),
    )


def _leaf_arrays(reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
    """All (docnum, weight) postings of a term in one segment, deleted documents included."""
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    try:
        if (fieldname, text) not in reader:
            return empty
        m = reader.postings(fieldname, text)
    except (KeyError, TypeError, ValueError):
        return empty
    return whoosh_internals.matcher_arrays(m)


@dataclass
class Plan:
    """What to match: per word, {(field, text): boost} plus multi-word groups (all parts)."""

    words: list[tuple[dict, list[list[dict]]]]
    relaxed: bool = False


@dataclass
class Filters:
    terms: list[tuple[str, str]] = field(default_factory=list)  # (facet field, value): all must hold
    min_price: int | None = None
    max_price: int | None = None
    in_stock_only: bool = True
    # not a filter: documents with this (facet field, value) come first, in the same sort order
    prefer: tuple[str, str] | None = None


@dataclass
class Outcome:
    total: int
    docnums: list[int]
    scores: list[float]
    facets: dict[str, dict[str, int]]


def _idf(top_reader, n_docs: int, fieldname: str, text) -> float:
    # Whoosh's document frequency still counts the old versions of updated documents until
    # their segment is merged, so it can exceed the live count: the idf then went negative and
    # every match scored below zero, i.e. an updated listing of a small index was no longer
    # found by its words (a review, a sale or an edit was enough). A term is in at most every
    # live document.
    df = min(top_reader.doc_frequency(fieldname, text), n_docs)
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def _terms_score(reader, top_reader, n_docs, terms: dict, n: int) -> np.ndarray:
    s = np.zeros(n, dtype=np.float32)
    for (f, t), boost in terms.items():
        ids, w = _leaf_arrays(reader, f, t)
        if not len(ids):
            continue
        contrib = (boost * _idf(top_reader, n_docs, f, t)) * (w * (K1 + 1.0) / (w + K1))
        s[ids] += contrib
    return s


def execute(searcher, plan: Plan | None, flt: Filters, sort: str, limit: int, facets: bool) -> Outcome:
    """Run ``plan`` (None: every document) with filters; top ``limit`` docnums in ``sort`` order."""
    top = searcher.reader()
    n_docs = max(1, top.doc_count() - (searcher.document_number(id=META_ID) is not None))
    all_ids, all_score, all_key, all_first = [], [], [], []
    totals: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    total = 0
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if not reader.doc_count_all() or getattr(reader, "segment", lambda: None)() is None:
            continue  # an empty index has a reader without a segment
        seg = segment_data(reader)
        n = seg.n
        mask = seg.live.copy()
        if flt.in_stock_only:
            mask &= seg.in_stock
        for fname, value in flt.terms:
            vals = seg.values.get(fname)
            if vals is None or value not in vals:
                mask[:] = False
                break
            code = vals.index(value)
            if fname in _MULTI:
                docs, cs = seg.multi[fname]
                has = np.zeros(n, dtype=bool)
                has[docs[cs == code]] = True
                mask &= has
            else:
                mask &= seg.codes[fname] == code
        if flt.min_price is not None:
            mask &= seg.price >= flt.min_price
        if flt.max_price is not None:
            mask &= seg.price <= flt.max_price
        score = np.zeros(n, dtype=np.float32)
        if plan is not None and mask.any():
            matched = None
            for terms, groups in plan.words:
                ws = _terms_score(reader, top, n_docs, terms, n)
                for group in groups:
                    parts = [_terms_score(reader, top, n_docs, g, n) for g in group]
                    ok = np.logical_and.reduce([p > 0 for p in parts]) if parts else np.zeros(n, bool)
                    ws += np.where(ok, np.sum(parts, axis=0), 0).astype(np.float32)
                hit = ws > 0
                score += ws
                if matched is None:
                    matched = hit
                elif plan.relaxed:
                    matched |= hit
                else:
                    matched &= hit
            if matched is not None:
                mask &= matched
        idx = np.flatnonzero(mask)
        total += len(idx)
        if not len(idx):
            continue
        if facets:
            for f in FACETS:
                if f in _MULTI:
                    docs, cs = seg.multi[f]
                    sel = mask[docs] if len(docs) else np.zeros(0, bool)
                    counts = np.bincount(cs[sel], minlength=len(seg.values[f]))
                else:
                    counts = np.bincount(seg.codes[f][idx], minlength=len(seg.values[f]))
                tot = totals[f]
                for code in np.flatnonzero(counts):
                    if code:
                        v = seg.values[f][code]
                        tot[v] = tot.get(v, 0) + int(counts[code])
        all_ids.append(idx + offset)
        all_score.append(score[idx])
        if flt.prefer is not None:
            pf, pv = flt.prefer
            vals = seg.values.get(pf)
            if pf in seg.codes and vals is not None and pv in vals:
                all_first.append(seg.codes[pf][idx] == vals.index(pv))
            else:
                all_first.append(np.zeros(len(idx), dtype=bool))
        if sort == "price_asc":
            key = seg.price[idx].astype(np.float64)
        elif sort == "price_desc":
            key = -seg.price[idx].astype(np.float64)
        elif sort == "newest":
            key = -seg.created[idx].astype(np.float64)
        elif sort == "rating":
            # best average first; among equal averages the one more buyers rated
            key = -(seg.rating[idx].astype(np.float64) * 1e9 + seg.review_count[idx].astype(np.float64))
        elif sort == "popular" or plan is None:
            key = -seg.popularity[idx].astype(np.float64)
        else:
            key = -score[idx].astype(np.float64)
        all_key.append((key, -seg.popularity[idx].astype(np.float64)))
    if not total:
        return Outcome(0, [], [], totals)
    ids = np.concatenate(all_ids)
    scores = np.concatenate(all_score)
    primary = np.concatenate([k[0] for k in all_key])
    secondary = np.concatenate([k[1] for k in all_key])
    if all_first:
        first = np.concatenate(all_first)
        top = _top(ids, primary, secondary, np.flatnonzero(first), limit)
        order = np.concatenate([top, _top(ids, primary, secondary, np.flatnonzero(~first), limit - len(top))])
    else:
        order = _top(ids, primary, secondary, np.arange(len(ids)), limit)
    return Outcome(total, [int(i) for i in ids[order]], [float(s) for s in scores[order]], totals)


def _top(ids: np.ndarray, primary: np.ndarray, secondary: np.ndarray, among: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the first ``limit`` of ``among`` by (primary, secondary, id)."""
    k = min(max(limit, 0), len(among))
    if not k:
        return among[:0]
    if k < len(among):
        p = primary[among]
        kth = p[np.argpartition(p, k - 1)[:k]].max()
        # keep every document tied with the k-th so the tie-break below is exact
        among = among[p <= kth]
    return among[np.lexsort((ids[among], secondary[among], primary[among]))][:k]
