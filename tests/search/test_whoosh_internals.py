"""Pins the Whoosh internals that ``marketplace/catalog/search/whoosh_internals.py`` relies on.

When Whoosh is upgraded, this is the file that fails (and only this one): the search itself
falls back to Whoosh's public API, which gives the same results but is several times slower.
What to do then is in docs/search.md, "Whoosh internals".
"""
import ast
from pathlib import Path

import numpy as np
import pytest
import whoosh
from whoosh import index as windex
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.matching import FilterMatcher, ListMatcher

from marketplace.catalog.search import engine, whoosh_internals
from marketplace.catalog.search.whoosh_internals import deleted_docnums, is_fast, leaf_matcher, matcher_arrays

N = 300          # documents: three posting blocks of 128 (Whoosh's default block size) and a rest
DELETED = {5, 150}


def test_the_installed_whoosh_is_the_checked_version():
    assert tuple(whoosh.__version__[:3]) == whoosh_internals.CHECKED_VERSION, (
        "Whoosh was upgraded: run this file, fix whoosh_internals.py if anything below fails, "
        "re-run bench/search.py, then set CHECKED_VERSION (docs/search.md, 'Whoosh internals')")


@pytest.fixture
def reader(tmp_path):
    """One segment of N documents, two of them deleted. Every document has ``common`` (weight
    1.0: stored as None), ``boosted`` has ``lifted`` with field boost 2 (weight 2.0: stored as one
    float), even documents have ``often`` 1-3 times (weights differ: stored per posting)."""
    schema = Schema(key=ID(stored=True, unique=True), body=TEXT(), boosted=TEXT(field_boost=2.0),
                    tag=KEYWORD())
    ix = windex.create_in(str(tmp_path), schema)
    w = ix.writer()
    for i in range(N):
        often = " ".join(["often"] * (i % 3 + 1)) if i % 2 == 0 else ""
        w.add_document(key=str(i), body=f"common {often}", boosted="lifted", tag="seven" if i == 7 else "other")
    w.commit()
    w = ix.writer()
    for i in DELETED:
        w.delete_by_term("key", str(i))
    w.commit(merge=False)
    s = ix.searcher()
    (sub, _offset), = s.leaf_searchers()
    yield sub.reader()
    s.close()


def expected(term):
    if term == "common":
        return list(range(N)), [1.0] * N
    if term == "lifted":
        return list(range(N)), [2.0] * N
    if term == "often":
        docs = list(range(0, N, 2))
        return docs, [float(i % 3 + 1) for i in docs]
    if term == "seven":
        return [7], [1.0]
    raise AssertionError(term)


def test_postings_of_a_segment_with_deletions_are_a_filter_matcher_over_a_w3_leaf_matcher(reader):
    assert reader.has_deletions()
    m = reader.postings("body", "common")
    assert type(m) is FilterMatcher
    assert type(m.child) is W3LeafMatcher
    assert leaf_matcher(m) is m.child
    assert is_fast(m)


def test_w3_leaf_matcher_block_state(reader):
    m = leaf_matcher(reader.postings("body", "common"))
    assert not m._byteids                # document numbers, stored delta-encoded
    docs, blocks = [], 0
    while True:
        if m._data is None:              # a block's data is loaded lazily (the FilterMatcher
            m._read_data()               # above has already read the first block's ids)
        assert isinstance(m._data, tuple) and len(m._data) == 3   # (ids, weights, values)
        assert isinstance(m._blocklength, int) and len(m._data[0]) == m._blocklength
        docs.extend(int(d) for d in np.cumsum(m._data[0]))  # each block's deltas start from 0
        blocks += 1
        assert isinstance(m._lastblock, bool)
        if m._lastblock:
            break
        assert isinstance(m._nextoffset, int)
        m._goto(m._nextoffset)
        assert m._data is None           # _goto() moves to a block without reading it
    assert blocks == 3 and docs == list(range(N))


@pytest.mark.parametrize("field, term, weights_kind", [
    ("body", "common", type(None)),   # all 1.0
    ("boosted", "lifted", float),          # all equal
    ("body", "often", tuple),         # one per posting
])
def test_block_weights_come_in_three_shapes(reader, field, term, weights_kind):
    m = leaf_matcher(reader.postings(field, term))
    if m._data is None:
        m._read_data()
    assert isinstance(m._data[1], weights_kind)
    if weights_kind is tuple:
        assert len(m._data[1]) == m._blocklength and all(isinstance(w, float) for w in m._data[1])


@pytest.mark.parametrize("field, term", [("body", "common"), ("boosted", "lifted"), ("body", "often"), ("tag", "seven")])
def test_matcher_arrays_reads_every_posting_deleted_ones_included(reader, field, term):
    m = reader.postings(field, term)
    assert is_fast(m)
    ids, weights = matcher_arrays(m)
    want_ids, want_w = expected(term)
    assert ids.dtype == np.int64 and weights.dtype == np.float32
    assert ids.tolist() == want_ids
    assert weights.tolist() == want_w


def test_the_public_fallback_gives_the_same_arrays(reader):
    fast = matcher_arrays(reader.postings("body", "often"))
    slow = whoosh_internals._public_arrays(leaf_matcher(reader.postings("body", "often")))
    assert fast[0].tolist() == slow[0].tolist() and fast[1].tolist() == slow[1].tolist()
    ids, weights = matcher_arrays(ListMatcher([2, 9], [1.0, 3.0]))   # not a W3 leaf: public API
    assert ids.tolist() == [2, 9] and weights.tolist() == [1.0, 3.0]


def test_deleted_docs_set_is_the_deleted_document_numbers(reader):
    assert isinstance(reader.deleted_docs_set, frozenset)
    assert set(reader.deleted_docs_set) == DELETED
    got = deleted_docnums(reader)
    assert got.dtype == np.int64 and set(got.tolist()) == DELETED


def test_deleted_docnums_falls_back_to_the_public_api():
    class Reader:  # no deleted_docs_set
        def doc_count_all(self):
            return 4

        def is_deleted(self, i):
            return i in (1, 3)

    assert deleted_docnums(Reader()).tolist() == [1, 3]


def test_every_field_the_engine_reads_takes_the_fast_path(search_index):
    """On the real schema: text fields, facet ids, the GI keyword list and the stock flag."""
    s = search_index.searcher()
    (sub, _offset), = s.leaf_searchers()
    r = sub.reader()
    for field in ("title_en", "phon_title", "meta", "desc", *engine.FACETS):
        term = next(iter(r.lexicon(field)))
        assert is_fast(r.postings(field, term)), field
    assert is_fast(r.postings("in_stock", r.schema["in_stock"].to_bytes(True)))


SEARCH = Path(whoosh_internals.__file__).parent


def test_no_other_search_module_touches_private_attributes():
    """``x._name`` on anything but ``self``/``cls`` (and Flask's documented
    ``current_app._get_current_object()``) belongs in whoosh_internals.py."""
    offenders = []
    for path in sorted(SEARCH.glob("*.py")):
        if path.name == "whoosh_internals.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls", "current_app"})):
                offenders.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert offenders == []
