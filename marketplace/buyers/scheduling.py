"""The samagam timetable: which buyer meets which seller, in which slot, at which table.

``schedule_meetings`` is a pure function (no database, no Flask) so that it can be tested against
an exact solver and benchmarked on its own::

    from marketplace.buyers.scheduling import schedule_meetings
    result = schedule_meetings(
        requests=[("b1", "s7", 3.5), ...],  # (buyer id, seller id, priority > 0)
        slots=12, tables=100,
        unavailable={"b1": {0, 1}},         # participant id -> slot indexes they cannot attend
        max_meetings={"s7": 6},             # participant id -> most meetings for them
        pinned=[("b2", "s9", 4, 17)],       # meetings kept exactly: (buyer, seller, slot, table)
    )
    result.meetings        # [(buyer id, seller id, slot, table), ...]
    result.total_priority  # sum of the priorities of the scheduled requests
    result.unscheduled     # [(buyer id, seller id, priority), ...] requests left out

Slots and tables are numbered from 0 (screens show them from 1).

Hard constraints (always hold, property-tested):

* nobody is in two meetings in one slot, nor in a slot they are unavailable for;
* at most ``tables`` meetings share a slot, each at its own table;
* a buyer-seller pair meets at most once (duplicate requests keep their highest priority);
* nobody has more meetings than their cap (``max_meetings``, default: one per slot);
* pinned meetings are kept exactly (same slot, same table); re-running with the previous
  pins never moves them.

Objective, fairness first (compared lexicographically): as many participants as possible get at
least one meeting, then the total priority of the scheduled requests is as high as possible. A
meeting that gives someone their only meeting may therefore displace a higher-priority meeting of
someone who keeps others. Guaranteed (and property-tested): no participant without a meeting has a
request that fits as it is, or fits by swapping out one unpinned meeting whose other participants
keep another meeting.

How it works. Choosing the meetings is a weighted b-matching (each participant's degree bounded by
their cap and their free slots, the total bounded by slots x tables); giving them slots is an
edge colouring of the chosen bipartite graph with ``slots`` colours, where every colour class has
at most ``tables`` edges and some colours are forbidden at some vertices. The two are done together:

1. *Greedy insertion* by priority (highest first). A request goes into the least-loaded slot where
   both people are free and available; if there is none, a *Kempe chain* swap (alternating a/b path
   of the colouring, as in Konig's edge-colouring proof) frees a slot for it when availability,
   pins and table counts allow. Two constructions (by priority; first meetings first) up to
   3,000 requests, the better one kept.
2. *Fairness pass*: every participant still without a meeting gets one through an augmenting
   chain: a blocking meeting is taken out and re-seated, or its other participant in turn gets
   another meeting (chains up to 3 deep on small instances, 1 on large ones; on small ones at most
   ``_COVER_WORK`` moves are tried per person, as deep chains grow exponentially).
3. *Local improvement*: each unscheduled request is tried in every slot, taking out the cheapest
   blocking meetings (the partner's meeting in that slot, a meeting over a cap, the cheapest
   meeting of a full slot), then re-inserting what was taken out elsewhere; the move is kept only
   when the objective improves (all changes are journaled and rolled back otherwise). People a
   move leaves without a meeting get a one-step chain (at most ``_REPAIR_WORK`` moves each on
   small instances).
4. *Exact search* (branch and bound) up to 400 requests, starting from that timetable: requests
   are decided in or out, highest priority first; one that is in must still fit (free slot, Kempe
   swap, or a complete re-colouring of the meetings chosen so far by backtracking, fewest usable
   slots first, interchangeable empty slots tried once). A node is cut when upper bounds on what
   its completions can reach are no better: people without a meeting who still have a request
   (at most twice the free seats, at most the free seats plus a maximum matching among them),
   and priority (the least of: the best remaining requests filling the free seats; per side,
   every person's best remaining requests up to the meetings they can still take), with a 1 %
   gap on priority. When the search finishes (within ``_EXACT_NODES`` nodes, no re-colouring
   given up; fewer nodes on bigger instances, ``_EXACT_WORK``) the result is proven: the most
   people covered, and at least 99 % of the best total among such timetables. The local search
   alone missed moves that need a chain of displacements through several full slots (one table
   per slot): one bench instance stayed at 96.4 % of the optimum.
5. *Ruin and recreate* (large neighbourhood search) when the exact search did not finish (15
   rounds) or was not run (401 to 3,000 requests: 40 rounds): take out a few related meetings at
   random (seeded, so the result is deterministic), re-insert by priority, improve locally, keep
   the result if it is better.

On random small instances the result is compared with the exact optimum of the same objective
(a two-stage MILP, scipy, used by the tests only) in the tests: as many participants covered, and
at least 98 % of the best total priority, on every instance; ``bench/scheduling.py`` measures that
on 350 instances of several shapes and the 1,000 buyers x 2,000 sellers x 20,000 requests case.
"""
from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

