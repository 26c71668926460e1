"""Demand steps begun beside the plan's re-solve (`optimizer.sensitivity`, on more than one
worker): a step the search over the final fleet answers needs nothing of that re-solve; one it
does not answer waits for it and starts from its plan, as before (`Trials.stepping`); and a run
whose re-solve fails stops the steps begun beside it (`Budget.end`)."""

from __future__ import annotations

import threading
import time

import msgspec
import pytest

from catalog import InvalidInput, default_catalog
from optimizer import PlanRequest
from optimizer.instance import prepare
from optimizer.planner import make_plan
from optimizer.request import Options
from optimizer.run_budget import Budget, OutOfTime
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import SensitivityOptions
from optimizer.sensitivity_run import Known, Trials
from optimizer.starts import Starts
from optimizer.trials import with_demand
from tests import tiny
from tests.paths import EXAMPLES


def _never() -> Known:
    raise AssertionError("a step the fleet search answers asks for no plans")


def test_a_step_the_fleet_search_answers_asks_for_no_plans() -> None:
    """The seed's step to three quarters of its demand, searched over the final fleet: proven
    optimal at the pinned table's cost (-5,441,011.20 from 25,090,041.60) without the plan's
    re-solve (`later` is never asked), one solver run counted `demand`."""
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    trials = Trials(20.0, 1e-6, None)
    found = trials.stepping(_never, 0.75)(with_demand(instance, 0, 0.75))
    assert found.status == "optimal" and trials.kinds == {"demand": 1}
    assert found.cost == pytest.approx(25_090_041.60 - 5_441_011.20, abs=0.01)


def test_a_step_the_fleet_search_does_not_answer_starts_from_the_plans_asked_for() -> None:
    """Under `in_horizon` (no tail: the fleet search is not chosen) the step is re-solved from
    the plans `later` gives, asked once, as `Trials.using` re-solves it: the same status,
    cost and count."""
    catalog = tiny.catalog(
        tiny.Spec(id="a", price=2.0, term_months=3),
        tiny.Spec(id="b", price=3.0),
    )
    request = PlanRequest(
        forecast=tiny.forecast([2000.0, 2500.0, 3000.0], months=3),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    assert request.forecast is not None
    instance = prepare(catalog, request, request.forecast)
    trials = Trials(20.0, 1e-6, None)
    known = Known([], Starts())
    base = trials.using(known, "base")(instance, None, None)
    assert base.status == "optimal"
    asked: list[int] = []

    def later() -> Known:
        asked.append(1)
        return known.copy()

    scaled = with_demand(instance, 0, 1.25)
    stepped = trials.stepping(later, 1.25)(scaled)
    plain = trials.using(known.copy(), scale=1.25)(scaled, None, None)
    assert asked == [1]
    assert stepped.status == plain.status == "optimal"
    assert stepped.cost == pytest.approx(plain.cost, abs=0.01)
    assert trials.kinds == {"base": 1, "demand": 2}


def test_an_ended_budget_starts_no_solver_run_and_stops_those_running() -> None:
    """`Budget.end`: as a cancel, at once: no time left, `limit` raises, and a running solver
    run's progress callback answers True (it stops at its next one)."""
    budget = Budget(600.0)
    assert not budget.spent
    budget.end()
    assert budget.spent and budget.was_cancelled
    assert budget.heard_cancel(0.0, 1.0, 0.0)
    with pytest.raises(OutOfTime) as gone:
        budget.limit(10.0)
    assert gone.value.cancelled


def test_a_run_cancelled_before_its_re_solve_stops_the_steps_begun_beside_it() -> None:
    """Two workers, cancelled from the start: the run says it was cancelled before it began
    (as on one worker), and the step begun beside the plan's re-solve has ended with it: no
    thread of the run is left."""
    catalog = tiny.catalog(tiny.Spec(id="a", price=2.0), tiny.Spec(id="b", price=3.0))
    request = PlanRequest(forecast=tiny.forecast(2000.0), options=Options(gap=0.0))
    assert request.forecast is not None
    plan = make_plan(catalog, request, request.forecast, plan_id="p")
    before = threading.active_count()
    for workers in (1, 2):
        with pytest.raises(InvalidInput, match="cancelled before it began"):
            sensitivity(
                catalog, plan, SensitivityOptions(), workers=workers, cancelled=lambda: True
            )
    deadline = time.monotonic() + 10.0  # the pool's threads end once their task has
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() == before
