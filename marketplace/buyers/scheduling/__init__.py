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

import random
from typing import Iterable, Mapping, Sequence

from marketplace.buyers.scheduling.exact import _ExactSearch
from marketplace.buyers.scheduling.greedy import _GreedyRepairs
from marketplace.buyers.scheduling.problem import (
    _EXACT_EDGES, _EXACT_NODES, _LNS_AFTER_EXACT, _MEDIUM, _SMALL, Request, ScheduledMeeting,
    ScheduleInputError, ScheduleResult, _Problem,
)
from marketplace.buyers.scheduling.state import _StateCore

__all__ = ["Request", "ScheduledMeeting", "ScheduleInputError", "ScheduleResult",
           "schedule_meetings"]


class _State(_ExactSearch, _GreedyRepairs, _StateCore):
    """The search state with every move: core (state), construction and repairs (greedy), exact
    search (exact)."""


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
