"""The mixed-integer model of DESIGN section 3, built in linear time with PuLP and solved by
HiGHS in process (CBC as the fallback).

Variables are named from integer indices only (`c_3_0`, `g_3_1_7`); `Model` keeps the map back
to domain keys.
"""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import pulp

from catalog.model import slugify
from optimizer.prepare import Instance, units_upper_bound

__all__ = ["Formulation", "Model", "PulpSink", "Sink", "Solution", "build", "formulate", "solve"]

Objective = Literal["cost", "power", "shortfall"]

TIE_BREAK_PER_KW_MONTH = 1e-4
"""$ per kW-month added to the cost objective so that, among plans of equal cost, the one with
less power wins; five orders of magnitude below any real price, it never outweighs a cent."""

SOLVER_THREADS = 2
"""HiGHS keeps one thread pool per process; every solve asks for the same size, and the service
runs as many solves at once as there are cores."""


@dataclass
class Model:
    """A built PuLP problem and the maps from its variables and rows back to the domain."""

    problem: pulp.LpProblem
    instance: Instance
    starts: dict[tuple[int, int], Any]  # (offer, start month) -> units
    running: dict[tuple[int, int], Any]  # (offer, month) -> active new units
    serve: dict[tuple[int, int, int], Any]  # (offer, workload, month) -> GPUs
    short: dict[tuple[int, int], Any]  # (workload, month) -> share of demand unmet
    demand_rows: dict[tuple[int, int], Any]
    power_rows: dict[tuple[str, int], Any]
    total_power_rows: dict[int, Any]
    budget_rows: dict[int, Any]
    relaxed: bool


@dataclass
class Solution:
    """What a solve returned, in domain keys."""

    status: Literal["optimal", "feasible", "infeasible", "failed"]
    solver: str
    seconds: float
    gap: float | None
    objective: float | None
    starts: dict[tuple[int, int], float] = field(default_factory=dict)
    serve: dict[tuple[int, int, int], float] = field(default_factory=dict)
    short: dict[tuple[int, int], float] = field(default_factory=dict)
    demand_duals: dict[tuple[int, int], float] = field(default_factory=dict)
    power_duals: dict[tuple[str, int], float] = field(default_factory=dict)
    total_power_duals: dict[int, float] = field(default_factory=dict)
    budget_duals: dict[int, float] = field(default_factory=dict)
    message: str = ""


def counted_months(instance: Instance, start: int, term: int) -> int:
    """Months of a contract that the objective counts, by the commitment accounting."""
    if instance.accounting == "full_term":
        return term
    return min(term, instance.horizon - start)


def _runs_to_end(instance: Instance, o: int) -> bool:
    spec = instance.offers[o]
    return (
        spec.term > 1
        and spec.term >= instance.horizon - spec.first_start
        and spec.offer.min_units is None
    )


def _expr(pairs: Iterable[tuple[Any, float]]) -> pulp.LpAffineExpression:
    return pulp.LpAffineExpression(list(pairs))


class Sink(Protocol):
    """Where the formulation goes: PuLP for the service; the benchmark also feeds highspy
    directly, to measure what PuLP costs. Variable and row handles are the sink's own."""

    def variable(self, name: str, low: float, up: float | None, integer: bool) -> Any: ...

    def row(self, pairs: list[tuple[Any, float]], sense: int, rhs: float, name: str) -> Any: ...

    def minimize(self, pairs: list[tuple[Any, float]]) -> None: ...


LE: int = pulp.LpConstraintLE
GE: int = pulp.LpConstraintGE


class PulpSink:
    """Builds a PuLP problem in linear time: expressions from (variable, coefficient) pairs."""

    def __init__(self) -> None:
        self.problem = pulp.LpProblem("tokenplan", pulp.LpMinimize)

    def variable(self, name: str, low: float, up: float | None, integer: bool) -> Any:
        category = pulp.LpInteger if integer else pulp.LpContinuous
        return self.problem.add_variable(name, lowBound=low, upBound=up, cat=category)

    def row(self, pairs: list[tuple[Any, float]], sense: int, rhs: float, name: str) -> Any:
        constraint = pulp.LpConstraint(_expr(pairs), sense=sense, rhs=rhs, name=name)
        self.problem.addConstraint(constraint)
        return constraint

    def minimize(self, pairs: list[tuple[Any, float]]) -> None:
        self.problem.setObjective(_expr(pairs))


