"""Starts for demand steps below today's demand (`optimizer.demand_starts`): the plan's units
scaled and rounded down, the rest solved; a plan of the step's model, and the step re-solved
from it proves the optimum a cold one proves. And demand steps searched over the final fleet
(`fleet_step`, as the plan's own solve searches): the optimum a cold re-solve proves."""

from __future__ import annotations

import threading

import msgspec
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from catalog import Catalog, default_catalog
from optimizer import PlanRequest, fleet_search
from optimizer.demand_starts import _may_search, add_floor_start, fleet_step
from optimizer.instance import prepare
from optimizer.model import PulpSink
from optimizer.rows import write_model
from optimizer.solver import Model
from optimizer.starts import Starts
from optimizer.trials import forced_model, narrowed, run_trial, start_for, with_demand
from tests.as_cold import assert_as_cold, solved
from tests.paths import EXAMPLES
from tests.profiles import examples
from tests.strategies import small_plans

SETTINGS = settings(
    deadline=None, max_examples=examples(25), suppress_health_check=[HealthCheck.too_slow]
)


def _count() -> None:
    """A solver run's callback that counts nothing."""


def test_the_seeds_step_to_three_quarters_starts_at_its_optimum() -> None:
    """The seed's plan (3 GB300 racks, 25,090,041.60) at -25% demand: as it is, a start 27.7%
    above the step's optimum; its racks scaled and rounded down (2), the rest solved, the
    optimum itself (19,649,030.40: 2 racks, two B200 nodes, three MI355X units; the pinned
    table's -5,441,011.20), which the step then proves."""
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    starts = Starts()
    plan = run_trial(instance, time_limit=20, gap=1e-6, starts=starts)
    assert plan.cost == pytest.approx(25_090_041.60, abs=0.01)
    step = narrowed(with_demand(instance, 0, 0.75), None, None)
    made = forced_model(step, None)
    assert made is not None
    model = made[0]
    as_it_is = start_for(model, starts, None, [], scale=0.75)
    assert as_it_is is not None
    cost = lambda x: sum(c * v for c, v in zip(model.sink.cost, x, strict=True))  # noqa: E731
    assert cost(as_it_is) == pytest.approx(25_090_041.60, abs=0.01)
    runs: list[int] = []
    assert add_floor_start(step, 0.75, starts, 20.0, lambda: runs.append(1))
    assert runs == [1]
    floored = start_for(model, starts, None, [], scale=0.75)
    assert floored is not None and cost(floored) == pytest.approx(19_649_030.40, abs=0.01)
    warm = run_trial(step, time_limit=20, gap=1e-6, starts=starts, scale=0.75)
    assert warm.status == "optimal" and warm.cost == pytest.approx(19_649_030.40, abs=0.01)
    # At or above today's demand there is nothing to round down to: no run.
    assert not add_floor_start(step, 1.0, starts, 20.0, lambda: runs.append(1))
    assert runs == [1]


@SETTINGS
@given(small_plans(), st.sampled_from([0.5, 0.75, 0.9]))
def test_a_demand_step_after_a_floor_start_costs_what_a_cold_one_does(
    case: tuple[Catalog, PlanRequest], scale: float
) -> None:
    """Each workload's demand scaled below today's, re-solved from the plan's starts and a
    floor start's and cold: the same status and cost, to the cent; the floor's plan fits the
    step's model (it may start the re-solve)."""
    found = solved(case)
    if found is None:
        return
    instance, starts = found
    for w in range(len(instance.workloads)):
        step = narrowed(with_demand(instance, w, scale), None, None)
        own = starts.copy()
        added = add_floor_start(step, scale, own, 20.0, _count)
        event(f"a floor start: {added}")
        if added:
            made = forced_model(step, None)
            assert made is not None
            assert start_for(made[0], own, None, [], scale=scale) is not None
        cold = run_trial(step, time_limit=20, gap=0.0)
        assert_as_cold(cold, run_trial(step, time_limit=20, gap=0.0, starts=own, scale=scale))


