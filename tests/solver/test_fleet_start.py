"""The start from the fleet (optimizer.components, optimizer.incumbent): the model with its
linking units fixed, solved part by part, costs what the whole model costs with the same
units fixed; and a seeded solve from that start proves the plain solve's optimum."""

from __future__ import annotations

import math

import highspy
import numpy as np
import pytest

from optimizer.components import linking, solve_by_parts
from optimizer.highs_sink import HighsSink
from optimizer.instance import Instance
from optimizer.request import PlanRequest
from optimizer.rows import write_model
from optimizer.solver import build, solve
from tests.tiny import Spec, catalog, drawn_instance, forecast


def _fixed_optimum(sink: HighsSink, fixed: dict[int, float]) -> float:
    """The optimum HiGHS proves on the whole model in `sink` with `fixed`'s columns held."""
    whole = sink.highs(30, 0.0, 1)
    columns = np.array(list(fixed), dtype=np.int32)
    at = np.array(list(fixed.values()))
    whole.changeColsBounds(len(columns), columns, at, at)
    whole.run()
    assert whole.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(whole.getInfo().objective_function_value)


def _contracts() -> Instance:
    """Month-to-month offers beside 3- and 12-month contracts, whole replicas of 4 GPUs on
    units of 8 and 2, one growing workload over six months, demand continuing."""
    tiny = catalog(
        Spec("od-1", 3.0),
        Spec("od-8", 2.6, gpus_per_unit=8, gpus_per_replica=4),
        Spec("r12", 2.0, term_months=12, gpus_per_unit=4),
        Spec("r3", 2.4, term_months=3, gpus_per_unit=2),
    )
    demand = [9000.0, 12000.0, 15500.0, 19000.0, 26000.0, 31000.0]
    instance = drawn_instance(tiny, PlanRequest(forecast=forecast(demand, months=6)))
    assert instance is not None
    return instance


def _relaxed_fleet(sink: HighsSink, fleet: list[int]) -> dict[int, float]:
    """The fleet columns of the model in `sink` at their relaxation's values, rounded up."""
    relaxation = sink.highs(30, 0.0, 1, integer=False)
    relaxation.run()
    values = relaxation.getSolution().col_value
    return {j: float(math.ceil(values[j] - 1e-6)) for j in fleet}


def test_the_parts_cost_what_the_whole_model_costs_with_the_same_units_fixed() -> None:
    """With the relaxation's fleet rounded up and fixed, the parts solved one by one (to an
    absolute gap of 0) cost the optimum HiGHS proves on the whole model with the same columns
    fixed, and their plan meets every row of the whole model."""
    instance = _contracts()
    sink = HighsSink()
    f = write_model(instance, sink)
    fleet = linking(f, int).fleet
    assert fleet  # the 3- and 12-month contracts link months
    fixed = _relaxed_fleet(sink, fleet)
    optimum = _fixed_optimum(sink, fixed)
    main = sink.highs(30, 0.0, 1)
    found = solve_by_parts(main, fixed, deadline=math.inf, slack=0.0, threads=1)
    assert found is not None
    assert float(np.dot(sink.cost, found)) == pytest.approx(optimum, rel=1e-9)
    activity = np.zeros(len(sink.row_lower))
    for row in range(len(sink.row_lower)):
        span = slice(sink.starts[row], sink.starts[row + 1])
        activity[row] = np.dot(sink.value[span], np.asarray(found)[sink.index[span]])
    assert np.all(activity >= np.array(sink.row_lower) - 1e-6)
    assert np.all(activity <= np.array(sink.row_upper) + 1e-6)
    integer = [j for j, kind in enumerate(sink.integer) if kind]
    assert all(abs(found[j] - round(found[j])) < 1e-6 for j in integer)


def test_a_fleet_that_breaks_a_row_gives_no_plan() -> None:
    """Fixed units that break a row of fixed columns alone (a month's units above a later
    month's, where active units never fall) give no plan rather than a wrong one."""
    instance = _contracts()
    sink = HighsSink()
    f = write_model(instance, sink)
    running = [column for (_o, t), column in sorted(f.running.items()) if t < 2]
    assert len(running) == 2
    main = sink.highs(30, 0.0, 1)
    fixed = {running[0]: 5.0, running[1]: 1.0}  # units falling from 5 to 1
    assert solve_by_parts(main, fixed, deadline=math.inf, slack=0.0, threads=1) is None


def test_a_solve_seeded_from_the_fleet_proves_the_plain_optimum() -> None:
    """The seeded solve's start comes from the fleet, and from it HiGHS proves the optimum
    of the plain solve (gap 0)."""
    instance = _contracts()
    plain = solve(build(instance), time_limit=30, gap_tolerance=0.0, seed=False)
    seeded = solve(build(instance), time_limit=30, gap_tolerance=0.0, seed=True)
    assert plain.status == seeded.status == "optimal"
    assert seeded.seed is not None and seeded.seed.from_fleet
    assert seeded.seed.start_objective is not None and plain.objective is not None
    assert seeded.seed.start_objective >= plain.objective * (1 - 1e-9)
    # To the cent: two optima at a gap of 0, each within HiGHS's tolerances of the true one.
    assert seeded.objective == pytest.approx(plain.objective, rel=1e-9, abs=0.01)
