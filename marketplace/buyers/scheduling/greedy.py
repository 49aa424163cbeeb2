"""Greedy construction and its repairs: insertion by priority, displacement moves, the fairness
pass (augmenting chains), local improvement and ruin and recreate (steps 1-3 and 5 of the
package docstring), as methods mixed into the search state."""

from __future__ import annotations

import random
from typing import Iterable, Sequence

from marketplace.buyers.scheduling.problem import _EPS, _MEDIUM, _SCAN, _SMALL


class _GreedyRepairs:
    """Construction and repair moves; mixed into ``_State`` (needs ``_StateCore``)."""

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
        mark = self._swap_in(e, t, out)
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

    def _swap_in(self, e: int, t: int, out) -> int:
        """Open an undo mark, take the meetings ``out`` from their slots, put meeting ``e`` in
        slot ``t`` and re-insert the taken ones, heaviest first; the caller commits or rolls back
        to the returned mark."""
        mark = self.begin()
        for f in out:
            self.take(f)
        self.put(e, t)
        for f in sorted(out, key=lambda f: -self.p.ew[f]):
            self.insert(f)
        return mark

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
                mark = self._swap_in(e, t, out)
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

    def greedy_covering(self, edges: Sequence[int]) -> None:
        """Insert by priority, but first requests that give two, then one, person a first meeting."""
        p = self.p
        for wanted in (2, 1):
            for e in edges:
                if self.slot_of[e] < 0 and (self.deg[p.eu[e]] == 0) + (self.deg[p.ev[e]] == 0) >= wanted:
                    self.insert(e)
        self.greedy(edges)

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