def test_the_seeds_demand_steps_are_searched_over_the_final_fleet() -> None:
    """The seed's four demand steps (its model's final fleet is renewed through the tail, as
    the plan's own solve finds it): each searched over the final fleet, one solver run heard,
    proven optimal at the optimum a cold HiGHS re-solve proves, to the cent (the pinned table's
    -5,441,011.20 at -25% and +7,589,664.00 at +25%). The growing example's fleet is not the
    decision (its tail is shorter than its terms): no search, no run, None."""
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    catalog = default_catalog()
    instance = prepare(catalog, request, request.forecast)
    costs = {}
    for scale in (0.75, 0.9, 1.1, 1.25):
        step = narrowed(with_demand(instance, 0, scale), None, None)
        runs: list[int] = []
        found = fleet_step(step, 20.0, 1e-6, lambda: runs.append(1))  # noqa: B023
        assert found is not None and runs == [1]
        cold = run_trial(step, time_limit=20, gap=1e-6)
        assert found.status == cold.status == "optimal"
        assert found.cost == pytest.approx(cold.cost, abs=0.01)
        costs[scale] = found.cost
    assert costs[0.75] == pytest.approx(25_090_041.60 - 5_441_011.20, abs=0.01)
    assert costs[1.25] == pytest.approx(25_090_041.60 + 7_589_664.00, abs=0.01)
    body = (EXAMPLES / "growing-power-capped.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    growing = narrowed(with_demand(prepare(catalog, request, request.forecast), 0, 0.9), None, None)
    runs = []
    assert fleet_step(growing, 20.0, 1e-6, lambda: runs.append(1)) is None and runs == []


@SETTINGS
@given(small_plans(), st.sampled_from([0.5, 0.75, 1.1, 1.25]))
def test_a_demand_step_searched_over_the_fleet_costs_what_a_cold_one_does(
    case: tuple[Catalog, PlanRequest], scale: float
) -> None:
    """Each workload's demand scaled, searched over the final fleet where the plan's solve
    would search so, and re-solved cold: the same status and cost, to the cent. The hint
    read off the instance (`_may_search`) never rules out a model the search is chosen for."""
    found = solved(case)
    if found is None:
        return
    instance, _starts = found
    for w in range(len(instance.workloads)):
        step = narrowed(with_demand(instance, w, scale), None, None)
        sink = PulpSink()
        written = write_model(step, sink, replacement_caps=False, ties=False)
        if fleet_search.chosen(Model(problem=sink.problem, formulation=written)):
            assert _may_search(step)
        searched = fleet_step(step, 20.0, 0.0, _count)
        event(f"searched over the fleet: {searched is not None}")
        if searched is not None:
            assert_as_cold(run_trial(step, time_limit=20, gap=0.0), searched)


def test_a_demand_step_begins_no_tie_polish(monkeypatch: pytest.MonkeyPatch) -> None:
    """A demand step is searched for cost alone (no tie term): its fixed fleets' polish would
    find nothing at once, so no polish thread is begun for it (the seed's +25% step: its
    first fixed fleet's MILP the one thread begun beside it), and its plan is the optimum a
    cold re-solve proves, to the cent (the pinned table's +7,589,664.00)."""
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    step = narrowed(with_demand(instance, 0, 1.25), None, None)
    begun: list[str] = []
    real = threading.Thread.start

    def start(thread: threading.Thread) -> None:
        begun.append(thread.name)
        real(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    found = fleet_step(step, 20.0, 1e-6, _count)
    monkeypatch.undo()
    assert found is not None and found.status == "optimal"
    assert found.cost == pytest.approx(25_090_041.60 + 7_589_664.00, abs=0.01)
    assert "tie-polish" not in begun and begun.count("first-fleet") == 1
