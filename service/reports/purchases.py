"""Tokens bought from per-token APIs in a report: their own table (every format shows it), and
their rows in the allocation lines, so that each month's lines still add up to its cost."""

from __future__ import annotations

from catalog import Catalog
from optimizer import Plan
from service.reports.cells import Cell, Count, Money, Month, Rate, Text
from service.reports.table import Table, table
from service.reports.verdicts import money_unit

__all__ = ["allocation_rows", "price_trust", "purchases"]


def purchases(plan: Plan) -> Table:
    """One row per (month, API offer, workload): average tokens/s bought, millions of tokens,
    the blended price and the cost."""
    currency = plan.summary.currency if plan.summary else ""
    rows: list[list[Cell]] = [
        [
            Month(month.month),
            Text(p.offer_id),
            Text(p.vendor),
            Text(p.workload_id),
            Rate(p.tokens_per_second),
            Rate(p.million_tokens),
            Rate(p.price_per_million_tokens),
            Money(p.cost, currency),
        ]
        for month in plan.months
        for p in month.purchases
    ]
    return table(
        [
            "month",
            "offer",
            "vendor",
            "workload",
            "tokens/s bought",
            "million tokens",
            (f"{money_unit(plan)}/M tokens (blended)", "price_per_million_tokens"),
            "cost",
        ],
        rows,
    )


def price_trust(catalog: Catalog, item_id: str) -> tuple[Text, Text]:
    """An allocation line's last two cells: its offer's or API offer's `price_basis` and the
    date its price was taken (`as_of`, ISO 8601), as offers.csv and focus.csv's
    `x_PriceAsOf` give it; both empty for an item the catalog no longer holds."""
    item = catalog.offer(item_id) or catalog.api_offer(item_id)
    if item is None:
        return Text(""), Text("")
    return Text(item.price_basis), Text(item.as_of.isoformat())


def allocation_rows(plan: Plan, catalog: Catalog) -> list[list[Cell]]:
    """The purchases as allocation lines (kind `api`, no units, GPUs or power)."""
    currency = plan.summary.currency if plan.summary else ""
    return [
        [
            Text(plan.id),
            Month(month.month),
            Text(p.offer_id),
            Text(p.vendor),
            Text(""),  # no site: an API is bought by the token (review 22: "-" read as a site)
            Text("api"),
            Count(None),
            Count(0),
            Text(p.workload_id),
            Count(0),
            Rate(None),
            Rate(p.tokens_per_second),
            Rate(p.tokens_per_second),
            Rate(None),
            Rate(1.0),
            Money(p.cost),
            Text(currency),
            Count(None),
            Count(None),
            *price_trust(catalog, p.offer_id),
        ]
        for month in plan.months
        for p in month.purchases
    ]
