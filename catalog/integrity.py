"""Integrity rules of a catalog: offers and profiles name systems that exist, and no profile
point is beaten on both axes by another point of its own deployment."""

from __future__ import annotations

from catalog.errors import Conflict, FieldError, InvalidInput
from catalog.model import Catalog, Point

__all__ = [
    "MAX_OFFERS",
    "check_references",
    "dominated_points",
    "offer_count",
    "references_to_system",
]

MAX_OFFERS = 10_000
"""Most offers (GPU and API together) a catalog holds: its offers.csv export (about 390 bytes
an offer, the shipped ones with their sources) then fits the 4 MiB a request body may be, so
that an export imports back; issue 12 plans over catalogs of up to 5,000. One SkyPilot import
of 4 MiB made 50,000 offers, whose export the import refused (413) and every ranking of which
took 2 s (probe 14b, finding 6)."""


def references_to_system(catalog: Catalog, system_id: str) -> list[str]:
    """Every `offers/ID` and `profiles/ID` that names `system_id`, sorted."""
    refs = [f"offers/{o.id}" for o in catalog.offers if o.system_id == system_id]
    refs += [f"profiles/{p.id}" for p in catalog.profiles if p.system_id == system_id]
    return sorted(refs)


def offer_count(catalog: Catalog) -> int:
    """GPU and API offers together, as `MAX_OFFERS` counts them."""
    return len(catalog.offers) + len(catalog.api_offers)


def check_references(
    catalog: Catalog, *, deleted_systems: tuple[str, ...] = (), offers_before: int | None = None
) -> None:
    """Refuse a catalog whose offers or profiles name a system it lacks, that holds more
    than `MAX_OFFERS` offers (more than `offers_before`, the catalog's before the write), or
    whose GPU and API offers share an id (they share the offer
    routes).

    Raises:
        Conflict: when a deleted system is still referenced, listing the references.
        InvalidInput: naming each offer or profile whose `system_id` is unknown, with the
        known system ids; naming `offers` past `MAX_OFFERS`.
        Conflict: when an id is both a GPU offer and an API offer, listing them.
    """
    for system_id in deleted_systems:
        refs = references_to_system(catalog, system_id)
        if refs:
            detail = f"system {system_id!r} is still referenced by {len(refs)} item(s)"
            raise Conflict(detail, refs)
    known = {s.id for s in catalog.systems}
    errors = [
        FieldError(f"{kind}[{item_id}].system_id", f"unknown system {system_id!r}")
        for kind, items in (("offers", catalog.offers), ("profiles", catalog.profiles))
        for item_id, system_id in ((i.id, i.system_id) for i in items)
        if system_id not in known
    ]
    if errors:
        detail = f"unknown system id(s); the catalog has: {', '.join(sorted(known))}"
        raise InvalidInput(detail, errors)
    count = offer_count(catalog)
    # Past the limit only a write that adds offers is refused: a catalog already over it (made
    # before the limit) may still be edited and trimmed (review 14).
    if count > MAX_OFFERS and (offers_before is None or count > offers_before):
        message = (
            f"a catalog holds at most {MAX_OFFERS:,} offers (GPU and API together); this "
            f"write would make {count:,}: narrow the import (a region, a vendor) or delete "
            "offers no plan needs"
        )
        raise InvalidInput.one("offers", message)
    gpu_ids = {o.id for o in catalog.offers}
    shared = sorted(o.id for o in catalog.api_offers if o.id in gpu_ids)
    if shared:
        detail = "an offer id names a GPU offer and an API offer: " + ", ".join(shared)
        raise Conflict(detail, [f"offers/{i}" for i in shared])


def _dominator(point: Point, curve: list[Point]) -> Point | None:
    """The point of `curve` with the most throughput among those faster and higher than
    `point` on both axes, or None."""
    better = [
        other
        for other in curve
        if other.interactivity > point.interactivity
        and other.throughput_per_gpu > point.throughput_per_gpu
    ]
    return max(better, key=lambda p: p.throughput_per_gpu, default=None)


def dominated_points(catalog: Catalog) -> list[FieldError]:
    """Every profile point dominated within its own deployment: another point of the same
    deployment has both higher interactivity and higher throughput per GPU.

    Such a point is not on its curve's frontier (an overloaded or failed run), and between
    its neighbours it would drag the interpolated throughput down. Points of different
    deployments never dominate each other: each deployment is its own curve. Each finding is
    `profiles[ID].points[i]` with the point, its deployment and the point that beats it.
    """
    findings = []
    for profile in catalog.profiles:
        curves: dict[str, list[Point]] = {}
        for point in profile.points:
            curves.setdefault(point.deployment, []).append(point)
        for index, point in enumerate(profile.points):
            beaten_by = _dominator(point, curves[point.deployment])
            if beaten_by is not None:
                message = (
                    f"{point.interactivity:g} tok/s/user at {point.throughput_per_gpu:g} "
                    f"tok/s/GPU is dominated within deployment {point.deployment!r} by "
                    f"{beaten_by.interactivity:g} tok/s/user at "
                    f"{beaten_by.throughput_per_gpu:g} tok/s/GPU"
                )
                findings.append(FieldError(f"profiles[{profile.id}].points[{index}]", message))
    return findings
