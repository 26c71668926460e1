"""Which offers can serve which workloads, and at what throughput per GPU at the SLO (DESIGN
section 3, steps 1 and 2). One vendor-matching rule: `slugify(a) == slugify(b)`.

One deployment per (offer, workload): with fractional GPUs, the best throughput per GPU; with
whole replicas, the deployment that serves the workload's peak month on the fewest units of
the offer (ties: more throughput per unit, then per GPU), since a replica larger than it needs
can cost a whole unit more."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from catalog.frontier import Operating, best_interactivity, deployments_at, usable_points
from catalog.model import Offer, Point, Profile, slugify
from optimizer.request import Workload

__all__ = [
    "Rate",
    "WholeFit",
    "deployment_rates",
    "eligible_rate",
    "eligible_rates",
    "names_match",
    "rates_at",
    "reach",
    "replica_block",
    "slug_set",
    "usable_profiles",
    "why_ineligible",
]


@dataclass(frozen=True)
class Rate:
    """Throughput per GPU of one offer for one workload at its SLO, and where it came from."""

    operating: Operating
    profile: Profile

    @property
    def per_gpu(self) -> float:
        return self.operating.throughput_per_gpu

    @cached_property
    def gpus_per_replica(self) -> int | None:
        """GPUs one replica of the deployment behind this throughput takes (None: not stated)."""
        stated = [p.gpus_per_replica for p in self.operating.points if p.gpus_per_replica]
        return max(stated) if stated else None


def replica_block(gpus_per_unit: int, gpus_per_replica: int | None) -> tuple[int, int]:
    """(units, GPUs) of the smallest whole piece of an offer with units of U GPUs that runs a
    deployment of k GPUs per replica: floor(U / k) replicas per unit when k <= U (the rest of
    the unit idles), ceil(k / U) units per replica when k > U. A deployment that states no
    replica size runs one per unit."""
    k = gpus_per_replica or gpus_per_unit
    if k <= gpus_per_unit:
        return 1, (gpus_per_unit // k) * k
    return -(-k // gpus_per_unit), k


@dataclass(frozen=True)
class WholeFit:
    """What choosing a deployment for whole replicas reads: each workload's peak requirement
    (tokens/s, peak-to-average applied) and the utilisation cap whole blocks are planned at."""

    peaks: tuple[float, ...]
    utilization_cap: float

    def units(self, rate: Rate, gpus_per_unit: int, w: int) -> int:
        """Units of the offer whole blocks of `rate`'s deployment take in `w`'s peak month."""
        units, gpus = replica_block(gpus_per_unit, rate.gpus_per_replica)
        per_block = gpus * rate.per_gpu * self.utilization_cap
        return math.ceil(self.peaks[w] / per_block - 1e-9) * units

    def choose(self, rates: list[Rate], gpus_per_unit: int, w: int) -> Rate | None:
        """The rate of the fewest units in `w`'s peak month; ties to more throughput per unit,
        then per GPU, then the first given."""

        def key(rate: Rate) -> tuple[int, float, float]:
            units, gpus = replica_block(gpus_per_unit, rate.gpus_per_replica)
            per_unit = gpus * rate.per_gpu / units
            return (self.units(rate, gpus_per_unit, w), -per_unit, -rate.per_gpu)

        return min(rates, key=key, default=None)


def slug_set(names: tuple[str, ...] | None) -> set[str] | None:
    """The slugs of `names` (vendors, regions), or None when no restriction is given."""
    return None if names is None else {slugify(n) for n in names}


def names_match(name: str, allowed: set[str] | None) -> bool:
    """True when `allowed` is None or holds `name`'s slug: "together-ai" matches "Together AI"."""
    return allowed is None or slugify(name) in allowed


def _matching_profiles(offer: Offer, workload: Workload, profiles: list[Profile]) -> list[Profile]:
    return [
        p
        for p in profiles
        if p.system_id == offer.system_id
        and p.model == workload.model
        and p.isl == workload.isl
        and p.osl == workload.osl
        and (workload.precisions is None or p.precision in workload.precisions)
    ]


def _usable_in(offer: Offer, workload: Workload, profile: Profile) -> list[Point]:
    return usable_points(
        profile.points,
        bases=workload.bases,
        supports=offer.supports,
        max_ttft_ms=workload.slo.max_ttft_ms,
    )


def deployment_rates(
    offer: Offer,
    workload: Workload,
    profiles: list[Profile],
    *,
    allow_spot: bool = False,
) -> list[Rate]:
    """The best throughput per GPU of each deployment (of each matching profile) through which
    `offer` serves `workload` at its SLO; empty when it cannot serve it."""
    if why_ineligible(offer, workload, profiles, allow_spot=allow_spot) is not None:
        return []
    return rates_at(usable_profiles(offer, workload, profiles), workload.slo.min_interactivity)


