"""With whole replicas a plan serves each (offer, workload) on one deployment, chosen for the
workload's peak month (`eligibility.WholeFit`): a plan is optimal for the deployments so
chosen. After the solve, this finds the months in which another deployment of an eligible
offer would serve the month's tokens on fewer units than the chosen one, counting the units
the month holds anyway (existing units, contracts running through it, `min_units`), and says
so (probe 11 finding 1: a growing one-cloud forecast at 1k/1k ran 5,000 tok/s on a 72-GPU
replica's 9 nodes where one 8-GPU node would do, "optimal", gap 0, unwarned; review 11 A: a
month the large replica pushed onto another offer; review 11 C: `min_units` freeing nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from catalog.errors import known
from catalog.model import Profile
from optimizer.eligibility import (
    Rate,
    deployment_rates,
    names_match,
    replica_block,
    slug_set,
)
from optimizer.instance import Instance
from optimizer.plan import Plan
from optimizer.solver import Solution
from optimizer.solver_info import RELAXATION

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

__all__ = [
    "DEPLOYMENTS_CHOSEN",
    "RELAXATION",
    "FewerUnits",
    "fewer_units",
    "fewer_units_warnings",
    "scenario_fewer_units",
    "scoped_status",
    "status_said",
]

DEPLOYMENTS_CHOSEN = "the deployments chosen"
"""What `optimal` is optimal for when a month another deployment would serve on fewer units
exists (`SolverInfo.optimal_for`)."""


@dataclass(frozen=True)
class FewerUnits:
    """One (offer, workload, month) whose tokens another deployment of the offer would serve
    on fewer units."""

    offer: int
    workload: int
    month: int
    units: int
    """Units the chosen deployment takes for the tokens looked at."""
    fewer: int
    """Units the other deployment would take."""
    chosen: str
    other: str
    freed: float = 0.0
    """Units the offer would no longer hold that month if the other deployment served what the
    chosen one must serve there, the rest of the plan unchanged (`served` only)."""
    served: bool = True
    """What the offer serves in the plan (`_needed`) was looked at; otherwise the month's whole
    demand of the workload, on an offer the plan may not use for it then."""


@dataclass(frozen=True)
class _Month:
    """What one offer holds in one month of a solution, in units."""

    floor: float
    """Held whatever it serves: existing units and contracts started before the month."""
    used: float
    """Taken by the whole replicas the plan serves there."""
    minimum: int
    """The least a contract started in the month holds (`min_units`)."""

    def held(self, used: float) -> float:
        """Units held when `used` are needed: the floor, and a new contract of at least the
        minimum for what the floor does not hold."""
        extra = used - self.floor
        return self.floor + (max(extra, self.minimum) if extra > 1e-9 else 0.0)


def _needed(instance: Instance, solution: Solution) -> dict[tuple[int, int, int], float]:
    """Capacity (tokens/s, peak applied) each (offer, workload, month) of the horizon must
    provide with everything else held: its own, up to what the workload's demand (less any
    shortfall and the tokens bought from APIs) leaves after the other offers' capacity."""
    own: dict[tuple[int, int, int], float] = {}
    total: dict[tuple[int, int], float] = {}
    for (o, w, t), gpus in solution.serve.items():
        if t < instance.horizon and gpus > 1e-9:
            capacity = gpus * instance.rates[(o, w)].per_gpu * instance.utilization_cap
            own[(o, w, t)] = capacity
            total[(w, t)] = total.get((w, t), 0.0) + capacity
    demand = _from_gpus(instance, solution)
    needed = {}
    for (o, w, t), capacity in own.items():
        left = demand[(w, t)] - (total[(w, t)] - capacity)
        if left > 1e-6:
            needed[(o, w, t)] = min(capacity, left)
    return needed


def _from_gpus(instance: Instance, solution: Solution) -> dict[tuple[int, int], float]:
    """Capacity (tokens/s, peak applied) each (workload, month) of the horizon needs from GPUs:
    its demand less any shortfall and the tokens bought from APIs."""
    bought: dict[tuple[int, int], float] = {}
    for (_a, w, t), tps in solution.buy.items():
        peak = instance.workloads[w].workload.peak_to_average
        bought[(w, t)] = bought.get((w, t), 0.0) + tps * peak
    return {
        (w, t): spec.required[t] * (1 - solution.short.get((w, t), 0.0)) - bought.get((w, t), 0.0)
        for w, spec in enumerate(instance.workloads)
        for t in range(instance.horizon)
    }


def _months(instance: Instance, solution: Solution) -> dict[tuple[int, int], _Month]:
    """What each offer the model may use holds in each month of the horizon."""
    used: dict[tuple[int, int], float] = {}
    for (o, w, t), gpus in solution.serve.items():
        if t < instance.horizon and gpus > 1e-9:
            used[(o, t)] = used.get((o, t), 0.0) + _units_of(instance, o, w, gpus)
    running: dict[tuple[int, int], float] = {}  # started in an earlier month, still active
    for (o, s), value in solution.starts.items():
        for t in range(s + 1, min(instance.horizon, s + instance.offers[o].term)):
            running[(o, t)] = running.get((o, t), 0.0) + value
    found = {}
    for o in {o for (o, _w) in instance.rates}:
        spec = instance.offers[o]
        for t in range(instance.horizon):
            found[(o, t)] = _Month(
                floor=spec.existing[t] + running.get((o, t), 0.0),
                used=used.get((o, t), 0.0),
                minimum=spec.offer.min_units or 1,
            )
    return found


