"""The fleet's parts narrowed (`optimizer.components.NARROW_SHARE`) and the fleet's start where
its nearest rounding falls short (`optimizer.incumbent.FLEET_HOLDS`): a narrowed part's plan
meets every row and costs no less than the part's optimum; a part its narrowing leaves without
a plan is solved whole; the fleet whose relaxation holds is solved narrowed, and declined
where it does not hold."""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import pytest

from optimizer import components, incumbent
from optimizer.components import rounded_fleet, solve_by_parts
from tests.solver.test_fix_optimize import _meets_every_row
from tests.solver.test_fleet_start import _contracts, _fixed_optimum
from tests.solver.test_month_start import _clones
from tests.solver.test_rounded_fleet import _fleet


@pytest.mark.parametrize("share", [0.0, 0.03, math.inf])
def test_narrowed_parts_meet_every_row_at_no_less_than_the_optimum(
    monkeypatch: pytest.MonkeyPatch, share: float
) -> None:
    """With the clones catalog's fleet at `rounded_fleet`, the parts solved narrowed at any
    share (0: every column the relaxation leaves at 0 at a positive reduced cost held there;
    inf: none held) give a plan that meets every row of the whole model, its integers whole,
    costing no less than the optimum with the same fleet (and the same at share inf)."""
    monkeypatch.setattr(components, "NARROW_SHARE", share)
    sink, _f, linked, relaxed = _fleet(_clones())
    fixed = rounded_fleet(linked, relaxed)
    optimum = _fixed_optimum(sink, fixed)
    found = solve_by_parts(sink.highs(30, 0.0, 1), fixed, math.inf, 0.0, 1, narrow=True)
    assert found is not None
    assert _meets_every_row(sink, found)
    cost = float(np.dot(sink.cost, found))
    assert cost >= optimum * (1 - 1e-9)
    if math.isinf(share):
        assert cost == pytest.approx(optimum, rel=1e-9)


def test_a_part_its_narrowing_leaves_without_a_plan_is_solved_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A narrowing that holds every integer column of a part at its lower bound (here made so
    by a stand-in for `_held`) leaves it no plan where demand is to be met: the part is then
    solved whole, and the parts cost the optimum with the same fleet (gap 0)."""
    sink, _f, linked, relaxed = _fleet(_contracts())
    fixed = rounded_fleet(linked, relaxed)
    held: list[int] = []

    def every_integer(part: Any, _time_limit: float, _threads: int) -> Any:
        columns = np.flatnonzero(np.asarray(part.integrality_) == components._INTEGER)
        held.append(len(columns))
        return columns.astype(np.int32) if len(columns) else None

    monkeypatch.setattr(components, "_held", every_integer)
    found = solve_by_parts(sink.highs(30, 0.0, 1), fixed, math.inf, 0.0, 1, narrow=True)
    assert found is not None and any(held)
    assert _meets_every_row(sink, found)
    assert float(np.dot(sink.cost, found)) == pytest.approx(_fixed_optimum(sink, fixed), rel=1e-9)


def _short(relaxed: list[float], fleet: list[int]) -> list[float]:
    """`relaxed` with each fleet column at 0.4 above its value rounded down: the fleet's
    nearest rounding then falls short of the relaxation's (`_fleet_start`'s test)."""
    values = list(relaxed)
    for j in fleet:
        values[j] = math.floor(values[j]) + 0.4
    return values


@pytest.mark.parametrize("holds", [0.0, math.inf])
def test_a_fleet_rounded_short_is_solved_narrowed_only_where_its_relaxation_holds(
    monkeypatch: pytest.MonkeyPatch, holds: float
) -> None:
    """A fleet whose nearest rounding costs less than its values is declined (no start)
    where the relaxation with it held at `rounded_fleet` is not within `FLEET_HOLDS` of the
    bound (0: it is above it), and where it is (inf) gives a plan from that fleet alone, its
    parts narrowed, that meets every row."""
    monkeypatch.setattr(incumbent, "FLEET_HOLDS", holds)
    sink, _f, linked, relaxed = _fleet(_clones())
    values = _short(relaxed, linked.fleet)
    cost = np.asarray(sink.cost)
    assert sum(cost[j] * (round(values[j]) - values[j]) for j in linked.fleet) < 0.0
    calls: list[tuple[dict[int, float], bool]] = []

    def recorded(main: Any, fixed: dict[int, float], *rest: Any) -> Any:
        calls.append((dict(fixed), bool(rest[-1])))
        return solve_by_parts(main, fixed, *rest)

    monkeypatch.setattr(incumbent, "solve_by_parts", recorded)
    bound = float(cost @ np.asarray(relaxed))
    seed = incumbent.Seed(lp_bound=bound)
    main = sink.highs(30, 0.0, 1)
    found = incumbent._fleet_start(main, linked, values, math.inf, 1, seed)
    if holds == 0.0:
        assert found is None and not calls
        return
    assert found is not None and found[2]
    assert calls == [(rounded_fleet(linked, values), True)]
    assert _meets_every_row(sink, found[1])


def test_a_fleet_rounded_short_is_declined_without_the_time_for_its_parts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same fleet, its relaxation holding (`FLEET_HOLDS` inf), is declined without a
    part solved when fewer than `NARROW_STEPS` relaxations are left before the deadline
    (here 10 s left against a relaxation of 10 s)."""
    monkeypatch.setattr(incumbent, "FLEET_HOLDS", math.inf)
    sink, _f, linked, relaxed = _fleet(_clones())
    values = _short(relaxed, linked.fleet)
    calls: list[int] = []
    monkeypatch.setattr(incumbent, "solve_by_parts", lambda *args: calls.append(1))
    bound = float(np.asarray(sink.cost) @ np.asarray(relaxed))
    seed = incumbent.Seed(lp_bound=bound, relaxation_seconds=10.0)
    deadline = time.perf_counter() + 10.0
    main = sink.highs(30, 0.0, 1)
    assert incumbent._fleet_start(main, linked, values, deadline, 1, seed) is None
    assert not calls
