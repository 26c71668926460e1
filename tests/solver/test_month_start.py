"""The start month by month (`optimizer.month_start`): each month solved in turn with its fleet
between the relaxation's rounded down and up. Its plan meets every row of the whole model and
costs no less than the optimum; on a small synthetic catalog it is cheaper than the parts' plan
from the fleet fixed at the nearest rounding; months it does not reach are solved as parts; and
a seeded solve from it proves the plain optimum."""

from __future__ import annotations

import math
import time
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from bench.instances import request_for, synthetic
from catalog import Catalog
from optimizer import incumbent, month_start
from optimizer.components import Linking, linking, solve_by_parts
from optimizer.highs_sink import HighsSink
from optimizer.instance import Instance
from optimizer.month_start import chosen, month_by_month
from optimizer.prepare import prepare_for_solve
from optimizer.request import PlanRequest
from optimizer.rows import write_model
from optimizer.solver import build, solve
from tests.profiles import examples
from tests.solver.test_fix_optimize import _meets_every_row, _relaxation, _solved
from tests.solver.test_fleet_start import _contracts
from tests.strategies import small_plans
from tests.tiny import drawn_instance

SETTINGS = settings(
    deadline=None, max_examples=examples(30), suppress_health_check=[HealthCheck.too_slow]
)


def _clones() -> Instance:
    """15 offers cloned from the shipped ones (differing in price), 4 growing workloads over 6
    months (`bench.instances.synthetic`), dominance pruned: 208 columns, all integer."""
    catalog, forecast = synthetic(15, 6, 4, shape="clones")
    _full, instance, _dominated = prepare_for_solve(catalog, request_for(forecast), forecast)
    return instance


def _far() -> float:
    """A deadline (perf_counter seconds) no run here reaches: an hour on. Until session 21
    `math.inf` could not stand for it: `month_by_month` gave its first month a share of the
    time left, inf - inf, NaN, which `sub_highs` turned into HiGHS's least limit, 0.01 s
    (max(0.01, nan) is 0.01): the first month was solved in 10 ms of wall clock or not at
    all. Quiet, it was (14,568,608.89 in 0.03 CPU s); in a loaded run (4 CPU burners beside
    the suite, session 19) it was not, and the months cost 15,422,323.47, more than the
    parts' 15,290,152.59. `test_no_deadline_is_no_limit` checks inf now means no limit."""
    return time.perf_counter() + 3600.0


def _model(instance: Instance) -> tuple[HighsSink, Linking, list[float], list[float]]:
    """`instance` in a sink, its `Linking`, its relaxation and its optimum."""
    sink = HighsSink()
    f = write_model(instance, sink)
    optimum = _solved(sink.highs(30, 0.0, 1))
    assert optimum is not None
    return sink, linking(f, int), _relaxation(sink), optimum


def test_month_by_month_is_cheaper_than_the_parts_of_the_rounded_fleet() -> None:
    """From the same relaxation: the parts of the fleet fixed at its nearest rounding cost
    15,290,152.59, the months solved in turn (each month's fleet free between the
    relaxation's rounded down and up) 14,568,608.89, the optimum 14,469,711.99; both plans
    meet every row."""
    sink, linked, relaxed, optimum = _model(_clones())
    cost = np.asarray(sink.cost)
    fixed = {j: float(round(relaxed[j] - 1e-6)) for j in linked.fleet}
    parts = solve_by_parts(sink.highs(30, 0.0, 1), fixed, math.inf, 0.0, 1)
    months = month_by_month(sink.highs(30, 0.0, 1), linked, relaxed, _far(), 0.0, 1)
    assert parts is not None and months is not None
    assert float(cost @ months) < float(cost @ parts) - 1.0
    assert float(cost @ months) >= float(cost @ optimum) * (1 - 1e-9)
    assert _meets_every_row(sink, parts) and _meets_every_row(sink, months)


def test_months_not_reached_are_solved_as_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """When a month finds no plan (here every month from the third), it and the months after
    are solved as parts with their fleet at the nearest rounding: the plan keeps the first
    two months as solved, meets every row and costs at least the optimum."""
    sink, linked, relaxed, optimum = _model(_clones())
    solve_sub = month_start.solve_sub
    calls: list[int] = []

    def first_two(part: Any, start: Any, time_limit: float, threads: int) -> Any:
        calls.append(part.num_col_)
        return solve_sub(part, start, time_limit, threads) if len(calls) <= 2 else None

    monkeypatch.setattr(month_start, "solve_sub", first_two)
    months = month_by_month(sink.highs(30, 0.0, 1), linked, relaxed, _far(), 0.0, 1)
    assert len(calls) == 3
    assert months is not None
    monkeypatch.setattr(month_start, "solve_sub", solve_sub)
    whole = month_by_month(sink.highs(30, 0.0, 1), linked, relaxed, _far(), 0.0, 1)
    assert whole is not None
    first = linked.months[0] + linked.months[1]
    # The first two months are solved the same way (from the same plan) in both runs.
    assert np.allclose(np.asarray(months)[first], np.asarray(whole)[first])
    cost = np.asarray(sink.cost)
    assert float(cost @ months) >= float(cost @ optimum) * (1 - 1e-9)
    assert _meets_every_row(sink, months)