@dataclass
class Formulation:
    """The maps from a sink's variables and rows back to the domain."""

    starts: dict[tuple[int, int], Any]
    running: dict[tuple[int, int], Any]
    serve: dict[tuple[int, int, int], Any]
    short: dict[tuple[int, int], Any]
    demand_rows: dict[tuple[int, int], Any]
    power_rows: dict[tuple[str, int], Any]
    total_power_rows: dict[int, Any]
    budget_rows: dict[int, Any]


def build(
    instance: Instance,
    *,
    relax: bool = False,
    objective: Objective = "cost",
    allow_shortfall: bool = False,
    shortfall_limit: float | None = None,
    power_limit: float | None = None,
) -> Model:
    """Build the model in PuLP. `objective` picks what to minimise; `allow_shortfall` adds the
    shortfall variables of the infeasibility phases; the limits fix a previous phase's optimum."""
    sink = PulpSink()
    f = formulate(
        instance,
        sink,
        relax=relax,
        objective=objective,
        allow_shortfall=allow_shortfall,
        shortfall_limit=shortfall_limit,
        power_limit=power_limit,
    )
    return Model(
        problem=sink.problem,
        instance=instance,
        starts=f.starts,
        running=f.running,
        serve=f.serve,
        short=f.short,
        demand_rows=f.demand_rows,
        power_rows=f.power_rows,
        total_power_rows=f.total_power_rows,
        budget_rows=f.budget_rows,
        relaxed=relax,
    )