def _units_of(instance: Instance, o: int, w: int, gpus: float) -> float:
    """Units the whole replicas of `gpus` GPUs of offer `o` serving `w` take."""
    units, block = instance.block(o, w)
    return round(gpus / block) * units


class _Deployments:
    """An offer's deployments for one workload (`deployment_rates`) read for many demands at
    once: `WholeFit.choose` and `WholeFit.units` over arrays, the same arithmetic and the same
    ties (fewest units, then more throughput per unit, per GPU, then the first given). On caps
    300x36x20 (5,608 pairs, 36 months) the scalar calls took 5.5 s after the plan's solve."""

    def __init__(self, rates: list[Rate], gpus_per_unit: int, utilization_cap: float) -> None:
        self.rates = rates
        blocks = [replica_block(gpus_per_unit, rate.gpus_per_replica) for rate in rates]
        per_unit = [
            gpus * rate.per_gpu / units for (units, gpus), rate in zip(blocks, rates, strict=True)
        ]
        order = sorted(range(len(rates)), key=lambda r: (-per_unit[r], -rates[r].per_gpu))
        self.order = np.asarray(order, dtype=np.int64)
        self.units = np.asarray([blocks[r][0] for r in order], dtype=np.float64)
        self.per_block = np.asarray(
            [blocks[r][1] * rates[r].per_gpu * utilization_cap for r in order], dtype=np.float64
        )

    def best(self, needs: Floats) -> tuple[Ints, Floats]:
        """For each of `needs` (tokens/s), the index in `rates` of the deployment
        `WholeFit.choose` picks and the units it takes (`WholeFit.units`)."""
        taken = np.ceil(needs[:, None] / self.per_block[None, :] - 1e-9) * self.units[None, :]
        first = np.argmin(taken, axis=1)
        return self.order[first], taken[np.arange(len(needs)), first]


def _units_for(rate: Rate, gpus_per_unit: int, utilization_cap: float, needs: Floats) -> Floats:
    """`WholeFit.units` of `rate` for each of `needs`."""
    units, gpus = replica_block(gpus_per_unit, rate.gpus_per_replica)
    per_block = gpus * rate.per_gpu * utilization_cap
    return np.ceil(needs / per_block - 1e-9) * units


def fewer_units(
    instance: Instance, solution: Solution, profiles: Sequence[Profile], *, allow_spot: bool
) -> list[FewerUnits]:
    """Each (offer, workload, month) of the horizon in which another deployment of the offer
    serves on fewer held units either what the chosen one must serve there (`_needed`, with
    the units that switching frees) or, that failing, the month's whole demand of the workload
    (whether the plan uses the offer then or not); none with fractional replicas (the best
    throughput per GPU is always chosen)."""
    if instance.replicas != "whole":
        return []
    needed = _needed(instance, solution)
    demand = _from_gpus(instance, solution)
    months = _months(instance, solution)
    horizon, cap = instance.horizon, instance.utilization_cap
    listed = list(profiles)
    known: dict[tuple[object, ...], _Deployments] = {}
    wanted = [
        np.asarray(
            [demand[(w, t)] if demand[(w, t)] > 1e-6 else np.nan for t in range(horizon)],
            dtype=np.float64,
        )
        for w in range(len(instance.workloads))
    ]
    found: list[FewerUnits] = []
    for o, w in sorted(instance.rates):
        spec, chosen = instance.offers[o], instance.rates[(o, w)]
        offer, workload = spec.offer, instance.workloads[w].workload
        # Offers alike in what deployment_rates reads have the same deployments (as in
        # `eligibility.eligible_rates`): computed once.
        admitted = (
            names_match(offer.vendor, slug_set(workload.vendors)),
            names_match(offer.region, slug_set(workload.regions)),
        )
        key = (offer.system_id, offer.supports, offer.kind, spec.gpus_per_unit, *admitted, w)
        if key not in known:
            rates = deployment_rates(offer, workload, listed, allow_spot=allow_spot)
            known[key] = _Deployments(rates, spec.gpus_per_unit, cap)
        options = known[key]
        if not options.rates:
            continue  # no deployment to choose: nothing found in any month
        # Each month's first and second need (NaN where it has none), as the loop below tries.
        first = np.asarray(
            [needed.get((o, w, t), np.nan) for t in range(horizon)], dtype=np.float64
        )
        second = wanted[w]
        tried_first, tried_second = ~np.isnan(first), ~np.isnan(second)
        needs = np.concatenate(
            [np.where(tried_first, first, 0.0), np.where(tried_second, second, 0.0)]
        )
        picked, fewer = options.best(needs)
        units = _units_for(chosen, spec.gpus_per_unit, cap, needs)
        # Held units are monotone in the units used: a month frees units only where the other
        # deployment takes fewer than the chosen one.
        smaller = fewer < units
        candidates = (tried_first & smaller[:horizon]) | (tried_second & smaller[horizon:])
        for t in (int(t) for t in np.flatnonzero(candidates)):
            month = months[(o, t)]
            own = _units_of(instance, o, w, solution.serve.get((o, w, t), 0.0))
            tried = [(t, True)] if tried_first[t] else []
            tried += [(horizon + t, False)] if tried_second[t] else []
            for at, served in tried:
                chosen_units, other_units = int(units[at]), int(fewer[at])
                base = month.used - (chosen_units if served else own)
                freed = month.held(base + chosen_units) - month.held(base + other_units)
                if freed > 1e-9:
                    found.append(
                        FewerUnits(
                            offer=o,
                            workload=w,
                            month=t,
                            units=chosen_units,
                            fewer=other_units,
                            chosen=chosen.operating.deployment,
                            other=options.rates[int(picked[at])].operating.deployment,
                            freed=freed if served else 0.0,
                            served=served,
                        )
                    )
                    break
    return found


