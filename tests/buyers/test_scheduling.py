"""The timetable scheduler: hard rules, fairness, pins, and quality against the exact optimum."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.buyers.scheduling import ScheduleInputError, schedule_meetings
from tests.buyers.milp_reference import exact_optimum, fair_optimum
from tests.buyers.schedule_checks import fairness_violations, hard_constraint_violations


def random_instance(rng: random.Random, pins: bool = False):
    nb, ns = rng.randint(2, 8), rng.randint(2, 8)
    buyers = [f"b{i}" for i in range(nb)]
    sellers = [f"s{i}" for i in range(ns)]
    slots, tables = rng.randint(1, 5), rng.randint(1, 4)
    requests = [(rng.choice(buyers), rng.choice(sellers), round(rng.uniform(0.5, 10), 2))
                for _ in range(rng.randint(3, 30))]
    unavailable = {x: {t for t in range(slots) if rng.random() < 0.25}
                   for x in buyers + sellers if rng.random() < 0.5}
    caps = {x: rng.randint(0, slots) for x in buyers + sellers if rng.random() < 0.4}
    pinned = []
    if pins:
        # pins taken from a valid timetable, so that they are consistent with each other
        base = schedule_meetings(requests, slots, tables, unavailable, caps, search_effort=0)
        pinned = [m for m in base.meetings if rng.random() < 0.3]
    return dict(requests=requests, slots=slots, tables=tables, unavailable=unavailable,
                max_meetings=caps, pinned=pinned)


SHAPES = ("tight", "unavailable", "caps", "dense", "sparse", "bigger")


def shaped_instance(rng: random.Random, shape: str, pins: bool = False):
    """Random instances of one shape, for the wider quality check (tests and benchmark).

    tight: one table per slot; unavailable: half the people miss a third of the slots; caps:
    nearly everybody has a cap; dense: every buyer asks every seller; sparse: many people, few
    requests; bigger: 50-110 requests, up to 8 slots (beyond where the exact search always ends).
    """
    r = rng.randint
    nb, ns, slots, tables, n_req, p_unav, p_cap = {
        "tight": (r(4, 10), r(4, 10), r(2, 6), 1, r(15, 45), 0.2, 0.3),
        "unavailable": (r(3, 9), r(3, 9), r(3, 6), r(1, 4), r(10, 40), 0.5, 0.2),
        "caps": (r(3, 9), r(3, 9), r(2, 6), r(1, 5), r(10, 40), 0.2, 0.9),
        "dense": (r(3, 7), r(3, 7), r(2, 6), r(1, 5), 0, 0.25, 0.4),
        "sparse": (r(6, 14), r(6, 14), r(1, 5), r(1, 6), r(5, 20), 0.25, 0.4),
        "bigger": (r(8, 15), r(8, 15), r(3, 8), r(2, 6), r(50, 110), 0.25, 0.4),
    }[shape]
    buyers = [f"b{i}" for i in range(nb)]
    sellers = [f"s{i}" for i in range(ns)]
    if shape == "dense":
        pairs = [(b, s) for b in buyers for s in sellers]
    else:
        pairs = [(rng.choice(buyers), rng.choice(sellers)) for _ in range(n_req)]
    requests = [(b, s, round(rng.uniform(0.5, 10), 2)) for b, s in pairs]
    unavailable = {x: {t for t in range(slots) if rng.random() < 0.35}
                   for x in buyers + sellers if rng.random() < p_unav}
    caps = {x: rng.randint(0 if rng.random() < 0.2 else 1, slots)
            for x in buyers + sellers if rng.random() < p_cap}
    pinned = []
    if pins:
        base = schedule_meetings(requests, slots, tables, unavailable, caps, search_effort=0)
        pinned = [m for m in base.meetings if rng.random() < 0.3]
    return dict(requests=requests, slots=slots, tables=tables, unavailable=unavailable,
                max_meetings=caps, pinned=pinned)


def covered(result) -> int:
    return len({x for m in result.meetings for x in m[:2]})


def assert_near_optimum(inst) -> None:
    result = schedule_meetings(**inst)
    assert hard_constraint_violations(result, **inst) == []
    best_covered, best_total = fair_optimum(**inst)
    # fairness first: as many participants with a meeting as the optimum ...
    assert covered(result) == best_covered, inst
    # ... and then at least 98 % of the best total priority among such timetables
    assert result.total_priority >= 0.98 * best_total - 1e-6, inst
    assert result.total_priority <= exact_optimum(**inst) + 1e-6


@pytest.mark.slow
@pytest.mark.parametrize("pins", [False, True])
def test_schedule_reaches_98_percent_of_exact_optimum_on_every_small_instance(pins):
    rng = random.Random(2019 + pins)
    for _ in range(150):
        assert_near_optimum(random_instance(rng, pins=pins))


@pytest.mark.slow
@pytest.mark.parametrize("shape", [s for s in SHAPES if s != "bigger"])
def test_schedule_reaches_98_percent_of_exact_optimum_on_instances_of_every_shape(shape):
    rng = random.Random(f"shape-{shape}")
    for i in range(25):
        assert_near_optimum(shaped_instance(rng, shape, pins=i % 2 == 1))


def test_instance_the_old_search_left_at_96_percent_is_now_optimal():
    # bench instance 11 (seed 7): 5 slots of one table, so every slot is full and the better
    # timetable needs a chain of moves through several slots; the local search and
    # ruin-and-recreate stopped at 96.4 % of the best total, the exact search finds it
    inst = dict(
        requests=[("b3", "s6", 7.65), ("b3", "s6", 1.11), ("b0", "s7", 5.75), ("b5", "s2", 9.81),
                  ("b1", "s1", 3.02), ("b1", "s3", 1.42), ("b7", "s7", 2.15), ("b2", "s6", 4.88),
                  ("b3", "s1", 7.91), ("b4", "s4", 3.15), ("b4", "s5", 2.91), ("b4", "s3", 4.67),
                  ("b2", "s3", 2.74), ("b4", "s3", 3.6), ("b6", "s4", 9.93), ("b3", "s1", 6.71),
                  ("b0", "s1", 0.54), ("b3", "s7", 9.19), ("b0", "s4", 2.71)],
        slots=5, tables=1,
        unavailable={"b0": {2, 3}, "b1": {3}, "b3": {0, 2, 4}, "s0": {2, 3}, "s1": {3},
                     "s3": {4}, "s6": {0}, "s7": {2, 3, 4}},
        max_meetings={"b1": 1, "b2": 0, "b6": 4, "s1": 2, "s2": 4, "s3": 0, "s4": 3},
        pinned=[("b1", "s1", 2, 0)],
    )
    result = schedule_meetings(**inst)
    assert hard_constraint_violations(result, **inst) == []
    best_covered, best_total = fair_optimum(**inst)
    assert covered(result) == best_covered
    assert result.total_priority >= 0.98 * best_total
    assert result.total_priority == pytest.approx(best_total)  # the search ended: optimal


def test_instance_beyond_the_exact_search_keeps_the_rules_and_is_deterministic():
    # a bigger instance where the branch and bound cannot prove its result (a re-colouring
    # gives up) and ruin-and-recreate continues: still valid, fair, the same timetable every run
    inst = shaped_instance(random.Random("bigger-20"), "bigger", pins=True)
    first = schedule_meetings(**inst)
    assert first.stats["exact_nodes"] > 0 and first.stats["lns_rounds"] > 0
    assert hard_constraint_violations(first, **inst) == []
    assert fairness_violations(first, **inst) == []
    assert schedule_meetings(**inst).meetings == first.meetings


def test_tiny_instance_matches_hand_computed_optimum():
    # one slot, one table: only one meeting; the best one is b1-s1
    result = schedule_meetings([("b1", "s1", 5), ("b2", "s1", 3), ("b1", "s2", 1)], slots=1,
                               tables=1)
    assert result.meetings == [("b1", "s1", 0, 0)]
    assert result.total_priority == 5
    assert [r[:2] for r in result.unscheduled] == [("b2", "s1"), ("b1", "s2")]


def test_two_slots_fit_everyone_without_double_booking():
    requests = [("b1", "s1", 5), ("b1", "s2", 4), ("b2", "s1", 3), ("b2", "s2", 2)]
    result = schedule_meetings(requests, slots=2, tables=2)
    assert len(result.meetings) == 4
    assert result.total_priority == 14
    assert hard_constraint_violations(result, requests, 2, 2) == []


def test_kempe_swap_finds_the_slot_a_greedy_choice_blocked():
    # greedy puts b1-s1 and b2-s2 in slot 0; b1-s2 then needs the a/b chain to be swapped
    requests = [("b1", "s1", 9), ("b2", "s2", 8), ("b2", "s1", 7), ("b1", "s2", 6)]
    result = schedule_meetings(requests, slots=2, tables=5, unavailable={"b2": set()},
                               search_effort=0)
    assert len(result.meetings) == 4


def test_unavailable_slots_and_caps_are_respected():
    requests = [("b1", f"s{i}", 10 - i) for i in range(6)]
    result = schedule_meetings(requests, slots=6, tables=10, unavailable={"b1": {0, 1}},
                               max_meetings={"b1": 3})
    slots_used = sorted(m[2] for m in result.meetings)
    assert len(slots_used) == 3 and min(slots_used) >= 2
    assert {m[1] for m in result.meetings} == {"s0", "s1", "s2"}


def test_nobody_left_without_a_meeting_when_one_was_possible():
    # s9 only has a weak request; a priority-only optimum would leave s9 out
    requests = [("b1", "s1", 10), ("b1", "s9", 1), ("b2", "s1", 9)]
    result = schedule_meetings(requests, slots=1, tables=5)
    assert {m[:2] for m in result.meetings} == {("b1", "s9"), ("b2", "s1")}


def test_pinned_meetings_stay_in_their_slot_and_table_on_rerun():
    requests = [(f"b{i}", f"s{j}", 1 + (i * 7 + j * 3) % 10) for i in range(5) for j in range(5)]
    first = schedule_meetings(requests, slots=4, tables=3)
    pins = first.meetings[:3] + [("b4", "s4", 3, 2)]
    pins = [p for p in pins if not any(p[0] == q[0] and p[2] == q[2] for q in first.meetings[:3]
                                       if q != p)]
    again = schedule_meetings(requests, slots=4, tables=3, pinned=pins)
    for pin in pins:
        assert pin in again.meetings
    assert hard_constraint_violations(again, requests, 4, 3, pinned=pins) == []


def test_same_input_gives_the_same_timetable():
    rng = random.Random(5)
    inst = random_instance(rng)
    assert schedule_meetings(**inst).meetings == schedule_meetings(**inst).meetings


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(requests=[("b1", "s1", 0)], slots=2, tables=1),
        dict(requests=[("b1", "s1", -1)], slots=2, tables=1),
        dict(requests=[("b1", "s1", float("nan"))], slots=2, tables=1),
        dict(requests=[("b1", "b1", 1)], slots=2, tables=1),
        dict(requests=[("b1", "s1", 1), ("s1", "b2", 1)], slots=2, tables=1),
        dict(requests=[("b1", "s1", 1)], slots=-1, tables=1),
        dict(requests=[("b1", "s1", 1)], slots=2, tables=1, unavailable={"b1": {7}}),
        dict(requests=[("b1", "s1", 1)], slots=2, tables=1, pinned=[("b1", "s1", 5, 0)]),
        dict(requests=[("b1", "s1", 1), ("b1", "s2", 1)], slots=2, tables=2,
             pinned=[("b1", "s1", 0, 0), ("b1", "s2", 0, 1)]),
        dict(requests=[("b1", "s1", 1)], slots=2, tables=1, unavailable={"b1": {0}},
             pinned=[("b1", "s1", 0, 0)]),
        dict(requests=[("b1", "s1", 1)], slots=2, tables=1, max_meetings={"s1": 0},
             pinned=[("b1", "s1", 0, 0)]),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(kwargs):
    with pytest.raises(ScheduleInputError):
        schedule_meetings(**kwargs)


def test_duplicate_requests_keep_their_highest_priority():
    result = schedule_meetings([("b1", "s1", 2), ("b1", "s1", 6)], slots=3, tables=1)
    assert [m[:2] for m in result.meetings] == [("b1", "s1")]
    assert result.total_priority == 6


def test_zero_slots_or_tables_schedule_nothing():
    for slots, tables in ((0, 5), (5, 0)):
        result = schedule_meetings([("b1", "s1", 1)], slots=slots, tables=tables)
        assert result.meetings == [] and result.unscheduled == [("b1", "s1", 1.0)]


instances = st.builds(
    lambda seed, pins: random_instance(random.Random(seed), pins=pins),
    st.integers(0, 10**6), st.booleans(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inst=instances, effort=st.sampled_from([0, 5]))
def test_every_timetable_keeps_the_hard_rules_and_is_fair(inst, effort):
    result = schedule_meetings(**inst, search_effort=effort)
    assert hard_constraint_violations(result, **inst) == []
    assert fairness_violations(result, **inst) == []
    scheduled = {(m[0], m[1]) for m in result.meetings}
    for b, s, _w in result.unscheduled:
        assert (b, s) not in scheduled
    assert result.total_priority == pytest.approx(
        sum(max(w for bb, ss, w in inst["requests"] if (bb, ss) == (b, s))
            for b, s, _t, _k in result.meetings if any((bb, ss) == (b, s)
                                                       for bb, ss, _w in inst["requests"])))
