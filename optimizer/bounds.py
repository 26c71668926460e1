"""How many units of one contract can ever be useful: the upper bounds the model puts on its
integer variables (never tighter than an optimal plan needs)."""

from __future__ import annotations

import math

from optimizer.instance import Instance

__all__ = ["units_upper_bound"]


def _month_need(instance: Instance, o: int, t: int) -> float:
    """Units of offer `o` that would serve, alone, every workload it can serve in month `t`."""
    spec = instance.offers[o]
    ucap = instance.utilization_cap
    need = 0.0
    for w, wspec in enumerate(instance.workloads):
        if (o, w) not in instance.rates or wspec.required[t] <= 0:
            continue
        rate = instance.rates[(o, w)].per_gpu
        if instance.replicas == "whole":
            units, gpus = instance.block(o, w)
            need += units * math.ceil(wspec.required[t] / (rate * gpus * ucap) - 1e-9)
        else:
            need += wspec.required[t] / (rate * spec.gpus_per_unit * ucap)
    return need


def _dilution(instance: Instance, o: int) -> int:
    """Idle units that can pay for themselves under a vendor-share rule, by diluting other
    vendors' share: at most the whole run-rate every offer would need alone at its peak,
    divided by the share, in units of `o`. Generous on purpose: a bound that cut a plan meeting
    the share with idle units of a second vendor would cut feasible plans."""
    share = instance.max_vendor_share
    assert share is not None
    peak_spend = sum(
        max((_month_need(instance, p, t) for t in range(instance.span)), default=0.0)
        * spec.month_cost_per_unit
        for p, spec in enumerate(instance.offers)
    )
    return math.ceil(peak_spend / (share * instance.offers[o].month_cost_per_unit) - 1e-9)


def units_upper_bound(
    instance: Instance,
    o: int,
    start: int,
    need_from: int | None = None,
    fold_limits: bool = True,
) -> int:
    """Units of one contract that can ever be useful: enough to serve, alone, every eligible
    workload's peak from `need_from` (default `start`) to the contract's end (plus, under a
    vendor-share rule, the idle units that can dilute another vendor's share); with
    `fold_limits`, also within the power caps and `max_units` over the months it is active.
    The LP whose duals are the marginals does not fold limits: a cap folded into a bound hides
    its dual."""
    spec = instance.offers[o]
    end = min(instance.span, start + spec.term)
    first = start if need_from is None else need_from
    need = max((_month_need(instance, o, t) for t in range(first, end)), default=0.0)
    bound = math.ceil(need - 1e-9)
    if instance.max_vendor_share is not None:
        bound += _dilution(instance, o)
    if spec.offer.min_units is not None:
        bound = max(bound, spec.offer.min_units)
    if not fold_limits:
        return max(bound, 0)
    if spec.offer.max_units is not None:
        bound = min(bound, spec.offer.max_units)
    caps = instance.power_caps.get(spec.offer.site_key)
    limits = [caps[t] for t in range(start, end)] if caps else []
    if instance.total_power_mw is not None:
        limits += [instance.total_power_mw[t] for t in range(start, end)]
    if limits:
        bound = min(bound, math.floor(1000.0 * min(limits) / spec.kw_per_unit + 1e-9))
    return max(bound, 0)
