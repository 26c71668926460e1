"""Tail months solved as one block (`optimizer.tail_blocks`) give the plan, the costs and the
marginals of the model that solves every month on its own."""

from __future__ import annotations

import math
from pathlib import Path

import msgspec
import pulp
import pytest

from catalog import default_catalog
from optimizer.instance import Instance, prepare
from optimizer.prepare import prepare_for_solve
from optimizer.request import Constraints, Existing, Options, PlanRequest, PowerCap
from optimizer.solver import Model, Solution, build, solve
from tests.tiny import Spec, catalog, forecast

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "growing-power-capped.json"


def _tiny() -> Instance:
    tiny = catalog(
        Spec("od", 3.0, gpus_per_unit=8),
        Spec("res", 2.0, gpus_per_unit=8, term_months=12),
        Spec("long", 1.6, gpus_per_unit=8, term_months=6, tokens_per_gpu=900.0),
    )
    request = PlanRequest(
        forecast=forecast([10_000.0, 23_000.0, 31_000.0], months=3),
        existing=(Existing(offer_id="res", units=1, start="2026-11", term_months=10),),
        options=Options(tail_months=14),
    )
    assert request.forecast is not None
    return prepare(tiny, request, request.forecast)


def _both(instance: Instance, relax: bool) -> tuple[Solution, Solution]:
    blocks, months = (
        solve(build(instance, relax=relax, tail_blocks=b), time_limit=30.0, gap_tolerance=1e-9)
        for b in (True, False)
    )
    assert blocks.status == months.status == "optimal"
    return blocks, months


def _load(model: Model, solution: Solution) -> None:
    """Put `solution`, read back month by month, into `model`'s columns."""
    f = model.formulation
    for var in model.problem.variables():
        var.varValue = 1.0 if var is f.one else 0.0
    for (o, s), var in f.starts.items():
        var.varValue = solution.starts[(o, s)]
    for (o, t), var in f.running.items():  # active units: every start so far
        var.varValue = math.fsum(v for (oo, s), v in solution.starts.items() if oo == o and s <= t)
    for key, var in f.serve.items():
        var.varValue = solution.serve[key] / f.serve_gpus[key[:2]]


def test_blocks_give_a_plan_of_the_whole_model_at_the_same_cost() -> None:
    """A tiny plan (horizon 3, tail 14, terms 1, 6 and 12, an existing contract ending in the
    tail): read back month by month, the plan solved with blocks is a feasible plan of the
    model that solves every month, at the same cost to the cent as that model's optimum."""
    instance = _tiny()
    blocks, months = _both(instance, relax=False)
    assert blocks.objective == pytest.approx(months.objective, abs=0.005)
    whole = build(instance, tail_blocks=False)
    assert len(whole.problem.constraints()) > len(build(instance).problem.constraints())
    _load(whole, blocks)
    assert whole.problem.valid(eps=1e-6)
    assert pulp.value(whole.problem.objective) == pytest.approx(months.objective, abs=0.005)


def test_blocks_keep_the_relaxation_and_its_marginals() -> None:
    """The power-capped example's LP relaxation (24-month tail, as shipped): the same optimum,
    and per workload the same summed demand dual; the tail's power duals sum to the same $ per
    MW, and each month of a block shows its share."""
    request = msgspec.json.decode(EXAMPLE.read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    _full, instance, _ = prepare_for_solve(default_catalog(), request, request.forecast)
    blocks, months = _both(instance, relax=True)
    assert blocks.objective == pytest.approx(months.objective, rel=1e-9)
    assert blocks.demand_duals.keys() == months.demand_duals.keys()
    assert math.fsum(blocks.demand_duals.values()) == pytest.approx(
        math.fsum(months.demand_duals.values()), rel=1e-6
    )
    assert blocks.limit_duals.keys() == months.limit_duals.keys()
    tail = [k for k in months.limit_duals if k[1] >= instance.horizon]
    assert math.fsum(blocks.limit_duals[k] for k in tail) == pytest.approx(
        math.fsum(months.limit_duals[k] for k in tail), rel=1e-6, abs=1e-6
    )


def test_blocks_count_the_shortfall_of_every_month() -> None:
    """Under a 20 kW cap that leaves the tiny plan short in every month, the least total
    shortfall (the infeasibility phase's objective, summed over the span's months) and each
    month's unmet share are the same with and without blocks."""
    tiny = catalog(
        Spec("od", 3.0, gpus_per_unit=8), Spec("res", 2.0, gpus_per_unit=8, term_months=12)
    )
    request = PlanRequest(
        forecast=forecast([10_000.0, 23_000.0, 31_000.0], months=3),
        constraints=Constraints(power_caps=(PowerCap(site="v/r", mw=0.02),)),
        options=Options(tail_months=14),
    )
    assert request.forecast is not None
    instance = prepare(tiny, request, request.forecast)
    blocks, months = (
        solve(
            build(instance, goal="shortfall", allow_shortfall=True, tail_blocks=b),
            time_limit=30.0,
            gap_tolerance=1e-9,
        )
        for b in (True, False)
    )
    assert blocks.status == months.status == "optimal"
    assert months.objective is not None and months.objective > 1.0
    assert blocks.objective == pytest.approx(months.objective, rel=1e-9)
    assert blocks.short.keys() == months.short.keys()
    for key, share in months.short.items():
        assert blocks.short[key] == pytest.approx(share, abs=1e-9), key