def test_months_with_many_integers_are_left_to_the_parts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The months are solved in turn only where none has more than `MONTH_INTEGERS` integer
    columns (caps 100x36x20's 1,932 a month took 88 CPU s in turn, 18.5 as parts)."""
    sink, linked, _relaxed, _optimum = _model(_clones())
    largest = max(sum(sink.integer[j] for j in columns) for columns in linked.months)
    monkeypatch.setattr(month_start, "MONTH_INTEGERS", largest)
    assert chosen(sink.highs(30, 0.0, 1), linked)
    monkeypatch.setattr(month_start, "MONTH_INTEGERS", largest - 1)
    assert not chosen(sink.highs(30, 0.0, 1), linked)


def test_a_model_with_integers_outside_the_months_is_left_to_the_parts() -> None:
    """A model whose `Linking` leaves integer columns out of its months (a scenario model's is
    its first scenario's) is not solved month by month: those columns would stay at 0."""
    sink, linked, _relaxed, _optimum = _model(_clones())
    assert chosen(sink.highs(30, 0.0, 1), linked)
    first, *rest = linked.months
    integer = [j for j in first if sink.integer[j]]
    assert integer
    short = [j for j in first if j != integer[0]]
    assert not chosen(sink.highs(30, 0.0, 1), replace(linked, months=[short, *rest]))


def test_no_deadline_is_no_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """With `math.inf` for a deadline every month is solved with no time limit (inf, where the
    first month's was inf - inf, NaN, that HiGHS ran as 0.01 s) and the plan is the one an
    hour's deadline gives: 14,568,608.89, meeting every row, at least the optimum."""
    sink, linked, relaxed, optimum = _model(_clones())
    solve_sub = month_start.solve_sub
    limits: list[float] = []

    def recorded(part: Any, start: Any, time_limit: float, threads: int) -> Any:
        limits.append(time_limit)
        return solve_sub(part, start, time_limit, threads)

    monkeypatch.setattr(month_start, "solve_sub", recorded)
    months = month_by_month(sink.highs(30, 0.0, 1), linked, relaxed, math.inf, 0.0, 1)
    assert len(limits) == len(linked.months)
    assert all(limit == math.inf for limit in limits), limits
    assert months is not None
    cost = np.asarray(sink.cost)
    assert round(float(cost @ months), 2) == 14_568_608.89
    monkeypatch.setattr(month_start, "solve_sub", solve_sub)
    hour = month_by_month(sink.highs(30, 0.0, 1), linked, relaxed, _far(), 0.0, 1)
    assert hour is not None and np.allclose(months, hour)
    assert float(cost @ months) >= float(cost @ optimum) * (1 - 1e-9)
    assert _meets_every_row(sink, months)


def test_no_time_gives_no_plan() -> None:
    """With its deadline passed, neither a month nor a part is solved: no plan, not a wrong
    one."""
    sink, linked, relaxed, _optimum = _model(_contracts())
    assert month_by_month(sink.highs(30, 0.0, 1), linked, relaxed, 0.0, 0.0, 1) is None


@SETTINGS
@given(small_plans())
def test_a_seeded_solve_from_the_months_proves_the_plain_optimum(
    instance: tuple[Catalog, PlanRequest],
) -> None:
    """On small instances, a seeded solve whose start comes month by month (the seeding
    forced on) proves the plain solve's optimum, and its start is a plan of the whole model
    costing at least that."""
    model_instance = drawn_instance(*instance)
    if model_instance is None:
        return
    plain = solve(build(model_instance), time_limit=30, gap_tolerance=0.0, seed=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(incumbent, "IMPROVE_ABOVE", math.inf)
        seeded = solve(build(model_instance), time_limit=30, gap_tolerance=0.0, seed=True)
    assert seeded.status == plain.status
    if plain.status != "optimal":
        return
    assert plain.objective is not None and seeded.objective is not None
    # To the cent: both are HiGHS's optima at a gap of 0, each within its absolute gap (1e-6)
    # and feasibility tolerances of the true one; a drawn case (fractional replicas, an
    # existing contract) found the seeded plan 2.0e-6 below the plain one.
    assert seeded.objective == pytest.approx(plain.objective, rel=1e-9, abs=0.01)
    start = seeded.seed.start_objective if seeded.seed else None
    if start is not None:
        assert start >= plain.objective - 1e-6 * max(1.0, abs(plain.objective))
