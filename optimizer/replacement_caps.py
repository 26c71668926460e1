"""Replacement caps on month-to-month blocks (issue 12): where one block of a month-to-month
offer `a` serves a workload at least as much as K blocks of offer `b`, costing and drawing no
more, a month never needs K blocks of `b` for it (one block of `a` would do better), so the
integer model bounds them by K - 1. An H200 node at 8,104 tokens/s for $20,440 a month
against a B200 block at 342,396 for $160,600: no month buys more than 7 H200 nodes for it,
where the model's own bound allowed 371 to 1,057. Optimal plans are unchanged (only plans a
cheaper replacement improves are cut); the caps are variable bounds of the integer model
(`optimizer.model.formulate`), never of the relaxation whose duals are the marginals."""

from __future__ import annotations

import math
from dataclasses import dataclass

from optimizer.instance import Instance, estimated_columns

__all__ = [
    "MAX_COLUMNS",
    "UNITS",
    "Block",
    "Limits",
    "block_of",
    "replaced_at",
    "replacement_caps",
    "replacement_limits",
]


@dataclass(frozen=True)
class Block:
    """One block of an offer for a workload: whole replicas' blocks, or (fractional) one
    unit whose GPUs serve fractionally; what it serves, costs and draws a month."""

    capacity: float
    """Tokens/s of capacity."""
    cost: float
    kw: float


def block_of(instance: Instance, o: int, w: int) -> Block:
    """Offer `o`'s block for workload `w` (`Block`)."""
    spec = instance.offers[o]
    if instance.replicas == "whole":
        units, gpus = instance.block(o, w)
    else:
        units, gpus = 1, spec.gpus_per_unit
    capacity = instance.rates[(o, w)].per_gpu * gpus
    return Block(capacity, units * spec.month_cost_per_unit, units * spec.kw_per_unit)


def _may_replace(x: Block | None, y: Block) -> bool:
    """What `replaced_at` needs of block `x` against `y` whatever K: at least twice the
    capacity, no dearer and no hungrier per token/s."""
    if x is None or x.capacity < 2 * y.capacity:
        return False
    return x.cost * y.capacity <= y.cost * x.capacity and x.kw * y.capacity <= y.kw * x.capacity


def replaced_at(a: list[Block], b: list[Block]) -> int | None:
    """K: the fewest blocks `b` (one per workload: the same blocks of one offer for each) that
    one block `a` (its block for the same workloads) serves at least as much, for every
    workload, at no higher cost and power a month, one of them strictly lower (so that no
    optimal plan holds K of them in a month); None when there is no such K of 2 or more."""
    cost_a, cost_b, kw_a, kw_b = a[0].cost, b[0].cost, a[0].kw, b[0].kw
    if cost_b <= 0 or kw_b <= 0:
        return None
    k = max(2, math.floor(cost_a / cost_b), math.floor(kw_a / kw_b))
    while cost_a > k * cost_b or kw_a > k * kw_b or (cost_a == k * cost_b and kw_a == k * kw_b):
        k += 1  # the least K that is no dearer and no hungrier, and better in one of them
    if any(k * y.capacity > x.capacity for x, y in zip(a, b, strict=True)):
        return None
    return k


def _month_to_month(instance: Instance) -> tuple[list[int], list[int]]:
    """The offers that may stand in for others' blocks (month to month, no minimum or limit)
    and those whose blocks may be capped (month to month, no minimum, no existing units);
    none at all under a vendor-share rule or a capex limit (a replacement moves spend between
    vendors, or upfront cash)."""
    if instance.max_vendor_share is not None or instance.max_upfront is not None:
        return [], []
    if instance.max_upfront_by_month is not None:
        return [], []
    offers = sorted({o for (o, _w) in instance.rates})
    monthly = [o for o in offers if instance.offers[o].term == 1]
    replacing = [
        o
        for o in monthly
        if instance.offers[o].offer.min_units is None and instance.offers[o].offer.max_units is None
    ]
    capped = [
        o
        for o in monthly
        if instance.offers[o].offer.min_units is None and not any(instance.offers[o].existing)
    ]
    return replacing, capped


