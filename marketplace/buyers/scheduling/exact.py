"""Exact search on small instances: branch and bound over the requests with upper bounds and
complete re-colourings (step 4 of the package docstring), mixed into the search state."""

from __future__ import annotations

from marketplace.buyers.scheduling.problem import (
    _EPS, _EXACT_GAP, _EXACT_WORK, _RECOLOUR_NODES, _matching_size,
)


class _ExactSearch:
    """Branch and bound; mixed into ``_State`` (needs ``_StateCore`` and ``_GreedyRepairs``)."""

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
