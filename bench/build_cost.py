"""What PuLP costs against the same model written straight into highspy: for each size, the
formulation time, PuLP's hand-over to HiGHS, the solve and the total, then the same model fed
to highspy (column and row arrays, one passModel) and solved, and the ratio of the totals
measured in the same run.

Run: .venv/bin/python -m bench.solve --pulp
"""

from __future__ import annotations

import time
from typing import Any

import pulp

from bench.instances import request_for, synthetic, three_growing_workloads
from catalog import Catalog, default_catalog
from optimizer.highs_sink import HighsSink
from optimizer.instance import Instance
from optimizer.prepare import prepare, prune_dominated
from optimizer.request import Forecast
from optimizer.rows import write_model
from optimizer.solver import SOLVER_THREADS, build


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
    h = sink.highs(time_limit, gap, SOLVER_THREADS)
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


def main(quick: bool = True, time_limit: float = 60.0, gap: float = 1e-4) -> None:
    """Print the PuLP-against-highspy table."""
    header = (
        f"{'size':<26}{'cols':>7}{'rows':>6} | PuLP {'build':>7}{'handover':>9}{'solve':>7}"
        f"{'total':>7}{'gap':>8} | highspy {'build':>7}{'solve':>7}{'total':>7}{'gap':>8} | "
        f"{'build overhead':>14} {'total ratio':>11}"
    )
    print(header)
    print("-" * len(header))
    for name, catalog, forecast in _sizes(quick):
        instance = prepare(catalog, request_for(forecast), forecast)
        instance, _ = prune_dominated(instance)
        probe = HighsSink()
        write_model(instance, probe)
        p_build, p_hand, p_solve, p_total, _, p_gap = _pulp(instance, time_limit, gap)
        h_build, h_solve, h_total, _, h_gap = _direct(instance, time_limit, gap)
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
        f"{time_limit:g} s)"
    )
