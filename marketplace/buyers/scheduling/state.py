"""The search state: a partial timetable with O(1) checks and a journal so that moves can be
rolled back; the primitive changes, pins, insertion (with Kempe chain swaps), the objective and
the output. The moves that use it live in ``greedy`` (construction, fairness, improvement,
ruin and recreate) and ``exact`` (branch and bound)."""

from __future__ import annotations

import bisect
import math

from marketplace.buyers.scheduling.problem import (
    _COVER_WORK, _KEMPE_MAX_PATH, _REPAIR_WORK, _SMALL, ScheduledMeeting, ScheduleInputError,
    ScheduleResult, _Problem,
)


# --------------------------------------------------------------------------------------------
# search state


class _StateCore:
    """A partial timetable with O(1) checks and a journal so that moves can be rolled back."""

    def __init__(self, p: _Problem):
        self.p = p
        n, S = len(p.names), p.slots
        self.slot_of = [-1] * p.n_edges
        self.busy = [[-1] * S for _ in range(n)]
        self.deg = [0] * n
        self.n_covered = 0  # participants with at least one meeting
        self.version = 0  # bumped by every change, for caches
        self._safe_cache: dict[int, tuple[int, int | None]] = {}
        # moves tried per person by the fairness chains: bounded on small instances, where the
        # chains go 3 deep (large ones use 1-deep chains, whose work is small already)
        self.cover_budget = _COVER_WORK if p.n_edges <= _SMALL else p.n_edges * S
        # ... and by the one-step repairs of the local improvement's moves
        self.repair_budget = _REPAIR_WORK if p.n_edges <= _SMALL else p.n_edges * S
        self.cover_work = self.cover_budget
        self.load = [0] * S
        self.n_meetings = 0
        self.seats = S * p.tables
        # per slot: sorted (priority, edge) of its meetings, for "cheapest meeting in this slot"
        self.by_slot: list[list[tuple[float, int]]] = [[] for _ in range(S)]
        self.pinned = [False] * p.n_edges
        self.pin_table: dict[int, int] = {}
        self.total = 0.0
        self.journal: list[tuple[int, int, int]] | None = None  # (op, edge, slot): +1 put, -1 take
        self.stats = {"kempe": 0, "fair_swaps": 0, "improve_moves": 0, "lns_rounds": 0,
                      "lns_kept": 0}

    # -- primitive changes (journaled) -----------------------------------------------------
    def put(self, e: int, t: int) -> None:
        u, v = self.p.eu[e], self.p.ev[e]
        self.version += 1
        self.slot_of[e] = t
        self.busy[u][t] = e
        self.busy[v][t] = e
        self.deg[u] += 1
        self.deg[v] += 1
        self.n_covered += (self.deg[u] == 1) + (self.deg[v] == 1)
        self.load[t] += 1
        self.n_meetings += 1
        bisect.insort(self.by_slot[t], (self.p.ew[e], e))
        self.total += self.p.ew[e]
        if self.journal is not None:
            self.journal.append((1, e, t))

    def take(self, e: int) -> None:
        t = self.slot_of[e]
        u, v = self.p.eu[e], self.p.ev[e]
        self.version += 1
        self.slot_of[e] = -1
        self.busy[u][t] = -1
        self.busy[v][t] = -1
        self.deg[u] -= 1
        self.deg[v] -= 1
        self.n_covered -= (self.deg[u] == 0) + (self.deg[v] == 0)
        self.load[t] -= 1
        self.n_meetings -= 1
        row = self.by_slot[t]
        del row[bisect.bisect_left(row, (self.p.ew[e], e))]
        self.total -= self.p.ew[e]
        if self.journal is not None:
            self.journal.append((-1, e, t))

    def begin(self) -> int:
        if self.journal is None:
            self.journal = []
        return len(self.journal)

    def rollback(self, mark: int) -> None:
        journal = self.journal
        assert journal is not None
        while len(journal) > mark:
            op, e, t = journal.pop()
            saved, self.journal = self.journal, None
            if op == 1:
                self.take(e)
            else:
                self.put(e, t)
            self.journal = saved

    def commit(self, mark: int) -> None:
        if mark == 0:
            self.journal = None

    # -- pins ------------------------------------------------------------------------------
    def place_pins(self) -> None:
        p = self.p
        tables_used: set[tuple[int, int]] = set()
        for e, t, k in p.pins:
            u, v = p.eu[e], p.ev[e]
            who = f"{p.names[u]!r}-{p.names[v]!r}"
            if self.slot_of[e] >= 0:
                raise ScheduleInputError(f"pair pinned twice: {who}")
            if (t, k) in tables_used:
                raise ScheduleInputError(f"two pinned meetings at slot {t}, table {k}")
            for x in (u, v):
                if not p.avail[x][t]:
                    raise ScheduleInputError(f"{p.names[x]!r} is unavailable in pinned slot {t}")
                if self.busy[x][t] >= 0:
                    raise ScheduleInputError(f"{p.names[x]!r} has two pinned meetings in slot {t}")
                if self.deg[x] >= p.cap[x]:
                    raise ScheduleInputError(f"pinned meetings exceed the cap of {p.names[x]!r}")
            tables_used.add((t, k))
            self.put(e, t)
            self.pinned[e] = True
            self.pin_table[e] = k

    # -- insertion -------------------------------------------------------------------------
    def can_grow(self, e: int) -> bool:
        p = self.p
        return self.deg[p.eu[e]] < p.cap[p.eu[e]] and self.deg[p.ev[e]] < p.cap[p.ev[e]]

    def insert(self, e: int) -> bool:
        """Schedule request ``e`` if possible without dropping anyone: free slot, else a Kempe swap."""
        if self.slot_of[e] >= 0 or not self.can_grow(e):
            return False
        p = self.p
        u, v = p.eu[e], p.ev[e]
        au, av, bu, bv = p.avail[u], p.avail[v], self.busy[u], self.busy[v]
        best_t, best_load = -1, p.tables
        for t in range(p.slots):
            if au[t] and av[t] and bu[t] < 0 and bv[t] < 0 and self.load[t] < best_load:
                best_t, best_load = t, self.load[t]
        if best_t >= 0:
            self.put(e, best_t)
            return True
        if self.n_meetings >= self.seats:
            return False  # every seat is taken: no swap can make room
        return self._kempe_insert(e, u, v) or self._kempe_insert(e, v, u)

    def _kempe_insert(self, e: int, x: int, y: int) -> bool:
        """Free slot ``a`` for ``y`` (``x`` is free there) by swapping an a/b alternating path."""
        p = self.p
        S, T = p.slots, p.tables
        ax, ay, bx, by = p.avail[x], p.avail[y], self.busy[x], self.busy[y]
        free_y = [b for b in range(S) if by[b] < 0 and ay[b]]
        if not free_y:
            return False
        for a in range(S):
            if not (ax[a] and ay[a] and bx[a] < 0 and by[a] >= 0) or self.pinned[by[a]]:
                continue
            for b in free_y:
                if self.load[a] + self.load[b] + 1 > 2 * T:
                    continue  # the swap keeps a+b's meetings, plus e: cannot fit both slots
                path = self._alternating_path(y, a, b)
                if path is None:
                    continue
                na = (len(path) + 1) // 2  # edges alternate a, b, a, ...
                nb = len(path) // 2
                if self.load[a] - na + nb + 1 > T or self.load[b] - nb + na > T:
                    continue
                for f in path:
                    self.take(f)
                for i, f in enumerate(path):
                    self.put(f, b if i % 2 == 0 else a)
                self.put(e, a)
                self.stats["kempe"] += 1
                return True
        return False

    def _alternating_path(self, start: int, a: int, b: int) -> list[int] | None:
        """Edges of the a/b path from ``start`` (first edge in ``a``) if all can swap colour."""
        p = self.p
        path: list[int] = []
        node, colour, other = start, a, b
        while True:
            f = self.busy[node][colour]
            if f < 0:
                return path
            if self.pinned[f] or len(path) >= _KEMPE_MAX_PATH:
                return None
            u, v = p.eu[f], p.ev[f]
            if not (p.avail[u][other] and p.avail[v][other]):
                return None
            path.append(f)
            node = v if node == u else u
            colour, other = other, colour

    def key(self) -> tuple[int, float]:
        """The objective, compared lexicographically: participants covered, then priority."""
        return self.n_covered, self.total

    def snapshot(self) -> list[int]:
        return list(self.slot_of)

    def restore(self, snap: list[int]) -> None:
        for e in range(self.p.n_edges):
            if self.slot_of[e] >= 0 and not self.pinned[e]:
                self.take(e)
        for e, t in enumerate(snap):
            if t >= 0 and not self.pinned[e]:
                self.put(e, t)
    # -- output ----------------------------------------------------------------------------
    def result(self) -> ScheduleResult:
        p = self.p
        meetings: list[ScheduledMeeting] = []
        for t in range(p.slots):
            edges = [e for _w, e in self.by_slot[t]]
            taken = {self.pin_table[e] for e in edges if self.pinned[e]}
            free = iter(k for k in range(p.tables) if k not in taken)
            rows = []
            for e in sorted((e for e in edges if not self.pinned[e]),
                            key=lambda e: (p.names[p.eu[e]], p.names[p.ev[e]])):
                rows.append((p.names[p.eu[e]], p.names[p.ev[e]], t, next(free)))
            rows += [(p.names[p.eu[e]], p.names[p.ev[e]], t, self.pin_table[e])
                     for e in edges if self.pinned[e]]
            meetings += sorted(rows, key=lambda m: m[3])
        unscheduled = [(p.names[p.eu[e]], p.names[p.ev[e]], p.ew[e])
                       for e in range(p.n_edges) if self.slot_of[e] < 0 and p.ew[e] > 0]
        total = math.fsum(p.ew[e] for e in range(p.n_edges) if self.slot_of[e] >= 0)
        return ScheduleResult(meetings, total, unscheduled, dict(self.stats))
