"""The demand rows' rounding written in whole units (`optimizer.unit_cuts`): valid for every
plan (they hold at the optimum of small whole-replica instances, proven without them), and
on the power-capped example they lift the horizon's relaxation at the optimum's fleet from
6.5% under the horizon's MILP there to within 0.2%, so the fleet search opens fewer boxes."""

from __future__ import annotations

from typing import Any

import highspy
import pulp
from hypothesis import HealthCheck, assume, given, settings

from catalog import Catalog
from optimizer import fleet_search, tail_bound
from optimizer.model import Formulation
from optimizer.request import PlanRequest
from optimizer.rounding_cuts import cut_rows, demand_cuts
from optimizer.solver import SOLVER_THREADS, build, solve
from optimizer.unit_cuts import unit_cuts
from tests.solver.test_fleet_search import _built, _column, _example, _instance
from tests.strategies import small_plans
from tests.tiny import whole_instance

SETTINGS = settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


def _value(var: Any) -> float:
    """A solved variable's value, whole where the variable is integer (HiGHS leaves whole
    columns within 1e-6 of a whole number, which a cut's large coefficients would magnify)."""
    value = float(var.varValue or 0.0)
    return float(round(value)) if var.cat == pulp.LpInteger else value


@SETTINGS
@given(small_plans())
def test_the_unit_cuts_hold_at_the_optimum(instance: tuple[Catalog, PlanRequest]) -> None:
    """On small whole-replica instances (each accounting) that have unit cuts (about one in
    eight drawn), every unit cut holds at the optimum HiGHS proves without them (gap 0)."""
    model_instance = whole_instance(*instance)
    if model_instance is None:
        return
    model = build(model_instance)
    cuts = unit_cuts(model.formulation)
    assume(cuts)
    plain = solve(model, time_limit=30, gap_tolerance=0.0, seed=False)
    if plain.objective is None:
        return
    _assert_hold(cuts)


def _assert_hold(cuts: list[tuple[list[tuple[Any, float]], float]]) -> float:
    """Assert every cut holds at its variables' solved values; the least slack, relative."""
    least = float("inf")
    for pairs, rhs in cuts:
        total = sum(c * _value(var) for var, c in pairs)
        scale = max(1.0, abs(rhs), sum(abs(c * _value(var)) for var, c in pairs))
        assert total >= rhs - 1e-7 * scale, (pairs, rhs)
        least = min(least, (total - rhs) / scale)
    return least


def _horizon_at(f: Formulation, lp: Any, fleet: list[float], cuts: bool, whole: bool) -> float:
    """The horizon's half of the split model (`optimizer.tail_bound.split`) with its final
    fleet at `fleet`: its relaxation with the demand rows' rounding cuts (and the unit cuts
    with `cuts`), or its MILP (`whole`)."""
    halves = tail_bound.split(f, lp, _column)
    assert halves is not None
    h = halves.horizon
    cut_rows(h, demand_cuts(f) + (unit_cuts(f) if cuts else []), _column)
    columns = [_column(var) for var in fleet_search.final_fleet(f)]
    h.changeColsBounds(len(columns), columns, fleet, fleet)
    if whole:
        n = h.getNumCol()
        h.changeColsIntegrality(n, list(range(n)), list(lp.integrality_)[:n])
    h.setOptionValue("threads", SOLVER_THREADS)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(h.getInfo().objective_function_value)


def test_the_unit_cuts_close_the_power_capped_horizon() -> None:
    """Power-capped whole (48-month tail): at the optimum's final fleet the horizon's
    relaxation with the demand rows' cuts was 6.5% under the horizon's MILP (a third of an
    on-prem GB300 rack a month, whose blocks are continuous); with the unit cuts within 0.2%.
    The search then proves the same plan with fewer boxes (107 relaxations before them)."""
    instance = _instance(*_example("growing-power-capped.json", tail_months=None))
    searched_model = build(instance)
    found, searched = fleet_search.search_fleet(searched_model, time_limit=60, gap=1e-4)
    assert found is not None and found.status == "optimal" and found.objective is not None
    assert searched.relaxations < 90
    # The plan meets every unit cut, some of them exactly (a month's racks rounded up).
    assert _assert_hold(unit_cuts(searched_model.formulation)) < 1e-6
    final = fleet_search.final_fleet(searched_model.formulation)
    at = [float(round(var.varValue)) for var in final]
    model = build(instance)
    f = model.formulation
    lp = _built(model)
    milp = _horizon_at(f, lp, at, cuts=False, whole=True)
    assert _horizon_at(f, lp, at, cuts=False, whole=False) < milp * (1 - 0.05)
    assert milp * (1 - 0.002) < _horizon_at(f, lp, at, cuts=True, whole=False) <= milp + 1e-6
