"""The fleet the start from the relaxation fixes or holds (`optimizer.components.rounded_fleet`):
an offer's active units in the months before the last rounded up, never past the last month's,
which is rounded to the nearest, as are contracts of more than a month. The start's parts are
solved from that fleet first (the nearest rounding after it), and a seeded solve from it states
a gap that holds against the plain optimum."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from optimizer import incumbent
from optimizer.components import linking, rounded_fleet
from optimizer.highs_sink import HighsSink
from optimizer.instance import Instance
from optimizer.rows import write_model
from optimizer.solver import build, solve
from tests.solver.test_fix_optimize import _meets_every_row, _relaxation
from tests.solver.test_month_start import _clones


def _fleet(instance: Instance) -> tuple[HighsSink, Any, Any, list[float]]:
    """`instance` in a sink, its formulation, its `Linking` and its relaxation's values."""
    sink = HighsSink()
    f = write_model(instance, sink)
    return sink, f, linking(f, int), _relaxation(sink)


def test_units_before_the_last_month_are_rounded_up_within_the_last_months() -> None:
    """Every running offer's units before the last month are the relaxation's rounded up, or
    the last month's rounded units where those are fewer; the last month's units and every
    other fleet column are rounded to the nearest; the units never fall month to month; and
    on the small clones catalog the rounding differs from the nearest in some month."""
    instance = _clones()
    _sink, f, linked, relaxed = _fleet(instance)
    fleet = rounded_fleet(linked, relaxed)
    assert set(fleet) == set(linked.fleet)
    last = instance.horizon - 1
    before = 0
    for (o, t), var in f.running.items():
        j, final = int(var), int(f.running[(o, last)])
        nearest = float(round(relaxed[j] - 1e-6))
        if t == last:
            assert fleet[j] == nearest
            continue
        assert linked.to_last[j] == final
        assert fleet[j] == min(math.ceil(relaxed[j] - 1e-6), fleet[final])
        if t > 0 and (o, t - 1) in f.running:
            assert fleet[j] >= fleet[int(f.running[(o, t - 1)])]
        before += fleet[j] != nearest
    running = {int(var) for var in f.running.values()}
    for j in set(linked.fleet) - running:
        assert fleet[j] == float(round(relaxed[j] - 1e-6))
    assert before > 0


def test_the_parts_are_solved_from_the_rounded_fleet_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the months are not solved in turn, the start's first parts hold the fleet at
    `rounded_fleet` (it was the nearest rounding before), and their plan meets every row."""
    instance = _clones()
    sink, _f, linked, relaxed = _fleet(instance)
    fixed_first: list[dict[int, float]] = []
    solve_by_parts = incumbent.solve_by_parts

    def recorded(main: Any, fixed: dict[int, float], *rest: Any) -> Any:
        fixed_first.append(dict(fixed))
        return solve_by_parts(main, fixed, *rest)

    monkeypatch.setattr(incumbent, "solve_by_parts", recorded)
    monkeypatch.setattr(incumbent, "MONTH_BY_MONTH", False)
    seed = incumbent.Seed(lp_bound=float(np.asarray(sink.cost) @ np.asarray(relaxed)))
    found = incumbent._fleet_start(sink.highs(30, 0.0, 1), linked, relaxed, math.inf, 1, seed)
    assert found is not None and fixed_first
    assert fixed_first[0] == rounded_fleet(linked, relaxed)
    nearest = {j: float(round(relaxed[j] - 1e-6)) for j in linked.fleet}
    assert fixed_first[0] != nearest
    assert _meets_every_row(sink, found[1])


@pytest.mark.parametrize("months", [True, False])
def test_a_seeded_solve_from_the_rounded_fleet_states_a_true_gap(
    monkeypatch: pytest.MonkeyPatch, months: bool
) -> None:
    """A seeded solve whose start comes from the rounded fleet (month by month, or its parts)
    at a gap of 1e-2 returns a plan whose stated gap bounds its distance from the plain
    optimum, and at a gap of 0 proves that optimum."""
    instance = _clones()
    plain = solve(build(instance), time_limit=30, gap_tolerance=0.0, seed=False)
    assert plain.status == "optimal" and plain.objective is not None
    monkeypatch.setattr(incumbent, "MONTH_BY_MONTH", months)
    monkeypatch.setattr(incumbent, "IMPROVE_ABOVE", math.inf)
    loose = solve(build(instance), time_limit=30, gap_tolerance=1e-2, seed=True)
    assert loose.seed is not None and loose.seed.from_fleet
    assert loose.status in ("optimal", "feasible")
    assert loose.objective is not None and loose.achieved_gap is not None
    above = (loose.objective - plain.objective) / loose.objective
    assert above <= loose.achieved_gap + 1e-9
    if loose.status == "optimal":
        assert loose.achieved_gap <= 1e-2
    proven = solve(build(instance), time_limit=30, gap_tolerance=0.0, seed=True)
    assert proven.status == "optimal"
    # To the cent: two optima at a gap of 0, each within HiGHS's tolerances of the true one.
    assert proven.objective == pytest.approx(plain.objective, rel=1e-9, abs=0.01)
