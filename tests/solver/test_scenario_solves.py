"""A scenario plan's `solver.solves` counts the solves it ran (review 7a finding E: it was 4
whatever ran): the two-stage search, the mean forecast's plan and its recourse, and the high
scenario alone."""

from __future__ import annotations

from typing import Literal

import msgspec

from optimizer import Constraints, Options, Plan, PlanRequest, PowerCap, Scenario, make_plan
from tests import tiny

LOW_HIGH = (
    Scenario(name="low", probability=0.5, scale=2 / 3),
    Scenario(name="high", probability=0.5, scale=4 / 3),
)


def _solves(
    objective: Literal["cost", "power"] = "cost", constraints: Constraints | None = None
) -> int:
    """`solver.solves` of the low/high plan on 1 kW on-demand GPUs, 3,000 tok/s, two months."""
    catalog = tiny.catalog(tiny.Spec(id="od", price=1.0, kw_per_gpu=1.0))
    forecast = msgspec.structs.replace(tiny.forecast(3000.0, months=2), scenarios=LOW_HIGH)
    request = PlanRequest(
        forecast=forecast,
        objective=objective,
        constraints=constraints or Constraints(),
        options=Options(commitment_accounting="in_horizon"),
    )
    plan: Plan = make_plan(catalog, request, forecast)
    assert plan.solver is not None
    return plan.solver.solves


def test_a_least_cost_scenario_plan_counts_four_solves() -> None:
    """The two-stage solve, the mean forecast's, its recourse and the high scenario's: 4."""
    assert _solves() == 4


def test_a_power_scenario_plan_counts_six_solves() -> None:
    """Under `objective: power` the two-stage search and the high scenario's are two solves
    each (least power, then the cheapest within it): 6."""
    assert _solves("power") == 6


def test_a_short_scenario_plan_counts_three_solves() -> None:
    """Under a 2 kW cap the high scenario is short: the two-stage solve (infeasible), the
    least shortfall and the cheapest at it, and no mean nor high-scenario solve: 3."""
    capped = Constraints(power_caps=(PowerCap(site="v/r", mw=0.002),))
    assert _solves(constraints=capped) == 3
