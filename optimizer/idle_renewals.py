"""The warning a plan gives when the tail's renewal valuation counts units the continued demand
does not use (DESIGN 8.1, session 14): under `demand_continues` every contract that ends inside
the tail is valued as renewed in full to the tail's end, its idle units too, so a forecast whose
last month falls below its earlier ones pays in the valuation for renewals no buyer would sign,
and the horizon's choice may lean away from contracts (probe 14c: the seed with its last month
at a tenth bought 20 M of on-demand instead of three racks, 1.5 M dearer over the 60 months
than the racks with only the rack the tail needs renewed). Said, with what it counts, until
renewal is a choice of the model."""

from __future__ import annotations

import math

from optimizer.assembly import Assembler
from optimizer.instance import Instance

__all__ = ["FALLING", "IDLE_SHARE", "idle_renewals"]

IDLE_SHARE = 0.01
"""Idle renewed capacity below this share of the tail's cost is not worth a warning."""
FALLING = 0.9
"""A workload whose last month is below this share of its peak in the horizon is falling."""


def _renewed(assembler: Assembler) -> dict[tuple[int, int], float]:
    """(offer, tail month) -> units that month counts as renewed (past their term), each
    contract walked once over its renewed months."""
    instance = assembler.instance
    out: dict[tuple[int, int], float] = {}

    def add(o: int, end: int, until: int, units: float) -> None:
        for t in range(max(end, instance.horizon), until):
            out[(o, t)] = out.get((o, t), 0.0) + units

    for (o, s), units in assembler.solution.starts.items():
        term = instance.offers[o].term
        if units > 1e-9 and s < instance.horizon:
            add(o, s + term, instance.covered_until(s, term), units)
    for held in instance.held:
        add(held.o, held.begin + held.term, instance.held_until(held), held.units)
    return out


def _units_for(instance: Instance, o: int, w: int, gpus: float) -> float:
    """Units of offer `o` that `gpus` GPUs serving workload `w` take: whole units of whole
    replicas (DESIGN 8.1: a 48-GPU replica in a 72-GPU rack takes the rack), else GPUs."""
    if gpus <= 1e-9:
        return 0.0
    per_unit = instance.offers[o].gpus_per_unit
    replica = instance.rates[(o, w)].gpus_per_replica
    if instance.replicas != "whole" or not replica:
        return gpus / per_unit
    replicas = gpus / replica
    if replica <= per_unit:
        return replicas / (per_unit // replica)
    return replicas * math.ceil(replica / per_unit)


def idle_renewals(assembler: Assembler) -> list[str]:
    """One warning, when a workload's last month falls below FALLING of its peak (the tail
    holds the last month's demand) or renewed units sit idle in the tail for at least
    IDLE_SHARE of its cost: naming them, with what the valuation counts for them."""
    instance = assembler.instance
    solution = assembler.solution
    if instance.accounting != "demand_continues" or not instance.tail:
        return []
    idle_cost: dict[int, float] = {}
    idle_units: dict[int, float] = {}
    modelled = instance.tail_served()
    # An offer serving a workload whose tail the model leaves out serves it from what is left
    # (`Assembler.unmodelled`), not through its columns: its tail use is not read here.
    unread = {o for (o, w) in instance.rates if w not in modelled}
    for (o, t), renewed in sorted(_renewed(assembler).items()):
        if o in unread:
            continue
        units = assembler.units.get((o, t), 0.0)
        used = sum(
            _units_for(instance, o, w, solution.serve.get((o, w, t), 0.0))
            for w in range(len(instance.workloads))
        )
        idle = min(renewed, max(0.0, units - used))
        if idle > 1e-6:
            cost = idle * instance.offers[o].month_cost_per_unit
            idle_cost[o] = idle_cost.get(o, 0.0) + cost
            idle_units[o] = max(idle_units.get(o, 0.0), idle)
    tail = assembler.tail()
    if tail is None:
        return []
    total = sum(idle_cost.values())
    falling = [
        wspec.id
        for wspec in instance.workloads
        if wspec.average[instance.horizon - 1] < FALLING * max(wspec.average[: instance.horizon])
    ]
    idle = total >= IDLE_SHARE * max(tail.cost, 1.0)
    if not (idle or falling):
        return []
    said = []
    if falling:
        said.append(
            f"the last month of {', '.join(falling)} is below its peak, and the tail holds "
            "the last month's demand while contracts sized for the peak are valued as renewed"
        )
    if idle:
        named = ", ".join(
            f"{instance.offers[o].id} ({idle_units[o]:.4g} units)"
            for o in sorted(idle_cost, key=lambda o: -idle_cost[o])
        )
        said.append(
            f"renewed units the continued demand does not use count {total:,.2f} "
            f"{instance.currency} of the tail's {tail.cost:,.2f} ({named})"
        )
    return [
        "The tail values every contract that ends in it as renewed in full to the tail's end: "
        + "; ".join(said)
        + ". That can make contracts look dearer than they are and the plan lean away from "
        "them: compare with options.tail_months no longer than the contracts' terms after the "
        "horizon, or commitment_accounting in_horizon"
    ]
