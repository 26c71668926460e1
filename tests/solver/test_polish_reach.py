"""A tie polish's columns narrowed by its model's cost LP (`optimizer.ties.CostReach`): every
whole plan costing at most the cheapest plan's cost lies within the narrowed bounds (brute
force on small covering models), and the first fixed fleet's polish on shipped 3x12 whole,
given them, keeps the plan it keeps without them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import highspy
import msgspec
import numpy as np
import pytest

from bench.instances import request_for, three_growing_workloads
from catalog import default_catalog
from optimizer import fleet_search
from optimizer.prepare import prepare_for_solve
from optimizer.solver import build
from optimizer.ties import CostReach, cost_reach

_INTEGER: Any = highspy.HighsVarType.kInteger
SEEDS = range(25)


def _covering(seed: int) -> tuple[Any, Any, list[Any], Any]:
    """A small whole covering model (4 columns of 0..4 units, 3 rows asking for capacity, each
    met by some column): a HiGHS holding it, its costs, every whole plan of it, and its upper
    bounds."""
    rng = np.random.default_rng(seed)
    n, m = 4, 3
    cost = rng.integers(5, 60, size=n).astype(float)
    matrix = rng.integers(0, 4, size=(m, n)).astype(float) + np.eye(m, n)
    need = rng.integers(2, 9, size=m).astype(float)
    upper = np.full(n, 4.0)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_ = cost
    lp.col_lower_, lp.col_upper_ = np.zeros(n), upper
    lp.row_lower_, lp.row_upper_ = need, np.full(m, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.arange(0, n * m + 1, n, dtype=np.int32)
    lp.a_matrix_.index_ = np.tile(np.arange(n, dtype=np.int32), m)
    lp.a_matrix_.value_ = matrix.ravel()
    lp.integrality_ = [_INTEGER] * n
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    every = (np.array(x, dtype=float) for x in itertools.product(range(5), repeat=n))
    plans = [x for x in every if np.all(matrix @ x >= need)]
    return h, cost, plans, upper


@dataclass(frozen=True)
class _Column:
    """A column as `cost_reach` reads a PuLP variable: its `index`."""

    index: int


def _reach(h: Any, cost: Any) -> CostReach:
    reach = cost_reach(h, {_Column(j): c for j, c in enumerate(cost)})
    assert reach is not None
    return reach


@pytest.mark.parametrize("seed", SEEDS)
def test_every_plan_costing_no_more_lies_within_the_narrowed_bounds(seed: int) -> None:
    """Each whole plan of a small covering model costing at most the cheapest plan's cost, or
    that plus a tenth of its distance to the LP's optimum, lies within the bounds the cost
    LP's reduced costs give for that cost (brute force over every plan)."""
    h, cost, plans, upper = _covering(seed)
    assert plans
    reach = _reach(h, cost)
    cheapest = min(float(cost @ x) for x in plans)
    assert reach.least <= cheapest + 1e-9
    for allowed in (cheapest, cheapest + 0.1 * (cheapest - reach.least)):
        lower, narrowed = reach.bounds(np.zeros(len(cost)), upper, allowed)
        for x in plans:
            if float(cost @ x) <= allowed:
                assert np.all(lower <= x) and np.all(x <= narrowed), (x, lower, narrowed)


def test_the_bounds_narrow_some_covering_models() -> None:
    """At the cheapest plan's cost, the bounds narrow a column of most of the small covering
    models above: they are not vacuous."""
    narrowed = 0
    for seed in SEEDS:
        h, cost, plans, upper = _covering(seed)
        cheapest = min(float(cost @ x) for x in plans)
        _lower, bounded = _reach(h, cost).bounds(np.zeros(len(cost)), upper, cheapest)
        narrowed += bool(np.any(bounded < upper))
    assert narrowed > len(SEEDS) // 2


def _shipped_whole() -> Any:
    forecast = three_growing_workloads(12)
    request = request_for(forecast)
    options = msgspec.structs.replace(request.options, replicas="whole")
    request = msgspec.structs.replace(request, options=options)
    _full, instance, _ = prepare_for_solve(default_catalog(), request, forecast)
    return instance


def _unreached(aside: Any) -> None:
    """`fleet_search._Aside.reaching` with no cost LP: its polishes as before it."""
    aside.reached.set()


def test_the_first_fleets_polish_keeps_its_plan_within_the_narrowed_bounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Shipped 3x12 whole: the first fixed fleet's tie polish is given its model's cost LP
    (`fleet_search._Aside.reaching`), which at the plan's cost narrows over a third of the
    columns the fleet leaves free and fixes some, the plan within them; the search's plan,
    gap and fixed fleets are those of the polish without it."""
    instance = _shipped_whole()
    polish = fleet_search.polish
    given: list[tuple[CostReach, Any, float, list[float]]] = []

    def recorded(h: Any, cost: dict[Any, float], *args: Any, **named: Any) -> Any:
        reach, start = named.get("reach"), named.get("start")
        if reach is not None and start is not None:
            lp = h.getLp()
            cheapest = sum(c * start[var.index] for var, c in cost.items())
            given.append((reach, (lp.col_lower_, lp.col_upper_), cheapest, start))
        return polish(h, cost, *args, **named)

    monkeypatch.setattr(fleet_search, "polish", recorded)
    narrowed, searched = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert given, "no polish was given its cost LP"
    reach, (lower, upper), cheapest, start = given[0]
    low, up = reach.bounds(lower, upper, cheapest)
    free = np.array(lower) < np.array(upper)
    assert np.sum(free & ((low > lower) | (up < upper))) > np.sum(free) // 3
    assert np.sum(free & (low == up)) > 0
    assert np.all(low <= np.array(start) + 1e-9) and np.all(np.array(start) <= up + 1e-9)
    monkeypatch.setattr(fleet_search._Aside, "reaching", _unreached)
    plain, searched_plain = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert narrowed is not None and plain is not None
    assert narrowed.starts == plain.starts and narrowed.serve == plain.serve
    assert narrowed.achieved_gap == pytest.approx(plain.achieved_gap, rel=1e-9)
    assert searched == searched_plain
