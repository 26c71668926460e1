"""The tokens a plan buys from per-token APIs in its FOCUS-shaped export: per API offer and
month, one Usage row per meter (`SkuMeter` "Input Tokens", "Output Tokens"), priced per
`1000000 Tokens` (FOCUS's per-token unit) at the vendor's list price for that meter."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from catalog import Catalog
from optimizer import month_index, month_label
from optimizer.plan import MonthPlan
from service.reports.token_meters import meters

__all__ = ["PER_MILLION_TOKENS", "api_focus_rows"]

PER_MILLION_TOKENS = "1000000 Tokens"


def api_focus_rows(month: MonthPlan, currency: str, catalog: Catalog) -> list[dict[str, Any]]:
    """The month's purchases, one row per API offer and meter (its workloads listed).

    Raises:
        LookupError: an API offer the catalog does not hold.
    """
    start = f"{month.month}-01T00:00:00Z"
    end = f"{month_label(month_index(month.month) + 1)}-01T00:00:00Z"
    rows = []
    ordered = sorted(month.purchases, key=lambda p: p.offer_id)
    for offer_id, group in groupby(ordered, key=lambda p: p.offer_id):
        bought = list(group)
        offer = catalog.api_offer(offer_id)
        if offer is None:
            raise LookupError(f"API offer {offer_id} is not in the plan's catalog revision")
        for meter in meters(offer, bought):
            cost = meter.million_tokens * meter.price_per_million
            rows.append(
                {
                    "BillingPeriodStart": start,
                    "BillingPeriodEnd": end,
                    "ChargePeriodStart": start,
                    "ChargePeriodEnd": end,
                    "BillingCurrency": currency,
                    "BilledCost": cost,
                    "EffectiveCost": cost,
                    "ListCost": cost,
                    "ContractedCost": cost,
                    "ChargeCategory": "Usage",
                    "ChargeFrequency": "Usage-Based",
                    "ChargeDescription": (
                        f"{meter.million_tokens:,.1f} million {meter.name.lower()} of "
                        f"{offer_id} in {month.month}"
                    ),
                    "PricingCategory": "Standard",
                    "PricingQuantity": meter.million_tokens,
                    "PricingUnit": PER_MILLION_TOKENS,
                    "ListUnitPrice": meter.price_per_million,
                    "ContractedUnitPrice": meter.price_per_million,
                    # Whole tokens, as PricingQuantity shows millions to 6 places: a
                    # solver's 30112.00000000004 tok/s read 70341632000.0001 tokens.
                    "ConsumedQuantity": float(round(meter.million_tokens * 1e6)),
                    "ConsumedUnit": "Tokens",
                    "ServiceName": "Per-token inference API",
                    "ServiceProviderName": bought[0].vendor,
                    "HostProviderName": bought[0].vendor,
                    "SkuPriceId": offer_id,
                    "SkuMeter": meter.name,
                    "x_Kind": "api",
                    "x_Gpus": 0.0,
                    "x_Workloads": " ".join(p.workload_id for p in bought),
                }
            )
    return rows