Request = tuple[str, str, float]
ScheduledMeeting = tuple[str, str, int, int]

_EPS = 1e-9
_KEMPE_MAX_PATH = 64
_SMALL = 400  # requests: exhaustive moves, deep fairness chains, many search rounds
_SCAN = 64  # meetings of a full slot examined for a safe one to move
_MEDIUM = 3000  # requests: two constructions and a few search rounds
_EXACT_EDGES = _SMALL  # requests: exact search (branch and bound) first
_EXACT_NODES = 20_000  # its budget: branch-and-bound and re-colouring nodes (a second or two),
# fewer on bigger instances (see _EXACT_WORK)
_EXACT_GAP = 0.01  # a node must promise this much more priority than the best timetable
_RECOLOUR_NODES = 1000  # nodes of one re-colouring search
_LNS_AFTER_EXACT = 15  # ruin-and-recreate rounds when the exact search did not finish
_COVER_WORK = 100  # moves tried per person by the fairness chains (small instances)
_REPAIR_WORK = 20  # moves tried to re-cover a person a local improvement move uncovered (small)
_EXACT_WORK = 2_000_000  # exact search: nodes x requests (each node's bounds read the requests)


class ScheduleInputError(ValueError):
    """The input cannot describe a timetable (bad priority, pins that break a hard rule, ...)."""


@dataclass
class ScheduleResult:
    """What ``schedule_meetings`` returns.

    ``meetings``: (buyer, seller, slot, table), sorted by slot then table.
    ``total_priority``: sum of the scheduled requests' priorities (pinned meetings count with
    their request's priority, or 0 when they were not requested).
    ``unscheduled``: the (deduplicated) requests that got no meeting, highest priority first.
    ``stats``: counters about the run (moves tried and kept), for benchmarks and logs.
    """

    meetings: list[ScheduledMeeting]
    total_priority: float
    unscheduled: list[Request]
    stats: dict[str, int] = field(default_factory=dict)

    def meetings_of(self, participant: str) -> list[ScheduledMeeting]:
        """The meetings of one participant, by slot."""
        return [m for m in self.meetings if participant in (m[0], m[1])]


def schedule_meetings(
    requests: Iterable[Sequence],
    slots: int,
    tables: int,
    unavailable: Mapping[str, Iterable[int]] | None = None,
    max_meetings: Mapping[str, int] | None = None,
    pinned: Iterable[Sequence] | None = None,
    *,
    seed: int = 0,
    search_effort: int | None = None,
) -> ScheduleResult:
    """Place requested buyer-seller meetings into ``slots`` x ``tables``.

    Inputs: ``requests`` as (buyer id, seller id, priority > 0), ids are strings unique across both
    sides; ``slots`` and ``tables`` non-negative ints; ``unavailable`` maps a participant to slot
    indexes they cannot attend; ``max_meetings`` maps a participant to a cap (>= 0); ``pinned``
    lists (buyer, seller, slot, table) meetings to keep exactly. ``seed`` fixes the randomised
    search (same input, same seed -> same timetable); ``search_effort`` overrides the number of
    ruin-and-recreate rounds (default: scaled to the instance, 0 on large ones); 0 also skips the
    exact search (construction and local improvement only).

    Result: a :class:`ScheduleResult`. Raises :class:`ScheduleInputError` (a ``ValueError``) for a
    priority that is not a positive finite number, a person meeting themselves, slot/table counts
    or indexes out of range, or pins that break a hard constraint among themselves.
    """
    problem = _Problem.build(requests, slots, tables, unavailable or {}, max_meetings or {},
                             pinned or ())
    state = _State(problem)
    state.place_pins()
    fair_depth = 3 if problem.n_edges <= _SMALL else 1
    # small instances get an exact search next, which covers as many people as possible anyway:
    # their constructions only need the cheap one-step fairness chains
    exact_next = problem.n_edges <= _EXACT_EDGES and search_effort != 0
    build_depth = 1 if exact_next else fair_depth
    # two constructions (by priority; covering first), each improved; keep the better
    candidates = []
    # large instances: only the covering construction (fairness comes first, and repairing a
    # priority-only start person by person costs far more time)
    builds = ((state.greedy, state.greedy_covering) if problem.n_edges <= _MEDIUM
              else (state.greedy_covering,))
    for build in builds:
        if candidates:
            state.restore([-1] * problem.n_edges)
        build(range(problem.n_edges))
        state.fairness_pass(depth=build_depth)
        state.improve()
        candidates.append((state.key(), state.snapshot()))
    best_key, best = max(candidates, key=lambda c: c[0])
    if state.key() != best_key:
        state.restore(best)
    if exact_next and state.exact_search(_EXACT_NODES):
        return state.result()  # optimal: nothing left to improve
    if build_depth < fair_depth:
        state.fairness_pass(depth=fair_depth)
    effort = search_effort if search_effort is not None else _default_effort(problem)
    if effort > 0:  # the search may have moved meetings: make sure fairness still holds
        state.ruin_and_recreate(effort, random.Random(seed))
        state.fairness_pass(depth=fair_depth)
    return state.result()


