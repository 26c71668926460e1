"""A demand step's search over the final fleet written straight into HiGHS's arrays
(`optimizer.fleet_search.search_fleet_sink`, sens21) is the search of the model written
through PuLP (`search_fleet`), run for run: the same model handed to HiGHS array for array,
the same boxes, fixed fleets and tail MILPs solved, the same plan and objective. On every
shipped example whose demand steps are searched so, each of the four steps."""

from __future__ import annotations

import itertools
from unittest import mock

import msgspec
import numpy as np
import pulp
import pytest

from catalog import default_catalog
from optimizer import fleet_search
from optimizer.demand_starts import STEP_LEAF_OPTIONS
from optimizer.highs_sink import HighsSink
from optimizer.instance import Instance, prepare
from optimizer.model import Formulation, PulpSink
from optimizer.request import PlanRequest
from optimizer.rows import write_model
from optimizer.solver import SOLVER_THREADS, Model
from optimizer.trials import with_demand
from tests.paths import EXAMPLES

STEPS = (0.75, 0.9, 1.1, 1.25)


def _instance(name: str) -> Instance:
    request = msgspec.json.decode((EXAMPLES / f"{name}.json").read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    return prepare(default_catalog(), request, request.forecast)


def _pulp(instance: Instance) -> Model:
    sink = PulpSink()
    formulation = write_model(instance, sink, replacement_caps=False, ties=False)
    formulation.obligation_terms, formulation.power_terms = {}, {}
    return Model(problem=sink.problem, formulation=formulation)


def _direct(instance: Instance) -> tuple[HighsSink, Formulation]:
    sink = HighsSink()
    formulation = write_model(instance, sink, replacement_caps=False, ties=False)
    formulation.obligation_terms, formulation.power_terms = {}, {}
    return sink, formulation


@pytest.mark.parametrize("name", ["seed-deepseek-r1", "capex-budget-deepseek-r1"])
def test_the_model_handed_to_highs_is_pulps(name: str) -> None:
    for step in STEPS:
        instance = with_demand(_instance(name), 0, step)
        model = _pulp(instance)
        solver = pulp.HiGHS(msg=False, threads=SOLVER_THREADS)
        solver.createAndConfigureSolver(model.problem)
        solver.buildSolverModel(model.problem)
        theirs = model.problem.solverModel.getLp()
        ours, _position = _direct(instance)[0].lp()
        for field in ("col_cost_", "col_lower_", "col_upper_", "row_lower_", "row_upper_"):
            assert np.array_equal(getattr(theirs, field), getattr(ours, field)), field
        assert list(theirs.integrality_) == list(ours.integrality_)
        assert theirs.offset_ == ours.offset_
        for field in ("start_", "index_", "value_"):
            mine, pulps = getattr(ours.a_matrix_, field), getattr(theirs.a_matrix_, field)
            assert np.array_equal(mine, pulps), field


@pytest.mark.parametrize(
    "name", ["seed-deepseek-r1", "build-or-buy-deepseek-r1", "capex-budget-deepseek-r1"]
)
def test_a_demand_steps_search_is_pulps_run_for_run(name: str) -> None:
    searched = 0
    for step in STEPS:
        instance = with_demand(_instance(name), 0, step)
        model = _pulp(instance)
        sink, formulation = _direct(instance)
        assert fleet_search.chosen_sink(formulation, sink) == fleet_search.chosen(model)
        if not fleet_search.chosen(model):
            continue
        searched += 1
        theirs, their_runs = fleet_search.search_fleet(model, time_limit=60.0, gap=1e-6)
        ours, our_runs = fleet_search.search_fleet_sink(
            formulation, sink, time_limit=60.0, gap=1e-6
        )
        assert theirs is not None and ours is not None
        assert (ours.status, ours.achieved_gap) == (theirs.status, theirs.achieved_gap)
        assert our_runs == their_runs
        assert ours.objective == pytest.approx(theirs.objective, rel=1e-12)
        assert ours.starts == theirs.starts and ours.serve == theirs.serve
        assert ours.buy == theirs.buy and ours.not_renewed == theirs.not_renewed
    assert searched > 0


@pytest.mark.parametrize(
    "name", ["seed-deepseek-r1", "build-or-buy-deepseek-r1", "capex-budget-deepseek-r1"]
)
def test_a_demand_steps_first_fleet_without_feasibility_jump_is_the_same_plan(name: str) -> None:
    """A demand step's first fixed fleet is solved without HiGHS's feasibility jump
    (`optimizer.demand_starts.STEP_LEAF_OPTIONS`, sens22): the same boxes, fleets and tail
    MILPs solved, and the same plan (its objective to the last bit, its API tokens to 1e-9), as
    with the plan's own options. From its partial start (`fleet_search.START`, speed22) the
    search may go another way (capex-budget's 0.9 step: 27 relaxations against 25), to the
    same plan."""
    assert STEP_LEAF_OPTIONS["mip_heuristic_run_feasibility_jump"] is False
    assert STEP_LEAF_OPTIONS.items() >= fleet_search.FIRST_LEAF_OPTIONS.items()
    searched = 0
    for step, start in itertools.product(STEPS, (False, True)):
        instance = with_demand(_instance(name), 0, step)
        sink, formulation = _direct(instance)
        if not fleet_search.chosen_sink(formulation, sink):
            continue
        searched += 1
        with mock.patch.object(fleet_search, "START", start):
            plain, plain_runs = fleet_search.search_fleet_sink(
                formulation, sink, time_limit=60.0, gap=1e-6
            )
            sink, formulation = _direct(instance)
            ours, our_runs = fleet_search.search_fleet_sink(
                formulation, sink, time_limit=60.0, gap=1e-6, first_leaf=STEP_LEAF_OPTIONS
            )
        assert plain is not None and ours is not None
        assert (ours.status, ours.achieved_gap) == (plain.status, plain.achieved_gap)
        assert our_runs == plain_runs or start
        assert ours.objective == plain.objective
        assert ours.starts == plain.starts and ours.serve == plain.serve
        assert ours.buy == pytest.approx(plain.buy, rel=1e-9, abs=1e-9)
        assert ours.not_renewed == plain.not_renewed
    assert searched > 0
