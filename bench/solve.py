"""Solve time against size, and what PuLP costs against the same model fed to highspy directly.

Run: .venv/bin/python -m bench.solve [--quick] [--time-limit S]

For each size it prints the formulation time, PuLP's hand-over to HiGHS, the solve and the
total, then the same model written straight into highspy (column and row arrays, one
passModel) and solved, and the ratio of the two totals measured in the same run. First it times
the whole plan of examples/growing-power-capped.json to 1e-4 under each model (whole replicas
and demand_continues, the defaults, beside in_horizon and fractional; --plan-limit S), then
whole plans (main MILP, marginals and three baselines) on the shipped catalog.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import highspy
import msgspec
import numpy as np
import pulp

from bench.instances import request_for, synthetic, three_growing_workloads
from catalog import Catalog, default_catalog
from optimizer.instance import Instance
from optimizer.model import GE
from optimizer.planner import make_plan
from optimizer.prepare import prepare, prune_dominated
from optimizer.request import Forecast, PlanRequest
from optimizer.rows import write_model
from optimizer.solver import SOLVER_THREADS, build

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "growing-power-capped.json"


class HighsSink:
    """The formulation written straight into highspy arrays."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.starts: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []
        self.row_lower: list[float] = []
        self.row_upper: list[float] = []

    def variable(self, name: str, low: float, up: float | None, integer: bool) -> Any:
        self.names.append(name)
        self.cost.append(0.0)
        self.lower.append(low)
        self.upper.append(highspy.kHighsInf if up is None else up)
        self.integer.append(1 if integer else 0)
        return len(self.cost) - 1

    def row(self, pairs: list[tuple[Any, float]], sense: int, rhs: float, name: str) -> Any:
        for column, coefficient in pairs:
            self.index.append(column)
            self.value.append(coefficient)
        self.starts.append(len(self.index))
        inf = highspy.kHighsInf
        self.row_lower.append(rhs if sense == GE else -inf)
        self.row_upper.append(inf if sense == GE else rhs)
        return len(self.row_lower) - 1

    def minimize(self, pairs: list[tuple[Any, float]]) -> None:
        for column, coefficient in pairs:
            self.cost[column] += coefficient

    def highs(self, time_limit: float, gap: float) -> highspy.Highs:
        # Columns in PuLP's order (sorted by name), so that both solve the very same model.
        order = sorted(range(len(self.names)), key=self.names.__getitem__)
        position = np.empty(len(order), dtype=np.int32)
        position[order] = np.arange(len(order), dtype=np.int32)
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.cost)
        lp.num_row_ = len(self.row_lower)
        lp.col_cost_ = np.array(self.cost)[order]
        lp.col_lower_ = np.array(self.lower)[order]
        lp.col_upper_ = np.array(self.upper)[order]
        lp.row_lower_ = np.array(self.row_lower)
        lp.row_upper_ = np.array(self.row_upper)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.array(self.starts, dtype=np.int32)
        lp.a_matrix_.index_ = position[np.array(self.index, dtype=np.int32)]
        lp.a_matrix_.value_ = np.array(self.value)
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if self.integer[i] else highspy.HighsVarType.kContinuous
            for i in order
        ]
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("time_limit", float(time_limit))
        h.setOptionValue("mip_rel_gap", gap)
        h.setOptionValue("threads", SOLVER_THREADS)
        h.passModel(lp)
        return h


class _TimedHiGHS(pulp.HiGHS):  # type: ignore[misc]
    """pulp.HiGHS that records how long PuLP takes to hand the model to HiGHS."""

    handover = 0.0

    def buildSolverModel(self, lp: Any) -> None:
        began = time.perf_counter()
        super().buildSolverModel(lp)
        _TimedHiGHS.handover = time.perf_counter() - began


def _pulp(
    instance: Instance, time_limit: float, gap: float
) -> tuple[float, float, float, float, float, float | None]:
    began = time.perf_counter()
    model = build(instance)
    built = time.perf_counter()
    solver = _TimedHiGHS(msg=False, timeLimit=time_limit, gapRel=gap, threads=SOLVER_THREADS)
    model.problem.solve(solver)
    done = time.perf_counter()
    info = model.problem.solverModel.getInfo()
    return (
        built - began,
        _TimedHiGHS.handover,
        done - built - _TimedHiGHS.handover,
        done - began,
        float(info.objective_function_value),
        float(info.mip_gap),
    )


def _direct(
    instance: Instance, time_limit: float, gap: float
) -> tuple[float, float, float, float, float]:
    began = time.perf_counter()
    sink = HighsSink()
    write_model(instance, sink)
    h = sink.highs(time_limit, gap)
    built = time.perf_counter()
    h.run()
    done = time.perf_counter()
    info = h.getInfo()
    return (
        built - began,
        done - built,
        done - began,
        float(info.objective_function_value),
        float(info.mip_gap),
    )


