"""The scheduling problem: its input checked and indexed (``_Problem``), the result type, the
error, and the tuning constants shared by the search modules."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

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
