"""The listing index on disk, and the single-writer funnel that keeps it true.

Layout of the index directory (``SEARCH_INDEX_DIR``)::

    current -> gen-<ns>      symlink to the live Whoosh index (swapped atomically by reindex)
    gen-<ns>/                a Whoosh index + labels.json (facet labels in both scripts)
    queue.sqlite3            durable queue of listing ids waiting to be (re)indexed
    writer.lock              flock held by the one process currently writing

Why: Whoosh allows one writer at a time; a second ``ix.writer()`` raises ``LockError``. Web workers
therefore never open a writer. A change to a listing only *enqueues its id* (a tiny SQLite insert,
safe from any number of processes), then "kicks" a drain. The drain takes ``writer.lock``
without waiting; whoever holds it applies every queued id (loading the current state through the
``loader``), commits, marks the rows done, releases the lock and looks at the queue once more
(so an id enqueued while it was finishing is never stranded). A request therefore never waits for
or fails on a lock, and at most one Whoosh writer exists at any time.

Reindex builds a complete index in a new ``gen-*`` directory while the old one keeps answering,
then, holding the writer lock, replays the queue rows enqueued since the build started, and
swaps the ``current`` symlink with an atomic rename. Readers notice the new target on their next
query.

The module stays whole: the directory layout, the queue and the writer lock are one protocol,
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
import sqlite3
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as windex

from marketplace.catalog.gi import names as gi_names

from .schema import SearchDoc, doc_fields, gi_key, make_schema

log = logging.getLogger(__name__)

#: ids -> {id: SearchDoc or None}; None (or a missing id) means "not in the index any more".
Loader = Callable[[list[int]], dict[int, SearchDoc | None]]

BATCH = 500
PRUNE_AFTER_S = 24 * 3600


class SearchIndex:
    """One listing index under ``base_dir`` (see the module docstring for the layout)."""

    def __init__(self, base_dir: str | os.PathLike, loader: Loader | None = None, kick: str = "thread",
                 on_applied: Callable[[list[int]], None] | None = None):
        """``loader`` turns listing ids into documents for the writer; ``kick`` is how ``notify``
        starts a drain: "thread" (background thread, web processes), "inline" (in the caller,
        tests and CLI) or "none" (leave it to ``flask search worker``). ``on_applied(ids)`` is
        called after the writer committed changes for ``ids`` (e.g. to drop cached pages)."""
        self.base = Path(base_dir)
        self.loader = loader
        self.kick = kick
        self.on_applied = on_applied
        self._local = threading.local()
        self._drain_lock = threading.Lock()
        self._drainer: threading.Thread | None = None
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
        """Documents in the live index."""
        return self.searcher().doc_count()

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
    def writer_lock(self, blocking: bool = False, timeout: float = 10.0):
        """Hold ``writer.lock`` (an flock, released if the process dies). Yields True if taken.

        Non-blocking by default: a caller that does not get it leaves the work to the holder.
        """
        self.base.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.base / "writer.lock", os.O_RDWR | os.O_CREAT, 0o644)
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

    # ------------------------------------------------------------------ queue

    def _queue(self) -> sqlite3.Connection:
        self.base.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.base / "queue.sqlite3", timeout=30, isolation_level=None)
        con.execute("PRAGMA busy_timeout=30000")
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute(
            "CREATE TABLE IF NOT EXISTS pending (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            " listing_id INTEGER NOT NULL, enqueued_at REAL NOT NULL, done INTEGER NOT NULL DEFAULT 0)"
        )
        con.execute("CREATE INDEX IF NOT EXISTS pending_done ON pending (done, seq)")
        return con

    def enqueue(self, ids: Iterable[int]) -> int:
        """Durably queue listing ids for (re)indexing; returns how many were queued."""
        rows = [(int(i), time.time()) for i in dict.fromkeys(ids)]
        if not rows:
            return 0
        con = self._queue()
        try:
            con.executemany("INSERT INTO pending (listing_id, enqueued_at) VALUES (?, ?)", rows)
        finally:
            con.close()
        return len(rows)

    def pending_count(self) -> int:
        """Queue rows not yet applied."""
        con = self._queue()
        try:
            return con.execute("SELECT count(*) FROM pending WHERE done = 0").fetchone()[0]
        finally:
            con.close()

    def _max_seq(self) -> int:
        con = self._queue()
        try:
            return con.execute("SELECT coalesce(max(seq), 0) FROM pending").fetchone()[0]
        finally:
            con.close()

    # ------------------------------------------------------------------ writing

    def notify(self, ids: Iterable[int]) -> None:
        """Queue ``ids`` and start a drain according to ``self.kick``. Never raises LockError."""
        if not self.enqueue(ids):
            return
        if self.kick == "inline":
            self.drain()
        elif self.kick == "thread":
            self.kick_thread()

    def kick_thread(self) -> None:
        """Start this process's drainer thread unless it is already running."""
        with self._drain_lock:
            if self._drainer is not None and self._drainer.is_alive():
                self._drainer_again = True
                return
            self._drainer_again = False
            t = threading.Thread(target=self._drain_thread, name="search-drain", daemon=True)
            self._drainer = t
            t.start()

    def _drain_thread(self) -> None:
        try:
            while True:
                self.drain()
                with self._drain_lock:
                    if not self._drainer_again:
                        self._drainer = None
                        return
                    self._drainer_again = False
        except Exception:  # noqa: BLE001 - a background thread must log, not die silently
            log.exception("search: drain failed; rows stay queued for the next drain")
            with self._drain_lock:
                self._drainer = None

    def drain(self, blocking: bool = False, timeout: float = 10.0) -> int:
        """Apply queued ids if this process can take the writer lock; returns ids applied.

        If another process holds the lock it will apply them (it re-reads the queue after
        releasing), so not getting the lock is not an error.
        """
        total = 0
        while True:
            with self.writer_lock(blocking=blocking, timeout=timeout) as got:
                if not got:
                    return total
                total += self._drain_locked()
            # Look again after releasing: rows enqueued while we were finishing whose
            # enqueuer failed to get the lock are ours to apply.
            if self.pending_count() == 0:
                return total
            blocking = False

    def _drain_locked(self) -> int:
        """Apply every pending row (caller holds the writer lock)."""
        if self.loader is None:
            raise RuntimeError("SearchIndex.drain needs a loader")
        self.ensure_locked()
        applied = 0
        con = self._queue()
        try:
            while True:
                rows = con.execute(
                    "SELECT seq, listing_id FROM pending WHERE done = 0 ORDER BY seq LIMIT ?", (BATCH,)
                ).fetchall()
                if not rows:
                    break
                ids = list(dict.fromkeys(r[1] for r in rows))
                self._apply_ids(self.current_dir(), ids)
                seqs = [r[0] for r in rows]
                con.executemany("UPDATE pending SET done = 1 WHERE seq = ?", [(s,) for s in seqs])
                applied += len(ids)
                if self.on_applied is not None:
                    try:
                        self.on_applied(ids)
                    except Exception:  # noqa: BLE001 - the index is right; a hook must not undo that
                        log.exception("search: on_applied hook failed")
            if applied:
                con.execute(
                    "DELETE FROM pending WHERE done = 1 AND enqueued_at < ?", (time.time() - PRUNE_AFTER_S,)
                )
        finally:
            con.close()
        return applied

    def ensure_locked(self) -> None:
        """Create the first index generation (caller holds the writer lock)."""
        if not self.exists():
            d = self._new_generation()
            windex.create_in(str(d), make_schema())
            self._swap_to(d)

    def _apply_ids(self, gen: Path, ids: list[int]) -> None:
        docs = self.loader(ids)
        upserts = [d for i in ids if (d := docs.get(i)) is not None and d.is_public]
        deletes = [i for i in ids if (d := docs.get(i)) is None or not d.is_public]
        self._write(gen, upserts, deletes)

    def _write(self, gen: Path, upserts: list[SearchDoc], deletes: list[int]) -> None:
        ix = windex.open_dir(str(gen))
        w = ix.writer(timeout=30)
        try:
            for i in deletes:
                w.delete_by_term("id", str(i))
            for doc in upserts:
                w.update_document(**doc_fields(doc))
        except BaseException:
            w.cancel()
            raise
        labels = self._read_labels(gen)
        self._merge_labels(labels, upserts)
        w.commit()
        self._write_labels(gen, labels)

    def apply(self, upserts: list[SearchDoc], deletes: list[int] = ()) -> None:
        """Write documents directly (benchmarks, tests), waiting for the writer lock."""
        with self.writer_lock(blocking=True, timeout=60) as got:
            if not got:
                raise TimeoutError("search writer lock not available")
            self.ensure_locked()
            self._write(self.current_dir(), [d for d in upserts if d.is_public], list(deletes))

    # ------------------------------------------------------------------ full rebuild

    def rebuild(self, docs: Iterable[SearchDoc] | Callable[[], Iterable[SearchDoc]], procs: int = 1,
                limitmb: int = 256) -> int:
        """Build a fresh generation from ``docs`` (every public listing), then swap it in.

        Searches keep using the old generation until the swap. Changes enqueued after the build
        started are replayed into the new generation before the swap, so ``docs`` must be read
        *after* this call starts: pass a callable or a lazy generator (a list made beforehand
        could miss a change committed between reading it and this call). Returns the documents
        indexed.
        """
        self.base.mkdir(parents=True, exist_ok=True)
        start_seq = self._max_seq()
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
            con = self._queue()
            try:
                ids = [r[0] for r in con.execute(
                    "SELECT DISTINCT listing_id FROM pending WHERE seq > ?", (start_seq,)
                )]
            finally:
                con.close()
            if ids and self.loader is not None:
                for i in range(0, len(ids), BATCH):
                    self._apply_ids(gen, ids[i:i + BATCH])
            self._swap_to(gen)
            if self.loader is not None:
                self._drain_locked()
        self._cleanup_old_generations()
        return n