def usable_profiles(
    offer: Offer, workload: Workload, profiles: list[Profile]
) -> list[tuple[Profile, list[Point]]]:
    """Each profile through which `offer` may serve `workload` (its model and shape, a
    precision the workload allows), in the catalog's order, with its usable points: what
    `deployment_rates` reads, at any SLO."""
    return [
        (profile, _usable_in(offer, workload, profile))
        for profile in _matching_profiles(offer, workload, profiles)
    ]


def rates_at(usable: list[tuple[Profile, list[Point]]], interactivity: float) -> list[Rate]:
    """The best throughput per GPU of each deployment of each of the `usable` profiles at
    `interactivity` (`deployment_rates` at that SLO, for an eligible offer)."""
    return [
        Rate(operating, profile)
        for profile, points in usable
        for operating in deployments_at(points, interactivity)
    ]


def eligible_rate(
    offer: Offer,
    workload: Workload,
    profiles: list[Profile],
    *,
    allow_spot: bool = False,
) -> Rate | None:
    """The best throughput per GPU `offer` gives `workload` at its SLO, or None when it cannot
    serve it."""
    best: Rate | None = None
    for rate in deployment_rates(offer, workload, profiles, allow_spot=allow_spot):
        if best is None or rate.per_gpu > best.per_gpu:
            best = rate
    return best


def eligible_rates(
    offers: list[Offer],
    workloads: tuple[Workload, ...],
    profiles: list[Profile],
    *,
    allow_spot: bool = False,
    whole: WholeFit | None = None,
) -> dict[tuple[int, int], Rate]:
    """The rate of every (offer, workload) pair that has one, by index: `eligible_rate`, or
    with `whole` the deployment `WholeFit.choose` picks. Offers that agree on what the rate
    reads (system, features, kind, unit size, and whether the workload's vendors and regions
    admit it) share one computation: a 5,000-offer catalog cloned from 28 needs a few hundred,
    not 100,000 (its 17 vendors apiece were 17 times that, a third of its preprocessing)."""
    rates: dict[tuple[int, int], Rate] = {}
    known: dict[tuple[object, ...], Rate | None] = {}
    vendors = [slug_set(workload.vendors) for workload in workloads]
    regions = [slug_set(workload.regions) for workload in workloads]
    for o, offer in enumerate(offers):
        facts = (offer.system_id, offer.supports, offer.kind, offer.gpus_per_unit)
        vendor, region = slugify(offer.vendor), slugify(offer.region)
        for w, workload in enumerate(workloads):
            allowed_vendors, allowed_regions = vendors[w], regions[w]
            admitted = (
                allowed_vendors is None or vendor in allowed_vendors,
                allowed_regions is None or region in allowed_regions,
            )
            key = (*facts, *admitted, w)
            if key not in known:
                if whole is None:
                    known[key] = eligible_rate(offer, workload, profiles, allow_spot=allow_spot)
                else:
                    options = deployment_rates(offer, workload, profiles, allow_spot=allow_spot)
                    known[key] = whole.choose(options, offer.gpus_per_unit, w)
            rate = known[key]
            if rate is not None:
                rates[(o, w)] = rate
    return rates


def reach(offer: Offer, workload: Workload, profiles: list[Profile]) -> float | None:
    """The best interactivity `offer` reaches for `workload`'s model and shape, or None."""
    return best_interactivity(
        point
        for profile in _matching_profiles(offer, workload, profiles)
        for point in _usable_in(offer, workload, profile)
    )


def why_ineligible(
    offer: Offer,
    workload: Workload,
    profiles: list[Profile],
    *,
    allow_spot: bool = False,
    exclude_vendors: tuple[str, ...] = (),
) -> str | None:
    """Why `offer` cannot serve `workload`, in words; None when it can."""
    if exclude_vendors and names_match(offer.vendor, slug_set(exclude_vendors)):
        return f"vendor {offer.vendor} is excluded"
    if not names_match(offer.vendor, slug_set(workload.vendors)):
        return f"vendor {offer.vendor} is not among the workload's vendors"
    if not names_match(offer.region, slug_set(workload.regions)):
        return f"region {offer.region} is not among the workload's regions"
    if offer.kind == "spot" and not allow_spot:
        return "spot capacity is preemptible (allow_spot is off)"
    shaped = [
        p
        for p in profiles
        if p.system_id == offer.system_id
        and (p.model, p.isl, p.osl) == (workload.model, workload.isl, workload.osl)
    ]
    if not shaped:
        return (
            f"no profile for {workload.model} at {workload.isl}/{workload.osl} on {offer.system_id}"
        )
    if not _matching_profiles(offer, workload, shaped):
        return "precision not allowed"
    best = reach(offer, workload, shaped)
    if best is None:
        return "no operating point with an allowed basis, a supported feature set and the TTFT"
    target = workload.slo.min_interactivity
    if best < target:
        return f"SLO {target:g} tok/s/user is beyond the best interactivity it reaches ({best:g})"
    return None
