"""Probe 18a F3: a plan whose time ran out before any plan was found said "the solver found no
solution (Optimal)" (PuLP's name for HiGHS's run), or "(HighsModelStatus.kInterrupt)", and
nothing of what to do. It says the time limit ran out, and to give a larger one."""

from __future__ import annotations

import msgspec
import pytest

from bench.instances import request_for, synthetic
from catalog import default_catalog
from optimizer import PlanRequest, scenario_plan
from optimizer.planner import make_plan
from optimizer.scenarios import Solved
from service.solve_process import _capped
from tests.paths import EXAMPLES


def test_a_plan_out_of_time_before_any_plan_says_so_and_what_to_do() -> None:
    catalog, forecast = synthetic(40, 24, 6, shape="caps")
    request = request_for(forecast)
    options = msgspec.structs.replace(request.options, time_limit_s=1e-6)
    plan = make_plan(catalog, msgspec.structs.replace(request, options=options), forecast)
    assert plan.status == "failed" and plan.error is not None
    assert plan.error.startswith("no plan was found within the time limit (1e-06 s)")
    assert "give a larger `options.time_limit_s`" in plan.error
    assert "Optimal" not in plan.error and "HighsModelStatus" not in plan.error


def test_a_solve_stopped_at_its_cap_says_what_to_do() -> None:
    said = _capped(2.0, grace=False)
    assert "wall-clock cap of 2.0 s" in said and "larger `options.time_limit_s`" in said


def test_a_scenario_plan_out_of_time_says_so_and_what_to_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Review 18 R1: the scenario path said 'the solver found no plan in time', no advice.
    Its search is made to find none (a 1e-6-s limit still finds its start's plan here)."""
    request = msgspec.json.decode(
        (EXAMPLES / "three-scenarios.json").read_bytes(), type=PlanRequest
    )
    assert request.forecast is not None

    def none_in_time(*_: object, **__: object) -> Solved:
        return Solved(status="failed", solutions=None, shared_values={}, seconds=0.0, gap=None)

    monkeypatch.setattr(scenario_plan, "_two_stage", none_in_time)
    plan = make_plan(default_catalog(), request, request.forecast)
    assert plan.status == "failed" and plan.error is not None
    limit = request.options.time_limit_s
    assert plan.error.startswith(
        f"scenarios: no plan was found within the time limit ({limit:g} s)"
    )
