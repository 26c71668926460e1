"""Scenarios (DESIGN section 8.3): a two-stage plan worked by hand, one scenario equal to the
plain plan, a weighted CVaR, and the value of the stochastic solution never negative."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import Catalog, InvalidInput
from optimizer import (
    Constraints,
    Options,
    Plan,
    PlanRequest,
    PowerCap,
    Risk,
    Scenario,
    make_plan,
)
from tests import tiny
from tests.strategies import small_plans

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
LOW_HIGH = (
    Scenario(name="low", probability=0.5, scale=2 / 3),
    Scenario(name="high", probability=0.5, workloads={"w": 4000.0}),
)


def _reserved_and_on_demand(risk: Risk | None = None) -> tuple[Catalog, PlanRequest]:
    """A 3-month reserved GPU at $1/h and an on-demand one at $1.50/h, 1,000 tok/s each; 2,000
    or 4,000 tok/s for three months, even odds."""
    catalog = tiny.catalog(
        tiny.Spec(id="res", price=1.0, term_months=3), tiny.Spec(id="od", price=1.5)
    )
    forecast = msgspec.structs.replace(tiny.forecast(3000.0, months=3), scenarios=LOW_HIGH)
    options = Options(commitment_accounting="in_horizon", gap=0.0, risk=risk)
    return catalog, PlanRequest(forecast=forecast, options=options)


def _solve(catalog: Catalog, request: PlanRequest) -> Plan:
    assert request.forecast is not None
    return make_plan(catalog, request, request.forecast)


def test_two_scenarios_commit_for_the_low_and_buy_the_rest_on_demand() -> None:
    """Each reserved GPU costs 730 * 3 = $2,190 and saves $3,285 of on-demand in a scenario
    that uses it: worth it for the 2 GPUs both need, not for the 2 only the high one needs
    (half of $3,285 < $2,190). Low $4,380, high $4,380 + 2 * $3,285 = $10,950, expected
    $7,665. On the mean (3,000 tok/s) one commits 3: $6,570 + half of $3,285 = $8,212.50, a
    value of the stochastic solution of $547.50; the high scenario alone commits 4 ($8,760)."""
    plan = _solve(*_reserved_and_on_demand())
    s = plan.scenarios
    assert plan.status == "optimal" and s is not None
    # Shown: high, as probable as low and with more demand (its on-demand months follow).
    assert s.shown == "high"
    assert [(c.offer_id, c.units) for c in plan.commitments if c.term_months > 1] == [("res", 2.0)]
    low, high = s.scenarios
    assert low.cost == pytest.approx(4380.0, abs=0.005)
    assert high.cost == pytest.approx(10950.0, abs=0.005)
    assert high.flexible_gpus == (2.0, 2.0, 2.0) and low.flexible_gpus == (0.0, 0.0, 0.0)
    assert s.expected_cost == pytest.approx(7665.0, abs=0.005)
    assert (s.cost_min, s.cost_max) == pytest.approx((4380.0, 10950.0), abs=0.005)
    assert s.mean_forecast_cost == pytest.approx(8212.5, abs=0.005)
    assert s.value_of_stochastic_solution == pytest.approx(547.5, abs=0.005)
    assert s.committed_obligation == pytest.approx(4380.0, abs=0.005)
    assert s.high_scenario == "high"
    assert s.high_scenario_committed_obligation == pytest.approx(8760.0, abs=0.005)


def test_a_cvar_of_the_worst_half_commits_for_the_high_scenario() -> None:
    """With all weight on the CVaR of the worst 50%, only the high scenario counts: 4 reserved
    GPUs ($8,760 there, the CVaR), though the expected cost rises to $8,760."""
    plan = _solve(*_reserved_and_on_demand(Risk(cvar_alpha=0.5, weight=1.0)))
    s = plan.scenarios
    assert s is not None and s.objective == "cvar"
    assert [(c.offer_id, c.units) for c in plan.commitments] == [("res", 4.0)]
    assert s.cvar == pytest.approx(8760.0, abs=0.005)
    assert s.expected_cost == pytest.approx(8760.0, abs=0.005)


def test_under_cvar_the_value_of_the_stochastic_solution_is_the_true_negative_difference() -> None:
    """The worst-half CVaR plan expects $8,760 where committing on the mean (3 reserved GPUs)
    expects $8,212.50: the value of the stochastic solution is -$547.50, not clamped to 0."""
    plan = _solve(*_reserved_and_on_demand(Risk(cvar_alpha=0.5, weight=1.0)))
    s = plan.scenarios
    assert s is not None and s.value_of_stochastic_solution is not None
    assert s.mean_forecast_cost == pytest.approx(8212.5, abs=0.005)
    assert s.value_of_stochastic_solution == pytest.approx(-547.5, abs=0.005)


def _objective(plan: Plan) -> float:
    assert plan.summary is not None
    return plan.summary.lifetime_cost or plan.summary.total_cost


@SETTINGS
@given(small_plans())
def test_one_scenario_is_the_plain_plan(case: tuple[Catalog, PlanRequest]) -> None:
    """A forecast with one scenario of probability 1 and no change costs what the plain
    plan costs, to the cent."""
    catalog, request = case
    assert request.forecast is not None
    request = msgspec.structs.replace(
        request, options=msgspec.structs.replace(request.options, gap=0.0)
    )
    try:
        plain = _solve(catalog, request)
    except InvalidInput:
        return
    if plain.status != "optimal":
        return
    one = (Scenario(name="only", probability=1.0),)
    forecast = msgspec.structs.replace(request.forecast, scenarios=one)
    plan = _solve(catalog, msgspec.structs.replace(request, forecast=forecast))
    assert plan.scenarios is not None
    assert plan.scenarios.expected_cost == pytest.approx(_objective(plain), abs=0.01)
    assert _objective(plan) == pytest.approx(_objective(plain), abs=0.01)


@SETTINGS
@given(small_plans(), st.sampled_from([0.0, 0.5, 0.8]), st.sampled_from([1.2, 1.5, 2.0]))
def test_the_value_of_the_stochastic_solution_is_never_negative(
    case: tuple[Catalog, PlanRequest], low: float, high: float
) -> None:
    """Committing on the mean forecast never beats the two-stage plan in expectation."""
    catalog, request = case
    assert request.forecast is not None
    scenarios = (
        Scenario(name="low", probability=0.4, scale=low),
        Scenario(name="high", probability=0.6, scale=high),
    )
    forecast = msgspec.structs.replace(request.forecast, scenarios=scenarios)
    options = msgspec.structs.replace(request.options, gap=0.0)
    try:
        plan = _solve(catalog, msgspec.structs.replace(request, forecast=forecast, options=options))
    except InvalidInput:
        return
    s = plan.scenarios
    if s is None or s.mean_forecast_cost is None:
        return
    assert s.value_of_stochastic_solution is not None
    assert s.value_of_stochastic_solution >= 0.0
    assert s.mean_forecast_cost >= s.expected_cost - 0.01


def test_a_scenario_a_cap_cannot_serve_is_short_and_diagnosed() -> None:
    """Under a 2 kW cap (two 1 kW GPUs) the high scenario's 4,000 tok/s is half met: the plan
    is `infeasible`, the high scenario short by half its tokens, the low one not at all, and
    the diagnosis names the high scenario."""
    catalog, request = _reserved_and_on_demand()
    capped = msgspec.structs.replace(
        request, constraints=Constraints(power_caps=(PowerCap(site="v/r", mw=0.002),))
    )
    plan = _solve(catalog, capped)
    s = plan.scenarios
    assert plan.status == "infeasible" and s is not None
    low, high = s.scenarios
    assert low.shortfall_tokens <= 1e-6 * low.tokens  # the phases allow 1e-7 of slack
    assert high.shortfall_tokens == pytest.approx(high.tokens, rel=1e-6)
    assert high.committed_gpus == (2.0, 2.0, 2.0)
    assert plan.diagnosis is not None and plan.diagnosis.summary.startswith("scenario high")
    assert s.value_of_stochastic_solution is None and "no commitment meets" in s.note