def formulate(
    instance: Instance,
    sink: Sink,
    *,
    relax: bool = False,
    objective: Objective = "cost",
    allow_shortfall: bool = False,
    shortfall_limit: float | None = None,
    power_limit: float | None = None,
) -> Formulation:
    """Write the model of DESIGN section 3 into `sink`."""
    horizon = instance.horizon
    integer = not relax

    serving: dict[int, list[int]] = {}
    for o, w in instance.rates:
        serving.setdefault(o, []).append(w)
    active_offers = sorted(
        {o for o in serving} | {o for o, s in enumerate(instance.offers) if any(s.existing)}
    )

    starts: dict[tuple[int, int], Any] = {}
    running: dict[tuple[int, int], Any] = {}
    binaries: dict[tuple[int, int], Any] = {}
    bounds: dict[Any, int] = {}
    covering: dict[tuple[int, int], list[Any]] = {}
    cost_coef: dict[Any, float] = {}
    power_coef: dict[Any, float] = {}
    monotone: list[tuple[Any, Any]] = []
    for o in active_offers:
        spec = instance.offers[o]
        if o not in serving:
            continue
        if _runs_to_end(instance, o):
            # Every contract lasts to the horizon's end: branch on active units n[o,t], which
            # never fall, instead of on start months (same plans, a much better search).
            previous: Any | None = None
            for t in range(spec.first_start, horizon):
                # Units never leave: the need of every month from the first start bounds them,
                # the power caps only from t on.
                bound = units_upper_bound(instance, o, t, need_from=spec.first_start)
                var = sink.variable(f"n_{o}_{t}", 0, bound, integer)
                running[(o, t)] = var
                covering[(o, t)] = [var]
                power_coef[var] = spec.kw_per_unit
                if instance.accounting == "in_horizon":
                    cost_coef[var] = spec.month_cost_per_unit
                if previous is not None:
                    monotone.append((var, previous))
                previous = var
            if previous is not None and instance.accounting == "full_term":
                cost_coef[previous] = spec.month_cost_per_unit * spec.term
            continue
        for s in range(spec.first_start, horizon):
            bound = units_upper_bound(instance, o, s)
            if bound <= 0:
                continue
            var = sink.variable(f"c_{o}_{s}", 0, bound, integer)
            bounds[var] = bound
            starts[(o, s)] = var
            for t in range(s, min(horizon, s + spec.term)):
                covering.setdefault((o, t), []).append(var)
            cost_coef[var] = spec.month_cost_per_unit * counted_months(instance, s, spec.term)
            power_coef[var] = spec.kw_per_unit * min(spec.term, horizon - s)
            if spec.offer.min_units is not None:
                binaries[(o, s)] = sink.variable(f"b_{o}_{s}", 0, 1, integer)

    serve: dict[tuple[int, int, int], Any] = {}
    for (o, w), _rate in sorted(instance.rates.items()):
        spec = instance.offers[o]
        for t in range(horizon):
            if instance.workloads[w].required[t] <= 0:
                continue
            if (o, t) not in covering and spec.existing[t] <= 0:
                continue
            serve[(o, w, t)] = sink.variable(f"g_{o}_{w}_{t}", 0, None, False)

    short: dict[tuple[int, int], Any] = {}
    if allow_shortfall:
        for w, wspec in enumerate(instance.workloads):
            for t in range(horizon):
                if wspec.required[t] > 0:
                    short[(w, t)] = sink.variable(f"s_{w}_{t}", 0, 1, False)

    power_terms = list(power_coef.items())
    if objective == "cost":
        sink.minimize(
            [
                (v, cost_coef.get(v, 0.0) + TIE_BREAK_PER_KW_MONTH * kw)
                for v, kw in power_coef.items()
            ]
        )
    elif objective == "power":
        sink.minimize(power_terms)
    else:
        sink.minimize([(v, 1.0) for v in short.values()])

    add = sink.row

    # Demand, normalised by the month's requirement so that every row reads "share >= 1".
    demand_rows: dict[tuple[int, int], Any] = {}
    by_demand: dict[tuple[int, int], list[tuple[Any, float]]] = {}
    for (o, w, t), var in serve.items():
        rate = instance.rates[(o, w)].per_gpu
        by_demand.setdefault((w, t), []).append((var, rate / instance.workloads[w].required[t]))
    for w, wspec in enumerate(instance.workloads):
        for t in range(horizon):
            if wspec.required[t] <= 0:
                continue
            pairs = by_demand.get((w, t), [])
            if (w, t) in short:
                pairs = [*pairs, (short[(w, t)], 1.0)]
            demand_rows[(w, t)] = add(pairs, GE, 1.0, f"d_{w}_{t}")

    # Capacity: GPUs serving workloads fit in the active fleet, at the utilisation cap.
    by_capacity: dict[tuple[int, int], list[tuple[Any, float]]] = {}
    for (o, _w, t), var in serve.items():
        by_capacity.setdefault((o, t), []).append((var, 1.0))
    for (o, t), pairs in sorted(by_capacity.items()):
        spec = instance.offers[o]
        share = instance.utilization_cap * spec.gpus_per_unit
        fleet = [(v, -share) for v in covering.get((o, t), [])]
        add(pairs + fleet, LE, share * spec.existing[t], f"k_{o}_{t}")

    for n, (later, earlier) in enumerate(monotone):
        add([(later, 1.0), (earlier, -1.0)], GE, 0.0, f"r_{n}")

    # Variable upper bounds: serving w never takes more GPUs than w's whole month needs, so
    # g <= min(cap per unit, need) * active units. Where one unit is more than w needs (a
    # 72-GPU rack for a small workload), this is much tighter than the capacity row: the LP can
    # no longer buy a tenth of a rack to serve a tenth of the demand.
    if not relax:
        for (o, w, t), var in serve.items():
            spec = instance.offers[o]
            per_unit = instance.utilization_cap * spec.gpus_per_unit
            need = instance.workloads[w].required[t] / instance.rates[(o, w)].per_gpu
            if need >= per_unit:
                continue
            fleet = [(v, -need) for v in covering.get((o, t), [])]
            add([(var, 1.0), *fleet], LE, need * spec.existing[t], f"u_{o}_{w}_{t}")

    # min_units: a contract is zero or at least the minimum.
    for (o, s), flag in binaries.items():
        var = starts[(o, s)]
        minimum = float(instance.offers[o].offer.min_units or 1)
        upper = float(bounds.get(var) or minimum)
        add([(var, 1.0), (flag, -minimum)], GE, 0.0, f"m_{o}_{s}")
        add([(var, 1.0), (flag, -upper)], LE, 0.0, f"M_{o}_{s}")

    # Availability of active units (a single contract is already bounded by its variable).
    for o in active_offers:
        spec = instance.offers[o]
        limit = spec.offer.max_units
        if limit is None or (spec.term == 1 and not any(spec.existing)):
            continue
        for t in range(horizon):
            fleet = covering.get((o, t), [])
            if fleet:
                add(
                    [(v, 1.0) for v in fleet],
                    LE,
                    limit - spec.existing[t],
                    f"a_{o}_{t}",
                )

    def fleet_terms(o: int, t: int, weight: float) -> list[tuple[Any, float]]:
        return [(v, weight) for v in covering.get((o, t), [])]

    # Power per site and in total, in kW.
    power_rows: dict[tuple[str, int], Any] = {}
    site_index = {site: n for n, site in enumerate(sorted(instance.power_caps))}
    for site, caps in sorted(instance.power_caps.items()):
        members = [o for o in active_offers if instance.offers[o].offer.site_key == site]
        for t in range(horizon):
            pairs = [p for o in members for p in fleet_terms(o, t, instance.offers[o].kw_per_unit)]
            fixed = sum(
                instance.offers[o].kw_per_unit * instance.offers[o].existing[t] for o in members
            )
            power_rows[(site, t)] = add(
                pairs, LE, 1000.0 * caps[t] - fixed, f"p_{site_index[site]}_{t}"
            )
    total_power_rows: dict[int, Any] = {}
    if instance.total_power_mw is not None:
        for t in range(horizon):
            pairs = [
                p for o in active_offers for p in fleet_terms(o, t, instance.offers[o].kw_per_unit)
            ]
            fixed = sum(
                instance.offers[o].kw_per_unit * instance.offers[o].existing[t]
                for o in active_offers
            )
            total_power_rows[t] = add(
                pairs, LE, 1000.0 * instance.total_power_mw[t] - fixed, f"P_{t}"
            )

    # Run-rate budget and vendor share of each month's run-rate.
    budget_rows: dict[int, Any] = {}
    if instance.monthly_budget is not None:
        for t in range(horizon):
            pairs = [
                p
                for o in active_offers
                for p in fleet_terms(o, t, instance.offers[o].month_cost_per_unit)
            ]
            fixed = sum(
                instance.offers[o].month_cost_per_unit * instance.offers[o].existing[t]
                for o in active_offers
            )
            budget_rows[t] = add(pairs, LE, instance.monthly_budget - fixed, f"B_{t}")
    if instance.max_vendor_share is not None:
        share = instance.max_vendor_share
        vendors = sorted({slugify(instance.offers[o].offer.vendor) for o in active_offers})
        for v, vendor in enumerate(vendors):
            for t in range(horizon):
                pairs = []
                fixed = 0.0
                for o in active_offers:
                    spec = instance.offers[o]
                    weight = spec.month_cost_per_unit * (
                        (1.0 - share) if slugify(spec.offer.vendor) == vendor else -share
                    )
                    pairs += fleet_terms(o, t, weight)
                    fixed += weight * spec.existing[t]
                if pairs:
                    add(pairs, LE, -fixed, f"v_{v}_{t}")

    if shortfall_limit is not None:
        add([(v, 1.0) for v in short.values()], LE, shortfall_limit, "S")
    if power_limit is not None:
        add(power_terms, LE, power_limit, "W")

    return Formulation(
        starts=starts,
        running=running,
        serve=serve,
        short=short,
        demand_rows=demand_rows,
        power_rows=power_rows,
        total_power_rows=total_power_rows,
        budget_rows=budget_rows,
    )


