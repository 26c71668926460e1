"""Dominance by replacement (issue 12): a month-to-month offer that replaces every block of
replicas of another offer, month by month, with whole blocks of its own at no higher cost or
power. Such an offer (an 8-node H100 block at 13,888 tokens/s against two H200 nodes at 8,104
each, a quarter of the price) can be in no plan that the cheaper blocks would not improve, and
its integer columns only slow the search."""

from __future__ import annotations

import math

from optimizer.instance import Instance

__all__ = ["replaces_block_for_block"]


def _blocks(instance: Instance, o: int, w: int) -> tuple[int, int]:
    """(units, GPUs) of one block of offer `o` serving workload `w`: whole replicas' blocks,
    or a whole unit with fractional GPUs."""
    if instance.replicas == "whole":
        return instance.block(o, w)
    return 1, instance.offers[o].gpus_per_unit


def _copies(instance: Instance, a: int, b: int, w: int) -> int:
    """Blocks of `a` that serve workload `w` at least as much as one block of `b`."""
    gpus_a = _blocks(instance, a, w)[1]
    gpus_b = _blocks(instance, b, w)[1]
    capacity_a = instance.rates[(a, w)].per_gpu * gpus_a
    capacity_b = instance.rates[(b, w)].per_gpu * gpus_b
    return math.ceil(capacity_b / capacity_a - 1e-9)


def _no_dearer(instance: Instance, a: int, b: int, copies: int, w: int, power: bool) -> bool:
    """`copies` blocks of `a` cost no more and (with `power`) draw no more power, a month,
    than one block of `b` (for workload `w`)."""
    units_a = _blocks(instance, a, w)[0] * copies
    units_b = _blocks(instance, b, w)[0]
    sa, sb = instance.offers[a], instance.offers[b]
    return units_a * sa.month_cost_per_unit <= units_b * sb.month_cost_per_unit and (
        not power or units_a * sa.kw_per_unit <= units_b * sb.kw_per_unit
    )


def replaces_block_for_block(
    instance: Instance, workloads: set[int], a: int, b: int, power: bool = True
) -> bool:
    """True when month-to-month offer `a` can take the place of offer `b`, serving
    `workloads`, in any plan at no higher cost or power: in every month a unit of `b` is
    active (and paid for: every accounting pays at least its active months), each of its
    blocks serving a workload becomes whole blocks of `a` that serve it at least as much,
    costing and drawing no more. With fractional GPUs a unit of `b` may serve every workload
    at once: its replacement is sized for the workload `a` serves worst. Without `power`,
    whatever `a`'s blocks draw (`optimizer.ties`).

    The caller (`optimizer.dominance`) has checked what both must share: `a` available no
    later, with no minimum or limit, no cap at its site unless it is `b`'s, no existing
    units of `b`. Under a vendor-share rule or a capex budget the replacement could move a
    share or an upfront payment, so there is none."""
    if instance.offers[a].term != 1 or not workloads:
        return False
    if instance.max_vendor_share is not None:
        return False
    if instance.max_upfront is not None or instance.max_upfront_by_month is not None:
        return False
    if not all((a, w) in instance.rates for w in workloads):
        return False
    if instance.replicas == "whole":
        return all(
            _no_dearer(instance, a, b, _copies(instance, a, b, w), w, power) for w in workloads
        )
    copies = max(_copies(instance, a, b, w) for w in workloads)
    return _no_dearer(instance, a, b, copies, next(iter(workloads)), power)
