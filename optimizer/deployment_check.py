"""With whole replicas a plan serves each (offer, workload) on one deployment, chosen for the
workload's peak month (`eligibility.WholeFit`): a plan is optimal for the deployments so
chosen. After the solve, this finds the months in which another deployment of the same offer
would serve what the chosen one serves there on fewer units, and says so (probe 11 finding 1:
a growing one-cloud forecast at 1k/1k ran 5,000 tok/s on a 72-GPU replica's 9 nodes where one
8-GPU node would do, "optimal", gap 0, unwarned)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from catalog.errors import known
from catalog.model import Profile
from optimizer.eligibility import Rate, WholeFit, deployment_rates
from optimizer.instance import Instance
from optimizer.plan import Plan
from optimizer.solver import Solution

__all__ = [
    "DEPLOYMENTS_CHOSEN",
    "FewerUnits",
    "fewer_units",
    "fewer_units_warnings",
    "scenario_fewer_units",
    "status_said",
]

DEPLOYMENTS_CHOSEN = "the deployments chosen"
"""What `optimal` is optimal for when a month another deployment would serve on fewer units
exists (`SolverInfo.optimal_for`)."""


@dataclass(frozen=True)
class FewerUnits:
    """One (offer, workload, month) whose served capacity another deployment of the offer
    would serve on fewer units."""

    offer: int
    workload: int
    month: int
    units: int
    """Units the chosen deployment takes for what it serves in the month."""
    fewer: int
    """Units the other deployment would take."""
    chosen: str
    other: str


def _needed(instance: Instance, solution: Solution) -> dict[tuple[int, int, int], float]:
    """Capacity (tokens/s, peak applied) each (offer, workload, month) of the horizon must
    provide with everything else held: its own, up to what the workload's demand (less any
    shortfall) leaves after the other offers' capacity and the tokens bought from APIs."""
    share = instance.utilization_cap
    own: dict[tuple[int, int, int], float] = {}
    total: dict[tuple[int, int], float] = {}
    for (o, w, t), gpus in solution.serve.items():
        if t < instance.horizon and gpus > 1e-9:
            capacity = gpus * instance.rates[(o, w)].per_gpu * share
            own[(o, w, t)] = capacity
            total[(w, t)] = total.get((w, t), 0.0) + capacity
    for (_a, w, t), tps in solution.buy.items():
        if t < instance.horizon:
            peak = instance.workloads[w].workload.peak_to_average
            total[(w, t)] = total.get((w, t), 0.0) + tps * peak
    needed = {}
    for (o, w, t), capacity in own.items():
        required = instance.workloads[w].required[t] * (1 - solution.short.get((w, t), 0.0))
        left = required - (total[(w, t)] - capacity)
        if left > 1e-6:
            needed[(o, w, t)] = min(capacity, left)
    return needed


def fewer_units(
    instance: Instance, solution: Solution, profiles: Sequence[Profile], *, allow_spot: bool
) -> list[FewerUnits]:
    """Each (offer, workload, month) of the horizon in which another deployment of the offer
    serves what the chosen one must serve there (`_needed`) on fewer units; none with
    fractional replicas (the best throughput per GPU is always chosen)."""
    if instance.replicas != "whole":
        return []
    found: list[FewerUnits] = []
    options: dict[tuple[int, int], list[Rate]] = {}
    for (o, w, t), need in sorted(_needed(instance, solution).items()):
        spec, chosen = instance.offers[o], instance.rates[(o, w)]
        if (o, w) not in options:
            workload = instance.workloads[w].workload
            options[(o, w)] = deployment_rates(
                spec.offer, workload, list(profiles), allow_spot=allow_spot
            )
        fit = WholeFit(peaks=(need,), utilization_cap=instance.utilization_cap)
        best = fit.choose(options[(o, w)], spec.gpus_per_unit, 0)
        if best is None:
            continue
        units = fit.units(chosen, spec.gpus_per_unit, 0)
        fewer = fit.units(best, spec.gpus_per_unit, 0)
        if fewer < units:
            found.append(
                FewerUnits(
                    offer=o,
                    workload=w,
                    month=t,
                    units=units,
                    fewer=fewer,
                    chosen=chosen.operating.deployment,
                    other=best.operating.deployment,
                )
            )
    return found


def fewer_units_warnings(instance: Instance, found: list[FewerUnits]) -> list[str]:
    """One warning per (offer, workload) of `found`: its months, the units against the units,
    and the most a plan choosing the deployment per month could save there (the units freed at
    their monthly price, for month-to-month units; a contract's units are not freed month by
    month, so for them this check bounds nothing)."""
    by_pair: dict[tuple[int, int], list[FewerUnits]] = {}
    for f in found:
        by_pair.setdefault((f.offer, f.workload), []).append(f)
    said = []
    for (o, w), months in by_pair.items():
        spec = instance.offers[o]
        workload = instance.workloads[w].workload.id
        first = months[0]
        others = " or ".join(sorted({f.other for f in months}))
        listed = known(
            [f"{instance.months[f.month]}: {f.units:,} against {f.fewer:,}" for f in months],
            shown=4,
        )
        if spec.term == 1:
            saved = sum(f.units - f.fewer for f in months) * spec.month_cost_per_unit
            bound = (
                f"switching to it there frees units worth at most {saved:,.2f} "
                f"{instance.currency} (their monthly price); a plan choosing per month may "
                "differ further (other offers, other months)"
            )
        else:
            bound = (
                f"{spec.id} is a {spec.offer.term_months}-month contract whose units are not "
                "freed month by month: this check does not bound what another plan could save"
            )
        said.append(
            f"whole replicas: {spec.id} serves {workload} on one deployment ({first.chosen}), "
            f"the one that serves the workload's peak month on the fewest units; in "
            f"{len(months)} month(s) deployment {others} of the same offer would serve "
            f"what it serves there on fewer units ({listed}): {bound}; the plan is optimal "
            f"for {DEPLOYMENTS_CHOSEN}, not for a deployment chosen per month"
        )
    return said


def scenario_fewer_units(
    instances: Sequence[Instance],
    solutions: Sequence[Solution],
    names: Sequence[str],
    profiles: Sequence[Profile],
    *,
    allow_spot: bool,
) -> list[str]:
    """`fewer_units_warnings` of each scenario's solution, each named by its scenario (a low
    scenario may run a few tokens on the high one's large replicas)."""
    said = []
    for instance, solution, name in zip(instances, solutions, names, strict=True):
        found = fewer_units(instance, solution, profiles, allow_spot=allow_spot)
        said += [f"scenario {name}: {w}" for w in fewer_units_warnings(instance, found)]
    return said


def status_said(plan: Plan) -> str:
    """The plan's status as reports and the CLI show it: "optimal for the deployments chosen"
    where `SolverInfo.optimal_for` says the optimum holds only for them, never a bare
    "optimal" then."""
    scope = plan.solver.optimal_for if plan.solver is not None else ""
    if scope and plan.status in ("optimal", "feasible"):
        return f"{plan.status} for {scope}"
    return plan.status
