"""What the fleet still running after the horizon serves of the demand the tail does not model
(a workload no month-to-month offer serves): the rest of that demand is the tail's shortfall."""

from __future__ import annotations

from optimizer.instance import Instance
from optimizer.solver import Solution

__all__ = ["units_used", "unmodelled_tail_shares"]


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


def unmodelled_tail_shares(
    instance: Instance, solution: Solution, units: dict[tuple[int, int], float]
) -> dict[tuple[int, int], float]:
    """(workload, tail month) -> the share of the continued demand served, for each workload
    whose tail demand the model leaves out (`Instance.tail_served`). The contracts signed in
    the horizon, and existing units, run on into the tail: what they have left after serving
    the modelled workloads goes to these workloads, one after the other, fastest offer first
    (`units`: the active units of each (offer, month) of the span). A month they cannot serve
    in full is a tail shortfall; after every contract has ended, the share is 0."""
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
    for t in range(instance.horizon, instance.span):
        free = free_by_month.get(t, {})
        for w in left:
            need = instance.workloads[w].required[t]
            if need <= 0:
                shares[(w, t)] = 1.0
                continue
            speeds = {o: _per_unit(instance, o, w) for o in free if (o, w) in instance.rates}
            served = 0.0
            for o, per_unit in sorted(speeds.items(), key=lambda item: (-item[1], item[0])):
                take = max(0.0, min(free[o], (need - served) / per_unit))
                free[o] -= take
                served += take * per_unit
            shares[(w, t)] = min(1.0, served / need)
    return shares
