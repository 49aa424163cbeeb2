"""The only module that touches Whoosh internals (private or undocumented attributes).

Why: ``engine.py`` reads whole posting lists into numpy arrays. Walking them through Whoosh's
public matcher API (``is_active()``/``id()``/``weight()``/``next()``, one Python call per
posting) made a query with facets take several times longer (see docs/search.md, "Whoosh
internals", for the figures); reading a block's decoded tuple directly costs one numpy call per
block of up to 128 postings. Everything else in the search package uses Whoosh's public API.

Relied on, on the installed ``whoosh-reloaded`` 2.7.5 (pinned by
``tests/search/test_whoosh_internals.py``, which fails first when an upgrade changes any of it):

1. ``whoosh.matching.FilterMatcher`` and its ``child`` attribute. ``SegmentReader.postings()``
   wraps the leaf matcher in a ``FilterMatcher`` that skips deleted documents when the segment has
   deletions; we unwrap it (the engine applies its own live-document mask).
2. ``whoosh.codec.whoosh3.W3LeafMatcher``, the on-disk posting list of the default codec, and
   its private block state:

   - ``_data``: ``None`` until ``_read_data()`` loads the current block's tuple
     ``(ids, weights, values)``;
   - ``_data[0]``: the block's document numbers, *delta-encoded* (differences; a cumulative sum
     restores them) unless ``_byteids`` is true;
   - ``_data[1]``: the weights: ``None`` (all 1.0), one ``float`` (all equal) or a sequence of
     floats, one per posting;
   - ``_blocklength``: postings in the current block;
   - ``_lastblock``: true on the last block; ``_nextoffset``: file offset of the next block;
     ``_goto(offset)``: move to the block at ``offset`` (resets ``_data`` to ``None``).
3. ``SegmentReader.deleted_docs_set``: the (undocumented) frozenset of deleted document numbers.
4. ``whoosh.codec.base.Segment._random_id`` names a new segment from the ``random`` module's
   global generator, which a program may seed (hypothesis does, for every example it runs):
   two segments of one index then get the same name and the second commit fails an assertion
   in ``create_compound_file``, keeping the write lock. ``use_system_random_segment_ids``
   draws them from the operating system instead. ``SegmentWriter.writelock`` is what
   ``release_writer`` gives back when a commit failed halfway.

If any of this is missing at run time, each function falls back to the public API (slower,
same result), so an upgrade never breaks search; the test is what notices.
"""
from __future__ import annotations

import numpy as np
from whoosh.matching import FilterMatcher

try:
    from whoosh.codec.whoosh3 import W3LeafMatcher
except ImportError:  # a Whoosh without it: every posting list takes the public path
    class W3LeafMatcher:  # type: ignore[no-redef]
        """Stands in for the missing class; nothing is an instance of it."""

#: The Whoosh version these internals were checked against (the test compares it).
CHECKED_VERSION = (2, 7, 5)

_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)


def leaf_matcher(matcher):
    """The matcher under any ``FilterMatcher`` (deleted documents are then *not* skipped)."""
    while isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    return matcher


def is_fast(matcher) -> bool:
    """Whether :func:`matcher_arrays` reads ``matcher``'s blocks directly (the fast path)."""
    return isinstance(leaf_matcher(matcher), W3LeafMatcher)


def matcher_arrays(matcher) -> tuple[np.ndarray, np.ndarray]:
    """All ``(docnums, weights)`` of a fresh posting matcher, as int64 and float32 arrays, deleted
    documents included. Consumes the matcher."""
    m = leaf_matcher(matcher)
    if not isinstance(m, W3LeafMatcher):
        return _public_arrays(m)
    id_parts, w_parts = [], []
    while True:
        if m._data is None:
            m._read_data()
        raw_ids, raw_w = m._data[0], m._data[1]
        count = m._blocklength
        ids = np.asarray(raw_ids, dtype=np.int64)
        if not m._byteids:
            ids = np.cumsum(ids)
        id_parts.append(ids)
        if raw_w is None:
            w_parts.append(np.ones(count, dtype=np.float32))
        elif isinstance(raw_w, float):
            w_parts.append(np.full(count, raw_w, dtype=np.float32))
        else:
            w_parts.append(np.asarray(raw_w, dtype=np.float32))
        if m._lastblock:
            break
        m._goto(m._nextoffset)
    return np.concatenate(id_parts), np.concatenate(w_parts)


def _public_arrays(m) -> tuple[np.ndarray, np.ndarray]:
    """The same through the public matcher API, one posting at a time (inlined posting lists,
    other codecs, or a Whoosh whose internals changed)."""
    ids, ws = [], []
    while m.is_active():
        ids.append(m.id())
        ws.append(m.weight())
        m.next()
    if not ids:
        return _EMPTY_IDS, _EMPTY_WEIGHTS
    return np.asarray(ids, dtype=np.int64), np.asarray(ws, dtype=np.float32)


def deleted_docnums(reader) -> np.ndarray:
    """Document numbers deleted in a segment reader, as an int64 array (any order)."""
    deleted = getattr(reader, "deleted_docs_set", None)
    if deleted is None:  # public API: ask document by document
        deleted = [i for i in range(reader.doc_count_all()) if reader.is_deleted(i)]
    return np.fromiter(deleted, dtype=np.int64)


_SYSTEM_RANDOM = None


def use_system_random_segment_ids() -> None:
    """New Whoosh segments are named from ``random.SystemRandom`` (see point 4 above); idempotent."""
    global _SYSTEM_RANDOM
    if _SYSTEM_RANDOM is not None:
        return
    import random
    import string

    from whoosh.codec import base

    _SYSTEM_RANDOM = random.SystemRandom()
    alphabet = string.ascii_lowercase + string.digits

    def _random_id(cls, size=16):
        return "".join(_SYSTEM_RANDOM.choice(alphabet) for _ in range(size))

    if hasattr(base.Segment, "_random_id"):
        base.Segment._random_id = classmethod(_random_id)


def release_writer(writer) -> None:
    """After a failed ``commit``: cancel ``writer`` if Whoosh still can, else give its write lock
    back by hand (point 4 above). Never raises."""
    try:
        writer.cancel()
        return
    except Exception:  # noqa: BLE001 - the writer is half-finished; the lock is what matters
        pass
    lock = getattr(writer, "writelock", None)
    if lock is not None:
        try:
            lock.release()
        except Exception:  # noqa: BLE001 - not held any more
            pass
