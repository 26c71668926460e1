"""Requisition lines for the tokens a plan buys from per-token APIs: per API offer over the
months it buys from it, one line for its input tokens and one for its output tokens, each an
estimated quantity in millions at the vendor's list price per million (as vendors bill and
as the FOCUS export's meters are). UN/CEFACT Recommendation 20 has no unit for tokens: the
line says `million tokens` with code `ZZ` (mutually defined), which a suite maps or keeps."""

from __future__ import annotations

import calendar
from itertools import groupby
from typing import Any

from catalog import Catalog
from optimizer import Plan
from service.reports.numbers import decimal_text
from service.reports.token_meters import meters

__all__ = ["MILLION_TOKENS", "api_drafts", "last_day"]

MILLION_TOKENS = ("million tokens", "ZZ")
UNSPSC_RENTED = "81112003"
"""Data center services: the code of rented capacity (see `service.reports.requisition`)."""


def last_day(month: str) -> str:
    """The ISO date of the last day of `month` (YYYY-MM): a line's term end."""
    year, number = (int(part) for part in month.split("-"))
    return f"{month}-{calendar.monthrange(year, number)[1]:02d}"


def api_drafts(plan: Plan, catalog: Catalog) -> list[dict[str, Any]]:
    """Draft lines, one per meter (input, output tokens) of each API offer the plan buys from
    in the horizon (all its workloads); no `amount`: the total is quantity x unit price.

    Raises:
        LookupError: an API offer the catalog revision does not hold.
    """
    bought = sorted(
        ((p.offer_id, m.month, p) for m in plan.months for p in m.purchases if p.cost > 0),
        key=lambda x: (x[0], x[1]),
    )
    drafts = []
    for offer_id, rows in groupby(bought, key=lambda x: x[0]):
        purchases = list(rows)
        offer = catalog.api_offer(offer_id)
        if offer is None:
            msg = f"API offer {offer_id} is not in catalog revision {plan.catalog_revision}"
            raise LookupError(msg)
        start, end = purchases[0][1], purchases[-1][1]
        for meter in meters(offer, (p for _o, _m, p in purchases)):
            if meter.million_tokens <= 0:
                continue
            drafts.append(
                {
                    "vendor": offer.vendor,
                    "supplier_part_number": offer.id,
                    "price_basis": offer.price_basis,
                    "term_start": f"{start}-01",
                    "term_end": last_day(end),
                    "need_by_date": f"{start}-01",
                    "price_as_of": offer.as_of.isoformat(),
                    "price_source": offer.source,
                    "line_type": "service",
                    "supplier": offer.vendor,
                    "description": (
                        f"Per-token API: {offer.model} from {offer.vendor}, {meter.name.lower()}, "
                        f"an estimated {meter.million_tokens:,.0f} million, {start} to {end}, "
                        f"billed as used at {meter.price_per_million:g} per million"
                    ),
                    "quantity": decimal_text(meter.million_tokens, 6),
                    "unit_of_measure": MILLION_TOKENS[0],
                    "unit_of_measure_code": MILLION_TOKENS[1],
                    "unit_price": decimal_text(meter.price_per_million, 6),
                    "term_months": 0,
                    "payment_model": "No Upfront",
                    "commodity_code": UNSPSC_RENTED,
                    "payment_schedule": "paid monthly as used",
                    "upfront_amount": "0.00",
                }
            )
    return drafts
