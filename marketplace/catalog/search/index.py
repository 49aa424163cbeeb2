"""The listing index on disk: a replica of the catalogue that follows the change feed.

Layout of the index directory (``SEARCH_INDEX_DIR``)::

    current -> gen-<ns>      symlink to the live Whoosh index (swapped atomically by reindex)
    gen-<ns>/                a Whoosh index + labels.json (facet labels in both scripts)
    writer.lock              flock held by the one process currently writing

Every catalogue change writes a row in the database's change feed (``search_changes``, in the
same transaction as the change; ``sync.py``). Each node keeps its own index and *follows* the
feed: whoever holds ``writer.lock`` (an flock taken without waiting, released if the process
dies) reads the rows after its position, loads the current state of their listings (the
``loader``), writes them and its new position in ONE Whoosh commit, and releases the lock.
Whoosh allows one writer at a time (a second ``ix.writer()`` raises ``LockError``); the lock
makes sure there is never a second, so requests never wait for or fail on it.

The position (``FeedState``: the highest ``seq`` applied, the gaps below it, the number of rows
applied, and the same two for the rows cached pages show, ``pages_high``/``pages_applied``,
which the page cache's version follows) is a document of its own in the index (id ``META_ID``), updated by the same commit as
the listings, so a follower killed mid-apply loses nothing and applies nothing twice: the old
commit with the old position, or the new commit with the new one. Search never sees it.

Gaps: on PostgreSQL a ``seq`` is handed out at insert and transactions commit in any order, so
a lower number can become visible after a higher one was applied. Numbers skipped over are kept
as gaps and looked for on every poll for ``gap_seconds``; a rolled-back transaction leaves a gap
that is never filled and is forgotten after that time.

Reindex builds a complete index in a new ``gen-*`` directory while the old one keeps answering,
starting at the feed position read before the catalogue, then, holding the writer lock, applies
the feed from there and swaps the ``current`` symlink with an atomic rename. Readers notice the
new target on their next query.

The module stays whole: the directory layout, the position and the writer lock are one protocol,
and the single-writer guarantee is only checkable when all of it is read in one place.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Protocol

from whoosh import index as windex

from marketplace.catalog.gi import names as gi_names

from .schema import META_ID, SearchDoc, doc_fields, gi_key, make_schema
from .whoosh_internals import release_writer, use_system_random_segment_ids

log = logging.getLogger(__name__)

#: ids -> {id: SearchDoc or None}; None (or a missing id) means "not in the index any more".
Loader = Callable[[list[int]], dict[int, SearchDoc | None]]
#: every listing, for a full rebuild (read when called: after the feed position was noted)
Docs = Callable[[], Iterable[SearchDoc]]

BATCH = 500
#: how long a skipped ``seq`` is looked for (a transaction still running); then it is a rollback
GAP_SECONDS = 600.0
#: at most this many gap ranges are remembered (the oldest are forgotten first)
MAX_GAPS = 500
#: a rebuild looks this far below the feed head for numbers not yet visible
GAP_SCAN = 5000
#: held for a whole rebuild (build, swap, cleanup of old generations): one at a time per folder
REBUILD_LOCK = "rebuild.lock"
REBUILD_TIMEOUT = 3600.0


class Feed(Protocol):
    """The change feed as the follower reads it (``sync.DatabaseFeed``; ``MemoryFeed`` in tests)."""

    def bounds(self) -> tuple[int | None, int | None]:
        """(lowest, highest) ``seq`` retained; (None, None) when there is none."""

    def read(self, after: int, gaps: list[tuple[int, int]], limit: int,
             upto: int | None = None) -> list[tuple[int, int | None, bool]]:
        """Visible rows ``(seq, listing_id, pages)`` (a feed of ``(seq, listing_id)`` rows: every
        row counts for pages) with ``seq > after`` (and ``<= upto``) or inside one
        of the ``gaps`` ranges (both ends included), in ``seq`` order, at most ``limit``."""


class MemoryFeed:
    """A feed kept in a list (tests and benchmarks without a database)."""

    def __init__(self):
        self.rows: list[tuple[int, int | None, bool]] = []
        self._lock = threading.Lock()

    def append(self, *listing_ids: int | None, pages: bool = True) -> None:
        with self._lock:
            for i in listing_ids:
                self.rows.append((len(self.rows) + 1, i, pages))

    def bounds(self):
        with self._lock:
            return (self.rows[0][0], self.rows[-1][0]) if self.rows else (None, None)

    def read(self, after, gaps, limit, upto=None):
        with self._lock:
            out = [r for r in self.rows if (r[0] > after and (upto is None or r[0] <= upto))
                   or any(lo <= r[0] <= hi for lo, hi in gaps)]
        return out[:limit]


@dataclass
class FeedState:
    """Where an index stands in the feed: every ``seq <= high`` is applied except those in
    ``gaps`` (``[lo, hi, first_seen]``, epoch seconds), and ``applied`` rows were applied in all;
    ``pages_high`` and ``pages_applied``: the same for the rows cached pages show (``pages``),
    the part of the page cache's version that moves when this index applies a page change (a
    late lower ``seq`` does not move ``pages_high`` but counts in ``pages_applied``)."""

    high: int = 0
    gaps: list[list] = field(default_factory=list)
    applied: int = 0
    pages_high: int = 0
    pages_applied: int = 0

    def to_json(self) -> dict:
        return {"high": self.high, "gaps": [list(g) for g in self.gaps], "applied": self.applied,
                "pages_high": self.pages_high, "pages_applied": self.pages_applied}

    @classmethod
    def from_json(cls, data) -> "FeedState | None":
        if not isinstance(data, dict) or "high" not in data:
            return None
        high, applied = int(data["high"]), int(data.get("applied", 0))
        # A position written before the ``pages`` fields: every row it applied counted for pages.
        return cls(high, [list(g) for g in data.get("gaps") or []], applied,
                   int(data.get("pages_high", high)), int(data.get("pages_applied", applied)))

    def pages_position(self) -> tuple[int, int]:
        """What the page cache's version takes from this position."""
        return self.pages_high, self.pages_applied

    def gap_ranges(self) -> list[tuple[int, int]]:
        return [(int(g[0]), int(g[1])) for g in self.gaps]

    def advance(self, rows: list[tuple[int, int | None, bool]], now: float, gap_seconds: float) -> "FeedState":
        """The state once ``rows`` (read with ``read(self.high, self.gap_ranges(), ...)``) are
        applied: filled gaps shrink, numbers skipped over become gaps, old gaps are forgotten."""
        seen = sorted({r[0] for r in rows})
        page_seqs = [r[0] for r in rows if len(r) < 3 or r[2]]  # a (seq, id) row: pages too
        gaps: list[list] = []
        for lo, hi, first in self.gaps:
            if first < now - gap_seconds:
                continue  # nobody committed it in all that time: a rolled-back transaction
            cur = lo
            for s in seen:
                if lo <= s <= hi:
                    if s > cur:
                        gaps.append([cur, s - 1, first])
                    cur = s + 1
            if cur <= hi:
                gaps.append([cur, hi, first])
        cur = self.high + 1
        for s in seen:
            if s > self.high:
                if s > cur:
                    gaps.append([cur, s - 1, now])
                cur = s + 1
        if len(gaps) > MAX_GAPS:
            gaps = sorted(gaps, key=lambda g: g[2])[-MAX_GAPS:]
        gaps.sort(key=lambda g: g[0])
        return FeedState(max(self.high, cur - 1), gaps, self.applied + len(rows),
                         max(self.pages_high, *page_seqs) if page_seqs else self.pages_high,
                         self.pages_applied + len(page_seqs))


