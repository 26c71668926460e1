"""How many units of one contract can ever be useful: the upper bounds the model puts on its
integer variables (never tighter than an optimal plan needs)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from optimizer.instance import Instance

__all__ = ["dilution_spend", "month_needs", "units_upper_bound"]


def month_needs(instance: Instance, o: int) -> list[float]:
    """Units of offer `o` that would serve, alone, every workload it can serve, in each month of
    the span: one pass for all of its bounds (`units_upper_bound` looks at every month of each
    contract's term: quadratic otherwise). Workload by workload, each one's rate and block
    read once, every month's need summed over the workloads in their order from 0.0
    (tests/unit/test_month_needs.py checks it against a month-by-month sum, bit for bit)."""
    spec = instance.offers[o]
    ucap = instance.utilization_cap
    whole = instance.replicas == "whole"
    bounding = instance.bound_required
    needs = [0.0] * instance.span
    for w, wspec in enumerate(instance.workloads):
        rate = instance.rates.get((o, w))
        if rate is None:
            continue
        required = bounding[w] if bounding is not None else wspec.required
        per_gpu = rate.per_gpu
        if whole:
            units, gpus = instance.block(o, w)
            for t in range(instance.span):
                if not required[t] <= 0:  # a NaN need is kept, not skipped
                    needs[t] += units * math.ceil(required[t] / (per_gpu * gpus * ucap) - 1e-9)
        else:
            for t in range(instance.span):
                if not required[t] <= 0:  # a NaN need is kept, not skipped
                    needs[t] += required[t] / (per_gpu * spec.gpus_per_unit * ucap)
    return needs


def dilution_spend(instance: Instance) -> float:
    """Under a vendor-share rule, the run-rate that idle units can usefully dilute: at most
    the whole run-rate every offer would need alone at its peak, divided by the share. Generous
    on purpose: a bound that cut a plan meeting the share with idle units of a second vendor
    would cut feasible plans. 0 without a share rule."""
    share = instance.max_vendor_share
    if share is None:
        return 0.0
    peak_spend = sum(
        max(month_needs(instance, p), default=0.0) * spec.month_cost_per_unit
        for p, spec in enumerate(instance.offers)
        if any((p, w) in instance.rates for w in range(len(instance.workloads)))
    )
    return (peak_spend + _signed_above(instance)) / share


def _signed_above(instance: Instance) -> float:
    """The most, in any month, that existing units signed above their offers' prices add to
    the run-rate beyond those prices: idle units may have to dilute that too (0 when no
    existing commitment states a price above its offer's)."""
    above = [0.0] * instance.span
    for held in instance.held:
        spec = instance.offers[held.o]
        extra = held.month_cost - held.units * spec.month_cost_per_unit
        if held.signed and extra > 0:
            end = min(instance.span, instance.held_until(held))
            for t in range(max(0, held.begin), end):
                above[t] += extra
    return max(above, default=0.0)


def units_upper_bound(
    instance: Instance,
    o: int,
    start: int,
    need_from: int | None = None,
    fold_limits: bool = True,
    dilution: float = 0.0,
    needs: Sequence[float] | None = None,
) -> int:
    """Units of one contract that can ever be useful: enough to serve, alone, every eligible
    workload's peak from `need_from` (default `start`) to the contract's end (plus, under a
    vendor-share rule, the idle units worth `dilution` of run-rate, see `dilution_spend`); with
    `fold_limits`, also within the power caps and `max_units` over the months it is active.
    The LP whose duals are the marginals does not fold limits: a cap folded into a bound hides
    its dual. `needs`: `month_needs(instance, o)`, when the caller has it."""
    spec = instance.offers[o]
    end = min(instance.span, instance.covered_until(start, spec.term))
    first = start if need_from is None else need_from
    if needs is None:
        needs = month_needs(instance, o)
    need = max(needs[first:end], default=0.0)  # a slice, not a generator: per contract start
    bound = math.ceil(need - 1e-9)
    if dilution > 0:
        bound += math.ceil(dilution / spec.month_cost_per_unit - 1e-9)
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
