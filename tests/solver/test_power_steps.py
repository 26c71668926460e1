"""Objective `power` in two steps under one clock (probe 10 finding 1): the least-power step has
only a share of the time limit, and when the cost step after it finds no plan the least-power
plan is kept, where the request fell into the shortfall steps and was stored `infeasible`."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from optimizer import Options, PlanRequest, PowerStep, Scenario, make_plan, phases, scenario_search
from optimizer.solver import Solution
from service.reports.standing import unproven_reason
from tests.tiny import Spec, catalog, forecast

# The least power is the dearer offer's: 0.5 kW a GPU against 1 kW.
LOW_POWER = Spec("low", 3.0, kw_per_gpu=0.5)
CHEAP = Spec("cheap", 1.0)


def _request() -> PlanRequest:
    return PlanRequest(
        forecast=forecast([4000.0, 6000.0], months=2),
        objective="power",
        options=Options(commitment_accounting="in_horizon", time_limit_s=10),
    )


def _limits(monkeypatch: pytest.MonkeyPatch, fail_cost_step: bool) -> list[float]:
    """Record the time limit of each solve of the plan's steps; the second (the cost step
    within the least power) finds no plan when `fail_cost_step`."""
    limits: list[float] = []
    solve = phases.solve

    def spy(model: Any, **kw: Any) -> Solution:
        limits.append(kw["time_limit"])
        if fail_cost_step and len(limits) == 2:
            return Solution("failed", "HiGHS", 0.0, None, None, message="Not Solved")
        return solve(model, **kw)

    monkeypatch.setattr(phases, "solve", spy)
    return limits


def test_the_least_power_step_leaves_the_cost_step_half_the_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Of a 10 s limit (9 s of it the main solve's, a tenth left to the steps after it:
    `planner.AFTER_SOLVE_SHARE`) the power step is handed at most half (it was handed all of
    it, less HiGHS's margin), the cost step after it most of what is left; proven, the plan is
    `optimal` on the low-power offer, and says its power step was proven."""
    limits = _limits(monkeypatch, fail_cost_step=False)
    request = _request()
    assert request.forecast is not None
    plan = make_plan(catalog(LOW_POWER, CHEAP), request, request.forecast)
    assert limits[0] <= 4.5 and limits[1] > 7.0, limits
    assert plan.status == "optimal" and plan.solver is not None
    assert plan.solver.power is not None and plan.solver.power.proven
    assert plan.solver.power.cost_step == "optimal"
    assert {a.offer_id for m in plan.months for a in m.allocations} == {"low"}


def test_a_cost_step_without_a_plan_keeps_the_least_power_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cost step finds no plan: the least-power plan, meeting all its demand, is kept as
    `feasible` (it was `infeasible`, diagnosed with 0 short workload-months), its cost gap
    unknown, and the plan, its warnings and the requisition's reason say why."""
    _limits(monkeypatch, fail_cost_step=True)
    request = _request()
    assert request.forecast is not None
    plan = make_plan(catalog(LOW_POWER, CHEAP), request, request.forecast)
    assert plan.status == "feasible" and plan.diagnosis is None
    assert plan.solver is not None and plan.solver.gap is None
    assert plan.solver.power is not None and plan.solver.power.cost_step == "no plan"
    assert [m.mw for m in plan.months] == [0.002, 0.003]  # 4 and 6 GPUs at 0.5 kW
    kept = (
        "the cost step found no plan within 0.1% of the least power in the time left: the plan "
        "is the least-power step's own, its cost not minimised"
    )
    assert kept in plan.warnings
    assert unproven_reason(plan) == kept


def test_a_scenario_plan_s_least_power_step_has_half_the_time_and_says_how_it_ended(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Review 10 finding B: over scenarios, the least-power step was handed the whole clock
    too and the plan said nothing of it; now it has at most half of a 10 s limit, the cost
    step most of the rest, and `solver.power` says both were proven, and the least expected
    MW-months the first found."""
    limits: list[float] = []
    solve = scenario_search.solve_scenarios

    def spy(model: Any, **kw: Any) -> Any:
        limits.append(kw["time_limit"])
        return solve(model, **kw)

    monkeypatch.setattr(scenario_search, "solve_scenarios", spy)
    request = _request()
    assert request.forecast is not None
    two = (Scenario(name="a", probability=0.5), Scenario(name="b", probability=0.5, scale=0.5))
    forecast_ = msgspec.structs.replace(request.forecast, scenarios=two)
    plan = make_plan(catalog(LOW_POWER, CHEAP), request, forecast_)
    assert limits[0] <= 4.5 and limits[1] > 7.0, limits
    assert plan.status == "optimal" and plan.solver is not None
    assert plan.solver.power is not None
    least = plan.solver.power.least_mw_months
    assert plan.solver.power == PowerStep(
        gap=plan.solver.power.gap, proven=True, cost_step="optimal", least_mw_months=least
    )
    # The least expected MW-months: 10 GPU-months at 0.5 kW in a, half of them in b.
    assert least == pytest.approx((0.5 * 5 + 0.5 * 2.5) / 1000, rel=1e-9)
