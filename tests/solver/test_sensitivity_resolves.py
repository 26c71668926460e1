"""How a sensitivity run re-solves (`optimizer.direct`, `optimizer.starts`,
`optimizer.sensitivity_run`): from a start it proves the optimum a cold solve proves, a start
HiGHS mis-scores is not taken for the optimum, and re-solves side by side give the table one
at a time gives."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import Catalog
from optimizer.direct import DirectModel, solve_direct
from optimizer.incumbent import seed_start
from optimizer.planner import make_plan
from optimizer.request import Options, PlanRequest
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import SensitivityOptions
from optimizer.solver import SOLVER_THREADS
from optimizer.trials import Lever, cost_of, run_trial, with_demand
from tests import tiny
from tests.as_cold import assert_as_cold, solved
from tests.profiles import examples
from tests.solver.test_large_models import _start_trap
from tests.strategies import small_plans
from tests.tiny import drawn_instance

SETTINGS = settings(
    deadline=None, max_examples=examples(25), suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(small_plans(), st.sampled_from([0.5, 0.9, 1.2, 2.0]))
def test_a_re_solve_from_a_start_costs_what_a_cold_one_does(
    case: tuple[Catalog, PlanRequest], factor: float
) -> None:
    """Each offer's price times `factor`, re-solved from the plans found at today's prices
    (HiGHS's heuristics off, as a price re-solve runs) and cold: the same status and cost, to
    the cent."""
    found = solved(case)
    if found is None:
        return
    instance, starts = found
    for o in sorted({o for (o, _w) in instance.rates}):
        lever = Lever("gpu", o)
        changed = lever.at(instance, lever.price(instance) * factor)
        cold = run_trial(changed, time_limit=20, gap=0.0)
        assert_as_cold(cold, run_trial(changed, time_limit=20, gap=0.0, starts=starts, near=True))


@SETTINGS
@given(small_plans(), st.sampled_from([0.75, 0.9, 1.1, 1.25]))
def test_a_demand_step_from_the_plan_scaled_costs_what_a_cold_one_does(
    case: tuple[Catalog, PlanRequest], scale: float
) -> None:
    """Each workload's demand times `scale`, re-solved from the plan's columns scaled alike
    (HiGHS's heuristics off, as a demand step runs) and cold: the same status and cost, to
    the cent."""
    found = solved(case)
    if found is None:
        return
    instance, starts = found
    for w in range(len(instance.workloads)):
        changed = with_demand(instance, w, scale)
        cold = run_trial(changed, time_limit=20, gap=0.0)
        assert_as_cold(
            cold, run_trial(changed, time_limit=20, gap=0.0, starts=starts.copy(), scale=scale)
        )


def test_a_start_highs_mis_scores_is_not_taken_for_the_optimum() -> None:
    """On the instance where HiGHS 1.16 reports its optimum (6,205) while returning the start
    handed to it (6,935), the re-solve from that start returns a plan that costs 6,205."""
    instance = drawn_instance(*_start_trap())
    assert instance is not None
    model = DirectModel(instance)
    h = model.sink.highs(30, 0.0, SOLVER_THREADS)
    seed = seed_start(h, 10.0, SOLVER_THREADS)
    assert seed.start_objective == pytest.approx(6935.0005, abs=1e-3)
    model.start = list(h.getSolution().col_value)
    solution = solve_direct(model, time_limit=30, gap=0.0)
    assert solution.status == "optimal"
    assert solution.objective == pytest.approx(6205.0004, abs=1e-3)
    assert cost_of(instance, solution) == pytest.approx(6205.0, abs=0.01)


def test_re_solves_side_by_side_give_the_table_one_at_a_time_gives() -> None:
    """Three offers (two bought, one not) and the demand steps: the run with two re-solves
    at once has every response, target price and check of the run with one, and as many
    re-solves."""
    catalog = tiny.catalog(
        tiny.Spec(id="a", price=2.0),
        tiny.Spec(id="b", price=5.0, tokens_per_gpu=2000.0),
        tiny.Spec(id="c", price=3.5, tokens_per_gpu=1500.0, term_months=12),
    )
    request = PlanRequest(
        forecast=tiny.forecast([2000.0, 3000.0, 5000.0], months=3),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    assert request.forecast is not None
    plan = make_plan(catalog, request, request.forecast, plan_id="p")
    one = sensitivity(catalog, plan, SensitivityOptions(), workers=1)
    two = sensitivity(catalog, plan, SensitivityOptions(), workers=2)
    assert one.solves == two.solves
    assert msgspec.to_builtins(one.offers) == msgspec.to_builtins(two.offers)
    assert msgspec.to_builtins(one.workloads) == msgspec.to_builtins(two.workloads)
    assert any(o.bought for o in one.offers) and not all(o.bought for o in one.offers)


def test_a_plan_moved_to_an_unbought_offer_starts_its_search_without_a_forced_re_solve() -> None:
    """A ($2), B ($3) and C ($3.50), alike but for price: 2,000 tok/s takes two GPUs. The plan
    buys A; with A forced out B is bought, so nothing found buys C: A's plan moved to C
    crosses the plan at $2, and C's target (enters below $2) takes its two checks alone
    (just above: one joint re-solve with B, both expected at $2), not a forced re-solve and
    then the checks: the run's one forced re-solve is A's, forced out."""
    catalog = tiny.catalog(
        tiny.Spec(id="a", price=2.0), tiny.Spec(id="b", price=3.0), tiny.Spec(id="c", price=3.5)
    )
    request = PlanRequest(
        forecast=tiny.forecast(2000.0),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    assert request.forecast is not None
    plan = make_plan(catalog, request, request.forecast, plan_id="p")
    result = sensitivity(catalog, plan, SensitivityOptions(tolerance=0.01))
    c = next(o for o in result.offers if o.offer_id == "c")
    assert not c.bought and c.target.kind == "enters_below" and c.target.verified
    assert c.target.price == pytest.approx(2.0, rel=0.02)
    assert c.target.below is not None and c.target.above is not None
    assert c.target.below.price <= 2.0 <= c.target.above.price
    assert c.target.solves <= 2 and result.solver_runs["forced"] == 1
