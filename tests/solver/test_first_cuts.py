"""The demand rows' rounding at multiples of their largest whole share
(`optimizer.rounding_cuts.demand_multiples`), rows of the fleet search's first fixed fleet's
MILP (`optimizer.fleet_search.FIRST_CUTS`): valid for every plan (they hold at the optimum of
small whole-replica instances, proven without them), and the search's plan with them is the
one without them."""

from __future__ import annotations

from typing import Any

import highspy
import pytest
from hypothesis import HealthCheck, assume, given, settings

from catalog import Catalog
from optimizer import fleet_search
from optimizer.request import PlanRequest
from optimizer.rounding_cuts import demand_multiples
from optimizer.solver import build, solve
from tests.solver.test_fleet_search import _instance, _plan_of, _shipped
from tests.solver.test_unit_cuts import _assert_hold
from tests.strategies import small_plans
from tests.tiny import whole_instance

SETTINGS = settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


@SETTINGS
@given(small_plans())
def test_the_multiples_hold_at_the_optimum(instance: tuple[Catalog, PlanRequest]) -> None:
    """On small whole-replica instances (each accounting) with whole blocks below a month's
    demand, every cut of the multiples holds at the optimum HiGHS proves without them
    (gap 0)."""
    model_instance = whole_instance(*instance)
    if model_instance is None:
        return
    model = build(model_instance)
    cuts = demand_multiples(model.formulation, fleet_search.FIRST_CUTS)
    assume(cuts)
    plain = solve(model, time_limit=30, gap_tolerance=0.0, seed=False)
    if plain.objective is None:
        return
    _assert_hold(cuts)


def test_the_first_fixed_fleet_holds_the_multiples_and_the_plan_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Shipped 3x12 whole, in a search told `on_wait` (the plan's own): its first fixed fleet's
    MILP holds the multiples' cuts as rows beside the demand rows' own
    (`fleet_search.FIRST_CUTS`), the dearer fleets' MILPs (below a cutoff) only those of
    `fleet_search.CUTOFF_MULTIPLES`; the plan is the one found without the first's, proven
    within the gap, and its cuts hold there. A search told no `on_wait` (the baselines', a
    demand step's) holds none."""
    instance = _instance(*_shipped("whole"))
    model = build(instance)
    f = model.formulation
    extra = len(demand_multiples(f, fleet_search.FIRST_CUTS))
    assert extra > 0 and fleet_search.CUTOFF_MULTIPLES is not None
    lowest, highest = fleet_search.CUTOFF_MULTIPLES
    dearer = len(demand_multiples(f, highest, lowest))
    assert 0 < dearer < extra
    columns = len(model.problem.variables())
    run = highspy.Highs.run
    rows: list[tuple[int, bool]] = []

    def heard(h: Any) -> Any:
        integer = any(k == highspy.HighsVarType.kInteger for k in h.getLp().integrality_)
        if h.getNumCol() == columns and integer:
            _status, bound = h.getOptionValue("objective_bound")
            rows.append((h.getNumRow(), bound < highspy.kHighsInf))
        return run(h)

    monkeypatch.setattr(highspy.Highs, "run", heard)
    cut, _ = fleet_search.search_fleet(model, time_limit=600, gap=1e-4, on_wait=lambda: None)
    first = max(n for n, bounded in rows if not bounded)
    assert {n for n, bounded in rows if bounded} == {first - extra + dearer}
    rows.clear()
    monkeypatch.setattr(fleet_search, "FIRST_CUTS", 0)
    plain, _ = fleet_search.search_fleet(
        build(instance), time_limit=600, gap=1e-4, on_wait=lambda: None
    )
    assert max(n for n, bounded in rows if not bounded) == first - extra
    assert _plan_of(cut) == _plan_of(plain)
    assert cut is not None and cut.achieved_gap is not None and cut.achieved_gap <= 1e-4
    _assert_hold(demand_multiples(f, fleet_search.FIRST_CUTS))
    rows.clear()
    monkeypatch.setattr(fleet_search, "FIRST_CUTS", 5)
    fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert max(n for n, bounded in rows if not bounded) == first - extra


def test_the_dearer_fleets_hold_their_multiples_and_the_search_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Shipped 3x12 whole, in a search told `on_wait`: the fixed fleets solved below a cutoff
    (the dearer fleets) hold the multiples of `fleet_search.CUTOFF_MULTIPLES`, and each still
    proves it holds no plan below the incumbent: the plan, its gap and the search's
    relaxations, tail MILPs and fixed fleets are those of the search without them."""
    instance = _instance(*_shipped("whole"))
    model = build(instance)
    columns = len(model.problem.variables())
    run = highspy.Highs.run
    dearer: list[tuple[int, int]] = []

    def heard(h: Any) -> Any:
        _status, bound = h.getOptionValue("objective_bound")
        found = run(h)
        if h.getNumCol() == columns and bound < highspy.kHighsInf:
            dearer.append((h.getNumRow(), h.getInfo().primal_solution_status))
        return found

    monkeypatch.setattr(highspy.Highs, "run", heard)
    cut, searched = fleet_search.search_fleet(model, time_limit=600, gap=1e-4, on_wait=lambda: None)
    with_multiples = list(dearer)
    dearer.clear()
    monkeypatch.setattr(fleet_search, "CUTOFF_MULTIPLES", None)
    plain, searched_plain = fleet_search.search_fleet(
        build(instance), time_limit=600, gap=1e-4, on_wait=lambda: None
    )
    assert with_multiples and len(with_multiples) == len(dearer)
    assert all(n > m for (n, _), (m, _) in zip(with_multiples, dearer, strict=True))
    assert [status for _, status in with_multiples] == [status for _, status in dearer]
    assert _plan_of(cut) == _plan_of(plain)
    assert cut is not None and plain is not None
    assert cut.achieved_gap == pytest.approx(plain.achieved_gap, rel=1e-9)
    assert searched == searched_plain
