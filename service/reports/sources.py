"""Where a plan's numbers come from: the price, basis, date and source of every offer it uses
(from the catalog revision it was solved against) and the measured points behind every
throughput it counts on (stored in the plan)."""

from __future__ import annotations

from catalog import Catalog, Offer
from optimizer import Plan
from service.reports.cells import Rate, Text
from service.reports.table import Table, table

__all__ = ["offers", "throughput", "used_offers"]


def used_offers(plan: Plan, catalog: Catalog) -> list[Offer]:
    """The catalog offers the plan allocates or commits to, by id."""
    ids = sorted(
        {a.offer_id for m in plan.months for a in m.allocations}
        | {c.offer_id for c in plan.commitments}
    )
    return [o for o in (catalog.offer(i) for i in ids) if o is not None]


def offers(plan: Plan, catalog: Catalog) -> Table:
    """The price (with its formula, for owned hardware from its parts), its basis, date and
    source of every offer the plan uses."""
    return table(
        [
            ("offer", "offer_id"),
            ("price/GPU-h", "price_per_gpu_hour"),
            ("price formula", "price_formula"),
            ("currency", "currency"),
            ("price basis", "price_basis"),
            ("as of", "as_of"),
            ("source", "source"),
            ("note", "note"),
        ],
        (
            [
                Text(o.id),
                Rate(o.price_per_gpu_hour),
                # Owned hardware from its parts: how the price is derived; "-" where stated.
                Text(o.price_formula or "-"),
                Text(o.currency),
                Text(o.price_basis),
                Text(o.as_of.isoformat()),
                Text(o.source),
                Text(o.note),
            ]
            for o in used_offers(plan, catalog)
        ),
    )


def throughput(plan: Plan) -> Table:
    """The measured (or derived) points behind each throughput the plan counts on, as the plan
    stored them: the report never re-derives eligibility."""
    rows = sorted(
        {
            (
                s.offer_id,
                s.workload_id,
                s.basis,
                f"{s.source} (measured {s.measured_on}, {s.deployment}, "
                f"{s.interactivity:g} tok/s/user, {s.throughput_per_gpu:g} tok/s/GPU)",
            )
            for s in plan.sources
        }
    )
    return table(
        [
            ("offer", "offer_id"),
            ("workload", "workload_id"),
            ("basis", "basis"),
            ("throughput source", "throughput source"),
        ],
        ([Text(cell) for cell in row] for row in rows),
    )
