"""A cancel is heard by every step of a plan after the one it reached (probe 10 findings 2-4): the
plan found so far is kept, `feasible` and marked cancelled, and no later solve runs on."""

from __future__ import annotations

import math
from typing import Any

import msgspec
import pytest

from optimizer import Constraints, Options, Plan, PlanRequest, Scenario, make_plan, phases
from optimizer.solver import Solution
from tests.tiny import Spec, catalog, forecast

SHORT = Spec("r3", 2.0, vendor="A", term_months=3, gpus_per_unit=8)
LONG = Spec("r48", 2.0, vendor="B", term_months=48, gpus_per_unit=8, kw_per_gpu=0.5)


class Once:
    """A progress callback that asks to stop once, at its first incumbent (the server cancels
    only a solve that has found a plan), as the server's relay did
    (`service.solve_process._Relay` before probe 10): later calls say nothing."""

    def __init__(self) -> None:
        self.calls = 0
        self.stops = 0

    def __call__(self, seconds: float, incumbent: float, bound: float) -> bool:
        self.calls += 1
        if self.stops or not math.isfinite(incumbent):
            return False
        self.stops += 1
        return True


def _request(objective: str = "cost", scenarios: tuple[Scenario, ...] = ()) -> PlanRequest:
    """Three months of 30,000 tokens/s under a 0.6 vendor share: HiGHS searches (it calls
    back) for the least cost and for the least power."""
    return msgspec.convert(
        {
            "forecast": msgspec.to_builtins(
                msgspec.structs.replace(forecast(30000.0, months=3), scenarios=scenarios)
            ),
            "objective": objective,
            "constraints": msgspec.to_builtins(Constraints(max_vendor_share=0.6)),
            "options": msgspec.to_builtins(Options(commitment_accounting="in_horizon")),
        },
        PlanRequest,
    )


def _solve(request: PlanRequest, **heard: Any) -> Plan:
    assert request.forecast is not None
    return make_plan(catalog(SHORT, LONG), request, request.forecast, **heard)


def test_a_cancel_in_the_power_step_keeps_its_plan_and_skips_the_cost_step() -> None:
    """Finding 2: cancelled in the least-power step, the plan is that step's, `feasible`,
    cancelled, with its fleet; the cost step after it never runs (it ran deaf to the cancel
    until the server's grace ran out and the plan was lost)."""
    once = Once()
    plan = _solve(_request("power"), on_progress=once)
    assert once.stops == 1, "HiGHS never called back with a plan: the case no longer searches"
    assert plan.status == "feasible" and plan.solver is not None and plan.solver.cancelled
    assert plan.solver.solves == 1 and plan.solver.gap is None
    assert plan.solver.power is not None and plan.solver.power.cost_step == "no plan"
    assert any("the least power before the cancel: the plan is" in w for w in plan.warnings)
    assert plan.summary is not None and plan.commitments


def test_the_progress_is_told_each_step_of_a_power_plan() -> None:
    """A least-power plan's progress is told its steps, least power then cost (the server then
    shows no cost for the first); a scenario plan's the same."""
    for scenarios in (
        (),
        (Scenario(name="a", probability=0.5), Scenario(name="b", probability=0.5)),
    ):
        steps: list[str] = []
        plan = _solve(
            _request("power", scenarios), on_progress=lambda *_: False, on_step=steps.append
        )
        assert plan.status == "optimal" and steps == ["power", "cost"]


def test_a_cancel_after_the_search_skips_ties_marginals_and_baselines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Finding 4: a cancel that comes once the main search has ended (no callback of it hears
    it) is heard by the plan's clock: no tie re-solve, marginals or baselines are solved; the
    plan is the search's, marked cancelled."""
    ended: list[Solution] = []
    solve = phases.solve

    def main_search(*args: Any, **kw: Any) -> Solution:
        found = solve(*args, **kw)
        ended.append(found)
        return found

    polished: list[Solution] = []
    monkeypatch.setattr(phases, "solve", main_search)
    monkeypatch.setattr(phases, "break_ties", lambda _m, found, *_a, **_k: polished.append(found))
    plan = _solve(_request(), cancelled=lambda: bool(ended))
    assert len(ended) == 1 and not polished
    assert plan.status in ("optimal", "feasible") and plan.summary is not None
    assert plan.solver is not None and plan.solver.cancelled
    assert plan.marginal is not None and plan.marginal.workloads == ()
    assert plan.marginal.note.endswith("The plan was cancelled first: none given.")
    assert plan.baselines and all(b.status == "failed" for b in plan.baselines)
    said = "the plan was cancelled before this baseline was solved"
    reasons = [b.reason or "" for b in plan.baselines]
    assert said in reasons and not any("time limit" in r for r in reasons)


def test_a_cancelled_scenario_plan_keeps_its_plan_and_reports_progress() -> None:
    """Finding 3: a scenario plan's two-stage search reports its progress and, cancelled, keeps
    the plan it found (`feasible`, cancelled); it was solved deaf to both, and the server,
    having seen no plan found, dropped it."""
    once = Once()
    two = (Scenario(name="a", probability=0.5), Scenario(name="b", probability=0.5))
    plan = _solve(_request(scenarios=two), on_progress=once)
    assert once.stops == 1
    assert plan.status == "feasible" and plan.scenarios is not None
    assert plan.solver is not None and plan.solver.cancelled and plan.commitments
    # Review 10 finding C: the mean forecast's and the high scenario's solves, skipped after
    # the cancel, were said "not solved in time".
    note = plan.scenarios.note
    assert "not solved before the cancel" in note and "in time" not in note, note


def test_a_cancel_before_any_plan_is_stored_cancelled() -> None:
    """A cancel heard before the first solve found anything: the plan is `cancelled`, saying
    so, not `failed` nor `infeasible`."""
    plan = _solve(_request("power"), cancelled=lambda: True)
    assert plan.status == "cancelled" and plan.error == phases.CANCELLED_EARLY
