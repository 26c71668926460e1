"""Re-solves of a plan's instance with one price or one demand changed, and with one offer
forced into or out of the plan: the experiments sensitivity and target prices are made of."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import msgspec
import pulp

from optimizer.assembly import Assembler
from optimizer.instance import Instance, WorkloadSpec
from optimizer.model import GE, LE
from optimizer.solver import Solution, SolveStatus, build, solve

__all__ = ["Force", "Trial", "bought", "cost_of", "run_trial", "with_demand", "with_price"]

Force = Literal["in", "out"]
"""`in`: at least one new unit of the offer is bought (in the horizon or its tail); `out`: none
is."""


@dataclass(frozen=True)
class Trial:
    """One re-solve: its status, the cost it minimises (horizon, plus the tail under
    `demand_continues`), and the solution, to read which offers it buys."""

    status: SolveStatus
    cost: float | None
    solution: Solution | None
    seconds: float


def with_price(instance: Instance, o: int, price_per_gpu_hour: float) -> Instance:
    """`instance` with offer `o` priced at `price_per_gpu_hour` (new and existing units)."""
    offers = list(instance.offers)
    spec = offers[o]
    offer = msgspec.structs.replace(spec.offer, price_per_gpu_hour=price_per_gpu_hour)
    offers[o] = replace(spec, offer=offer)
    return replace(instance, offers=offers)


def with_demand(instance: Instance, w: int, scale: float) -> Instance:
    """`instance` with workload `w`'s demand times `scale` in every month (tail included)."""
    workloads = list(instance.workloads)
    spec = workloads[w]
    workloads[w] = WorkloadSpec(
        workload=spec.workload,
        average=[v * scale for v in spec.average],
        required=[v * scale for v in spec.required],
    )
    return replace(instance, workloads=workloads)


def cost_of(instance: Instance, solution: Solution) -> float:
    """What the plan of `solution` costs on `instance`, counted as the plan counts it: the
    horizon and the tail under `demand_continues`, the horizon otherwise."""
    assembler = Assembler(instance, solution)
    lifetime = assembler.lifetime()
    return lifetime[0] if lifetime is not None else assembler.totals()[0]


BOUGHT_UNITS = 1e-6
"""Units above which an offer counts as bought: the tail's month-to-month units (a valuation
under `demand_continues`) are not whole."""


def bought(instance: Instance, solution: Solution, o: int) -> bool:
    """True when `solution` buys any new units of offer `o`: contracts in the horizon, or
    month-to-month units in the tail (the plan's cost counts both)."""
    return any(units > BOUGHT_UNITS for (oo, _s), units in solution.starts.items() if oo == o)


def run_trial(
    instance: Instance,
    *,
    time_limit: float,
    gap: float,
    force: tuple[int, Force] | None = None,
) -> Trial:
    """Solve `instance` for the least cost (hard demand), optionally with one offer forced in
    or out; `infeasible` when no plan meets the demand (or the force)."""
    model = build(instance)
    if force is not None:
        o, how = force
        f = model.formulation
        new = [var for (oo, _s), var in f.starts.items() if oo == o]
        # Units active in the horizon's last month are every unit an n[o,t] offer buys.
        last = f.running.get((o, instance.horizon - 1))
        terms = [(var, 1.0) for var in new] + ([(last, 1.0)] if last is not None else [])
        if how == "in" and not terms:
            return Trial(status="infeasible", cost=None, solution=None, seconds=0.0)
        if terms:
            # At least one unit: a whole one in the horizon, or a tail's month's worth.
            sense, rhs = (GE, 1.0) if how == "in" else (LE, 0.0)
            row = pulp.LpConstraint(pulp.LpAffineExpression(terms), sense=sense, rhs=rhs)
            model.problem.addConstraint(row, name="force")
    solution = solve(model, time_limit=time_limit, gap_tolerance=gap)
    if solution.status not in ("optimal", "feasible"):
        return Trial(status=solution.status, cost=None, solution=None, seconds=solution.seconds)
    return Trial(
        status=solution.status,
        cost=cost_of(instance, solution),
        solution=solution,
        seconds=solution.seconds,
    )
