"""Existing units under `max_vendor_share`: they are active units, so they count in their
vendor's run-rate like any other (DESIGN section 3); the warning says what holding that vendor
to the share cost the plan."""

from __future__ import annotations

import math
from dataclasses import dataclass

from catalog.model import slugify
from optimizer.assembly import Assembler
from optimizer.diagnosis import month_list
from optimizer.tail_fleet import units_used

__all__ = ["Unshared", "counted_cost", "owned_share_warnings", "owns"]


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
        # Idle units the plan chose: existing ones are sunk (review 13: another vendor's idle
        # existing units were counted, at the catalog's price, as what the share cost).
        idle = max(0.0, units - max(taken.get(o, 0.0), spec.existing[t]))
        total += math.floor(idle + 1e-9) * spec.month_cost_per_unit
    return total


def _held_back(free: dict[str, float], vendor: str, share: float, paid: float) -> bool:
    """Whether the share holds `vendor` back in a month whose run-rate by vendor without the
    share is `free`, the plan paying the other vendors `paid`: the vendor would exceed the
    share without it, and the plan pays the others more than it would (review 7a finding A: a
    month was counted whenever the others cost more, though the share bound on another vendor
    and the owned one stayed well within it)."""
    total = sum(free.values())
    mine = free.get(vendor, 0.0)
    return mine > share * total + 0.005 and paid > total - mine + 0.005


def owns(assembler: Assembler) -> dict[str, list[str]]:
    """Vendor slug -> the ids of its offers with existing units in the horizon."""
    instance = assembler.instance
    owned: dict[str, list[str]] = {}
    for spec in instance.offers:
        if any(spec.existing[: instance.horizon]):
            owned.setdefault(slugify(spec.offer.vendor), []).append(spec.id)
    return owned


@dataclass(frozen=True)
class Unshared:
    """The same request solved without `max_vendor_share` (`optimizer.share_cost`)."""

    extra: float
    """What the share adds to the counted cost (0 within the solves' gap)."""
    spend: list[dict[str, float]]
    """Each horizon month's run-rate by vendor slug, without the share."""


def owned_share_warnings(assembler: Assembler, unshared: Unshared | None = None) -> list[str]:
    """One warning per vendor with existing units that `max_vendor_share` holds back in some
    month of the horizon: its existing units count toward the share like any active unit, so
    the plan pays other vendors at least (1 - share) / share of that vendor's spend. What it
    pays for capacity no workload needs is what the rule costs. With `unshared`, the months
    held are those `_held_back`, and the cost is what the share adds to those months' run-rate
    (at most the counted cost it adds: probe 7 finding 6, tokens bought only to meet the share
    were not seen; probe 8 finding 5, its cost in other months was counted). That is capacity
    no workload needs only where the vendor buys nothing beyond its existing units without the
    share; otherwise the share may buy needed capacity from a dearer vendor, and the warning
    says only what it adds (review 7a finding A). Without `unshared`, a bound: the months in
    which the vendor would exceed the share without the other vendors' whole units that serve
    nothing, and their cost. Nothing is said where the rule costs nothing: a warning may be
    missed without `unshared`, never one given where the share does not bind."""
    instance = assembler.instance
    share = instance.max_vendor_share
    if share is None or share >= 1:
        return []
    out = []
    for vendor, offers in sorted(owns(assembler).items()):
        owned = [
            sum(s.existing_cost[t] for s in instance.offers if s.id in offers)
            for t in range(instance.horizon)
        ]
        held: list[int] = []
        others = unneeded = added = 0.0
        what = "of it for capacity no workload needs"
        for t in range(instance.horizon):
            spend = assembler.vendor_spend(t)
            paid = sum(spend.values()) - spend.get(vendor, 0.0)
            if unshared is not None:
                free = unshared.spend[t]
                if _held_back(free, vendor, share, paid):
                    held.append(t)
                    others += paid
                    added += max(0.0, sum(spend.values()) - sum(free.values()))
                    if free.get(vendor, 0.0) > owned[t] + 0.005:
                        what = "more than without the share"
                continue
            idle = min(paid, _idle_cost(assembler, t, vendor))
            if spend.get(vendor, 0.0) > share * (sum(spend.values()) - idle) + 0.005:
                held.append(t)
                others += paid
                unneeded += idle
        if unshared is not None:
            # The held months' own run-rate above the plan without the share: the share's
            # cost in the other months is no part of holding this vendor (probe 8 finding 5).
            unneeded = min(others, added, unshared.extra)
        if not held or unneeded < 0.005:
            continue
        name = next(s.offer.vendor for s in instance.offers if slugify(s.offer.vendor) == vendor)
        committed = sum(owned)
        cur = instance.currency
        out.append(
            f"existing units of {name} ({', '.join(offers)}: {committed:,.2f} {cur} in the "
            f"horizon) count toward max_vendor_share ({share:g}) like any active unit: to keep "
            f"{name} within it in {month_list(instance, held)} the plan pays other vendors "
            f"{others:,.2f} {cur}, {unneeded:,.2f} {what}"
        )
    return out


def counted_cost(assembler: Assembler) -> float:
    """The cost the model minimises, by the commitment accounting: the horizon's and the
    tail's under `demand_continues`, else the plan's total cost (`full_term` counting every
    month of each term)."""
    lifetime = assembler.lifetime()
    return lifetime[0] if lifetime is not None else assembler.totals()[0]