use_system_random_segment_ids()  # before any writer of this process names a segment


class SearchIndex:
    """One listing index under ``base_dir`` (see the module docstring for the layout)."""

    def __init__(self, base_dir: str | os.PathLike, loader: Loader | None = None, feed: Feed | None = None,
                 docs: Docs | None = None, on_applied: Callable[[list[int]], None] | None = None,
                 gap_seconds: float = GAP_SECONDS):
        """``loader`` turns listing ids into documents for the writer; ``feed`` is the change feed
        this index follows (None: nothing to follow); ``docs`` gives every listing when the
        follower must rebuild (no index yet, or a position older than the feed keeps).
        ``on_applied(ids)`` is called after the writer committed changes for ``ids``."""
        self.base = Path(base_dir)
        self.loader = loader
        self.feed = feed
        self.docs = docs
        self.on_applied = on_applied
        self.gap_seconds = gap_seconds
        self._local = threading.local()
        self._labels_cache: tuple[str, float, dict] | None = None

    # ------------------------------------------------------------------ paths and opening

    @property
    def link(self) -> Path:
        return self.base / "current"

    def current_dir(self) -> Path | None:
        """The live generation directory, or None when no index was built yet."""
        try:
            target = os.readlink(self.link)
        except OSError:
            return None
        return self.base / target

    def exists(self) -> bool:
        """True when a live index exists."""
        d = self.current_dir()
        return d is not None and windex.exists_in(str(d))

    def ensure(self) -> None:
        """Create an empty live index if there is none (safe to call from several processes)."""
        self.base.mkdir(parents=True, exist_ok=True)
        if self.exists():
            return
        with self.writer_lock(blocking=True, timeout=30) as got:
            if got and not self.exists():
                d = self._new_generation()
                windex.create_in(str(d), make_schema())
                self._swap_to(d)

    def _new_generation(self) -> Path:
        d = self.base / f"gen-{time.time_ns()}-{os.getpid()}"
        d.mkdir(parents=True)
        return d

    def _swap_to(self, gen: Path) -> None:
        tmp = self.base / f".current-{os.getpid()}-{threading.get_ident()}"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(gen.name, tmp)
        os.replace(tmp, self.link)  # atomic: readers see the old or the new target, never none
        self._fsync_dir()

    def _fsync_dir(self) -> None:
        fd = os.open(self.base, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def _cleanup_old_generations(self, keep: int = 2) -> None:
        """Delete generations older than the newest ``keep`` (the live one and the one before)."""
        live = self.current_dir()
        gens = sorted(
            (p for p in self.base.glob("gen-*") if p.is_dir()),
            key=lambda p: int(p.name.split("-")[1]),
        )
        for p in gens[:-keep]:
            if live is not None and p.name == live.name:
                continue
            shutil.rmtree(p, ignore_errors=True)

    def open(self):
        """The live Whoosh index (opened fresh)."""
        d = self.current_dir()
        if d is None:
            raise FileNotFoundError(f"no search index in {self.base}")
        return windex.open_dir(str(d))

    def searcher(self):
        """A searcher on the newest committed state, cached per thread.

        Each call checks the ``current`` symlink (reindex swaps it) and asks Whoosh whether a
        newer commit exists (one directory listing), so an update is visible on the next query
        after it is committed.
        """
        d = self.current_dir()
        if d is None:
            self.ensure()
            d = self.current_dir()
        cached = getattr(self._local, "cached", None)
        if cached is not None and cached[0] == d:
            s = cached[2]
            try:
                if s.up_to_date():
                    return s
            except (OSError, windex.IndexError) as exc:  # generation deleted under us
                log.info("search: reopening index after %r", exc)
        if cached is not None:
            # Not Searcher.refresh(): it reuses segment readers and so misses new deletions.
            with contextlib.suppress(Exception):
                cached[2].close()
            self._local.cached = None
        ix = windex.open_dir(str(d))
        s = ix.searcher()
        self._local.cached = (d, ix, s)
        return s

    def doc_count(self) -> int:
        """Listings in the live index (the position document is not one)."""
        s = self.searcher()
        return s.doc_count() - (s.document_number(id=META_ID) is not None)

    def position(self, gen: Path | None = None) -> FeedState | None:
        """Where the live index (or generation ``gen``) stands in the feed; None when it has no
        position (no index yet, or built before the feed existed: the follower rebuilds it)."""
        if gen is None:
            if self.current_dir() is None:
                return None
            fields = self.searcher().document(id=META_ID)
        else:
            with windex.open_dir(str(gen)).searcher() as s:
                fields = s.document(id=META_ID)
        return FeedState.from_json((fields or {}).get("data"))

    # ------------------------------------------------------------------ labels

    def _labels_path(self, gen: Path) -> Path:
        return gen / "labels.json"

    def labels(self) -> dict:
        """Facet labels of the live generation: {"district": {slug: [en, hi]}, "category": ..., "gi": ...}."""
        d = self.current_dir()
        if d is None:
            return {}
        p = self._labels_path(d)
        try:
            mtime = p.stat().st_mtime
        except OSError:
            return {}
        c = self._labels_cache
        if c and c[0] == str(p) and c[1] == mtime:
            return c[2]
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return c[2] if c else {}
        self._labels_cache = (str(p), mtime, data)
        return data

    @staticmethod
    def _merge_labels(labels: dict, docs: Iterable[SearchDoc]) -> None:
        for doc in docs:
            if doc.district_slug:
                labels.setdefault("district", {})[doc.district_slug] = [doc.district_en, doc.district_hi]
            if doc.category_slug:
                labels.setdefault("category", {})[doc.category_slug] = [doc.category_en, doc.category_hi]
            for g in doc.gi_tags:
                k = gi_key(g)
                if k:
                    labels.setdefault("gi", {})[k] = list(gi_names(g))

    def _write_labels(self, gen: Path, labels: dict) -> None:
        p = self._labels_path(gen)
        tmp = p.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, p)

    def _read_labels(self, gen: Path) -> dict:
        try:
            return json.loads(self._labels_path(gen).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    # ------------------------------------------------------------------ writer lock

    @contextlib.contextmanager
    def writer_lock(self, blocking: bool = False, timeout: float = 10.0, name: str = "writer.lock"):
        """Hold ``writer.lock`` (an flock, released if the process dies). Yields True if taken.

        Non-blocking by default: a caller that does not get it leaves the work to the holder.
        ``name``: another lock file of the same kind (``rebuild.lock``).
        """
        self.base.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.base / name, os.O_RDWR | os.O_CREAT, 0o644)
        got = False
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    got = True
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                        raise
                    if not blocking or time.monotonic() > deadline:
                        break
                    time.sleep(0.02)
            yield got
        finally:
            if got:
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


    # ------------------------------------------------------------------ following the feed

    def follow(self, blocking: bool = False, timeout: float = 10.0) -> int:
        """Apply the feed rows after this index's position, if this process can take the writer
        lock (without ``blocking``, another holder is applying them: not an error). Rebuilds
        first when there is no index or its position is older than what the feed keeps.
        Returns the feed rows applied."""
        if self.feed is None:
            return 0
        with self.writer_lock(blocking=blocking, timeout=timeout) as got:
            if not got:
                return 0
            state = self.position() if self.exists() else None
            if state is not None:
                bounds = self.feed.bounds()
                if not self._stale(state, bounds):
                    return self._follow_locked(self.current_dir(), state, bounds)
        # Rebuild outside the writer lock (it takes it for the swap), then the feed is applied in
        # it. Every follower of the node (each web process's thread) finds the index missing at
        # once: one rebuilds, the others wait for it and find there is nothing left to do.
        if self.docs is None:
            raise RuntimeError("SearchIndex.follow must rebuild but has no docs source")
        with self.writer_lock(blocking=True, timeout=REBUILD_TIMEOUT, name=REBUILD_LOCK) as got:
            if not got:
                return 0
            state = self.position() if self.exists() else None
            if state is not None and not self._stale(state, self.feed.bounds()):
                return 0  # another process rebuilt it while this one waited
            log.info("search: no index or its feed position is gone; rebuilding")
            self._rebuild_locked(self.docs)
        return 0

    @staticmethod
    def _stale(state: FeedState, bounds: tuple[int | None, int | None]) -> bool:
        """True when rows after ``state.high`` may have been pruned from the feed already, or the
        feed is not the one this index followed: its head is below the position (pruning always
        keeps the newest row, so that happens only to a feed made again: the database restored
        from a backup, or created anew while the index folder stayed)."""
        oldest, head = bounds
        if oldest is None:
            return state.high > 0
        return state.high + 1 < oldest or head < state.high

    def _follow_locked(self, gen: Path, state: FeedState, bounds: tuple | None = None) -> int:
        """Apply feed rows to ``gen`` from ``state`` until none are left (caller holds the lock)."""
        if self.loader is None:
            raise RuntimeError("SearchIndex.follow needs a loader")
        applied = 0
        while True:
            if not state.gaps:
                _oldest, head = bounds if bounds is not None else self.feed.bounds()
                bounds = None
                if head is None or head <= state.high:
                    return applied  # the usual poll: one cheap query and nothing to do
            rows = self.feed.read(state.high, state.gap_ranges(), BATCH)
            new = state.advance(rows, time.time(), self.gap_seconds)
            if not rows and new.to_json() == state.to_json():
                return applied
            ids = list(dict.fromkeys(r[1] for r in rows if r[1] is not None))
            self._apply_ids(gen, ids, new)
            applied += len(rows)
            state = new
            if ids and self.on_applied is not None:
                try:
                    self.on_applied(ids)
                except Exception:  # noqa: BLE001 - the index is right; a hook must not undo that
                    log.exception("search: on_applied hook failed")
            if len(rows) < BATCH:
                return applied

    def _apply_ids(self, gen: Path, ids: list[int], state: FeedState) -> None:
        docs = self.loader(ids) if ids else {}
        upserts = [d for i in ids if (d := docs.get(i)) is not None and d.is_public]
        deletes = [i for i in ids if (d := docs.get(i)) is None or not d.is_public]
        self._write(gen, upserts, deletes, state)

    def _write(self, gen: Path, upserts: list[SearchDoc], deletes: list[int], state: FeedState | None) -> None:
        """One Whoosh commit: the listings and (unless None) the new position, together."""
        ix = windex.open_dir(str(gen))
        w = ix.writer(timeout=30)
        try:
            for i in deletes:
                w.delete_by_term("id", str(i))
            # an index built before a field was added (the ratings, catalog_0004) keeps answering
            # without it until ``flask search reindex``: only the fields its schema has are written
            names = set(w.schema.names())
            for doc in upserts:
                w.update_document(**{k: v for k, v in doc_fields(doc).items() if k in names})
            if state is not None:
                w.update_document(id=META_ID, data=state.to_json())
            labels = self._read_labels(gen)
            self._merge_labels(labels, upserts)
            self._write_labels(gen, labels)  # before the commit: extra labels harm nothing
        except BaseException:
            w.cancel()
            raise
        try:
            w.commit()
        except BaseException:
            # A commit that fails halfway (a full disk, a segment Whoosh cannot assemble) keeps
            # Whoosh's MAIN_WRITELOCK: every later writer of this process would wait its 30 s
            # and fail. Give the lock back; the rows stay in the feed and are applied again.
            release_writer(w)
            raise

    def ensure_locked(self) -> None:
        """Create the first index generation (caller holds the writer lock)."""
        if not self.exists():
            d = self._new_generation()
            windex.create_in(str(d), make_schema())
            self._swap_to(d)

    def apply(self, upserts: list[SearchDoc], deletes: list[int] = ()) -> None:
        """Write documents directly, outside the feed (benchmarks, tests), waiting for the lock."""
        with self.writer_lock(blocking=True, timeout=60) as got:
            if not got:
                raise TimeoutError("search writer lock not available")
            self.ensure_locked()
            self._write(self.current_dir(), [d for d in upserts if d.is_public], list(deletes), None)

    # ------------------------------------------------------------------ full rebuild

    def _start_state(self) -> FeedState:
        """The position a rebuild starts from, read before the catalogue: the feed head, with
        the numbers below it that are not visible yet (transactions still running) as gaps."""
        if self.feed is None:
            return FeedState()
        oldest, head = self.feed.bounds()
        if head is None:
            return FeedState()
        low = start = max(0, head - GAP_SCAN, oldest - 1)  # below ``oldest``: pruned, not running
        rows = []
        while True:
            batch = self.feed.read(low, [], GAP_SCAN, upto=head)
            rows += batch
            if len(batch) < GAP_SCAN:
                break
            low = batch[-1][0]
        state = FeedState(high=start).advance(rows, time.time(), self.gap_seconds)
        # A new generation may differ from the old one in anything: its pages position is a
        # number no position of the old one had (the head), so cached pages are rendered again.
        return FeedState(state.high, state.gaps, 0, state.high, 0)

    def rebuild(self, docs: Iterable[SearchDoc] | Docs, procs: int = 1, limitmb: int = 256) -> int:
        """Build a fresh generation from ``docs`` (every public listing), then swap it in.

        Searches keep using the old generation until the swap. The feed position is noted
        first and the feed is applied from there into the new generation before the swap, so
        ``docs`` must be read *after* this call starts: pass a callable or a lazy generator (a
        list made beforehand could miss a change committed between reading it and this call).
        Returns the documents indexed. One rebuild at a time per index folder (``rebuild.lock``):
        a second waits, so none deletes a generation another is still building.
        """
        with self.writer_lock(blocking=True, timeout=REBUILD_TIMEOUT, name=REBUILD_LOCK) as got:
            if not got:
                raise TimeoutError("another rebuild of the search index is still running")
            return self._rebuild_locked(docs, procs, limitmb)

    def _rebuild_locked(self, docs: Iterable[SearchDoc] | Docs, procs: int = 1, limitmb: int = 256) -> int:
        """``rebuild``'s work; the caller holds ``rebuild.lock``."""
        self.base.mkdir(parents=True, exist_ok=True)
        state = self._start_state()
        if callable(docs):
            docs = docs()
        gen = self._new_generation()
        ix = windex.create_in(str(gen), make_schema())
        kwargs = {"limitmb": limitmb}
        if procs > 1:
            kwargs.update(procs=procs, multisegment=True)
        w = ix.writer(**kwargs)
        labels: dict = {}
        n = 0
        batch: list[SearchDoc] = []
        try:
            for doc in docs:
                if not doc.is_public:
                    continue
                w.add_document(**doc_fields(doc))
                batch.append(doc)
                n += 1
                if len(batch) >= 1000:
                    self._merge_labels(labels, batch)
                    batch.clear()
            self._merge_labels(labels, batch)
            w.add_document(id=META_ID, data=state.to_json())
            w.commit()
        except BaseException:
            with contextlib.suppress(Exception):
                w.cancel()
            shutil.rmtree(gen, ignore_errors=True)
            raise
        self._write_labels(gen, labels)
        with self.writer_lock(blocking=True, timeout=300) as got:
            if not got:
                shutil.rmtree(gen, ignore_errors=True)
                raise TimeoutError("search writer lock not available for the swap")
            if self.feed is not None and self.loader is not None:
                self._follow_locked(gen, state)
            self._swap_to(gen)
        self._cleanup_old_generations()
        return n
