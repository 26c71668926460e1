"""What a buyer should check before signing, in three kinds the executive summary lists:
estimates the plan rests on, commitments running past the horizon, and stale prices.

The summary prints on one page whatever the plan: late commitments are named per offer (the
units and what they owe after the horizon, summed over its contracts), and each kind names at
most `SHOWN` items, then counts the rest, which the report's details list one by one."""

from __future__ import annotations

import datetime as dt

from catalog import Catalog
from optimizer import Commitment, Plan
from optimizer.explain import STALE_DAYS
from optimizer.wording import units_text
from service.reports.numbers import money
from service.reports.sources import ONLY_IN_TAIL, api_offers_bought, in_tail, used_offers

__all__ = ["SHOWN", "at_most", "risks"]

TAIL = f", {ONLY_IN_TAIL}"
"""Said of an offer only the plan's tail is valued on (probe 17a F2)."""

SHOWN = 4
"""Items of one kind the summary names; a fifth and later are counted, not named."""


def at_most(items: list[str], where: str, shown: int = SHOWN) -> tuple[str, ...]:
    """`items`, or its first `shown - 1` and a count of the rest and `where` they are listed."""
    if len(items) <= shown:
        return tuple(items)
    return (*items[: shown - 1], f"and {len(items) - shown + 1} more ({where})")


def _estimates(plan: Plan, catalog: Catalog) -> list[str]:
    tail = in_tail(plan)
    prices = [
        f"{o.id} price ({o.price_basis}{TAIL if o.id in tail else ''})"
        for o in used_offers(plan, catalog)
        if o.price_basis in ("estimate", "illustrative")
    ]
    # The per-token APIs it buys from, too (probe 19: an estimate API price went unnamed).
    prices += [
        f"{a.id} API price ({a.price_basis})"
        for a in api_offers_bought(plan, catalog)
        if a.price_basis in ("estimate", "illustrative")
    ]
    throughputs = sorted(
        {
            f"{s.offer_id} on {s.workload_id} "
            f"({s.basis} throughput{TAIL if s.only_in_tail else ''})"
            for s in plan.sources
            if s.basis != "measured"
        }
    )
    return prices + throughputs


def _late(plan: Plan) -> list[str]:
    """Per offer, largest debt first: its contracts running past the horizon, their units and
    what they owe after it."""
    cur = plan.summary.currency if plan.summary else ""
    by_offer: dict[str, list[Commitment]] = {}
    for c in plan.commitments:
        if not c.existing and c.obligation_beyond_horizon > 0.005:
            by_offer.setdefault(c.offer_id, []).append(c)
    owed = {o: sum(c.obligation_beyond_horizon for c in cs) for o, cs in by_offer.items()}
    items = []
    for offer_id in sorted(by_offer, key=lambda o: (-owed[o], o)):
        contracts = by_offer[offer_id]
        first, last = min(c.start for c in contracts), max(c.start for c in contracts)
        units = sum(c.units for c in contracts)
        signed = (
            f"from {first} for {contracts[0].term_months} months"
            if len(contracts) == 1
            else f"in {len(contracts)} contracts signed {first} to {last}"
        )
        items.append(
            f"{offer_id}: {units_text(units)} {signed} owe {money(owed[offer_id], cur)} after the "
            "horizon"
        )
    return items


def _stale(plan: Plan, catalog: Catalog) -> list[str]:
    if not plan.months:
        return []
    year, month = (int(part) for part in plan.months[0].month.split("-"))
    start = dt.date(year, month, 1)
    tail = in_tail(plan)
    return [
        f"{o.id} (as of {o.as_of.isoformat()}, {(start - o.as_of).days} days before the start"
        f"{TAIL if o.id in tail else ''})"
        for o in used_offers(plan, catalog)
        if (start - o.as_of).days > STALE_DAYS
    ] + [
        f"{a.id} API (as of {a.as_of.isoformat()}, {(start - a.as_of).days} days before the start)"
        for a in api_offers_bought(plan, catalog)
        if (start - a.as_of).days > STALE_DAYS
    ]


def risks(plan: Plan, catalog: Catalog) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(kind, items) for estimates used, late commitments and stale prices; a kind with no
    items says the plan has none of it."""
    return (
        ("estimates used", at_most(_estimates(plan, catalog), "see Sources")),
        ("late commitments", at_most(_late(plan), "see Commitments and obligations")),
        (
            f"prices older than {STALE_DAYS} days",
            at_most(_stale(plan, catalog), "see Sources"),
        ),
    )
