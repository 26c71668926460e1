"""A scenario plan's figures from sub-solves stopped at their time limit say so (probe 8 finding
1): the mean forecast's plan, its recourse and the high scenario alone ran on what was left of
the plan's clock and a merely feasible answer stood as proven, beside status `optimal` (a value
of the stochastic solution of the wrong sign). Each stop is injected into the solve it names,
with the gap HiGHS would report, so that no test depends on the machine's speed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

import msgspec
import pytest

from optimizer import Options, Plan, PlanRequest, Scenario, ScenarioSummary, make_plan
from optimizer.scenario_search import Search
from optimizer.scenarios import Solved
from service.reports import render_report
from tests import tiny

MEAN, RECOURSE, HIGH = 1, 2, 3
"""The solves of a least-cost plan that meets every scenario, in order (0 is the plan's)."""


CATALOG = tiny.catalog(tiny.Spec(id="res", price=1.0, term_months=3), tiny.Spec(id="od", price=1.5))


def _plan(
    monkeypatch: pytest.MonkeyPatch,
    stopped: dict[int, float | None],
    objective: Literal["cost", "power"] = "cost",
    gaps: dict[int, float] | None = None,
) -> Plan:
    """A 3-month reserved GPU at $1/h and an on-demand one at $1.50/h, 1,000 tok/s each, for
    2,000 or 4,000 tok/s at even odds: the plan signs 2 reserved GPUs (expected $7,665.00);
    committing on the mean's 3 costs $8,212.50 (value $547.50). The solves numbered in
    `stopped` return their plan as merely feasible at that gap (None: unknown); those in
    `gaps` report that gap, still proven (within the requested tolerance)."""
    run = Search.run

    def stopping(self: Search, *args: Any, **kwargs: Any) -> Solved:
        index = self.solves
        solved = run(self, *args, **kwargs)
        if index in stopped:
            return replace(solved, status="feasible", gap=stopped[index])
        return replace(solved, gap=(gaps or {}).get(index, solved.gap))

    monkeypatch.setattr(Search, "run", stopping)
    scenarios = (
        Scenario(name="low", probability=0.5, scale=2 / 3),
        Scenario(name="high", probability=0.5, workloads={"w": 4000.0}),
    )
    forecast = msgspec.structs.replace(tiny.forecast(3000.0, months=3), scenarios=scenarios)
    options = Options(commitment_accounting="in_horizon", gap=0.0)
    request = PlanRequest(forecast=forecast, options=options, objective=objective)
    return make_plan(CATALOG, request, forecast)


def _summary(plan: Plan) -> ScenarioSummary:
    assert plan.scenarios is not None
    return plan.scenarios


def test_every_solve_proven_gives_the_value_unlabelled(monkeypatch: pytest.MonkeyPatch) -> None:
    """All proven: mean cost $8,212.50, value $547.50, no gap, no note."""
    s = _summary(_plan(monkeypatch, {}))
    assert s.mean_forecast_cost == pytest.approx(8_212.5, abs=0.005)
    assert s.value_of_stochastic_solution == pytest.approx(547.5, abs=0.005)
    assert (s.mean_forecast_gap, s.high_scenario_gap, s.note) == (None, None, "")


@pytest.mark.parametrize("solve", [MEAN, RECOURSE])
def test_a_mean_solve_stopped_at_a_gap_withholds_the_value(
    monkeypatch: pytest.MonkeyPatch, solve: int
) -> None:
    """The mean forecast's plan (or its recourse) stopped at 2.5%: the plan stays optimal, its
    mean cost is shown with that gap, the value of the stochastic solution is withheld and the
    note says why, as do the reports."""
    plan = _plan(monkeypatch, {solve: 0.025})
    s = _summary(plan)
    assert plan.status == "optimal"
    assert s.mean_forecast_cost == pytest.approx(8_212.5, abs=0.005)
    assert s.mean_forecast_gap == 0.025
    assert s.value_of_stochastic_solution is None
    assert s.note.startswith("the plan on the mean forecast (or its recourse in the scenarios)")
    assert "not proven optimal in time (gap 2.50%)" in s.note
    markdown = render_report(plan, CATALOG, "md")[0]
    assert isinstance(markdown, str)
    assert "committing on the mean forecast (not proven optimal: gap 2.50%)" in markdown


def test_a_mean_solve_stopped_at_an_unknown_gap_withholds_its_cost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Stopped with no gap known: neither the mean cost nor the value is shown."""
    s = _summary(_plan(monkeypatch, {MEAN: None}))
    assert (s.mean_forecast_cost, s.mean_forecast_gap, s.value_of_stochastic_solution) == (
        None,
        None,
        None,
    )
    assert "no expected cost committing on it is given" in s.note


def test_the_high_scenario_alone_stopped_is_labelled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The high scenario alone stopped at 1%: its obligation (4 reserved GPUs, $8,760.00) with
    the gap and a note; at an unknown gap no obligation; the value still shown."""
    s = _summary(_plan(monkeypatch, {HIGH: 0.01}))
    assert s.high_scenario_committed_obligation == pytest.approx(8_760.0, abs=0.005)
    assert s.high_scenario_gap == 0.01
    assert "the plan for the high scenario alone was not proven optimal in time (gap 1.00%)" in (
        s.note
    )
    assert s.value_of_stochastic_solution == pytest.approx(547.5, abs=0.005)
    unknown = _summary(_plan(monkeypatch, {HIGH: None}))
    assert unknown.high_scenario_committed_obligation is None
    assert "no obligation is given" in unknown.note


def test_a_value_beside_an_unproven_plan_says_what_it_rests_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plan's own solve stopped at 3%: status feasible, and the value's note names it."""
    plan = _plan(monkeypatch, {0: 0.03})
    s = _summary(plan)
    assert plan.status == "feasible"
    assert s.value_of_stochastic_solution == pytest.approx(547.5, abs=0.005)
    assert "itself not proven optimal (gap 3.00%)" in s.note


def test_a_power_phase_stopped_claims_no_gap_of_its_cost_phase(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under `objective: power` the high scenario alone is two solves (least power, then the
    cheapest within it: 4 and 5): the first stopped at 1%, the second proven at 0.005%, its
    obligation is withheld, not labelled 0.005% (a gap of the cost phase alone)."""
    s = _summary(_plan(monkeypatch, {4: 0.01}, "power", gaps={5: 5e-5}))
    assert (s.high_scenario_committed_obligation, s.high_scenario_gap) == (None, None)
    assert "the plan for the high scenario alone was not proven optimal in time" in s.note
    assert "no obligation is given" in s.note
