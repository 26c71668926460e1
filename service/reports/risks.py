"""What a buyer should check before signing, in three kinds the executive summary lists:
estimates the plan rests on, commitments running past the horizon, and stale prices."""

from __future__ import annotations

import datetime as dt

from catalog import Catalog
from optimizer import Plan
from optimizer.explain import STALE_DAYS
from service.reports.numbers import money
from service.reports.sources import used_offers

__all__ = ["risks"]


def _estimates(plan: Plan, catalog: Catalog) -> list[str]:
    prices = [
        f"{o.id} price ({o.price_basis})"
        for o in used_offers(plan, catalog)
        if o.price_basis in ("estimate", "illustrative")
    ]
    throughputs = sorted(
        {
            f"{s.offer_id} on {s.workload_id} ({s.basis} throughput)"
            for s in plan.sources
            if s.basis != "measured"
        }
    )
    return prices + throughputs


def _late(plan: Plan) -> list[str]:
    cur = plan.summary.currency if plan.summary else ""
    return [
        f"{c.offer_id}: {c.units:g} units from {c.start} for {c.term_months} months owe "
        f"{money(c.obligation_beyond_horizon, cur)} after the horizon"
        for c in plan.commitments
        if not c.existing and c.obligation_beyond_horizon > 0.005
    ]


def _stale(plan: Plan, catalog: Catalog) -> list[str]:
    if not plan.months:
        return []
    year, month = (int(part) for part in plan.months[0].month.split("-"))
    start = dt.date(year, month, 1)
    return [
        f"{o.id} (as of {o.as_of.isoformat()}, {(start - o.as_of).days} days before the start)"
        for o in used_offers(plan, catalog)
        if (start - o.as_of).days > STALE_DAYS
    ]


def risks(plan: Plan, catalog: Catalog) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(kind, items) for estimates used, late commitments and stale prices; a kind with no
    items says the plan has none of it."""
    return (
        ("estimates used", tuple(_estimates(plan, catalog))),
        ("late commitments", tuple(_late(plan))),
        (f"prices older than {STALE_DAYS} days", tuple(_stale(plan, catalog))),
    )
