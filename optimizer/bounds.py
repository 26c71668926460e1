"""How many units of one contract can ever be useful: the upper bounds the model puts on its
integer variables (never tighter than an optimal plan needs)."""

from __future__ import annotations

import math

from optimizer.instance import Instance

__all__ = ["units_upper_bound"]


def units_upper_bound(instance: Instance, o: int, start: int, need_from: int | None = None) -> int:
    """Units of one contract that can ever be useful: enough to serve, alone, every eligible
    workload's peak from `need_from` (default `start`) to the contract's end, within the power
    caps and `max_units` over the months it is active."""
    spec = instance.offers[o]
    capacity_per_unit = spec.gpus_per_unit * instance.utilization_cap
    end = min(instance.horizon, start + spec.term)
    need_months = range(start if need_from is None else need_from, end)
    if instance.max_vendor_share is not None:
        # Under a vendor-share rule idle units can pay for themselves by diluting another
        # vendor's share, so no month's need bounds them. Rule of the model (DESIGN is
        # silent): an offer never holds more units than it would need alone at the horizon's
        # peak, in any month.
        need_months = range(instance.horizon)
    need = 0.0
    for t in need_months:
        month_need = sum(
            wspec.required[t] / (instance.rates[(o, w)].per_gpu * capacity_per_unit)
            for w, wspec in enumerate(instance.workloads)
            if (o, w) in instance.rates
        )
        need = max(need, month_need)
    bound = math.ceil(need - 1e-9)
    if spec.offer.min_units is not None:
        if instance.max_vendor_share is not None:
            bound += spec.offer.min_units - 1  # room to pad a minimum for the share rule
        bound = max(bound, spec.offer.min_units)
    if spec.offer.max_units is not None:
        bound = min(bound, spec.offer.max_units)
    caps = instance.power_caps.get(spec.offer.site_key)
    limits = [caps[t] for t in range(start, end)] if caps else []
    if instance.total_power_mw is not None:
        limits += [instance.total_power_mw[t] for t in range(start, end)]
    if limits:
        bound = min(bound, math.floor(1000.0 * min(limits) / spec.kw_per_unit + 1e-9))
    return max(bound, 0)