MAX_COLUMNS = 50_000
"""Models of this many columns or more get no caps: on curves 100x36x20 (165,312 columns,
995 caps) the capped model's solves overran the plan's 30 s limit by 20 s (51.6 s wall
against 29.4 s, the same gap, bench/solve.py), where the shipped and example models (700 to
2,000 columns) gain."""

MAX_PAIRS = 100_000
"""Offer pairs (replacing x capped) past which no caps are sought: the search is quadratic in
offers, and a baseline's tail market of a catalog of 1,000 like offers (dominance prunes the
plan's own model, not the baselines') spent 6.8 of a plan's 10 CPU s here (probe 11 finding
8: 34,623 offers never finished). The caps only tighten the model's bounds."""

UNITS = -1
"""The workload key of a cap on an offer's units (fractional replicas: a unit serves every
workload at once, so its cap holds for all of them)."""


def replacement_caps(instance: Instance) -> dict[tuple[int, int], int]:
    """(offer b, workload w) -> the least K (`replaced_at`) over the offers that replace K of
    `b`'s blocks for `w` (whole replicas); (offer b, `UNITS`) -> the least K of its units, for
    every workload it serves (fractional). Only offers `interchangeable` with `b` (available
    no later, no cap at their site unless it is `b`'s) replace it."""
    # Imported here: dominance imports the upfront rows, which import optimizer.model, which
    # imports this module for its bounds.
    from optimizer.dominance import interchangeable

    replacing, capped = _month_to_month(instance)
    if not replacing or not capped or len(replacing) * len(capped) > MAX_PAIRS:
        return {}
    either = set(replacing) | set(capped)
    blocks = {(o, w): block_of(instance, o, w) for (o, w) in instance.rates if o in either}
    served: dict[int, list[int]] = {}
    for o, w in sorted(instance.rates):
        served.setdefault(o, []).append(w)
    whole = instance.replicas == "whole"
    pairs: dict[tuple[int, int], bool] = {}  # (a, b) -> interchangeable, asked once
    caps: dict[tuple[int, int], int] = {}
    for b in capped:
        groups = [[w] for w in served[b]] if whole else [served[b]]
        for workloads in groups:
            mine = [blocks[(b, w)] for w in workloads]
            best: int | None = None
            for a in replacing:
                theirs = [blocks.get((a, w)) for w in workloads]
                if a == b or not all(_may_replace(x, y) for x, y in zip(theirs, mine, strict=True)):
                    continue
                k = replaced_at([x for x in theirs if x is not None], mine)
                if k is None or (best is not None and k >= best):
                    continue
                if (a, b) not in pairs:
                    pairs[(a, b)] = interchangeable(instance, a, b)
                if pairs[(a, b)]:
                    best = k
            if best is not None:
                caps[(b, workloads[0] if whole else UNITS)] = best
    return caps


@dataclass(frozen=True)
class Limits:
    """What the caps bound in the integer model's horizon: whole blocks of an offer for a
    workload in any month, and an offer's month-to-month units in a month."""

    blocks: dict[tuple[int, int], int]
    """(offer, workload) -> most blocks a month (K - 1; whole replicas)."""
    units: dict[tuple[int, int], int]
    """(offer, month) -> most units bought for the month: what the capped blocks of every
    workload with demand then take (whole), or K - 1 (fractional)."""


def replacement_limits(instance: Instance) -> Limits:
    """The bounds the caps of `instance` (`replacement_caps`) put on its integer model; none
    from `MAX_COLUMNS` columns."""
    if estimated_columns(instance) >= MAX_COLUMNS:
        return Limits(blocks={}, units={})
    caps = replacement_caps(instance)
    whole = instance.replicas == "whole"
    blocks = {key: k - 1 for key, k in caps.items() if whole}
    served: dict[int, list[int]] = {}
    for o, w in instance.rates:
        served.setdefault(o, []).append(w)
    units: dict[tuple[int, int], int] = {}
    for o in {b for b, _w in caps}:
        for t in range(instance.horizon):
            if not whole:
                units[(o, t)] = caps[(o, UNITS)] - 1
                continue
            needed = [w for w in served[o] if instance.workloads[w].required[t] > 0]
            if all((o, w) in blocks for w in needed):
                units[(o, t)] = sum(blocks[(o, w)] * instance.block(o, w)[0] for w in needed)
    return Limits(blocks=blocks, units=units)
