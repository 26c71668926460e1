"""A sensitivity says what the plan it is about buys, not what its own re-solve of it found
(probe 18a F4): at `time_limit_s` 0.1 s the re-solve stopped unproven at a dearer plan, and
the page listed an offer the plan signs as "bought: no, enters below 1.022", and a demand 25%
lower as a cost rise of 95% (a tornado bar). Here the re-solves are the real ones, made to
stop as a short limit made them: at a plan without A (one B GPU, 3,650 against the plan's
2,920), `feasible` at a gap of 3%."""

from __future__ import annotations

import dataclasses
import sys
from typing import Any

import pytest

from optimizer.plan_bought import NO_BETTER, plan_buys
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import SensitivityOptions
from optimizer.trials import Lever, Trial
from service.reports.sensitivity import markdown, tornado_bars
from tests.solver.test_sensitivity import _plan, _two_offers

GAP = 0.03


def _without_a(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan's re-solve and the demand steps down come back at the best plan without A,
    stopped unproven (`feasible`, gap `GAP`): what a re-solve cut short at a dearer plan
    reports."""
    module = sys.modules["optimizer.sensitivity_run"]
    real = module.run_trial

    def run_trial(instance: Any, **kwargs: Any) -> Trial:
        moved = kwargs.get("near") or kwargs.get("force")
        if moved or kwargs.get("scale", 1.0) > 1.0:
            return real(instance, **kwargs)  # type: ignore[no-any-return]
        a = Lever("gpu", [spec.id for spec in instance.offers].index("a"))
        result: Trial = real(instance, **{**kwargs, "force": (a, "out"), "starts": None})
        assert result.solution is not None
        solution = dataclasses.replace(result.solution, status="feasible", achieved_gap=GAP)
        return dataclasses.replace(result, status="feasible", solution=solution)

    monkeypatch.setattr(module, "run_trial", run_trial)


def test_bought_and_each_targets_kind_are_the_plans_not_its_unproven_re_solves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plan buys A (two GPUs, 2,920); its re-solve, stopped unproven, buys B (3,650): A is
    `bought` and its target where it leaves, B not bought and its target where it enters,
    each saying that the re-solve bought otherwise; the report's table says so too."""
    catalog, request = _two_offers()
    plan = _plan(catalog, request)
    assert plan_buys(plan) == {"a"}
    _without_a(monkeypatch)
    result = sensitivity(catalog, plan, SensitivityOptions())
    assert result.base_status == "feasible" and result.plan_cost == pytest.approx(2920.0)
    offers = {o.offer_id: o for o in result.offers}
    a, b = offers["a"], offers["b"]
    assert a.bought and not b.bought
    assert a.target.kind in ("leaves_above", "never_leaves"), a.target
    assert b.target.kind in ("enters_below", "never_enters"), b.target
    assert "the plan buys it; the run's re-solve of it does not buy it" in a.target.note
    assert "the plan does not buy it; the run's re-solve of it buys it" in b.target.note
    assert not a.target.verified and not b.target.verified
    report = markdown(result)
    assert "| a | V | yes | 2.000 |" in report and "| b | V | no | 5.000 |" in report


def test_an_unproven_step_dearer_than_the_plan_where_the_plan_holds_is_no_better(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Demand 10% and 25% lower, re-solved unproven at one B GPU (3,650), above the plan's
    2,920 which still serves it: `no_better`, no cost change, no tornado bar, the table saying
    "no better plan found" and a warning counting them; the steps up keep their changes."""
    catalog, request = _two_offers()
    plan = _plan(catalog, request)
    _without_a(monkeypatch)
    result = sensitivity(catalog, plan, SensitivityOptions())
    demand = result.workloads[0].responses
    down = [r for r in demand if r.change < 0]
    assert down and all(r.status == NO_BETTER and r.cost_change is None for r in down), down
    assert all(r.cost == pytest.approx(3650.0) and r.gap == GAP for r in down)
    assert all("no better plan found" in r.note for r in down)
    up = [r for r in demand if r.change > 0]
    assert all(r.status == "optimal" and r.cost_change is not None for r in up), up
    assert not [bar for bar in tornado_bars(result) if bar[0].startswith("demand of")]
    report = markdown(result)
    assert "no better plan found (not proven, gap 3.00%, 3,650.00 USD found)" in report
    assert any("found no plan better than the plan itself" in w for w in result.warnings)