def _default_effort(problem: "_Problem") -> int:
    if problem.n_edges <= _SMALL:  # after an exact search that did not finish: a strong start
        return _LNS_AFTER_EXACT
    if problem.n_edges <= _MEDIUM:
        return 40
    return 0


# --------------------------------------------------------------------------------------------
# input


@dataclass
class _Problem:
    names: list[str]
    slots: int
    tables: int
    avail: list[list[bool]]  # person -> slot -> can attend
    cap: list[int]
    eu: list[int]  # edge -> buyer index; edges sorted by priority, highest first
    ev: list[int]  # edge -> seller index
    ew: list[float]
    adj: list[list[int]]  # person -> edges, highest priority first
    pins: list[tuple[int, int, int]]  # (edge, slot, table)

    @property
    def n_edges(self) -> int:
        return len(self.ew)

    @classmethod
    def build(cls, requests, slots, tables, unavailable, max_meetings, pinned) -> "_Problem":
        if not isinstance(slots, int) or isinstance(slots, bool) or slots < 0:
            raise ScheduleInputError("slots must be a non-negative integer")
        if not isinstance(tables, int) or isinstance(tables, bool) or tables < 0:
            raise ScheduleInputError("tables must be a non-negative integer")
        index: dict[str, int] = {}
        names: list[str] = []
        side: dict[str, str] = {}

        def person(pid, role: str) -> int:
            if not isinstance(pid, str) or not pid:
                raise ScheduleInputError(f"participant ids must be non-empty strings: {pid!r}")
            if side.setdefault(pid, role) != role:
                raise ScheduleInputError(f"{pid!r} appears both as a buyer and as a seller")
            if pid not in index:
                index[pid] = len(names)
                names.append(pid)
            return index[pid]

        best: dict[tuple[int, int], tuple[float, int]] = {}
        for order, req in enumerate(requests):
            if len(req) != 3:
                raise ScheduleInputError(f"a request is (buyer, seller, priority): {req!r}")
            b, s, w = req
            if b == s:
                raise ScheduleInputError(f"{b!r} cannot meet themselves")
            try:
                w = float(w)
            except (TypeError, ValueError):
                raise ScheduleInputError(f"priority must be a number: {req!r}") from None
            if not math.isfinite(w) or w <= 0:
                raise ScheduleInputError(f"priority must be a positive number: {req!r}")
            key = (person(b, "buyer"), person(s, "seller"))
            if key not in best or w > best[key][0]:
                best[key] = (w, best[key][1] if key in best else order)

        pin_rows = []
        for pin in pinned:
            if len(pin) != 4:
                raise ScheduleInputError(f"a pinned meeting is (buyer, seller, slot, table): {pin!r}")
            b, s, t, k = pin
            key = (person(b, "buyer"), person(s, "seller"))
            if not (isinstance(t, int) and 0 <= t < slots):
                raise ScheduleInputError(f"pinned slot out of range: {pin!r}")
            if not (isinstance(k, int) and 0 <= k < tables):
                raise ScheduleInputError(f"pinned table out of range: {pin!r}")
            if key not in best:
                best[key] = (0.0, -1)  # pinned without a request: kept, worth nothing
            pin_rows.append((key, t, k))

        for pid in list(unavailable) + list(max_meetings):
            if pid not in index:
                person(pid, side.get(pid, "buyer"))
        n = len(names)
        avail = [[True] * slots for _ in range(n)]
        for pid, bad in unavailable.items():
            row = avail[index[pid]]
            for t in bad:
                if isinstance(t, int) and 0 <= t < slots:
                    row[t] = False
                else:
                    raise ScheduleInputError(f"unavailable slot out of range for {pid!r}: {t!r}")
        cap = [slots] * n
        for pid, c in max_meetings.items():
            if not isinstance(c, int) or isinstance(c, bool) or c < 0:
                raise ScheduleInputError(f"max_meetings must be a non-negative integer: {pid!r}")
            cap[index[pid]] = min(c, slots)

        # highest priority first, ties in input order (deterministic)
        ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1], kv[0]))
        eu, ev, ew = [], [], []
        edge_of: dict[tuple[int, int], int] = {}
        adj: list[list[int]] = [[] for _ in range(n)]
        for e, ((u, v), (w, _order)) in enumerate(ordered):
            eu.append(u)
            ev.append(v)
            ew.append(w)
            edge_of[(u, v)] = e
            adj[u].append(e)
            adj[v].append(e)
        pins = [(edge_of[key], t, k) for key, t, k in pin_rows]
        return cls(names, slots, tables, avail, cap, eu, ev, ew, adj, pins)


