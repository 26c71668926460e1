"""The mean-forecast note says why there is no value of the stochastic solution (review 7a
finding I): a solve of the mean forecast's plan, or of its recourse, that ran out of time is
not said to leave a scenario's demand unmet."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from optimizer import Options, PlanRequest, Scenario, make_plan
from optimizer.scenario_search import Search
from optimizer.scenarios import Solved
from tests import tiny

TIMED_OUT = Solved("failed", None, {}, 0.0, None)
"""What `solve_scenarios` returns when HiGHS stops at its time limit with no plan."""


def _note(monkeypatch: pytest.MonkeyPatch, out_of_time: int | None) -> tuple[float | None, str]:
    """(mean_forecast_cost, note) of a low/high plan whose `out_of_time`-th solve (from 0;
    1 is the mean forecast's plan, 2 its recourse) runs out of time."""
    run = Search.run
    calls: list[int] = []

    def timed(self: Search, *args: Any, **kwargs: Any) -> Solved:
        calls.append(len(calls))
        if len(calls) - 1 == out_of_time:
            self.solves += 1
            return TIMED_OUT
        return run(self, *args, **kwargs)

    monkeypatch.setattr(Search, "run", timed)
    catalog = tiny.catalog(tiny.Spec(id="od", price=1.0))
    scenarios = (
        Scenario(name="low", probability=0.5, scale=0.5),
        Scenario(name="high", probability=0.5, scale=1.5),
    )
    forecast = msgspec.structs.replace(tiny.forecast(2000.0), scenarios=scenarios)
    options = Options(commitment_accounting="in_horizon")
    plan = make_plan(catalog, PlanRequest(forecast=forecast, options=options), forecast)
    assert plan.scenarios is not None
    return plan.scenarios.mean_forecast_cost, plan.scenarios.note


@pytest.mark.parametrize("out_of_time", [1, 2])
def test_a_mean_forecast_solve_out_of_time_says_so(
    monkeypatch: pytest.MonkeyPatch, out_of_time: int
) -> None:
    """The mean forecast's plan (1) or its recourse (2) out of time: no mean cost, and the note
    says the time ran out, not that demand goes unmet."""
    cost, note = _note(monkeypatch, out_of_time)
    assert cost is None
    assert note.startswith("the plan on the mean forecast was not solved in time")


def test_a_mean_forecast_solved_in_time_has_no_note(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every solve in time: the mean cost (1,460: 2,000 tok/s on $1 GPUs), no note."""
    cost, note = _note(monkeypatch, None)
    assert cost == pytest.approx(1_460.0, abs=0.005) and note == ""