def fewer_units_warnings(instance: Instance, found: list[FewerUnits]) -> list[str]:
    """One warning per (offer, workload) whose served tokens another deployment of the offer
    would serve on fewer units: its months, the units against the units, and what switching
    there frees, the rest of the plan unchanged (the units freed at their monthly price, for
    month-to-month units; a contract's units are not freed month by month, so for them this
    check bounds nothing). Then one warning naming the months whose whole demand another
    deployment would serve on fewer units of an offer, whose saving the check does not bound."""
    by_pair: dict[tuple[int, int], list[FewerUnits]] = {}
    for f in found:
        if f.served:
            by_pair.setdefault((f.offer, f.workload), []).append(f)
    said = [_served_warning(instance, o, w, months) for (o, w), months in by_pair.items()]
    whole = [f for f in found if not f.served]
    if whole:
        listed = known(
            [
                f"{instance.workloads[f.workload].id} on {instance.offers[f.offer].id} in "
                f"{instance.months[f.month]}: {f.chosen} {f.units:,} against {f.other} "
                f"{f.fewer:,}"
                for f in whole
            ],
            shown=4,
        )
        said.append(
            "whole replicas: another deployment of an offer would serve a month's whole demand "
            "of a workload on fewer units than the one chosen for the workload's peak month, "
            f"counting the units the month holds anyway ({listed}): a plan choosing the "
            "deployment per month may cost less, by an amount this check does not bound; the "
            f"plan is optimal for {DEPLOYMENTS_CHOSEN}, not for a deployment chosen per month"
        )
    return said


def _served_warning(instance: Instance, o: int, w: int, months: list[FewerUnits]) -> str:
    """The warning of one (offer, workload) whose served tokens another deployment of the
    offer would serve on fewer units in `months`."""
    spec = instance.offers[o]
    first = months[0]
    others = " or ".join(sorted({f.other for f in months}))
    listed = known(
        [f"{instance.months[f.month]}: {f.units:,} against {f.fewer:,}" for f in months],
        shown=4,
    )
    if spec.term == 1:
        saved = sum(f.freed for f in months) * spec.month_cost_per_unit
        bound = (
            f"switching to it there, the rest of the plan unchanged, frees units worth "
            f"{saved:,.2f} {instance.currency} (their monthly price, counting the units the "
            "month holds anyway); a plan choosing the deployment per month may save more "
            "(other offers, other months): this check does not bound it"
        )
    else:
        bound = (
            f"{spec.id} is a {spec.offer.term_months}-month contract whose units are not "
            "freed month by month: this check does not bound what another plan could save"
        )
    return (
        f"whole replicas: {spec.id} serves {instance.workloads[w].id} on one deployment "
        f"({first.chosen}), the one that serves the workload's peak month on the fewest units; "
        f"in {len(months)} month(s) deployment {others} of the same offer would serve what it "
        f"serves there on fewer units ({listed}): {bound}; the plan is optimal for "
        f"{DEPLOYMENTS_CHOSEN}, not for a deployment chosen per month"
    )


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
    where `SolverInfo.optimal_for` says the optimum holds only for them, and "optimal for the
    LP relaxation ..." for a plan solved relaxed (probe 19: its report said a bare "optimal"
    beside fractional racks), never a bare "optimal" then."""
    if plan.solver is None:
        return plan.status
    return scoped_status(plan.status, plan.solver.optimal_for)


def scoped_status(status: str, optimal_for: str) -> str:
    """`status` as shown, with what an `optimal` or `feasible` one holds for (`optimal_for`:
    empty when the optimum is not scoped)."""
    if optimal_for and status in ("optimal", "feasible"):
        return f"{status} for {optimal_for}"
    return status