def _sizes(quick: bool) -> list[tuple[str, Catalog, Forecast]]:
    sizes: list[tuple[str, Catalog, Forecast]] = [
        ("shipped 29x12x3", default_catalog(), three_growing_workloads())
    ]
    shapes = (
        [(100, 12, 5), (200, 24, 10)] if quick else [(100, 12, 5), (200, 24, 10), (500, 36, 20)]
    )
    for offers, months, workloads in shapes:
        catalog, forecast = synthetic(offers, months, workloads)
        sizes.append((f"synthetic {offers}x{months}x{workloads}", catalog, forecast))
    return sizes


POWER_CAPPED_MODELS: list[tuple[str, dict[str, Any]]] = [
    ("whole, demand_continues, default tail", {"tail_months": None}),
    ("whole, demand_continues, tail 24 (example)", {}),
    ("whole, in_horizon", {"commitment_accounting": "in_horizon"}),
    ("fractional, demand_continues, default tail", {"replicas": "fractional", "tail_months": None}),
    (
        "fractional, in_horizon (first wave)",
        {"replicas": "fractional", "commitment_accounting": "in_horizon"},
    ),
]


def _power_capped(limit: float) -> None:
    """The whole plan of examples/growing-power-capped.json to 1e-4 under each model."""
    request = msgspec.json.decode(EXAMPLE.read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    print(f"whole plan of {EXAMPLE.name} to gap 1e-4 (time limit {limit:g} s)")
    for name, changes in POWER_CAPPED_MODELS:
        options = msgspec.structs.replace(request.options, time_limit_s=limit, gap=1e-4, **changes)
        began = time.perf_counter()
        plan = make_plan(
            default_catalog(), msgspec.structs.replace(request, options=options), request.forecast
        )
        seconds = time.perf_counter() - began
        tail = plan.tail.months if plan.tail else 0
        gap = plan.solver.gap if plan.solver else None
        line = f"  {name:<48} {plan.status:<9} gap {gap or 0:.1e}  tail {tail:>2} months"
        print(f"{line} {seconds:7.2f} s", flush=True)
    print()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip the 500x36x20 size")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--gap", type=float, default=1e-4)
    parser.add_argument(
        "--plan-limit", type=float, default=300.0, help="time limit of the whole-plan runs"
    )
    args = parser.parse_args()

    _power_capped(args.plan_limit)
    print("whole plan (main MILP + LP marginals + 3 baselines), shipped catalog, gap 1e-4")
    catalog = default_catalog()
    for months in (12,):
        forecast = three_growing_workloads(months)
        runs = []
        for _ in range(3):
            began = time.perf_counter()
            plan = make_plan(catalog, request_for(forecast), forecast)
            runs.append(time.perf_counter() - began)
        print(
            f"  3 growing workloads x {months} months: {plan.status}, "
            f"gap {plan.solver.gap if plan.solver else None}, "
            f"seconds {', '.join(f'{r:.2f}' for r in runs)} (best {min(runs):.2f})"
        )
    print()
    header = (
        f"{'size':<26}{'cols':>7}{'rows':>6} | PuLP {'build':>7}{'handover':>9}{'solve':>7}"
        f"{'total':>7}{'gap':>8} | highspy {'build':>7}{'solve':>7}{'total':>7}{'gap':>8} | "
        f"{'build overhead':>14} {'total ratio':>11}"
    )
    print(header)
    print("-" * len(header))
    for name, catalog, forecast in _sizes(args.quick):
        instance = prepare(catalog, request_for(forecast), forecast)
        instance, _ = prune_dominated(instance)
        probe = HighsSink()
        write_model(instance, probe)
        p_build, p_hand, p_solve, p_total, _, p_gap = _pulp(instance, args.time_limit, args.gap)
        h_build, h_solve, h_total, _, h_gap = _direct(instance, args.time_limit, args.gap)
        overhead = (p_build + p_hand - h_build) / h_total
        print(
            f"{name:<26}{len(probe.cost):>7}{len(probe.row_lower):>6} | PuLP {p_build:>7.3f}"
            f"{p_hand:>9.3f}{p_solve:>7.2f}{p_total:>7.2f}{p_gap:>8.1e} | highspy {h_build:>7.3f}"
            f"{h_solve:>7.2f}{h_total:>7.2f}{h_gap:>8.1e} | {overhead:>14.1%} "
            f"{p_total / h_total:>11.2f}",
            flush=True,
        )
    print(
        "\nbuild overhead = (PuLP formulation + PuLP's hand-over to HiGHS - direct build) / "
        "direct total; gap = HiGHS's relative MIP gap at the end (time limit "
        f"{args.time_limit:g} s)"
    )


if __name__ == "__main__":
    main()
