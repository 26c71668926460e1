"""Existing units under `max_vendor_share`: they are active units, so they count in their
vendor's run-rate like any other (DESIGN section 3); the warning says what holding that vendor
to the share cost the plan."""

from __future__ import annotations

import math

from catalog.model import slugify
from optimizer.assembly import Assembler
from optimizer.diagnosis import month_list
from optimizer.tail_fleet import units_used

__all__ = ["owned_share_warnings"]


def _idle_cost(assembler: Assembler, t: int, vendor: str) -> float:
    """What the whole units of vendors other than `vendor` that serve nothing cost in month
    `t`: units the plan could go without, were it not for the share. Neither a unit that serves
    part of its capacity (whole units round capacity up whatever the share) nor an idle owned
    unit (sunk: no plan can go without it) is counted (review of 2026-11-30: the spare GPUs of
    a unit the demand needed, and an idle owned GPU, were counted as capacity the share
    forced, and a share that did not bind was said to cost 584.00)."""
    instance = assembler.instance
    taken: dict[int, float] = {}
    for (o, w, tt), gpus in assembler.solution.serve.items():
        if tt == t:
            taken[o] = taken.get(o, 0.0) + units_used(instance, o, w, gpus)
    total = 0.0
    for (o, tt), units in assembler.units.items():
        spec = instance.offers[o]
        if tt != t or slugify(spec.offer.vendor) == vendor:
            continue
        idle = max(0.0, units - taken.get(o, 0.0))
        total += math.floor(idle + 1e-9) * spec.month_cost_per_unit
    return total


def owned_share_warnings(assembler: Assembler) -> list[str]:
    """One warning per vendor with existing units that `max_vendor_share` holds back in some
    month of the horizon: its existing units count toward the share like any active unit, so
    the plan pays other vendors at least (1 - share) / share of that vendor's spend. What it
    pays for capacity no workload needs is what the rule costs: the other vendors' whole units
    that serve nothing that month. A month is held back when, without them, the vendor's
    share would exceed the limit. Where an owned unit stands idle and another vendor's serves
    in its place (the solver's choice at equal cost), nothing is said: a warning may be
    missed, never one given where the share does not bind."""
    instance = assembler.instance
    share = instance.max_vendor_share
    if share is None or share >= 1:
        return []
    owned: dict[str, list[str]] = {}
    for spec in instance.offers:
        if any(spec.existing[: instance.horizon]):
            owned.setdefault(slugify(spec.offer.vendor), []).append(spec.id)
    out = []
    for vendor, offers in sorted(owned.items()):
        held: list[int] = []
        others = idle = 0.0
        for t in range(instance.horizon):
            spend = assembler.vendor_spend(t)
            paid = sum(spend.values()) - spend.get(vendor, 0.0)
            unneeded = min(paid, _idle_cost(assembler, t, vendor))
            if spend.get(vendor, 0.0) > share * (spend.get(vendor, 0.0) + paid - unneeded) + 0.005:
                held.append(t)
                others += paid
                idle += unneeded
        if not held:
            continue
        name = next(s.offer.vendor for s in instance.offers if slugify(s.offer.vendor) == vendor)
        committed = sum(
            s.existing[t] * s.month_cost_per_unit
            for s in instance.offers
            if s.id in offers
            for t in range(instance.horizon)
        )
        cur = instance.currency
        out.append(
            f"existing units of {name} ({', '.join(offers)}: {committed:,.2f} {cur} in the "
            f"horizon) count toward max_vendor_share ({share:g}) like any active unit: to keep "
            f"{name} within it in {month_list(instance, held)} the plan pays other vendors "
            f"{others:,.2f} {cur}, {idle:,.2f} of it for capacity no workload needs"
        )
    return out
