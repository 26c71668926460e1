"""What the fleet still running after the horizon serves of the demand the tail does not model
(a workload no month-to-month offer serves): the rest of that demand is the tail's shortfall."""

from __future__ import annotations

from typing import Any

import highspy

from optimizer.instance import Instance
from optimizer.solver import SOLVER_THREADS, Solution, silence_banner

__all__ = ["serve_most", "units_used", "unmodelled_tail_shares"]

FULL = 1e-7
"""Relative shortfall below which a workload counts as served in full: HiGHS's feasibility
tolerance, on needs scaled to the largest."""


def _per_unit(instance: Instance, o: int, w: int) -> float:
    """Capacity tokens/s one unit of offer `o` gives workload `w`: whole replicas on whole
    units (`whole`, at the utilisation cap), or every GPU at the cap (`fractional`)."""
    spec, rate = instance.offers[o], instance.rates[(o, w)]
    units, gpus = instance.block(o, w) if instance.replicas == "whole" else (1, spec.gpus_per_unit)
    return gpus / units * rate.per_gpu * instance.utilization_cap


def units_used(instance: Instance, o: int, w: int, gpus: float) -> float:
    """Units of offer `o` that `gpus` GPUs serving workload `w` take: whole replica blocks
    (a unit's GPUs no replica fits stay with it), or GPUs at the utilisation cap."""
    if instance.replicas == "whole":
        units, block = instance.block(o, w)
        return gpus / block * units
    return gpus / (instance.utilization_cap * instance.offers[o].gpus_per_unit)


def serve_most(
    free: dict[int, float], speed: dict[tuple[int, int], float], need: dict[int, float]
) -> dict[int, float]:
    """Workload -> tokens/s served when `free` units of each offer are shared out among the
    workloads so as to serve the most tokens: a unit of offer `o` given to workload `w` serves
    `speed[(o, w)]`, and no workload is served more than its `need` (a small LP, solved by
    HiGHS). Probe 7 finding 7: handing the fastest units to each workload in turn left r1 5.1%
    short where a split serving everything existed."""
    pairs = sorted(k for k in speed if free.get(k[0], 0.0) > 1e-12 and need.get(k[1], 0.0) > 0)
    served = dict.fromkeys(need, 0.0)
    if not pairs:
        return served
    inf = highspy.kHighsInf
    silence_banner()
    make: Any = highspy.Highs  # untyped in highspy's stubs
    h = make()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", SOLVER_THREADS)  # HiGHS refuses a second size per process
    scale = max(need.values())  # tokens/s in shares of the largest need: a well-scaled LP
    h.addVars(len(pairs), [0.0] * len(pairs), [inf] * len(pairs))
    h.changeColsCost(len(pairs), list(range(len(pairs))), [-speed[k] / scale for k in pairs])
    for o in sorted({o for o, _ in pairs}):
        columns = [i for i, k in enumerate(pairs) if k[0] == o]
        h.addRow(-inf, max(0.0, free[o]), len(columns), columns, [1.0] * len(columns))
    for w in sorted({w for _, w in pairs}):
        columns = [i for i, k in enumerate(pairs) if k[1] == w]
        rates = [speed[pairs[i]] / scale for i in columns]
        h.addRow(-inf, need[w] / scale, len(columns), columns, rates)
    h.run()
    values = h.getSolution().col_value
    for i, (o, w) in enumerate(pairs):
        served[w] += max(0.0, values[i]) * speed[(o, w)]
    # Within the LP's tolerance of a need is the need (not 1e-16 of it short).
    return {w: need[w] if s >= need[w] * (1 - FULL) else s for w, s in served.items()}


def unmodelled_tail_shares(
    instance: Instance, solution: Solution, units: dict[tuple[int, int], float]
) -> dict[tuple[int, int], float]:
    """(workload, tail month) -> the share of the continued demand served, for each workload
    whose tail demand the model leaves out (`Instance.tail_served`). The contracts signed in
    the horizon, and existing units, run on into the tail: what they have left after serving
    the modelled workloads is shared out among these workloads to serve the most
    (`serve_most`; `units`: the active units of each (offer, month) of the span). A month they
    cannot serve in full is a tail shortfall; after every contract has ended, the share is 0."""
    modelled = instance.tail_served()
    left = [w for w in range(len(instance.workloads)) if w not in modelled]
    shares: dict[tuple[int, int], float] = {}
    if not instance.tail or not left:
        return shares
    free_by_month: dict[int, dict[int, float]] = {}
    for (o, t), n in units.items():
        if t >= instance.horizon and n > 1e-9:
            free_by_month.setdefault(t, {})[o] = n
    for (o, w, t), gpus in solution.serve.items():
        free = free_by_month.get(t, {})
        if o in free:
            free[o] -= units_used(instance, o, w, gpus)
    speed = {(o, w): _per_unit(instance, o, w) for o, w in instance.rates if w in left}
    solved: dict[tuple[Any, ...], dict[int, float]] = {}  # tail months repeat: solve each once
    for t in range(instance.horizon, instance.span):
        free = {o: n for o, n in sorted(free_by_month.get(t, {}).items()) if n > 1e-9}
        need = {w: instance.workloads[w].required[t] for w in left}
        key = (tuple(free.items()), tuple(need.items()))
        if key not in solved:
            solved[key] = serve_most(free, speed, need)
        for w in left:
            shares[(w, t)] = 1.0 if need[w] <= 0 else min(1.0, solved[key][w] / need[w])
    return shares
