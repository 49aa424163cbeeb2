"""Several processes (like gunicorn workers) changing listings, following the change feed and
searching at the same time: nobody sees a LockError or any other exception, and afterwards the
index holds exactly the latest version of every listing; a follower killed with SIGKILL in the
middle of applying a large batch loses nothing and applies nothing twice."""
import dataclasses
import multiprocessing as mp
import os
import signal
import sqlite3
import time
import traceback

import pytest
from whoosh import index as windex
from whoosh import query as wq

from marketplace.catalog.search.index import SearchIndex
from marketplace.catalog.search.query import SearchParams, search
from marketplace.catalog.search.synthetic import generate

N_DOCS = 60
N_PROCS = 4
ROUNDS = 25


class SqliteCatalog:
    """The 'database' the workers share: listing id -> title version, public flag."""

    def __init__(self, path):
        self.path = path
        self.base = {d.id: d for d in generate(N_DOCS, seed=3)}

    def connect(self):
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.execute("PRAGMA busy_timeout=30000")
        return con

    def setup(self):
        con = self.connect()
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("CREATE TABLE IF NOT EXISTS listing (id INTEGER PRIMARY KEY, version INTEGER, public INTEGER)")
        con.execute("CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, listing_id INTEGER)")
        con.executemany("INSERT INTO listing VALUES (?, 0, 1)", [(i,) for i in self.base])
        con.close()

    def change(self, listing_id, public=True):
        """One transaction: the listing and its feed row (what the flush hook does)."""
        con = self.connect()
        con.execute("BEGIN IMMEDIATE")
        con.execute("UPDATE listing SET version = version + 1, public = ? WHERE id = ?", (int(public), listing_id))
        con.execute("INSERT INTO changes (listing_id) VALUES (?)", (listing_id,))
        con.execute("COMMIT")
        con.close()

    # the index.Feed protocol over the changes table
    def bounds(self):
        con = self.connect()
        row = con.execute("SELECT min(seq), max(seq) FROM changes").fetchone()
        con.close()
        return row[0], row[1]

    def read(self, after, gaps, limit, upto=None):
        where = ["(seq > ?" + (" AND seq <= ?)" if upto is not None else ")")]
        params = [after] + ([upto] if upto is not None else [])
        for lo, hi in gaps:
            where.append("seq BETWEEN ? AND ?")
            params += [lo, hi]
        con = self.connect()
        rows = con.execute(f"SELECT seq, listing_id FROM changes WHERE {' OR '.join(where)} ORDER BY seq LIMIT ?",
                           (*params, limit)).fetchall()
        con.close()
        return rows

    def index(self, base_dir, loader=None):
        return SearchIndex(base_dir, loader=loader or self, feed=self, docs=self.docs)

    def state(self):
        con = self.connect()
        rows = con.execute("SELECT id, version, public FROM listing").fetchall()
        con.close()
        return {r[0]: (r[1], bool(r[2])) for r in rows}

    def __call__(self, ids):
        con = self.connect()
        out = {}
        for i in ids:
            row = con.execute("SELECT version, public FROM listing WHERE id = ?", (i,)).fetchone()
            if row is None:
                out[i] = None
                continue
            d = self.base[i]
            out[i] = dataclasses.replace(d, title_en=f"{d.title_en} v{row[0]}", is_public=bool(row[1]), in_stock=True)
        con.close()
        return out

    def docs(self):
        return [d for d in self(list(self.base)).values() if d is not None]


def worker(base_dir, db_path, wid, errors):
    try:
        cat = SqliteCatalog(db_path)
        ix = cat.index(base_dir)
        for r in range(ROUNDS):
            lid = 1 + (wid * 7 + r * 3) % N_DOCS
            cat.change(lid, public=(r % 5 != 4))
            ix.follow()  # whoever holds the writer lock applies everybody's rows
            search(ix, SearchParams(q="saree brass"))
            search(ix, SearchParams(q="", district="lucknow", sort="newest"))
            if wid == 0 and r == ROUNDS // 2:
                ix.rebuild(cat.docs)  # a reindex in the middle of it all (reads the catalogue itself)
    except Exception:  # noqa: BLE001 - report every failure to the parent
        errors.put(f"worker {wid}: {traceback.format_exc()}")


