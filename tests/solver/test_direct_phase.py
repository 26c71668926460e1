"""The least-cost phase written straight into highspy (`optimizer.phases.DIRECT_COLUMNS`),
forced onto small plans: the same status and cost as through PuLP, and the plan's progress
relayed from HiGHS as through PuLP."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings

from catalog import Catalog
from optimizer import phases
from optimizer.phases import Clock, solve_instance
from optimizer.request import PlanRequest
from tests.profiles import examples
from tests.strategies import small_plans_with_apis
from tests.tiny import drawn_instance

SETTINGS = settings(
    deadline=None, max_examples=examples(40), suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(small_plans_with_apis())
def test_the_direct_phase_finds_the_pulp_phase_cost(instance: tuple[Catalog, PlanRequest]) -> None:
    """Every status and cost (to 1e-8) of the phases through PuLP, whether the hard demand is
    met (the direct phase's own plan) or not (the shortfall phases after it, through PuLP)."""
    catalog, request = instance
    model_instance = drawn_instance(catalog, request)
    if model_instance is None:
        return
    options = msgspec.structs.replace(request.options, gap=0.0)
    through_pulp = solve_instance(model_instance, "cost", options, Clock(30))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(phases, "DIRECT_COLUMNS", 0)
        direct = solve_instance(model_instance, "cost", options, Clock(30))
    assert direct.status == through_pulp.status
    if through_pulp.solution is None or through_pulp.solution.objective is None:
        assert direct.solution is None or direct.solution.objective is None
        return
    assert direct.solution is not None and direct.solution.objective is not None
    expected = through_pulp.solution.objective
    assert abs(direct.solution.objective - expected) <= 1e-8 * max(1.0, abs(expected))


def test_the_direct_phase_reports_progress_and_stops_when_told() -> None:
    """A plan solved directly reports HiGHS's progress and stops when the callback says so
    (cancel): the first report returns True, and the solve ends feasible or with no plan."""
    from bench.instances import request_for, synthetic
    from optimizer.prepare import prepare_for_solve

    catalog, forecast = synthetic(20, 6, 4)
    request = request_for(forecast)
    _full, model_instance, _ = prepare_for_solve(catalog, request, forecast)
    seen: list[tuple[float, float, float]] = []

    def stop(seconds: float, incumbent: float, bound: float) -> bool:
        seen.append((seconds, incumbent, bound))
        return True

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(phases, "DIRECT_COLUMNS", 0)
        outcome = solve_instance(model_instance, "cost", request.options, Clock(30), stop)
    assert seen
    assert outcome.status in ("feasible", "failed", "optimal")
