"""``at_once``: run a function in several threads released at the same instant (a barrier), each in
its own app context and database session, as concurrent requests are. For the race tests on
PostgreSQL (row locks, conditional updates); SQLite serialises writers anyway."""
from __future__ import annotations

import threading

from marketplace.extensions import db


def at_once(app, attempts: int, attempt) -> list:
    """Call ``attempt(n)`` for n in 0..attempts-1, all at the same moment; returns what each
    returned, or the exception it raised, in no particular order."""
    barrier = threading.Barrier(attempts)
    results, lock = [], threading.Lock()

    def run(n):
        with app.app_context():
            barrier.wait()
            try:
                outcome = attempt(n)
            except Exception as exc:  # collected: the caller checks them
                outcome = exc
            finally:
                db.session.remove()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results
