"""The least-cost solve as a search over the horizon's final fleet (`optimizer.fleet_search`):
chosen where its fleet is the decision, exact against the brute force, and honest about what
it proved when stopped; with the tail whole, each box bounded by the horizon's relaxation and
the tail's least whole cost (`optimizer.tail_bound`)."""

from __future__ import annotations

import math
import threading
import time
from typing import Any
from unittest import mock

import highspy
import msgspec
import numpy as np
import pulp
import pytest
from hypothesis import HealthCheck, assume, given, settings

from bench.instances import request_for, three_growing_workloads
from catalog import Catalog, InvalidInput, default_catalog
from optimizer import fleet_search, tail_bound
from optimizer.instance import Instance
from optimizer.model import Formulation
from optimizer.planner import make_plan
from optimizer.prepare import prepare_for_solve
from optimizer.request import Forecast, PlanRequest
from optimizer.rounding_cuts import cut_rows, demand_cuts
from optimizer.solver import SOLVER_THREADS, Model, build, solve
from tests.bruteforce import brute_force
from tests.paths import EXAMPLES
from tests.strategies import fleet_search_plans
from tests.verify import verify_plan

SETTINGS = settings(
    max_examples=settings.default.max_examples * 3 // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _instance(catalog: Catalog, request: PlanRequest, forecast: Forecast) -> Instance:
    _full, instance, _ = prepare_for_solve(catalog, request, forecast)
    return instance


def _example(name: str, **options: object) -> tuple[Catalog, PlanRequest, Forecast]:
    request = msgspec.json.decode((EXAMPLES / name).read_bytes(), type=PlanRequest)
    request = msgspec.structs.replace(
        request, options=msgspec.structs.replace(request.options, **options)
    )
    assert request.forecast is not None
    return default_catalog(), request, request.forecast


def _shipped(replicas: str = "fractional") -> tuple[Catalog, PlanRequest, Forecast]:
    forecast = three_growing_workloads(12)
    request = request_for(forecast)
    options = msgspec.structs.replace(request.options, replicas=replicas)
    return default_catalog(), msgspec.structs.replace(request, options=options), forecast


FRACTIONAL = {"replicas": "fractional"}
"""Fractional replicas: the tail is divisible, and a box's relaxation bounds it."""


def _falling(
    catalog: Catalog, request: PlanRequest, forecast: Forecast
) -> tuple[Catalog, PlanRequest, Forecast]:
    """The same request with each workload's last month halved: the tail holds that month,
    so a renewal is the model's choice (`Instance.renewal_may_pay`)."""
    workloads = []
    for workload in forecast.workloads:
        values = list(workload.demand(forecast.months))
        values[-1] /= 2
        workloads.append(msgspec.structs.replace(workload, tokens_per_second=values))
    falling = msgspec.structs.replace(forecast, workloads=tuple(workloads))
    return catalog, msgspec.structs.replace(request, forecast=falling), falling


def test_chosen_where_the_final_fleet_is_renewed_through_the_tail() -> None:
    """With fractional replicas, shipped 3x12 (a 48-month tail: 10 final-fleet columns) and
    the power-capped example with the default tail are searched; the same example with its
    shipped 24-month tail (shorter than its terms), `in_horizon` and the relaxation are not.
    With whole replicas (the tail whole) the same two are searched, and not once a renewal
    is the model's choice (their last month halved): the tail then does not separate from
    the horizon at the final fleet (`optimizer.tail_bound.split`)."""
    assert fleet_search.chosen(build(_instance(*_shipped())))
    default_tail = _example("growing-power-capped.json", tail_months=None, **FRACTIONAL)
    assert fleet_search.chosen(build(_instance(*default_tail)))
    shipped = _example("growing-power-capped.json", **FRACTIONAL)
    assert not fleet_search.chosen(build(_instance(*shipped)))
    in_horizon = _example(
        "growing-power-capped.json", commitment_accounting="in_horizon", **FRACTIONAL
    )
    assert not fleet_search.chosen(build(_instance(*in_horizon)))
    assert not fleet_search.chosen(build(_instance(*default_tail), relax=True))
    assert fleet_search.chosen(build(_instance(*_shipped("whole"))))
    whole = _example("growing-power-capped.json", tail_months=None)
    assert fleet_search.chosen(build(_instance(*whole)))
    for falling in (_falling(*whole), _falling(*_shipped("whole"))):
        model = build(_instance(*falling))
        assert model.formulation.not_renewed and not fleet_search.chosen(model)


@pytest.mark.parametrize("replicas", ["fractional", "whole"])
def test_the_search_proves_the_plain_solves_plan(replicas: str) -> None:
    """On the power-capped example (48-month tail) the search and one plain HiGHS solve find
    the same plan: the same objective to the cent and the same units signed, proven; with
    whole replicas (the tail whole) too."""
    example = _example("growing-power-capped.json", tail_months=None, replicas=replicas)
    instance = _instance(*example)
    plain = solve(build(instance), time_limit=600, gap_tolerance=1e-4)
    found, searched = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert found is not None and found.status == "optimal" and not searched.gave_up
    assert found.achieved_gap is not None and found.achieved_gap <= 1e-4
    assert found.objective == pytest.approx(plain.objective, abs=0.01)
    assert {k: v for k, v in found.starts.items() if v} == {
        k: v for k, v in plain.starts.items() if v
    }


@pytest.mark.parametrize("whole", [False, True], ids=["shipped fractional", "power whole"])
def test_a_stopped_search_reports_its_least_open_bound(whole: bool) -> None:
    """Stopped (a cancel) once it holds a plan, the search returns that plan as `feasible`
    with the gap to the least bound of the boxes it left open, which the whole proof then
    meets or passes; stopped before any plan, it returns none (`failed`), and stopped at the
    first fixed fleet's first callback, the plan completed from its partial start
    (`fleet_search.START`) where there is one, with its gap. With the tail whole
    (power-capped whole) the open boxes' bounds hold the tail's least whole cost."""
    if whole:
        instance = _instance(*_example("growing-power-capped.json", tail_months=None))
    else:
        instance = _instance(*_shipped())

    def after_first_plan(_seconds: float, incumbent: float, _bound: float) -> bool:
        return math.isfinite(incumbent)

    # 600 s: a bound for a hang, not a timing (at load 36 the proof took more than 60 s)
    stopped, _ = fleet_search.search_fleet(
        build(instance), time_limit=600, gap=1e-4, on_progress=after_first_plan
    )
    proven, _ = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert stopped is not None and proven is not None and proven.status == "optimal"
    assert stopped.status == "feasible" and stopped.objective is not None
    assert stopped.achieved_gap is not None and stopped.achieved_gap > 1e-4
    assert proven.objective is not None
    least = stopped.objective * (1 - stopped.achieved_gap)
    assert least <= proven.objective * (1 + 1e-9)

    with mock.patch.object(fleet_search, "START", False):
        at_once, _ = fleet_search.search_fleet(
            build(instance), time_limit=600, gap=1e-4, on_progress=lambda *_: True
        )
    assert at_once is not None and at_once.status == "failed" and at_once.objective is None
    # With its partial start the first fixed fleet's MILP may hold a plan at its first
    # callback (power-capped whole's, completed by HiGHS before it; not shipped fractional's).
    started, _ = fleet_search.search_fleet(
        build(instance), time_limit=600, gap=1e-4, on_progress=lambda *_: True
    )
    assert started is not None
    if whole:
        assert started.status == "feasible" and started.objective is not None
        assert started.achieved_gap is not None and started.achieved_gap > 1e-4
        least = started.objective * (1 - started.achieved_gap)
        assert least <= proven.objective * (1 + 1e-9) <= started.objective * (1 + 2e-9)
    else:
        assert started.status == "failed" and started.objective is None


def test_a_polish_beside_the_search_keeps_its_plan_at_any_pace(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fixed fleets' tie polishes run beside the search and their plans are weighed once it
    ends (`fleet_search._Search._settle`): the plan is the same whether each polish ends at once
    (run on the search's thread) or after the search's next steps (each held back 0.2 s), and
    it is the plain solve's. On the power-capped example (fractional replicas, 48-month tail) a
    polish finds a plan owing less than its fleet's as HiGHS left it, which the plan keeps."""
    instance = _instance(*_example("growing-power-capped.json", tail_months=None, **FRACTIONAL))
    polished = fleet_search._Search.polished
    found: list[bool] = []

    def told(search: Any, h: Any, seconds: float) -> list[float] | None:
        values = polished(search, h, seconds)
        found.append(values is not None)
        return values

    def held_back(search: Any, h: Any, seconds: float) -> list[float] | None:
        time.sleep(0.2)  # a pace, not a timing: the plan must not depend on it
        return told(search, h, seconds)

    start = fleet_search._Polish.__init__

    def at_once(job: Any, work: Any, after: Any) -> None:
        start(job, work, after)
        job.thread.join()

    plans = []
    for pace, polishes in ((told, start), (held_back, start), (told, at_once)):
        monkeypatch.setattr(fleet_search._Search, "polished", pace)
        monkeypatch.setattr(fleet_search._Polish, "__init__", polishes)
        plan, _ = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
        assert plan is not None and plan.status == "optimal" and plan.objective is not None
        plans.append((plan.objective, {k: v for k, v in plan.starts.items() if v}))
    assert any(found), "no polish found a plan: the case no longer tests what the plan keeps"
    assert plans[1] == plans[0] and plans[2] == plans[0]
    monkeypatch.undo()
    plain = solve(build(instance), time_limit=600, gap_tolerance=1e-4)
    assert plain.objective is not None
    assert plans[0][0] == pytest.approx(plain.objective, abs=0.01)


def test_a_search_past_its_limits_leaves_the_plan_to_the_plain_solve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no fixed fleet allowed (`LEAF_LIMIT` 0) the search gives up and the plan is the
    plain solve's: the same total as the search's own."""
    catalog, request, forecast = _example(
        "growing-power-capped.json", tail_months=None, **FRACTIONAL
    )
    searched = make_plan(catalog, request, forecast)
    monkeypatch.setattr(fleet_search, "LEAF_LIMIT", 0)
    found, ended = fleet_search.search_fleet(
        build(_instance(catalog, request, forecast)), time_limit=600, gap=1e-4
    )
    assert found is None and ended.gave_up
    plain = make_plan(catalog, request, forecast)
    assert plain.status == searched.status == "optimal"
    assert plain.summary is not None and searched.summary is not None
    assert plain.summary.lifetime_cost == pytest.approx(searched.summary.lifetime_cost, abs=0.01)


def test_each_fleet_column_starts_at_its_floor() -> None:
    """Shipped 3x12 whole's cheapest-GPU-hour baseline serves two workloads with on-prem H100
    and one with on-prem H200 only: the relaxation holds at least 839 and 1,059 units of them,
    so the root box starts there (`_Search.floors`) and the search proves the baseline in 3-5
    relaxations and 1 tail MILP, where it took 33-35 and 15 halving the box up to them from 0.
    The baselines are the same with or without the floors, and the plan's own search (its
    floors all 0) goes the same way but for the 3 LPs of its floors (94 relaxations, 91
    without)."""
    catalog, request, forecast = _shipped("whole")
    searches: list[tuple[bool, fleet_search.Searched]] = []
    floors: list[list[float]] = []
    search, floored = fleet_search.search_written, fleet_search._Search.floors
    plans_thread = threading.current_thread()

    def counted(f: Formulation, sink: Any, **given: Any) -> Any:
        ended = search(f, sink, **given)
        # The baselines are solved beside the plan's search (`optimizer.beside`): theirs
        # may end before the plan's does.
        searches.append((threading.current_thread() is plans_thread, ended.searched))
        return ended

    def recorded(self: Any, upper: list[float]) -> list[float]:
        floors.append(floored(self, upper))
        return floors[-1]

    plans, counts = {}, {}
    for on in (False, True):
        searches.clear()
        floors.clear()
        with (
            mock.patch.object(fleet_search, "FLOORS", on),
            mock.patch.object(fleet_search, "search_written", counted),
            mock.patch.object(fleet_search._Search, "floors", recorded),
        ):
            plans[on] = make_plan(catalog, request, forecast)
        ordered = sorted(searches, key=lambda searched: not searched[0])  # the plan's first
        counts[on] = [(how.relaxations, how.tails, how.leaves) for _plans, how in ordered]
    assert floors[0] == [0.0] * 10 and floors[1] == [839.0, 1059.0]
    (plan_off, baseline_off), (plan_on, baseline_on) = counts[False][:2], counts[True][:2]
    assert baseline_off[0] >= 30 and baseline_off[1] == 15
    assert baseline_on[0] <= 5 and baseline_on[1] == 1
    assert plan_on == (plan_off[0] + 3, plan_off[1], plan_off[2])
    assert plans[True].status == plans[False].status == "optimal"
    assert plans[True].baselines == plans[False].baselines
    assert plans[True].summary == plans[False].summary


def test_the_first_fixed_fleet_starts_from_its_relaxation() -> None:
    """Shipped 3x12 whole: the search's first fixed fleet (the optimum's: on-prem H200 1, B200
    66, MI355X 10) is handed a start whose long-term units are the relaxation's within that
    fleet, rounded up: whole, never falling from a month to the next, the fleet's own in the
    last month; the rest completed with those fixed, a plan of that fleet within 0.2% of the
    optimum (63,072 above it) that keeps every row. The search's plan is the same with the
    start or without it."""
    model = build(_instance(*_shipped("whole")))
    f, lp = model.formulation, _built(model)  # its columns numbered as each search's
    starts: list[tuple[list[int], list[float], list[float] | None]] = []
    start = fleet_search._Search.start

    def recorded(self: Any, fleet: list[float]) -> list[float] | None:
        values = start(self, fleet)
        starts.append((list(self.linked), fleet, values))
        return values

    plans = {}
    for on in (False, True):
        with (
            mock.patch.object(fleet_search, "START", on),
            mock.patch.object(fleet_search._Search, "start", recorded),
        ):
            plans[on], _ = fleet_search.search_fleet(build(f.instance), time_limit=600, gap=1e-4)
    assert len(starts) == 1  # the first fixed fleet only, and only with START
    linked, fleet, values = starts[0]
    assert fleet == [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 66.0, 0.0, 0.0, 10.0]
    assert values is not None and len(values) == lp.num_col_
    at = {j: values[j] for j in linked}
    assert all(v == round(v) for v in at.values())
    for (o, t), var in f.running.items():
        if t > 0:
            assert at[_column(var)] >= at[_column(f.running[(o, t - 1)])]
    assert [at[_column(var)] for var in fleet_search.final_fleet(f)] == fleet
    on, off = plans[True], plans[False]
    assert on is not None and off is not None and on.objective is not None
    assert on.status == off.status == "optimal"
    assert on.objective == pytest.approx(off.objective, abs=0.01)
    assert {k: v for k, v in on.starts.items() if v} == {k: v for k, v in off.starts.items() if v}
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", SOLVER_THREADS)
    h.passModel(lp)
    given = highspy.HighsSolution()
    given.col_value = values
    given.value_valid = True
    h.setSolution(given)
    h.setOptionValue("mip_max_nodes", 0)  # the start checked, not improved
    h.setOptionValue("mip_heuristic_effort", 0.0)
    h.setOptionValue("presolve", "off")
    h.run()
    assert h.getInfo().primal_solution_status == 2  # feasible: the start kept every row
    completed = float(np.dot(lp.col_cost_, values)) + lp.offset_
    assert on.objective < completed < on.objective * 1.002


def test_the_fixed_fleets_hold_the_rounding_cuts() -> None:
    """Shipped 3x12 whole: every fixed fleet's MILP (the first, without a cutoff, and the three
    dearer ones below it) holds the demand rows' rounding cuts as rows, as the boxes'
    relaxation does (`fleet_search.CUT_LEAVES`), but its tie polish does not (the model's
    rows alone: shipped 3x12 whole has no unit cuts); the search's plan is the same with
    those rows or without them."""
    model = build(_instance(*_shipped("whole")))
    instance, lp = model.instance, _built(model)
    cuts = len(demand_cuts(model.formulation))
    added: list[int] = []
    polished: list[tuple[int, int]] = []
    rows, polish = fleet_search.add_cut_arrays, fleet_search.polish

    def recorded(h: Any, given: Any) -> None:
        added.append(given[0])
        rows(h, given)

    def polishing(h: Any, *given: Any, **named: Any) -> Any:
        polished.append((h.getNumRow(), given[-1]))
        return polish(h, *given, **named)

    plans = {}
    for on in (False, True):
        added.clear()
        polished.clear()
        with (
            mock.patch.object(fleet_search, "CUT_LEAVES", on),
            mock.patch.object(fleet_search, "add_cut_arrays", recorded),
            mock.patch.object(fleet_search, "polish", polishing),
        ):
            plans[on], searched = fleet_search.search_fleet(
                build(instance), time_limit=600, gap=1e-4
            )
        assert searched.leaves == 4
        assert added.count(cuts) == (1 + 4 if on else 1)  # the relaxation's, and each leaf's
        assert polished == [(lp.num_row_ + (cuts if on else 0), lp.num_row_)]
    on, off = plans[True], plans[False]
    assert on is not None and off is not None and on.status == off.status == "optimal"
    assert on.objective == pytest.approx(off.objective, abs=0.01)
    assert {k: v for k, v in on.starts.items() if v} == {k: v for k, v in off.starts.items() if v}


def test_a_model_past_the_aids_size_gets_no_start_and_no_cut_rows() -> None:
    """Past `fleet_search.LEAF_AIDS_INTEGERS` integer columns (the large-model path's reduced
    models, whose fixed fleets' MILPs mostly stop at their time limit) a fixed fleet's MILP
    gets neither the start nor the rounding cuts as rows: shipped 3x12 whole (691 integer
    columns) with the limit at 690 is searched as before them, to the same plan."""
    instance = _instance(*_shipped("whole"))
    cuts = len(demand_cuts(build(instance).formulation))
    added: list[int] = []
    started: list[list[float] | None] = []
    rows, start = fleet_search.add_cut_arrays, fleet_search._Search.start

    def recorded(h: Any, given: Any) -> None:
        added.append(given[0])
        rows(h, given)

    def recorded_start(self: Any, fleet: list[float]) -> list[float] | None:
        started.append(start(self, fleet))
        return started[-1]

    with (
        mock.patch.object(fleet_search, "LEAF_AIDS_INTEGERS", 690),
        mock.patch.object(fleet_search, "add_cut_arrays", recorded),
        mock.patch.object(fleet_search._Search, "start", recorded_start),
    ):
        past, searched = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert not started and added.count(cuts) == 1  # the boxes' relaxation's alone
    within, _ = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert past is not None and within is not None and past.status == within.status
    assert past.objective == pytest.approx(within.objective, abs=0.01)
    assert searched.leaves == 4


def _column(var: pulp.LpVariable) -> int:
    return int(var.index)


def _built(model: Model) -> Any:
    """The HighsLp of `model`, built through PuLP as the search builds it."""
    solver: Any = pulp.HiGHS(msg=False, threads=SOLVER_THREADS)
    solver.createAndConfigureSolver(model.problem)
    solver.buildSolverModel(model.problem)
    return model.problem.solverModel.getLp()


def _relaxation(lp: Any, f: Formulation) -> float:
    """The relaxation of the whole model `lp` with the demand rows' rounding cuts."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", SOLVER_THREADS)
    h.passModel(lp)
    n = h.getNumCol()
    h.changeColsIntegrality(n, list(range(n)), [highspy.HighsVarType.kContinuous] * n)
    cut_rows(h, demand_cuts(f), _column)
    h.run()
    return float(h.getInfo().objective_function_value)


def test_a_box_bound_holds_the_whole_tail() -> None:
    """Power-capped whole (48-month tail, whole): the relaxation of the whole model with the
    rounding cuts is 5.2% under the optimum (its tail's 48 months divisible), and the search
    gave up at its 40 fixed fleets (session 16). Split at the final fleet, the horizon's
    relaxation with the cuts and the tail's least whole cost bound the root box within 1.1%
    of the optimum, never above it, and the search proves the plan after a few fixed
    fleets."""
    instance = _instance(*_example("growing-power-capped.json", tail_months=None))
    model = build(instance)
    fleet = fleet_search.final_fleet(model.formulation)
    bound = _split_bound(model, [0.0] * len(fleet), [float(var.upBound) for var in fleet])
    found, searched = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert found is not None and found.status == "optimal" and found.objective is not None
    assert not searched.gave_up and searched.leaves < fleet_search.LEAF_LIMIT // 4
    assert _relaxation(_built(model), model.formulation) < found.objective * (1 - 0.05)
    assert found.objective * (1 - 0.011) < bound <= found.objective


@pytest.mark.parametrize(
    "shape",
    [_shipped("whole"), _example("growing-power-capped.json", tail_months=None)],
    ids=["shipped 3x12 whole", "power-capped whole"],
)
def test_the_tails_milps_run_without_presolve(
    shape: tuple[Catalog, PlanRequest, Forecast], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shipped 3x12 whole and power-capped whole (48-month tails, whole): the tail's MILPs
    run without presolve and without the feasibility jump (`tail_bound.TAIL_OPTIONS`); the
    plan, its gap and the search's relaxations, tail MILPs and fixed fleets are those with
    presolve on there."""
    instance = _instance(*shape)
    least = fleet_search.tail_least
    presolves: list[str] = []

    def heard(halves: tail_bound.Split, *args: Any, **kwargs: Any) -> Any:
        _status, presolve = halves.tail.getOptionValue("presolve")
        presolves.append(presolve)
        return least(halves, *args, **kwargs)

    monkeypatch.setattr(fleet_search, "tail_least", heard)
    tuned, searched = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert presolves and set(presolves) == {"off"}
    presolves.clear()
    jump_only = {"mip_heuristic_run_feasibility_jump": False}
    monkeypatch.setattr(tail_bound, "TAIL_OPTIONS", jump_only)
    plain, searched_plain = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert presolves and set(presolves) == {"choose"}
    assert tuned is not None and plain is not None
    assert _plan_of(tuned) == _plan_of(plain)
    assert tuned.achieved_gap == pytest.approx(plain.achieved_gap, rel=1e-9)
    assert searched == searched_plain


def test_the_tails_unbounded_units_are_bounded_by_what_their_rows_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Shipped 3x12 whole: the tail's MILP (`tail_bound.Split.tail`) bounds each of its
    columns that had no upper bound (its month-to-month units) by what the rows they serve can
    use; the least whole cost and fleet of every tail MILP of the search, and the plan, its
    gap and the search's counts are those without the bounds."""
    instance = _instance(*_shipped("whole"))
    model = build(instance)
    halves = tail_bound.split(model.formulation, _built(model), _column)
    assert halves is not None
    unbounded = halves.twin
    monkeypatch.setattr(tail_bound, "_bound_unbounded", lambda _t: None)
    loose = np.asarray(halves.twin().getLp().col_upper_)
    monkeypatch.undo()
    bounded = np.asarray(unbounded().getLp().col_upper_)
    opened = ~np.isfinite(loose)
    assert np.any(opened) and np.all(np.isfinite(bounded[opened]))
    assert np.array_equal(bounded[~opened], loose[~opened])
    least = fleet_search.tail_least
    seen: list[tuple[float, list[float] | None]] = []

    def heard(*args: Any, **kwargs: Any) -> Any:
        seen.append(least(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(fleet_search, "tail_least", heard)
    tight, searched = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    tails, seen[:] = list(seen), []
    monkeypatch.setattr(tail_bound, "_bound_unbounded", lambda _t: None)
    plain, searched_plain = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert tails == seen
    assert _plan_of(tight) == _plan_of(plain)
    assert tight is not None and plain is not None
    assert tight.achieved_gap == pytest.approx(plain.achieved_gap, rel=1e-9)
    assert searched == searched_plain


def _split_bound(model: Model, lower: list[float], upper: list[float]) -> float:
    """The bound of the box of final fleets within `lower`..`upper`: the horizon's
    relaxation with the rounding cuts and the tail's least whole cost there."""
    f = model.formulation
    halves = tail_bound.split(f, _built(model), _column)
    assert halves is not None
    columns = [_column(var) for var in fleet_search.final_fleet(f)]
    h = halves.horizon
    cut_rows(h, demand_cuts(f), _column)
    h.changeColsBounds(len(columns), columns, lower, upper)
    h.run()
    least, best = tail_bound.tail_least(halves, columns, lower, upper, 60.0)
    assert best is not None
    return float(h.getInfo().objective_function_value) + least


def test_a_row_joining_the_tail_and_the_horizon_refuses_the_split() -> None:
    """A row holding a tail column and a horizon column other than the fleet's (here the
    power-months limit of `objective: power`'s second step, over every month) leaves the
    objective unseparated: no split, and the search hands the model to the plain solve. The
    least-cost model of the same instance splits."""
    instance = _instance(*_example("growing-power-capped.json", tail_months=None))
    joined = build(instance, power_limit=1e12)
    assert tail_bound.split(joined.formulation, _built(joined), _column) is None
    found, searched = fleet_search.search_fleet(joined, time_limit=600, gap=1e-4)
    assert found is None and searched.gave_up
    least_cost = build(instance)
    assert tail_bound.split(least_cost.formulation, _built(least_cost), _column) is not None


def _objective(plan_total: float, tail: float | None) -> float:
    return plan_total + (tail or 0.0)


@SETTINGS
@given(fleet_search_plans())
def test_the_search_matches_the_brute_force(instance: tuple[Catalog, PlanRequest]) -> None:
    """On tiny instances where the search is chosen, the plan (solved through it) costs what
    the independent brute force finds to 1e-6, is proven, and keeps every constraint."""
    _matches_the_brute_force(instance)


@SETTINGS
@given(fleet_search_plans(replicas="whole"))
def test_the_whole_tail_search_matches_the_brute_force(
    instance: tuple[Catalog, PlanRequest],
) -> None:
    """Likewise with whole replicas: the tail whole, each box bounded by the horizon's
    relaxation and the tail's least whole cost (`optimizer.tail_bound`), against the brute
    force's tail in whole units. The search finds the plain solve's optimum from nothing too
    (without the tail's own fleet first, which on these instances is nearly always the
    optimum's), and those bounds of the root box and of the box of the optimum's fleet are
    at most that optimum, as the root box's floors (`_Search.floors`) are at most its
    fleet."""
    model = _matches_the_brute_force(instance)
    if model is None:
        return
    plain = solve(build(model.instance), time_limit=600, gap_tolerance=0.0)
    assert plain.status == "optimal" and plain.objective is not None
    optimum = plain.objective + 1e-7 * abs(plain.objective) + 1e-6
    floors: list[list[float]] = []
    floored = fleet_search._Search.floors

    def recorded(self: Any, upper: list[float]) -> list[float]:
        floors.append(floored(self, upper))
        return floors[-1]

    with (
        mock.patch.object(fleet_search, "TAIL_FLEET_FIRST", False),
        mock.patch.object(fleet_search._Search, "floors", recorded),
    ):
        found, _ = fleet_search.search_fleet(model, time_limit=600, gap=1e-4)
    assert found is not None and found.status == "optimal" and found.objective is not None
    assert found.objective == pytest.approx(plain.objective, rel=1e-6, abs=1e-6)
    fleet = fleet_search.final_fleet(model.formulation)
    at = [float(round(var.varValue)) for var in fleet]
    assert all(a <= x for a, x in zip(floors[0], at, strict=True))  # no floor above the optimum's
    upper = [float(var.upBound) for var in fleet]
    assert _split_bound(model, [0.0] * len(fleet), upper) <= _split_bound(model, at, at) + 1e-6
    assert _split_bound(model, at, at) <= optimum


def _matches_the_brute_force(instance: tuple[Catalog, PlanRequest]) -> Model | None:
    """Assert the plan of `instance` (where the search is chosen) is the brute force's; its
    model when it has a plan."""
    catalog, request = instance
    forecast = request.forecast
    assert forecast is not None
    try:
        model = build(_instance(catalog, request, forecast))
    except InvalidInput:
        assume(False)
        return
    assume(fleet_search.chosen(model))
    expected = brute_force(catalog, request)
    plan = make_plan(catalog, request, forecast)
    if expected is None:
        assert plan.status == "infeasible"
        return None
    assert plan.status == "optimal", plan.error
    assert plan.summary is not None
    total = _objective(plan.summary.total_cost, plan.tail.cost if plan.tail else None)
    assert total == pytest.approx(expected, rel=1e-6, abs=1e-6)
    verify_plan(plan, catalog, request, forecast)
    return model


def test_a_search_out_of_time_before_a_plan_leaves_it_to_the_plain_solve() -> None:
    """Review 16 F2: a search whose time ran out before its first fleet (power-capped,
    fractional, a 60-month tail, 0.02 s) failed the plan with no plan; the plain solve, given
    what is left, finds one, with its gap. The search is given no time here, and the plan
    enough for the plain solve (a 0.02-s plan left a loaded machine's plain solve too little
    to find one: the test failed where the code was right)."""
    catalog, request, forecast = _example(
        "growing-power-capped.json", tail_months=60, time_limit_s=60, **FRACTIONAL
    )
    searched: list[tuple[Any, Any]] = []
    search = fleet_search.search_written

    def out_of_time(f: Formulation, sink: Any, **given: Any) -> Any:
        ended = search(f, sink, **{**given, "time_limit": 0.0})
        searched.append((ended.solution, ended.searched))
        return ended

    with mock.patch.object(fleet_search, "search_written", out_of_time):
        plan = make_plan(catalog, request, forecast)
    found, how = searched[0]  # the plan's own solve (its baselines' after it)
    assert found is None and not how.gave_up  # out of time before a plan, not given up
    assert plan.status in ("feasible", "optimal"), plan.error
    assert plan.summary is not None and plan.solver is not None


def _first_fleet(h: Any) -> bool:
    """Whether `h` is the search's first fixed fleet's MILP: the one solved without restarts
    (`fleet_search.FIRST_LEAF_OPTIONS`)."""
    _status, restarts = h.getOptionValue("mip_allow_restart")
    return restarts is False


def _plan_of(found: Any) -> tuple[float, dict[Any, float]]:
    assert found is not None and found.status == "optimal" and found.objective is not None
    return found.objective, {k: v for k, v in found.starts.items() if v}


def test_the_first_fixed_fleet_solves_beside_the_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shipped 3x12 whole: the search's first fixed fleet (the tail's own best fleet at the
    root, the optimum's) is solved on a thread of its own (`fleet_search.ASIDE`) while the
    boxes are bounded below its start's plan. Its MILP held back until the search has bounded
    five more boxes is not waited for (on one thread the search would wait for it: held 60 s
    and failed); the plan, its gap and the fixed fleets solved are those of the search with
    the first fixed fleet solved on the search's thread."""
    instance = _instance(*_shipped("whole"))
    run, bound = highspy.Highs.run, fleet_search._Search.bound
    bounded = threading.Event()
    marks: list[int] = []
    count = [0]
    waited: list[bool] = []

    def counted(search: Any, *args: Any) -> Any:
        count[0] += 1
        if marks and count[0] >= marks[0]:
            bounded.set()
        return bound(search, *args)

    def held(h: Any) -> Any:
        if _first_fleet(h):
            marks.append(count[0] + 5)
            waited.append(bounded.wait(60))  # a bound for a hang, not a timing
        return run(h)

    monkeypatch.setattr(fleet_search._Search, "bound", counted)
    monkeypatch.setattr(highspy.Highs, "run", held)
    aside, searched = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert waited == [True], "the search waited for its first fixed fleet before any box"
    monkeypatch.undo()
    with mock.patch.object(fleet_search, "ASIDE", False):
        inline, searched_inline = fleet_search.search_fleet(
            build(instance), time_limit=600, gap=1e-4
        )
    assert _plan_of(aside) == _plan_of(inline)
    assert aside is not None and inline is not None
    assert aside.achieved_gap == pytest.approx(inline.achieved_gap, rel=1e-9)
    assert searched.leaves == searched_inline.leaves


def test_the_first_fixed_fleets_polish_begins_from_its_plan_while_it_proves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Shipped 3x12 whole: the tie polish of the first fixed fleet's plan begins as its MILP
    finds that plan (`fleet_search._Aside`), not once its proof ends: its MILP held at its end
    until a polish has begun is not waited for (with the polish begun after the MILP, held
    60 s and failed). The polish kept is the one of the MILP's very plan, and the plan is the
    same as with the first fixed fleet solved on the search's thread."""
    instance = _instance(*_shipped("whole"))
    run, polished = highspy.Highs.run, fleet_search._Search.polished
    begun = threading.Event()
    waited: list[bool] = []
    starts: list[list[float] | None] = []
    ended: list[list[float]] = []

    def recorded(search: Any, h: Any, seconds: float, *args: Any, **named: Any) -> Any:
        starts.append(args[0] if args else named.get("values"))
        begun.set()
        return polished(search, h, seconds, *args, **named)

    def held(h: Any) -> Any:
        out = run(h)
        if _first_fleet(h):
            ended.append(list(h.getSolution().col_value))
            waited.append(begun.wait(60))  # a bound for a hang, not a timing
        return out

    monkeypatch.setattr(fleet_search._Search, "polished", recorded)
    monkeypatch.setattr(highspy.Highs, "run", held)
    aside, _ = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert waited == [True], "the polish began only after the first fixed fleet's MILP"
    assert starts and starts[-1] == ended[0]  # the polish of its last plan, its own
    monkeypatch.undo()
    with mock.patch.object(fleet_search, "ASIDE", False):
        inline, _ = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert _plan_of(aside) == _plan_of(inline)


def test_the_tie_polish_trusts_pseudocosts_early_and_keeps_the_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Shipped 3x12 whole: its fixed fleets' tie polishes run without the root's reduced-cost
    sub-MIP and trust a column's pseudocost after one strong branching
    (`fleet_search.POLISH_OPTIONS`: the proof's LP iterations were two thirds strong
    branching); the plan, its gap and its fixed fleets are those of the polish with HiGHS's
    defaults there."""
    instance = _instance(*_shipped("whole"))
    polish = fleet_search.polish
    given: list[dict[str, Any]] = []

    def recorded(*args: Any, **named: Any) -> Any:
        given.append(dict(args[6] if len(args) > 6 else named.get("options") or {}))
        return polish(*args, **named)

    monkeypatch.setattr(fleet_search, "polish", recorded)
    tuned, searched = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert given, "no polish ran: the case no longer tests its options"
    for options in given:
        assert options["mip_pscost_minreliable"] == 1
        assert options["mip_heuristic_run_root_reduced_cost"] is False
    defaults = {
        k: v
        for k, v in fleet_search.POLISH_OPTIONS.items()
        if k not in ("mip_pscost_minreliable", "mip_heuristic_run_root_reduced_cost")
    }
    monkeypatch.setattr(fleet_search, "POLISH_OPTIONS", defaults)
    plain, searched_plain = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert tuned is not None and plain is not None
    assert _plan_of(tuned) == _plan_of(plain)
    assert tuned.achieved_gap == pytest.approx(plain.achieved_gap, rel=1e-9)
    assert searched.leaves == searched_plain.leaves


def test_the_fixed_fleets_below_a_cutoff_run_without_the_feasibility_jump(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Shipped 3x12 whole: its fixed fleets solved below a cutoff (the dearer fleets, after the
    first) run without presolve and without the feasibility jump
    (`fleet_search.CUTOFF_LEAF_OPTIONS`); the plan, its gap and the search's relaxations, tail
    MILPs and fixed fleets are those with the feasibility jump on there."""
    instance = _instance(*_shipped("whole"))
    model = build(instance)
    columns = len(model.problem.variables())
    run = highspy.Highs.run
    jumps: list[bool] = []

    def heard(h: Any) -> Any:
        _status, bound = h.getOptionValue("objective_bound")
        if h.getNumCol() == columns and bound < highspy.kHighsInf:
            _status, jump = h.getOptionValue("mip_heuristic_run_feasibility_jump")
            jumps.append(jump)
        return run(h)

    monkeypatch.setattr(highspy.Highs, "run", heard)
    tuned, searched = fleet_search.search_fleet(model, time_limit=600, gap=1e-4)
    assert jumps, "no fixed fleet below a cutoff: the case no longer tests its options"
    assert not any(jumps)
    jumps.clear()
    monkeypatch.setattr(fleet_search, "CUTOFF_LEAF_OPTIONS", {"presolve": "off"})
    plain, searched_plain = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert jumps and all(jumps)
    assert tuned is not None and plain is not None
    assert _plan_of(tuned) == _plan_of(plain)
    assert tuned.achieved_gap == pytest.approx(plain.achieved_gap, rel=1e-9)
    assert searched == searched_plain


def test_a_start_is_completed_without_the_feasibility_jump(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Shipped 3x12 whole: the MILP that completes its first fixed fleet's start runs without
    the feasibility jump (`fleet_search.START_OPTIONS`), and the start, the plan and its gap
    are those with the feasibility jump on there."""
    instance = _instance(*_shipped("whole"))
    run = highspy.Highs.run
    start = fleet_search._Search.start
    jumps: list[bool] = []
    starts: list[list[float] | None] = []
    inside: list[bool] = [False]

    def heard(h: Any) -> Any:
        if inside[0] and any(k == highspy.HighsVarType.kInteger for k in h.getLp().integrality_):
            _status, jump = h.getOptionValue("mip_heuristic_run_feasibility_jump")
            jumps.append(jump)
        return run(h)

    def started(search: Any, fleet: list[float]) -> list[float] | None:
        inside[0] = True
        try:
            found = start(search, fleet)
        finally:
            inside[0] = False
        starts.append(found)
        return found

    monkeypatch.setattr(highspy.Highs, "run", heard)
    monkeypatch.setattr(fleet_search._Search, "start", started)
    tuned, _ = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert jumps and not any(jumps)
    assert starts and starts[0] is not None
    first, jumps[:], starts[:] = starts[0], [], []
    monkeypatch.setattr(fleet_search, "START_OPTIONS", {})
    plain, _ = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert jumps and all(jumps)
    assert starts[0] == first
    assert tuned is not None and plain is not None
    assert _plan_of(tuned) == _plan_of(plain)
    assert tuned.achieved_gap == pytest.approx(plain.achieved_gap, rel=1e-9)


def test_the_search_tells_on_wait_once_as_it_joins_its_first_fixed_fleet() -> None:
    """Shipped 3x12 whole: `on_wait` is told once, on the search's own thread, as it joins the
    first fixed fleet's MILP run aside, and the plan is the one found without it."""
    instance = _instance(*_shipped("whole"))
    told: list[str] = []

    def on_wait() -> None:
        told.append(threading.current_thread().name)

    found, _ = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4, on_wait=on_wait)
    assert told == [threading.current_thread().name]
    plain, _ = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert _plan_of(found) == _plan_of(plain)


def test_the_roots_tail_is_solved_beside_the_floors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shipped 3x12 whole (its floors all 0), in a search told `on_wait` (the plan's own): the
    root's tail MILP runs on a thread of its own ("root-tail", on a twin of the tail's HiGHS)
    while the floors' LPs run (`fleet_search.ROOT_TAIL_AHEAD`); the plan, its gap and the
    relaxations, tail MILPs and fixed fleets of the search are those with the root's tail MILP
    solved after the floors, and a search told no `on_wait` (the baselines') runs none."""
    instance = _instance(*_shipped("whole"))
    run = highspy.Highs.run
    threads: set[str] = set()

    def heard(h: Any) -> Any:
        threads.add(threading.current_thread().name)
        return run(h)

    monkeypatch.setattr(highspy.Highs, "run", heard)
    ahead, searched = fleet_search.search_fleet(
        build(instance), time_limit=600, gap=1e-4, on_wait=lambda: None
    )
    assert "root-tail" in threads
    threads.clear()
    plain, searched_plain = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert "root-tail" not in threads
    with mock.patch.object(fleet_search, "ROOT_TAIL_AHEAD", False):
        after, searched_after = fleet_search.search_fleet(
            build(instance), time_limit=600, gap=1e-4, on_wait=lambda: None
        )
    assert "root-tail" not in threads
    assert _plan_of(ahead) == _plan_of(after) == _plan_of(plain)
    assert ahead is not None and after is not None
    assert ahead.achieved_gap == pytest.approx(after.achieved_gap, rel=1e-9)
    assert searched == searched_after == searched_plain


@pytest.mark.parametrize(
    "shape",
    [_shipped("whole"), _example("growing-power-capped.json", tail_months=None)],
    ids=["shipped 3x12 whole", "power-capped whole"],
)
def test_the_roots_tail_milp_runs_with_the_root_options(
    shape: tuple[Catalog, PlanRequest, Forecast], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shipped 3x12 whole and power-capped whole, in a search told `on_wait` (the plan's) and
    one told none (the baselines'): the tail's MILP at the root box runs with
    `tail_bound.ROOT_OPTIONS` (its root reduced-cost sub-MIP off), the other tail MILPs
    without them (the option is set back after the root's); every tail MILP's least whole cost
    and fleet (rounded), the plan, its gap and the search's counts are those with the root's
    MILP run as the others."""
    instance = _instance(*shape)
    least = tail_bound.tail_least
    seen: list[tuple[bool, Any, tuple[float, list[float] | None]]] = []

    def heard(halves: tail_bound.Split, *args: Any, **kwargs: Any) -> Any:
        found = least(halves, *args, **kwargs)
        _status, after = halves.tail.getOptionValue("mip_heuristic_run_root_reduced_cost")
        seen.append((bool(kwargs.get("root")), after, found))
        return found

    monkeypatch.setattr(fleet_search, "tail_least", heard)
    runs = []
    for options in (dict(tail_bound.ROOT_OPTIONS), {}):
        monkeypatch.setattr(tail_bound, "ROOT_OPTIONS", options)
        for on_wait in (lambda: None, None):
            seen.clear()
            found = fleet_search.search_fleet(
                build(instance), time_limit=600, gap=1e-4, on_wait=on_wait
            )
            runs.append((found, list(seen)))
    assert tail_bound.ROOT_OPTIONS == {}
    for (found, tails), (plain, plain_tails) in zip(runs[:2], runs[2:], strict=True):
        assert [root for root, _after, _found in tails].count(True) == 1
        assert all(after is True for _root, after, _found in tails)
        assert len(tails) == len(plain_tails)
        for (_r, _a, (bound, fleet)), (_pr, _pa, (plain_bound, plain_fleet)) in zip(
            tails, plain_tails, strict=True
        ):
            assert bound == pytest.approx(plain_bound, rel=1e-9)
            assert (fleet is None) == (plain_fleet is None)
            if fleet is not None and plain_fleet is not None:
                assert [round(x) for x in fleet] == [round(x) for x in plain_fleet]
        assert found[0] is not None and plain[0] is not None
        assert _plan_of(found[0]) == _plan_of(plain[0])
        assert found[0].achieved_gap == pytest.approx(plain[0].achieved_gap, rel=1e-9)
        assert found[1] == plain[1]


def test_the_roots_tail_beside_floors_not_0_is_interrupted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the floors are not all 0 the root's tail MILP begun beside them is interrupted
    (HiGHS's status: interrupted by user) and left unread; the search is the one without it."""
    run = highspy.Highs.run
    begun = threading.Event()
    statuses: list[str] = []

    def heard(h: Any) -> Any:
        if threading.current_thread().name != "root-tail":
            return run(h)
        begun.set()
        ran = run(h)
        statuses.append(h.modelStatusToString(h.getModelStatus()))
        return ran

    def floors(self: Any, upper: list[float]) -> list[float]:
        if self.on_wait is not None:
            assert begun.wait(60)  # the twin's MILP is running
        return [1.0] + [0.0] * (len(upper) - 1)

    instance = _instance(*_shipped("whole"))
    monkeypatch.setattr(highspy.Highs, "run", heard)
    monkeypatch.setattr(fleet_search._Search, "floors", floors)
    found, searched = fleet_search.search_fleet(
        build(instance), time_limit=600, gap=1e-4, on_wait=lambda: None
    )
    for _ in range(600):
        if statuses:
            break
        time.sleep(0.01)
    assert statuses == ["Interrupted by user"]
    with mock.patch.object(fleet_search, "ROOT_TAIL_AHEAD", False):
        plain, searched_plain = fleet_search.search_fleet(
            build(instance), time_limit=600, gap=1e-4, on_wait=lambda: None
        )
    assert _plan_of(found) == _plan_of(plain)
    assert searched == searched_plain
