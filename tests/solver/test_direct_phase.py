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
from optimizer.request import Constraints, Options, PlanRequest, PowerCap
from tests import tiny
from tests.profiles import examples
from tests.strategies import small_plans_with_apis
from tests.tiny import drawn_instance

SETTINGS = settings(
    deadline=None, max_examples=examples(40), suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(small_plans_with_apis())
def test_the_direct_phase_finds_the_pulp_phase_cost(instance: tuple[Catalog, PlanRequest]) -> None:
    """Every status and cost (to 1e-6) of the phases through PuLP, whether the hard demand is
    met (the direct phase's own plan) or not (the shortfall phases after it, through PuLP).
    Not to 1e-8: both are LP optima within HiGHS's primal feasibility tolerance (1e-7), and a
    drawn 2-month plan's tail units not renewed read 1.4047624 through PuLP against 59/42 =
    1.4047619 direct, at about 730 a unit: 3789.047283 against 3789.047648, 1e-7 apart
    (hypothesis, session 23)."""
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
    assert abs(direct.solution.objective - expected) <= 1e-6 * max(1.0, abs(expected))


def test_demand_no_offer_can_serve_is_infeasible_on_the_direct_path() -> None:
    """The only offer's unit (4 GPUs at 1.5 kW) is over its site's 4 kW cap, so nothing can
    serve the 200 tok/s: the direct phase says infeasible, as the PuLP phase does, not
    `optimal` at 0 (its model has no column, which HiGHS calls empty; a dev-profile draw of
    the property above found it)."""
    cat = tiny.catalog(tiny.Spec("o", 1.0, gpus_per_unit=4, kw_per_gpu=1.5, tokens_per_gpu=50))
    request = PlanRequest(
        forecast=tiny.forecast(200.0),
        constraints=Constraints(power_caps=(PowerCap(site=cat.offers[0].site, mw=0.004),)),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    model_instance = drawn_instance(cat, request)
    assert model_instance is not None
    through_pulp = solve_instance(model_instance, "cost", request.options, Clock(30))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(phases, "DIRECT_COLUMNS", 0)
        direct = solve_instance(model_instance, "cost", request.options, Clock(30))
    assert (direct.status, through_pulp.status) == ("infeasible", "infeasible")


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