@pytest.mark.slow
def test_many_processes_writing_and_searching_never_fail_and_leave_a_true_index(tmp_path):
    base, db = tmp_path / "search", str(tmp_path / "catalog.sqlite3")
    cat = SqliteCatalog(db)
    cat.setup()
    cat.index(base).rebuild(cat.docs())

    ctx = mp.get_context("fork")
    errors = ctx.Queue()
    procs = [ctx.Process(target=worker, args=(str(base), db, w, errors)) for w in range(N_PROCS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert not failures, "\n".join(failures)

    ix = cat.index(base)
    ix.follow(blocking=True)  # a worker's last rows may have been left to a holder that had finished
    assert ix.position().high == cat.bounds()[1]
    state = cat.state()
    fresh = windex.open_dir(str(ix.current_dir()))
    with fresh.searcher() as s:
        assert s.doc_count() - 1 == sum(1 for v, public in state.values() if public)  # - the position
        for lid, (version, public) in state.items():
            hits = s.search(wq.Term("id", str(lid)), limit=None)
            if public:
                assert len(hits) == 1, lid
                assert hits[0]["data"]["title_en"].endswith(f" v{version}"), (lid, version, hits[0]["data"]["title_en"])
            else:
                assert len(hits) == 0, lid
    assert len(list(base.glob("gen-*"))) <= 2


def test_an_update_is_searchable_within_a_second_through_the_follower_thread(tmp_path):
    """The follower loop the web processes run (sync.run_follower does the same with the
    database feed), here over the SQLite stand-in."""
    import threading

    db = str(tmp_path / "catalog.sqlite3")
    cat = SqliteCatalog(db)
    cat.setup()
    ix = cat.index(tmp_path / "search")
    ix.rebuild(cat.docs())
    stop = threading.Event()

    def follow():
        while not stop.is_set():
            ix.follow()
            stop.wait(0.1)

    thread = threading.Thread(target=follow, daemon=True)
    thread.start()
    try:
        t0 = time.monotonic()
        cat.change(5)
        while time.monotonic() - t0 < 1.0:
            r = search(ix, SearchParams(q="v1", in_stock_only=False))
            if [h.id for h in r.hits] == [5]:
                break
            time.sleep(0.01)
        else:
            pytest.fail("update not visible within a second")
    finally:
        stop.set()
        thread.join(5)


class SlowCatalog(SqliteCatalog):
    """Loads listings slowly, so the follower is surely in the middle of a batch when killed."""

    def __call__(self, ids):
        out = super().__call__(ids)
        time.sleep(0.02)
        return out


def _follow_until_killed(base_dir, db_path, started):
    cat = SqliteCatalog(db_path)
    ix = cat.index(base_dir, loader=SlowCatalog(db_path))
    started.set()
    ix.follow(blocking=True)


def test_a_follower_killed_mid_apply_loses_nothing_and_applies_nothing_twice(tmp_path, monkeypatch):
    from marketplace.catalog.search import index as index_module

    base, db = tmp_path / "search", str(tmp_path / "catalog.sqlite3")
    cat = SqliteCatalog(db)
    cat.setup()
    cat.index(base).rebuild(cat.docs())
    con = cat.connect()  # a large burst: 600 feed rows (each listing 10 times, the last unpublishes some)
    con.execute("BEGIN")
    for r in range(10):
        con.executemany("UPDATE listing SET version = version + 1, public = ? WHERE id = ?",
                        [(int(r < 9 or i % 3 != 0), i) for i in cat.base])
        con.executemany("INSERT INTO changes (listing_id) VALUES (?)", [(i,) for i in cat.base])
    con.execute("COMMIT")
    con.close()
    monkeypatch.setattr(index_module, "BATCH", 30)  # 20 Whoosh commits (the child is forked after this)

    ctx = mp.get_context("fork")
    killed_at = []
    for delay in (0.1, 0.2):
        started = ctx.Event()
        child = ctx.Process(target=_follow_until_killed, args=(str(base), db, started))
        child.start()
        assert started.wait(10)
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        assert child.exitcode == -signal.SIGKILL
        killed_at.append(cat.index(base).position().applied)
    print("applied when killed:", killed_at)
    assert 0 < killed_at[-1] < 600, killed_at  # killed with part of the burst applied

    ix = cat.index(base)
    ix.follow(blocking=True)  # restarted: the rest, from where the last commit left it
    position = ix.position()
    assert (position.high, position.applied, position.gaps) == (600, 600, [])  # each row exactly once
    state = cat.state()
    expected = sorted(lid for lid, (_v, public) in state.items() if public)
    with windex.open_dir(str(ix.current_dir())).searcher() as s:
        found = sorted(int(f["id"]) for f in s.all_stored_fields() if f["id"].isdigit())
        assert found == expected
        for lid in expected:
            assert s.document(id=str(lid))["data"]["title_en"].endswith(" v10")
    browse = search(ix, SearchParams(q="", in_stock_only=False))  # the index opens and answers
    assert browse.total == len(expected)
