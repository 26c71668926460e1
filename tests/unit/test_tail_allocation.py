"""Probe 7 finding 7: the running fleet's capacity left in the tail is shared out among the
workloads the tail does not model so as to serve the most; no shortfall is reported where an
assignment serving everything exists, and none larger than an LP's minimum."""

from __future__ import annotations

import pulp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.solver import SOLVER_THREADS
from optimizer.tail_fleet import serve_most
from tests.bruteforce import feasible


def test_the_fastest_units_go_where_nothing_else_serves() -> None:
    """Probe 7's case in small: offer 0 serves both workloads (fast for a), offer 1 only a.
    Fastest first gave a offer 0 and left b short; the split serving both in full is found."""
    speed = {(0, 0): 10.0, (0, 1): 5.0, (1, 0): 4.0}
    served = serve_most({0: 2.0, 1: 5.0}, speed, {0: 20.0, 1: 10.0})
    assert served == pytest.approx({0: 20.0, 1: 10.0})


def test_no_free_capacity_serves_nothing() -> None:
    """With nothing left running, every workload is served 0 (its whole need is short)."""
    assert serve_most({}, {(0, 0): 1.0}, {0: 5.0}) == {0: 0.0}


def _least_short(free: list[float], rates: list[list[float]], need: list[float]) -> float:
    """The LP minimum of the total shortfall (tokens/s), written apart from `serve_most` (PuLP,
    the shortfall as variables), as tests/bruteforce.py values the tail."""
    lp = pulp.LpProblem("least_short", pulp.LpMinimize)
    pairs = [(o, w) for o in range(len(free)) for w in range(len(need)) if rates[o][w] > 0]
    x = {p: lp.add_variable(f"x_{p[0]}_{p[1]}", lowBound=0) for p in pairs}
    short = [lp.add_variable(f"s_{w}", lowBound=0, upBound=need[w]) for w in range(len(need))]
    lp += pulp.lpSum(short)
    for o in range(len(free)):
        lp += pulp.lpSum(x[p] for p in pairs if p[0] == o) <= free[o]
    for w in range(len(need)):
        lp += pulp.lpSum(rates[p[0]][w] * x[p] for p in pairs if p[1] == w) + short[w] >= need[w]
    lp.solve(pulp.HiGHS(msg=False, threads=SOLVER_THREADS))
    assert pulp.LpStatus[lp.status] == "Optimal"
    return float(pulp.value(lp.objective) or 0.0)


_ints = st.integers(min_value=0, max_value=6)


@settings(max_examples=25, deadline=None)
@given(
    free=st.lists(_ints, min_size=1, max_size=3),
    rates=st.lists(st.lists(_ints, min_size=3, max_size=3), min_size=3, max_size=3),
    need=st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=3),
)
def test_the_shortfall_is_never_more_than_the_least_possible(
    free: list[float], rates: list[list[float]], need: list[float]
) -> None:
    """On small instances the shortfall `serve_most` leaves is an LP's minimum, and none at
    all when an exact rational simplex finds an assignment serving every need."""
    rates = [row[: len(need)] for row in rates[: len(free)]]
    speed = {(o, w): float(r) for o, row in enumerate(rates) for w, r in enumerate(row) if r > 0}
    served = serve_most(dict(enumerate(map(float, free))), speed, dict(enumerate(map(float, need))))
    short = sum(need) - sum(served.values())
    assert all(0 <= served[w] <= need[w] for w in range(len(need)))
    assert short <= _least_short(free, rates, need) + 1e-6 * max(1, sum(need))
    if feasible([float(f) for f in free], [[float(r) for r in row] for row in rates], need):
        assert short == 0
