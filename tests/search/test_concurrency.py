"""Several processes (like gunicorn workers) changing listings and searching at the same time:
nobody sees a LockError or any other exception, and afterwards the index holds exactly the
latest version of every listing."""
import dataclasses
import multiprocessing as mp
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
        con.executemany("INSERT INTO listing VALUES (?, 0, 1)", [(i,) for i in self.base])
        con.close()

    def change(self, listing_id, public=True):
        con = self.connect()
        con.execute("UPDATE listing SET version = version + 1, public = ? WHERE id = ?", (int(public), listing_id))
        con.close()

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


def worker(base_dir, db_path, wid, kick, errors):
    try:
        cat = SqliteCatalog(db_path)
        ix = SearchIndex(base_dir, loader=cat, kick=kick)
        for r in range(ROUNDS):
            lid = 1 + (wid * 7 + r * 3) % N_DOCS
            cat.change(lid, public=(r % 5 != 4))
            ix.notify([lid])
            search(ix, SearchParams(q="saree brass"))
            search(ix, SearchParams(q="", district="lucknow", sort="newest"))
            if wid == 0 and r == ROUNDS // 2:
                ix.rebuild(cat.docs())  # a reindex in the middle of it all
        if kick == "thread":
            deadline = time.time() + 20
            while ix._drainer is not None and time.time() < deadline:
                time.sleep(0.05)
    except Exception:  # noqa: BLE001 - report every failure to the parent
        errors.put(f"worker {wid}: {traceback.format_exc()}")


@pytest.mark.slow
def test_many_processes_writing_and_searching_never_fail_and_leave_a_true_index(tmp_path):
    base, db = tmp_path / "search", str(tmp_path / "catalog.sqlite3")
    cat = SqliteCatalog(db)
    cat.setup()
    SearchIndex(base, loader=cat).rebuild(cat.docs())

    ctx = mp.get_context("fork")
    errors = ctx.Queue()
    procs = [ctx.Process(target=worker, args=(str(base), db, w, "thread" if w % 2 else "inline", errors))
             for w in range(N_PROCS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert not failures, "\n".join(failures)

    ix = SearchIndex(base, loader=cat)
    ix.drain(blocking=True)  # nothing should be left, but make sure before comparing
    assert ix.pending_count() == 0
    state = cat.state()
    fresh = windex.open_dir(str(ix.current_dir()))
    with fresh.searcher() as s:
        assert s.doc_count() == sum(1 for v, public in state.values() if public)
        for lid, (version, public) in state.items():
            hits = s.search(wq.Term("id", str(lid)), limit=None)
            if public:
                assert len(hits) == 1, lid
                assert hits[0]["data"]["title_en"].endswith(f" v{version}"), (lid, version, hits[0]["data"]["title_en"])
            else:
                assert len(hits) == 0, lid
    assert len(list(base.glob("gen-*"))) <= 2


def test_an_update_is_searchable_within_a_second_through_the_background_drain(tmp_path):
    db = str(tmp_path / "catalog.sqlite3")
    cat = SqliteCatalog(db)
    cat.setup()
    ix = SearchIndex(tmp_path / "search", loader=cat, kick="thread")
    ix.rebuild(cat.docs())
    cat.change(5)
    t0 = time.monotonic()
    ix.notify([5])
    while time.monotonic() - t0 < 1.0:
        r = search(ix, SearchParams(q="v1", in_stock_only=False))
        if [h.id for h in r.hits] == [5]:
            break
        time.sleep(0.01)
    else:
        pytest.fail("update not visible within a second")
