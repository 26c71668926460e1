"""What the high scenario alone would sign follows the request's objective (review 7a finding
G: under `objective: power` it came from a least-cost solve)."""

from __future__ import annotations

from typing import Literal

import msgspec
import pytest

from optimizer import Options, PlanRequest, Scenario, make_plan
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