def _matching_size(pairs: list[tuple[int, int]]) -> int:
    """Size of a maximum matching of the bipartite graph given by its edges (Kuhn's algorithm)."""
    nbrs: dict[int, list[int]] = {}
    for u, v in pairs:
        nbrs.setdefault(u, []).append(v)
    mate: dict[int, int] = {}

    def augment(u: int, seen: set[int]) -> bool:
        for v in nbrs[u]:
            if v not in seen:
                seen.add(v)
                if v not in mate or augment(mate[v], seen):
                    mate[v] = u
                    return True
        return False

    return sum(1 for u in nbrs if augment(u, set()))


# --------------------------------------------------------------------------------------------
# search state


class _State:
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

    def greedy(self, edges: Iterable[int]) -> None:
        for e in edges:
            if self.slot_of[e] < 0:
                self.insert(e)

    # -- displacement moves ----------------------------------------------------------------
    def _blockers(self, e: int, t: int, safe_first: bool = False) -> list[int] | None:
        """Unpinned meetings to take out so that ``e`` fits in slot ``t``; None if impossible.

        The partners' meetings in slot ``t``, a meeting of a person at their cap, and a meeting
        of slot ``t`` if it is full; each the cheapest, or with ``safe_first`` the cheapest whose
        other participants keep another meeting (falling back to the cheapest).
        """
        p = self.p
        u, v = p.eu[e], p.ev[e]
        if not (p.avail[u][t] and p.avail[v][t]):
            return None
        out: list[int] = []

        def safe(f: int) -> bool:
            return all(x in (u, v) or self.deg[x] >= 2 for x in (p.eu[f], p.ev[f]))

        def pick(cands: Iterable[int]) -> int | None:
            cands = [f for f in cands if not self.pinned[f] and f not in out]
            if not cands:
                return None
            if safe_first:
                good = [f for f in cands if safe(f)]
                cands = good or cands
            return min(cands, key=lambda f: (p.ew[f], f))

        for x in (u, v):
            f = self.busy[x][t]
            if f >= 0 and f not in out:
                if self.pinned[f]:
                    return None
                out.append(f)
        for x in (u, v):
            if self.deg[x] - sum(1 for f in out if x in (p.eu[f], p.ev[f])) >= p.cap[x]:
                f = pick(f for f in p.adj[x] if self.slot_of[f] >= 0)
                if f is None:
                    return None
                out.append(f)
        in_slot = sum(1 for f in out if self.slot_of[f] == t)
        if self.load[t] - in_slot >= p.tables:
            if safe_first:  # the cheapest safe meeting among the slot's cheapest ones
                f = self._cheapest_safe_in_slot(t)
                if f is None or f in out:
                    f = next((g for _w, g in self.by_slot[t]
                              if not self.pinned[g] and g not in out), None)
            else:  # the slot's list is sorted: the first unpinned one is the cheapest
                f = next((f for _w, f in self.by_slot[t] if not self.pinned[f] and f not in out),
                         None)
            if f is None:
                return None
            out.append(f)
        return out

    def _cheapest_safe_in_slot(self, t: int) -> int | None:
        """The cheapest unpinned meeting of slot ``t`` whose two people both have another
        meeting (among the slot's ``_SCAN`` cheapest), cached until the timetable changes."""
        cached = self._safe_cache.get(t)
        if cached is not None and cached[0] == self.version:
            return cached[1]
        p = self.p
        found = None
        for _w, g in self.by_slot[t][:_SCAN]:
            if not self.pinned[g] and self.deg[p.eu[g]] >= 2 and self.deg[p.ev[g]] >= 2:
                found = g
                break
        self._safe_cache[t] = (self.version, found)
        return found

    def _try_displace(self, e: int, t: int, need_gain: bool) -> bool:
        """Put ``e`` in slot ``t`` taking out its blockers, re-seat what can be, keep if better.

        Kept when more people have a meeting than before, or (``need_gain``) as many and more
        total priority, or (not ``need_gain``, the fairness pass) as many people covered and ``e``
        covered someone new. Otherwise every change is rolled back.
        """
        out = self._blockers(e, t)
        if out is None:
            return False
        p = self.p
        quick = p.n_edges > _MEDIUM
        if (need_gain and self.deg[p.eu[e]] and self.deg[p.ev[e]]
                and p.ew[e] <= sum(p.ew[f] for f in out) + _EPS
                and self.p.n_edges > _SMALL):
            # on large instances skip moves that only pay if a taken-out meeting finds a new
            # place (rare when slots are full); small instances try them all
            return False
        if quick and not self._all_safe(e, out):
            return False  # large instances: no chains to re-cover someone the move uncovers
        before = self.key()
        mark = self.begin()
        for f in out:
            self.take(f)
        self.put(e, t)
        for f in sorted(out, key=lambda f: -p.ew[f]):
            self.insert(f)
        # people who lost their only meeting try their other requests (augmenting path)
        if not quick:
            for z in sorted({z for f in out for z in (p.eu[f], p.ev[f])}):
                if self.deg[z] == 0:
                    self.cover_work = self.repair_budget
                    self._cover(z, 1, frozenset((p.eu[e], p.ev[e])))
        now = self.key()
        if now[0] > before[0] or (need_gain and now[0] == before[0]
                                  and now[1] > before[1] + _EPS):
            self.commit(mark)
            return True
        self.rollback(mark)
        self.commit(mark)
        return False

    def _slot_order(self, e: int) -> list[int]:
        """Slots for ``e`` ordered by the cheapest direct cost of making room there."""
        p = self.p
        u, v = p.eu[e], p.ev[e]
        scored = []
        for t in range(p.slots):
            if not (p.avail[u][t] and p.avail[v][t]):
                continue
            cost = 0.0
            for x in (u, v):
                f = self.busy[x][t]
                if f >= 0:
                    cost += p.ew[f]
            if self.load[t] >= p.tables and self.busy[u][t] < 0 and self.busy[v][t] < 0:
                cost += self.by_slot[t][0][0] if self.by_slot[t] else 0.0
            scored.append((cost, t))
        scored.sort()
        return [t for _c, t in scored]

    # -- passes ----------------------------------------------------------------------------
    def fairness_pass(self, depth: int = 1) -> None:
        """Give every participant without a meeting one, when some request of theirs can fit.

        ``depth`` bounds the augmenting chain: a meeting taken out to make room may leave its
        other participant without a meeting, who then gets another one, and so on. One-step
        chains are tried in full first (each request of the person in each slot: this keeps the
        fairness guarantee), deeper ones within ``cover_budget`` moves.
        """
        p = self.p
        for x in range(len(p.names)):
            if self.n_covered >= 2 * p.slots * p.tables:
                return  # every seat holds two people who have no other meeting: nothing to gain
            if self.deg[x] or not p.adj[x]:
                continue
            self.cover_work = len(p.adj[x]) * p.slots
            done = self._cover(x, 1, frozenset())
            if not done and depth > 1:
                self.cover_work = self.cover_budget
                done = self._cover(x, depth, frozenset())
            if done:
                self.stats["fair_swaps"] += 1

    def _all_safe(self, e: int, out: list[int]) -> bool:
        """Whether taking out ``out`` for ``e`` leaves everyone else with a meeting."""
        p = self.p
        lost: dict[int, int] = {}
        for f in out:
            for z in (p.eu[f], p.ev[f]):
                if z != p.eu[e] and z != p.ev[e]:
                    lost[z] = lost.get(z, 0) + 1
        return all(self.deg[z] > n for z, n in lost.items())

    def _cover(self, x: int, depth: int, seen: frozenset[int]) -> bool:
        """Give ``x`` (no meeting yet) a meeting without anyone else losing their last one."""
        p = self.p
        quick = p.n_edges > _MEDIUM
        for e in p.adj[x]:  # best request first
            if self.insert(e):
                return True
        if depth <= 0:
            return False
        seen = seen | {x}
        for e in p.adj[x]:
            if not self.can_place_somehow(e):
                continue
            for t in self._slot_order(e):
                out = self._blockers(e, t, safe_first=True)
                if out is None:
                    continue
                if quick and not self._all_safe(e, out):
                    continue  # large instances: only moves that need no further repair
                if self.cover_work <= 0:
                    return False  # bounds the chains' (exponential) work per person
                self.cover_work -= 1
                mark = self.begin()
                for f in out:
                    self.take(f)
                self.put(e, t)
                for f in sorted(out, key=lambda f: -p.ew[f]):
                    self.insert(f)
                lost = sorted({z for f in out for z in (p.eu[f], p.ev[f]) if self.deg[z] == 0})
                if all(z not in seen and (self.deg[z] > 0 or self._cover(z, depth - 1, seen))
                       for z in lost):
                    self.commit(mark)
                    return True
                self.rollback(mark)
                self.commit(mark)
        return False

    def can_place_somehow(self, e: int) -> bool:
        p = self.p
        u, v = p.eu[e], p.ev[e]
        return p.cap[u] > 0 and p.cap[v] > 0 and any(
            p.avail[u][t] and p.avail[v][t] for t in range(p.slots))

    def improve(self, max_rounds: int = 4, tries_per_edge: int = 3,
                edges: Iterable[int] | None = None) -> None:
        """Local search: bring unscheduled requests in by displacing cheaper meetings."""
        p = self.p
        todo = list(range(p.n_edges)) if edges is None else sorted(edges)
        for _ in range(max_rounds):
            changed = False
            for e in todo:
                if self.slot_of[e] >= 0 or not self.can_place_somehow(e):
                    continue
                if self.insert(e):
                    changed = True
                    continue
                for t in self._slot_order(e)[:tries_per_edge]:
                    if self._try_displace(e, t, need_gain=True):
                        self.stats["improve_moves"] += 1
                        changed = True
                        break
            if not changed:
                break

    def key(self) -> tuple[int, float]:
        """The objective, compared lexicographically: participants covered, then priority."""
        return self.n_covered, self.total

    def greedy_covering(self, edges: Sequence[int]) -> None:
        """Insert by priority, but first requests that give two, then one, person a first meeting."""
        p = self.p
        for wanted in (2, 1):
            for e in edges:
                if self.slot_of[e] < 0 and (self.deg[p.eu[e]] == 0) + (self.deg[p.ev[e]] == 0) >= wanted:
                    self.insert(e)
        self.greedy(edges)

    def snapshot(self) -> list[int]:
        return list(self.slot_of)

    def restore(self, snap: list[int]) -> None:
        for e in range(self.p.n_edges):
            if self.slot_of[e] >= 0 and not self.pinned[e]:
                self.take(e)
        for e, t in enumerate(snap):
            if t >= 0 and not self.pinned[e]:
                self.put(e, t)

    def ruin_and_recreate(self, rounds: int, rng: random.Random) -> None:
        """Large neighbourhood search: remove related meetings, rebuild, keep the best found.

        A round's result replaces the current timetable when it is at least as good (sideways
        moves let the search cross plateaus); the best timetable seen is restored at the end.
        """
        p = self.p
        n = len(p.names)
        if p.n_edges == 0 or n == 0:
            return
        best_key, best = self.key(), self.snapshot()
        for _ in range(rounds):
            self.stats["lns_rounds"] += 1
            before = self.key()
            mark = self.begin()
            uncovered = [x for x in range(n) if self.deg[x] == 0 and p.adj[x]]
            if uncovered and rng.random() < 0.5:
                x = rng.choice(uncovered)
                people = [x] + [p.eu[f] if p.ev[f] == x else p.ev[f]
                                for f in rng.sample(p.adj[x], k=min(len(p.adj[x]), 3))]
            else:
                people = rng.sample(range(n), k=min(n, rng.randint(1, 3)))
            removed = {f for x in people for f in p.adj[x] if self.slot_of[f] >= 0}
            if p.slots and rng.random() < 0.5:
                t = rng.randrange(p.slots)
                removed |= {f for _w, f in self.by_slot[t] if rng.random() < 0.5}
            removed = {f for f in removed if not self.pinned[f]}
            for f in sorted(removed):
                self.take(f)
            related = {f for x in people for f in p.adj[x]}
            related |= {g for f in removed for x in (p.eu[f], p.ev[f]) for g in p.adj[x]}
            order = sorted(related, key=lambda f: -p.ew[f] * (0.7 + 0.6 * rng.random()))
            self.greedy_covering(order)
            self.improve(max_rounds=2, edges=related)
            self.fairness_pass()
            now = self.key()
            if now[0] < before[0] or (now[0] == before[0] and now[1] < before[1] - _EPS):
                self.rollback(mark)
            else:
                self.stats["lns_kept"] += 1
                if now[0] > best_key[0] or (now[0] == best_key[0] and now[1] > best_key[1] + _EPS):
                    best_key, best = now, self.snapshot()
            self.commit(mark)
        if self.key() != best_key:
            self.restore(best)

    # -- exact search on small instances ---------------------------------------------------
    def exact_search(self, node_budget: int) -> bool:
        """Branch and bound on small instances; True when it proved its result good enough.

        The requests are decided one by one, highest priority first: in (then the timetable
        must still have room for it: a free slot, a Kempe swap, or failing that a complete
        re-colouring of the chosen meetings) or out. A node is cut when an upper bound on what
        its completions can reach (people covered, then priority: see ``_exact_bound``) is no
        better than the best timetable found, or not better by more than ``_EXACT_GAP`` of its
        priority. The current timetable is the first incumbent and the best one is kept. When
        the search ends within its budget (``node_budget``, less on bigger instances) and no
        re-colouring gave up, the result covers the most people possible and has at least
        1 / (1 + ``_EXACT_GAP``) of the best total priority among such timetables.
        """
        p = self.p
        free = [e for e in range(p.n_edges) if not self.pinned[e] and self.can_place_somehow(e)]
        if not free:
            return True
        node_budget = min(node_budget, max(1000, _EXACT_WORK // len(free)))
        best_key, best = self.key(), self.snapshot()
        for e in free:  # start again from the pins alone
            if self.slot_of[e] >= 0:
                self.take(e)
        self._lim = [min(c, sum(row)) for c, row in zip(p.cap, p.avail)]
        # slots that no participant tells apart: re-colouring tries only one of those if empty
        column = {}
        self._slot_kind = [column.setdefault(tuple(row[t] for row in p.avail), t)
                           for t in range(p.slots)]
        nodes = 0
        self._recolour_nodes = 0  # the re-colourings' nodes count against the budget too
        complete = in_budget = True
        chosen: list[int] = []
        mark0 = self.begin()

        def dfs(i: int) -> None:
            nonlocal nodes, complete, in_budget, best_key, best
            nodes += 1
            if nodes + self._recolour_nodes > node_budget:
                complete = in_budget = False
                return
            now = self.key()
            if now[0] > best_key[0] or (now[0] == best_key[0] and now[1] > best_key[1] + _EPS):
                best_key, best = now, self.snapshot()
            while i < len(free) and not self._may_add(free[i]):
                i += 1  # cannot come in any more (caps, or no common slot left)
            if i == len(free):
                return
            cov_ub, tot_ub = self._exact_bound(free, i)
            if cov_ub < best_key[0] or (cov_ub == best_key[0]
                                        and tot_ub <= best_key[1] * (1 + _EXACT_GAP) + _EPS):
                return
            e = free[i]
            mark = len(self.journal)
            placed = self._fit_in(e, chosen)
            if placed is None:
                complete = False  # the re-colouring gave up: the proof is incomplete
            if placed:
                chosen.append(e)
                dfs(i + 1)
                chosen.pop()
                self.rollback(mark)
                if not in_budget:
                    return
            dfs(i + 1)

        dfs(0)
        self.rollback(mark0)
        self.commit(mark0)
        self.stats["exact_nodes"] = nodes
        self.stats["recolour_nodes"] = self._recolour_nodes
        self.restore(best)
        return complete

    def _may_add(self, e: int) -> bool:
        """Whether ``e`` (which has a slot both people can attend) could still come in after
        some re-colouring: both people below their cap and their number of slots."""
        lim, deg = self._lim, self.deg
        u, v = self.p.eu[e], self.p.ev[e]
        return deg[u] < lim[u] and deg[v] < lim[v]

    def _exact_bound(self, free: list[int], i: int) -> tuple[int, float]:
        """Upper bounds on (people covered, total priority) over the completions of the
        current node, in which ``free[i:]`` are the requests still to decide.

        Priority: the least of the best remaining requests that fill the free seats, and, per
        side, every buyer's (seller's) best remaining requests up to the meetings they can still
        take (cap, and slots they can attend). People: those without a meeting who have a
        remaining request, at most twice the free seats and at most the free seats plus a
        maximum matching among themselves.
        """
        p = self.p
        eu, ev, ew, lim, deg = p.eu, p.ev, p.ew, self._lim, self.deg
        k = self.seats - self.n_meetings
        if k <= 0:
            return self.n_covered, self.total
        room: dict[int, int] = {}  # meetings each person can still take, counted down
        top = 0.0
        side_u = side_v = 0.0
        taken = 0
        new_people: set[int] = set()
        pairs: list[tuple[int, int]] = []
        for j in range(i, len(free)):
            e = free[j]
            u, v = eu[e], ev[e]
            if deg[u] >= lim[u] or deg[v] >= lim[v]:
                continue
            w = ew[e]
            if taken < k:
                top += w
                taken += 1
            ru = room.get(u, lim[u] - deg[u])
            if ru > 0:
                side_u += w
                room[u] = ru - 1
            rv = room.get(v, lim[v] - deg[v])
            if rv > 0:
                side_v += w
                room[v] = rv - 1
            du, dv = deg[u] == 0, deg[v] == 0
            if du:
                new_people.add(u)
            if dv:
                new_people.add(v)
            if du and dv:
                pairs.append((u, v))
        cov = len(new_people)
        if cov > k:
            cov = min(cov, 2 * k, k + _matching_size(pairs))
        return self.n_covered + cov, self.total + min(top, side_u, side_v)

    def _fit_in(self, e: int, chosen: list[int]) -> bool | None:
        """Schedule ``e`` keeping every meeting of ``chosen`` (in some slot) and the pins.

        A free slot or a Kempe swap first; else all of ``chosen`` is re-coloured from scratch by
        a small backtracking search. False when there is no room, None when that search gave up.
        """
        if self.insert(e):
            return True
        p = self.p
        if self.n_meetings >= self.seats:
            return False
        mark = len(self.journal)
        for f in chosen:
            self.take(f)
        todo = chosen + [e]
        # most constrained first: fewest slots both people can attend
        todo.sort(key=lambda f: (sum(1 for t in range(p.slots)
                                     if p.avail[p.eu[f]][t] and p.avail[p.ev[f]][t]), f))
        budget = [_RECOLOUR_NODES]

        def colour(j: int) -> bool | None:
            if j == len(todo):
                return True
            budget[0] -= 1
            self._recolour_nodes += 1
            if budget[0] < 0:
                return None
            f = todo[j]
            u, v = p.eu[f], p.ev[f]
            au, av, bu, bv = p.avail[u], p.avail[v], self.busy[u], self.busy[v]
            empty_kinds = set()
            gave_up = False
            for t in range(p.slots):
                if not (au[t] and av[t] and bu[t] < 0 and bv[t] < 0 and self.load[t] < p.tables):
                    continue
                if self.load[t] == 0:
                    if self._slot_kind[t] in empty_kinds:
                        continue
                    empty_kinds.add(self._slot_kind[t])
                self.put(f, t)
                found = colour(j + 1)
                if found:
                    return True
                self.take(f)
                gave_up = gave_up or found is None
            return None if gave_up else False

        found = colour(0)
        if not found:
            self.rollback(mark)
        return found

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
