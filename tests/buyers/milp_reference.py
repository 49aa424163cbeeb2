"""Exact optima of the timetable problem as MILPs (scipy.optimize.milp), for small instances.

One binary variable per (request, slot) where both people can attend; tables are assigned after the
fact (any slot with at most ``tables`` meetings can be seated). Used only by tests and the benchmark.

``exact_optimum(...)`` is the best total priority with no fairness rule at all;
``fair_optimum(...)`` is the scheduler's own objective, lexicographic: first the largest number of
participants with at least one meeting, then the best total priority among those timetables.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix


def _model(requests, slots, tables, unavailable, max_meetings, pinned):
    unavailable = unavailable or {}
    max_meetings = max_meetings or {}
    best: dict[tuple[str, str], float] = {}
    for b, s, w in requests:
        best[(b, s)] = max(float(w), best.get((b, s), 0.0))
    pins = {(b, s): t for b, s, t, _k in (pinned or [])}
    for key in pins:
        best.setdefault(key, 0.0)
    pairs = list(best)
    var = []  # (pair index, slot)
    for i, (b, s) in enumerate(pairs):
        for t in range(slots):
            if t in unavailable.get(b, ()) or t in unavailable.get(s, ()):
                continue
            if (b, s) in pins and pins[(b, s)] != t:
                continue
            var.append((i, t))
    people = sorted({x for pair in pairs for x in pair})
    nx, ny = len(var), len(people)
    rows, lb, ub = [], [], []

    def add(coeffs, lower, upper):
        rows.append(coeffs)
        lb.append(lower)
        ub.append(upper)

    for i in range(len(pairs)):
        cols = [j for j, (pi, _t) in enumerate(var) if pi == i]
        add({j: 1 for j in cols}, 1 if pairs[i] in pins else -np.inf, 1)
    for t in range(slots):
        add({j: 1 for j, (_pi, tt) in enumerate(var) if tt == t}, -np.inf, tables)
    for k, x in enumerate(people):
        mine = [j for j, (pi, _t) in enumerate(var) if x in pairs[pi]]
        add({j: 1 for j in mine}, -np.inf, max_meetings.get(x, slots))
        for t in range(slots):
            add({j: 1 for j in mine if var[j][1] == t}, -np.inf, 1)
        # covered_x <= number of x's meetings
        coeffs = {j: -1 for j in mine}
        coeffs[nx + k] = 1
        add(coeffs, -np.inf, 0)
    weights = np.array([best[pairs[i]] for i, _t in var] + [0.0] * ny)
    return nx, ny, rows, lb, ub, weights


def _solve(n, rows, lb, ub, c):
    A = lil_matrix((max(len(rows), 1), n))
    for r, coeffs in enumerate(rows):
        for col, v in coeffs.items():
            A[r, col] = v
    res = milp(c, constraints=LinearConstraint(A.tocsr(), lb or [0], ub or [0]),
               integrality=np.ones(n), bounds=Bounds(0, 1))
    assert res.success, res.message
    return -res.fun


def exact_optimum(requests, slots, tables, unavailable=None, max_meetings=None, pinned=None):
    """Maximum total priority over all timetables that keep the hard constraints and the pins."""
    nx, ny, rows, lb, ub, w = _model(requests, slots, tables, unavailable, max_meetings, pinned)
    if nx == 0:
        return 0.0
    return _solve(nx + ny, rows, lb, ub, -w)


def fair_optimum(requests, slots, tables, unavailable=None, max_meetings=None, pinned=None):
    """(most participants with >= 1 meeting, best total priority among such timetables)."""
    nx, ny, rows, lb, ub, w = _model(requests, slots, tables, unavailable, max_meetings, pinned)
    if nx == 0:
        return 0, 0.0
    cover = np.array([0.0] * nx + [1.0] * ny)
    covered = round(_solve(nx + ny, rows, lb, ub, -cover))
    rows = rows + [{nx + k: 1 for k in range(ny)}]
    total = _solve(nx + ny, rows, lb + [covered], ub + [np.inf], -w)
    return covered, total