_banner_lock = threading.Lock()
_banner_shown = False


def _silence_banner() -> None:
    """HiGHS prints a copyright banner to stdout when its first instance is made, whatever the
    options; make that instance once with stdout pointed at /dev/null, so that a command
    printing JSON prints only JSON."""
    global _banner_shown
    with _banner_lock:
        if _banner_shown:
            return
        _banner_shown = True
        import highspy

        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "wb") as null:
                os.dup2(null.fileno(), 1)
                highspy.Highs()  # type: ignore[no-untyped-call]
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def _status(problem: pulp.LpProblem) -> Literal["optimal", "feasible", "infeasible", "failed"]:
    # A time-limited HiGHS run reports status Optimal with an integer-feasible solution.
    if problem.status == pulp.LpStatusOptimal:
        if problem.sol_status == pulp.LpSolutionOptimal:
            return "optimal"
        if problem.sol_status == pulp.LpSolutionIntegerFeasible:
            return "feasible"
        return "failed"
    if problem.status == pulp.LpStatusInfeasible:
        return "infeasible"
    return "failed"


def solve(model: Model, *, time_limit: float, gap: float) -> Solution:
    """Solve with HiGHS in process; fall back to CBC when HiGHS fails outright."""
    _silence_banner()
    problem = model.problem
    began = time.perf_counter()
    solver_name = "HiGHS"
    try:
        solver = pulp.HiGHS(
            mip=not model.relaxed,
            msg=False,
            timeLimit=time_limit,
            gapRel=gap,
            threads=SOLVER_THREADS,
        )
        problem.solve(solver)
        status = _status(problem)
    except pulp.PulpSolverError:
        status = "failed"
    if status == "failed":
        solver_name = "CBC"
        remaining = max(1.0, time_limit - (time.perf_counter() - began))
        problem.solve(_cbc(remaining, gap))
        status = _status(problem)
    seconds = time.perf_counter() - began

    solution = Solution(
        status=status, solver=solver_name, seconds=seconds, gap=None, objective=None
    )
    if status in ("infeasible", "failed"):
        solution.message = pulp.LpStatus.get(problem.status, "unknown")
        return solution
    solution.objective = pulp.value(problem.objective)
    solution.gap = _gap(problem, model.relaxed, solver_name)
    solution.starts = {k: float(v.varValue or 0.0) for k, v in model.starts.items()}
    for (o, t), var in model.running.items():
        earlier = model.running.get((o, t - 1))
        value = float(var.varValue or 0.0) - (float(earlier.varValue or 0.0) if earlier else 0.0)
        solution.starts[(o, t)] = max(0.0, value)
    if not model.relaxed:
        solution.starts = {k: float(round(v)) for k, v in solution.starts.items()}
    solution.serve = {k: max(0.0, float(v.varValue or 0.0)) for k, v in model.serve.items()}
    solution.short = {k: max(0.0, float(v.varValue or 0.0)) for k, v in model.short.items()}
    if model.relaxed:
        instance = model.instance
        for (w, t), row in model.demand_rows.items():
            # The row is demand-normalised: $ per row unit / required tokens/s = $ per tokens/s.
            solution.demand_duals[(w, t)] = (row.pi or 0.0) / instance.workloads[w].required[t]
        for key, row in model.power_rows.items():
            solution.power_duals[key] = -(row.pi or 0.0) * 1000.0
        for t, row in model.total_power_rows.items():
            solution.total_power_duals[t] = -(row.pi or 0.0) * 1000.0
        for t, row in model.budget_rows.items():
            solution.budget_duals[t] = -(row.pi or 0.0)
    return solution


def _cbc(time_limit: float, gap: float) -> pulp.LpSolver:
    """CBC through COIN_CMD (the PuLP 4 way), with the binary the `pulp[cbc]` extra ships."""
    import cbcbox

    return pulp.COIN_CMD(msg=False, timeLimit=time_limit, gapRel=gap, path=cbcbox.cbc_bin_path())


def _gap(problem: pulp.LpProblem, relaxed: bool, solver_name: str) -> float | None:
    if relaxed:
        return 0.0
    if solver_name == "HiGHS" and getattr(problem, "solverModel", None) is not None:
        info = problem.solverModel.getInfo()
        value = float(info.mip_gap)
        return value if math.isfinite(value) else None
    return None
