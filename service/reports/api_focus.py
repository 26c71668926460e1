"""The tokens a plan buys from per-token APIs in its FOCUS-shaped export: one Usage row per API
offer and month, priced per `1000000 Tokens` (FOCUS's per-token unit) at the blended price."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from optimizer import month_index, month_label
from optimizer.plan import MonthPlan

__all__ = ["PER_MILLION_TOKENS", "api_focus_rows"]

PER_MILLION_TOKENS = "1000000 Tokens"


def api_focus_rows(month: MonthPlan, currency: str) -> list[dict[str, Any]]:
    """The month's purchases, one row per API offer (its workloads listed)."""
    start = f"{month.month}-01T00:00:00Z"
    end = f"{month_label(month_index(month.month) + 1)}-01T00:00:00Z"
    rows = []
    ordered = sorted(month.purchases, key=lambda p: p.offer_id)
    for offer_id, group in groupby(ordered, key=lambda p: p.offer_id):
        bought = list(group)
        millions = sum(p.million_tokens for p in bought)
        cost = sum(p.cost for p in bought)
        price = cost / millions if millions else 0.0
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
                    f"{millions:,.1f} million tokens of {offer_id} in {month.month}"
                ),
                "PricingCategory": "Standard",
                "PricingQuantity": millions,
                "PricingUnit": PER_MILLION_TOKENS,
                "ListUnitPrice": price,
                "ContractedUnitPrice": price,
                "ConsumedQuantity": millions * 1e6,
                "ConsumedUnit": "Tokens",
                "ServiceName": "Per-token inference API",
                "ServiceProviderName": bought[0].vendor,
                "HostProviderName": bought[0].vendor,
                "SkuPriceId": offer_id,
                "x_Kind": "api",
                "x_Gpus": 0.0,
                "x_Workloads": " ".join(p.workload_id for p in bought),
            }
        )
    return rows
