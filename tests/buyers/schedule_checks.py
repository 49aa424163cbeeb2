"""Independent checks of a timetable against the scheduler's rules (used by tests and the bench)."""
from __future__ import annotations

from collections import Counter, defaultdict


def hard_constraint_violations(result, requests, slots, tables, unavailable=None,
                               max_meetings=None, pinned=None) -> list[str]:
    """Every broken hard rule, as text; an empty list means the timetable is valid."""
    unavailable = unavailable or {}
    max_meetings = max_meetings or {}
    wanted = {(b, s) for b, s, _w in requests} | {(b, s) for b, s, _t, _k in (pinned or [])}
    problems = []
    seen_pairs = Counter()
    seats = Counter()
    person_slot = Counter()
    per_slot = Counter()
    per_person = Counter()
    for b, s, t, k in result.meetings:
        if (b, s) not in wanted:
            problems.append(f"unrequested pair {b}-{s}")
        if not (0 <= t < slots and 0 <= k < tables):
            problems.append(f"slot/table out of range {b}-{s} {t}/{k}")
        seen_pairs[(b, s)] += 1
        seats[(t, k)] += 1
        per_slot[t] += 1
        for x in (b, s):
            person_slot[(x, t)] += 1
            per_person[x] += 1
            if t in unavailable.get(x, ()):
                problems.append(f"{x} unavailable in slot {t}")
    problems += [f"pair twice {p}" for p, n in seen_pairs.items() if n > 1]
    problems += [f"table used twice {st}" for st, n in seats.items() if n > 1]
    problems += [f"double-booked {xt}" for xt, n in person_slot.items() if n > 1]
    problems += [f"too many in slot {t}" for t, n in per_slot.items() if n > tables]
    problems += [f"over cap {x}" for x, n in per_person.items()
                 if n > max_meetings.get(x, slots)]
    got = set(result.meetings)
    problems += [f"pin moved {p}" for p in (pinned or []) if tuple(p) not in got]
    return problems


def fairness_violations(result, requests, slots, tables, unavailable=None, max_meetings=None,
                        pinned=None) -> list[str]:
    """People left without a meeting although one simple change would give them one.

    For a participant x with no meeting and a request (x, y), in a slot both can attend: the
    meeting fits as it is; or y's meeting in that slot could be swapped for it and y's other
    partner keeps a meeting; or the slot is full and a meeting there could go with both its
    people keeping another; or y is at their cap and one of y's meetings could go likewise.
    """
    unavailable = unavailable or {}
    max_meetings = max_meetings or {}
    pinned_set = {tuple(p) for p in (pinned or [])}
    count = Counter()
    at = {}
    by_slot = defaultdict(list)
    for m in result.meetings:
        b, s, t, _k = m
        count[b] += 1
        count[s] += 1
        at[(b, t)] = m
        at[(s, t)] = m
        by_slot[t].append(m)
    problems = []
    for b, s, _w in requests:
        for x, y in ((b, s), (s, b)):
            if count[x] or max_meetings.get(x, slots) == 0:
                continue
            cap_y = max_meetings.get(y, slots)
            if cap_y == 0:
                continue
            for t in range(slots):
                if t in unavailable.get(x, ()) or t in unavailable.get(y, ()):
                    continue
                mine = at.get((y, t))
                if mine is not None:
                    other = mine[0] if mine[1] == y else mine[1]
                    if mine not in pinned_set and count[other] >= 2:
                        problems.append(f"{x}: swap {mine} for {b}-{s}")
                    continue
                full = len(by_slot[t]) >= tables
                capped = count[y] >= cap_y
                if not full and not capped:
                    problems.append(f"{x}: {b}-{s} fits in slot {t}")
                elif full and not capped:
                    if any(m not in pinned_set and count[m[0]] >= 2 and count[m[1]] >= 2
                           for m in by_slot[t]):
                        problems.append(f"{x}: slot {t} has a meeting to spare for {b}-{s}")
                elif capped and not full:
                    if any(m not in pinned_set and y in m[:2]
                           and count[m[0] if m[1] == y else m[1]] >= 2 for m in result.meetings):
                        problems.append(f"{x}: {y} could drop a meeting for {b}-{s}")
    return problems
