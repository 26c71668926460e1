"""What the high scenario alone would sign follows the request's objective (review 7a finding
G: under `objective: power` it came from a least-cost solve)."""

from __future__ import annotations

from typing import Literal

import msgspec
import pytest

from optimizer import Options, PlanRequest, Scenario, make_plan
from service.reports.scenarios import scenario_pairs
from tests import tiny


def _high_alone(objective: Literal["cost", "power"]) -> float | None:
    """`high_scenario_committed_obligation` of a low/high plan (2,000 and 4,000 tok/s for two
    months) on 2-month reserved GPUs: `hot` at $1/GPU-h drawing 2 kW, `cool` at $1.20, 1 kW."""
    catalog = tiny.catalog(
        tiny.Spec(id="hot", price=1.0, kw_per_gpu=2.0, term_months=2),
        tiny.Spec(id="cool", price=1.2, kw_per_gpu=1.0, term_months=2),
    )
    scenarios = (
        Scenario(name="low", probability=0.5, scale=2 / 3),
        Scenario(name="high", probability=0.5, scale=4 / 3),
    )
    forecast = msgspec.structs.replace(tiny.forecast(3000.0, months=2), scenarios=scenarios)
    options = Options(commitment_accounting="in_horizon", gap=0.0)
    request = PlanRequest(forecast=forecast, objective=objective, options=options)
    plan = make_plan(catalog, request, forecast)
    assert plan.scenarios is not None and plan.scenarios.high_scenario == "high"
    return plan.scenarios.high_scenario_committed_obligation


def test_the_high_scenario_alone_signs_for_the_least_power_under_power() -> None:
    """4 GPUs for 2 months: `cool` under power (4 * 730 * 2 * $1.20 = 7,008), `hot` under
    cost (4 * 730 * 2 * $1 = 5,840)."""
    assert _high_alone("power") == pytest.approx(7_008.0, abs=0.005)
    assert _high_alone("cost") == pytest.approx(5_840.0, abs=0.005)


def test_a_high_scenario_signing_less_than_the_plan_is_explained() -> None:
    """Probe 11 finding 11b: A (p 0.1) holds 4,000 tok/s for two months (8,000 in all), B
    (p 0.9) 2,000 then 5,000 (7,000): A is the high scenario and alone would sign 4 units of
    `res` ($1, 2-month term: 4 * 730 * 2 = 5,840), while the plan signs 5 (7,300) for B's
    second month, which on-demand at $3 would cost 0.9 * 2,190 = 1,971 > 1,460. The note says
    why the high figure is below the plan's, and the report's label what "high" means."""
    catalog = tiny.catalog(
        tiny.Spec(id="res", price=1.0, term_months=2), tiny.Spec(id="od", price=3.0)
    )
    scenarios = (
        Scenario(name="A", probability=0.1, scale=1.0),
        Scenario(name="B", probability=0.9, scale=[0.5, 1.25]),
    )
    forecast = msgspec.structs.replace(tiny.forecast(4000.0, months=2), scenarios=scenarios)
    options = Options(commitment_accounting="in_horizon", gap=0.0)
    plan = make_plan(catalog, PlanRequest(forecast=forecast, options=options), forecast)
    s = plan.scenarios
    assert s is not None and s.high_scenario == "A"
    assert s.high_scenario_committed_obligation == pytest.approx(5_840.0, abs=0.005)
    assert s.committed_obligation == pytest.approx(7_300.0, abs=0.005)
    assert (
        "the plan signs commitments owing 7,300.00, more than the A scenario alone would "
        "(5,840.00): A has the most demand over the horizon, not in every month"
    ) in s.note
    [label] = [k for k, _ in scenario_pairs(plan) if "alone would sign" in k]
    assert label == "commitments the A scenario (most demand over the horizon) alone would sign"
