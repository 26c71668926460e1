"""The least-cost solve as a search over the horizon's final fleet (`optimizer.fleet_search`):
chosen where its fleet is the decision, exact against the brute force, and honest about what
it proved when stopped."""

from __future__ import annotations

import math

import msgspec
import pytest
from hypothesis import HealthCheck, assume, given, settings

from bench.instances import request_for, three_growing_workloads
from catalog import Catalog, InvalidInput, default_catalog
from optimizer import fleet_search
from optimizer.instance import Instance
from optimizer.planner import make_plan
from optimizer.prepare import prepare_for_solve
from optimizer.request import Forecast, PlanRequest
from optimizer.solver import build, solve
from tests.bruteforce import brute_force
from tests.paths import EXAMPLES
from tests.strategies import fleet_search_plans
from tests.verify import verify_plan

SETTINGS = settings(
    max_examples=settings.default.max_examples * 3 // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _instance(catalog: Catalog, request: PlanRequest, forecast: Forecast) -> Instance:
    _full, instance, _ = prepare_for_solve(catalog, request, forecast)
    return instance


def _example(name: str, **options: object) -> tuple[Catalog, PlanRequest, Forecast]:
    request = msgspec.json.decode((EXAMPLES / name).read_bytes(), type=PlanRequest)
    request = msgspec.structs.replace(
        request, options=msgspec.structs.replace(request.options, **options)
    )
    assert request.forecast is not None
    return default_catalog(), request, request.forecast


def _shipped(replicas: str = "fractional") -> tuple[Catalog, PlanRequest, Forecast]:
    forecast = three_growing_workloads(12)
    request = request_for(forecast)
    options = msgspec.structs.replace(request.options, replicas=replicas)
    return default_catalog(), msgspec.structs.replace(request, options=options), forecast


FRACTIONAL = {"replicas": "fractional"}
"""The search is chosen for fractional replicas only: with whole ones the tail is whole too
(probe 16a F1) and a box's relaxation does not bound it (`fleet_search.chosen`)."""


def test_chosen_where_the_final_fleet_is_renewed_through_the_tail() -> None:
    """With fractional replicas, shipped 3x12 (a 48-month tail: 10 final-fleet columns) and
    the power-capped example with the default tail are searched; the same example with its
    shipped 24-month tail (shorter than its terms), `in_horizon` and the relaxation are not;
    nor, with whole replicas, any of them."""
    assert fleet_search.chosen(build(_instance(*_shipped())))
    default_tail = _example("growing-power-capped.json", tail_months=None, **FRACTIONAL)
    assert fleet_search.chosen(build(_instance(*default_tail)))
    shipped = _example("growing-power-capped.json", **FRACTIONAL)
    assert not fleet_search.chosen(build(_instance(*shipped)))
    in_horizon = _example(
        "growing-power-capped.json", commitment_accounting="in_horizon", **FRACTIONAL
    )
    assert not fleet_search.chosen(build(_instance(*in_horizon)))
    assert not fleet_search.chosen(build(_instance(*default_tail), relax=True))
    assert not fleet_search.chosen(build(_instance(*_shipped("whole"))))
    whole = _example("growing-power-capped.json", tail_months=None)
    assert not fleet_search.chosen(build(_instance(*whole)))


def test_the_search_proves_the_plain_solves_plan() -> None:
    """On the power-capped example (48-month tail) the search and one plain HiGHS solve find
    the same plan: the same objective to the cent and the same units signed, proven."""
    instance = _instance(*_example("growing-power-capped.json", tail_months=None, **FRACTIONAL))
    plain = solve(build(instance), time_limit=60, gap_tolerance=1e-4)
    found, searched = fleet_search.search_fleet(build(instance), time_limit=60, gap=1e-4)
    assert found is not None and found.status == "optimal" and not searched.gave_up
    assert found.achieved_gap is not None and found.achieved_gap <= 1e-4
    assert found.objective == pytest.approx(plain.objective, abs=0.01)
    assert {k: v for k, v in found.starts.items() if v} == {
        k: v for k, v in plain.starts.items() if v
    }


def test_a_stopped_search_reports_its_least_open_bound() -> None:
    """Stopped (a cancel) once it holds a plan, the search returns that plan as `feasible`
    with the gap to the least bound of the boxes it left open, which the whole proof then
    meets or passes; stopped before any plan, it returns none (`failed`)."""
    instance = _instance(*_shipped())

    def after_first_plan(_seconds: float, incumbent: float, _bound: float) -> bool:
        return math.isfinite(incumbent)

    stopped, _ = fleet_search.search_fleet(
        build(instance), time_limit=60, gap=1e-4, on_progress=after_first_plan
    )
    proven, _ = fleet_search.search_fleet(build(instance), time_limit=60, gap=1e-4)
    assert stopped is not None and proven is not None and proven.status == "optimal"
    assert stopped.status == "feasible" and stopped.objective is not None
    assert stopped.achieved_gap is not None and stopped.achieved_gap > 1e-4
    assert proven.objective is not None
    least = stopped.objective * (1 - stopped.achieved_gap)
    assert least <= proven.objective * (1 + 1e-9)

    at_once, _ = fleet_search.search_fleet(
        build(instance), time_limit=60, gap=1e-4, on_progress=lambda *_: True
    )
    assert at_once is not None and at_once.status == "failed" and at_once.objective is None


def test_a_search_past_its_limits_leaves_the_plan_to_the_plain_solve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no fixed fleet allowed (`LEAF_LIMIT` 0) the search gives up and the plan is the
    plain solve's: the same total as the search's own."""
    catalog, request, forecast = _example(
        "growing-power-capped.json", tail_months=None, **FRACTIONAL
    )
    searched = make_plan(catalog, request, forecast)
    monkeypatch.setattr(fleet_search, "LEAF_LIMIT", 0)
    found, ended = fleet_search.search_fleet(
        build(_instance(catalog, request, forecast)), time_limit=60, gap=1e-4
    )
    assert found is None and ended.gave_up
    plain = make_plan(catalog, request, forecast)
    assert plain.status == searched.status == "optimal"
    assert plain.summary is not None and searched.summary is not None
    assert plain.summary.lifetime_cost == pytest.approx(searched.summary.lifetime_cost, abs=0.01)


def _objective(plan_total: float, tail: float | None) -> float:
    return plan_total + (tail or 0.0)


@SETTINGS
@given(fleet_search_plans())
def test_the_search_matches_the_brute_force(instance: tuple[Catalog, PlanRequest]) -> None:
    """On tiny instances where the search is chosen, the plan (solved through it) costs what
    the independent brute force finds to 1e-6, is proven, and keeps every constraint."""
    catalog, request = instance
    forecast = request.forecast
    assert forecast is not None
    try:
        model = build(_instance(catalog, request, forecast))
    except InvalidInput:
        assume(False)
        return
    assume(fleet_search.chosen(model))
    expected = brute_force(catalog, request)
    plan = make_plan(catalog, request, forecast)
    if expected is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal", plan.error
    assert plan.summary is not None
    total = _objective(plan.summary.total_cost, plan.tail.cost if plan.tail else None)
    assert total == pytest.approx(expected, rel=1e-6, abs=1e-6)
    verify_plan(plan, catalog, request, forecast)


def test_a_search_out_of_time_before_a_plan_leaves_it_to_the_plain_solve() -> None:
    """Review 16 F2: with a limit too short for the search's first fleet (power-capped,
    fractional, a 60-month tail, 0.02 s) the plan failed with no plan; the plain solve, given
    what is left, finds one, with its gap."""
    catalog, request, forecast = _example(
        "growing-power-capped.json", tail_months=60, time_limit_s=0.02, **FRACTIONAL
    )
    plan = make_plan(catalog, request, forecast)
    assert plan.status in ("feasible", "optimal"), plan.error
    assert plan.summary is not None and plan.solver is not None
