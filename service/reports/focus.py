"""A plan as a FOCUS-shaped cost export (`/plans/{id}/focus.csv`): one row per offer and month
of the horizon (a commitment's split into its serving GPUs, `Used`, and its idle ones,
`Unused`), plus a Purchase row where an upfront commitment is paid. `BilledCost` is the
cash the month is invoiced, `EffectiveCost` the amortised cost; every commitment is the plan's
proposal, not a purchase made (`x_CommitmentProposed`); every row carries the plan's status
and gap (`x_PlanStatus`, `x_PlanGap`: `feasible` is not proven optimal). A scenario plan's
rows are its shown scenario's: `x_Scenario` (a column of scenario plans only) says `all` on the
rows of contracts with a term beyond one month, signed once for every scenario, and the shown
scenario's name on its own on-demand, spot and API rows. Column names and values follow FOCUS
1.x for the columns used; plan-only columns start with `x_`."""

from __future__ import annotations

from typing import Any

from catalog import HOURS_PER_MONTH, Catalog
from catalog.payments import payments_per_gpu, upfront_share
from optimizer import Plan, month_index, month_label
from optimizer.plan import Allocation, Commitment
from service.reports.api_focus import api_focus_rows
from service.reports.cent_ledger import cent_ledger, settle_billed
from service.reports.csv_text import csv_text
from service.reports.focus_unused import COST_COLUMNS, split_unused
from service.reports.numbers import cents, decimal_text
from service.reports.standing import standing

__all__ = ["FOCUS_COLUMNS", "SERVICE_CATEGORY", "focus_csv", "focus_rows"]

SERVICE_CATEGORY = "AI and Machine Learning"
PRICING_CATEGORY = {
    "on_demand": "Standard",
    "spot": "Dynamic",
    "reserved": "Committed",
    "owned": "Committed",
}
COMMITMENT_TYPE = {"reserved": "Reserved capacity", "owned": "Owned hardware"}
FOCUS_COLUMNS = (
    "BillingPeriodStart",
    "BillingPeriodEnd",
    "ChargePeriodStart",
    "ChargePeriodEnd",
    "BillingCurrency",
    "BilledCost",
    "EffectiveCost",
    "ListCost",
    "ContractedCost",
    "ChargeCategory",
    "ChargeFrequency",
    "ChargeDescription",
    "PricingCategory",
    "PricingQuantity",
    "PricingUnit",
    "ListUnitPrice",
    "ContractedUnitPrice",
    "ConsumedQuantity",
    "ConsumedUnit",
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "CommitmentDiscountType",
    "CommitmentDiscountCategory",
    "CommitmentDiscountStatus",
    "CommitmentDiscountQuantity",
    "CommitmentDiscountUnit",
    "ServiceCategory",
    "ServiceName",
    "ServiceProviderName",
    "HostProviderName",
    "RegionId",
    "SkuId",
    "SkuPriceId",
    "SkuMeter",
    "x_PlanId",
    "x_Kind",
    "x_Gpus",
    "x_Workloads",
    "x_CommitmentProposed",
    "x_PaymentModel",
    "x_PlanStatus",
    "x_PlanGap",
)


def _period(month: str) -> tuple[str, str]:
    """A month as FOCUS's inclusive start and exclusive end, in UTC."""
    following = month_label(month_index(month) + 1)
    return f"{month}-01T00:00:00Z", f"{following}-01T00:00:00Z"


def _commitment_id(plan: Plan, offer_id: str) -> str:
    return f"{plan.id}/{offer_id}"


def _commitment_name(kind: str, offer_id: str, proposed: bool, existing: bool) -> str:
    """What the units of one offer in a month are: proposed by the plan, already signed or
    owned (`existing`), or both."""
    which = "existing and proposed" if proposed and existing else "proposed" if proposed else ""
    return f"{which or 'existing'} {kind} {offer_id}"


def _usage(
    plan: Plan, catalog: Catalog, month: str, a: Allocation, proposed: bool, existing: bool
) -> dict[str, Any]:
    """The Usage row of offer `a` in `month` (a commitment's is split into its Used and
    Unused GPUs once its BilledCost is settled, by `focus_unused`)."""
    offer = catalog.offer(a.offer_id)
    if offer is None:
        msg = f"offer {a.offer_id} is not in catalog revision {plan.catalog_revision}"
        raise LookupError(msg)
    start, end = _period(month)
    hours = a.gpus * HOURS_PER_MONTH
    listed = offer.list_price_per_gpu_hour or offer.price_per_gpu_hour
    committed = a.kind in COMMITMENT_TYPE
    row: dict[str, Any] = {
        "BillingPeriodStart": start,
        "BillingPeriodEnd": end,
        "ChargePeriodStart": start,
        "ChargePeriodEnd": end,
        "BillingCurrency": offer.currency,
        # What is billed monthly (by payment model; capex and upfront shares were billed at
        # purchase); the amortised cost remains the month's whole share.
        "BilledCost": a.gpus * payments_per_gpu(offer, offer.term).monthly,
        "EffectiveCost": a.cost,
        "ListCost": hours * listed,
        "ContractedCost": hours * offer.price_per_gpu_hour,
        "ChargeCategory": "Usage",
        "ChargeFrequency": "Recurring" if committed else "Usage-Based",
        "ChargeDescription": f"{a.gpus:g} GPUs of {offer.id} in {month}",
        "PricingCategory": PRICING_CATEGORY[a.kind],
        "PricingQuantity": hours,
        "PricingUnit": "GPU-Hours",
        "ListUnitPrice": listed,
        "ContractedUnitPrice": offer.price_per_gpu_hour,
        "ConsumedQuantity": hours,
        "ConsumedUnit": "GPU-Hours",
        "ServiceProviderName": offer.vendor,
        "HostProviderName": "On-Premises" if a.kind == "owned" else offer.vendor,
        "RegionId": offer.region,
        "SkuId": offer.sku,
        "SkuPriceId": offer.id,
        "x_Kind": a.kind,
        "x_Gpus": a.gpus,
        "x_Workloads": " ".join(w.workload_id for w in a.workloads),
        "x_PaymentModel": offer.payment_model,
    }
    if committed:
        row |= {
            "CommitmentDiscountId": _commitment_id(plan, offer.id),
            "CommitmentDiscountName": _commitment_name(offer.kind, offer.id, proposed, existing),
            "CommitmentDiscountType": COMMITMENT_TYPE[a.kind],
            "CommitmentDiscountCategory": "Usage",
            "CommitmentDiscountQuantity": a.units,
            "CommitmentDiscountUnit": "Units",
            "x_CommitmentProposed": "true" if proposed else "false",
        }
    return row


def _purchase(plan: Plan, catalog: Catalog, month: str, signed: list[Commitment]) -> dict[str, Any]:
    """The upfront payment of the commitments on one offer starting in `month`: billed now,
    amortised over the term (so its EffectiveCost is 0, as FOCUS requires of a purchase)."""
    first = signed[0]
    offer = catalog.offer(first.offer_id)
    if offer is None:
        msg = f"offer {first.offer_id} is not in catalog revision {plan.catalog_revision}"
        raise LookupError(msg)
    start, end = _period(month)
    units = sum(c.units for c in signed)
    amount = sum(c.gpus * payments_per_gpu(offer, c.term_months).upfront for c in signed)
    term = f"{first.term_months} months ({first.start} to {first.end})"
    if offer.tco is not None:
        paid = f" bought: capex paid upfront for a life of {term}"
    elif upfront_share(offer) < 1:
        paid = f": {upfront_share(offer):.0%} of {term} paid upfront, the rest monthly"
    else:
        paid = f" paid upfront for {term}"
    return {
        "BillingPeriodStart": start,
        "BillingPeriodEnd": end,
        "ChargePeriodStart": start,
        "ChargePeriodEnd": _period(month_label(month_index(first.end)))[1],
        "BillingCurrency": offer.currency,
        "BilledCost": amount,
        "EffectiveCost": 0.0,
        "ListCost": amount,
        "ContractedCost": amount,
        "ChargeCategory": "Purchase",
        "ChargeFrequency": "One-Time",
        "ChargeDescription": f"{units:g} units of {offer.id}{paid}",
        "PricingCategory": "Committed",
        "PricingQuantity": units,
        "PricingUnit": "Units",
        "ListUnitPrice": amount / units,
        "ContractedUnitPrice": amount / units,
        "CommitmentDiscountId": _commitment_id(plan, offer.id),
        "CommitmentDiscountName": f"proposed {offer.kind} {offer.id}",
        "CommitmentDiscountType": COMMITMENT_TYPE.get(offer.kind, offer.kind),
        "CommitmentDiscountCategory": "Usage",
        "CommitmentDiscountQuantity": units,
        "CommitmentDiscountUnit": "Units",
        "ServiceProviderName": offer.vendor,
        "HostProviderName": "On-Premises" if offer.kind == "owned" else offer.vendor,
        "RegionId": offer.region,
        "SkuId": offer.sku,
        "SkuPriceId": offer.id,
        "x_Kind": offer.kind,
        "x_CommitmentProposed": "true",
        "x_PaymentModel": offer.payment_model,
    }


def focus_rows(plan: Plan, catalog: Catalog) -> list[dict[str, Any]]:
    """The export's rows, by month: each upfront purchase first, then each offer's use, then
    the tokens bought; BilledCost in the cents of `cent_ledger` (the requisition's payments,
    each month adding up to the cash table's)."""
    rows: list[dict[str, Any]] = []
    ledger = cent_ledger(plan, catalog)
    for m in plan.months:
        starting: dict[str, list[Commitment]] = {}
        for c in plan.commitments:
            offer = catalog.offer(c.offer_id)
            paid = offer is not None and payments_per_gpu(offer, c.term_months).upfront > 0
            if paid and c.start == m.month and not c.existing:
                starting.setdefault(c.offer_id, []).append(c)
        bought = [_purchase(plan, catalog, m.month, cs) for _, cs in sorted(starting.items())]
        now = month_index(m.month)
        active = [c for c in plan.commitments if month_index(c.start) <= now <= month_index(c.end)]
        proposed = {c.offer_id for c in active if not c.existing}
        existing = {c.offer_id for c in active if c.existing}
        used = [
            (a, _usage(plan, catalog, m.month, a, a.offer_id in proposed, a.offer_id in existing))
            for a in sorted(m.allocations, key=lambda a: a.offer_id)
            if a.gpus > 0 or a.cost > 0
        ]
        tokens = api_focus_rows(m, plan.summary.currency if plan.summary else "", catalog)
        settle_billed(ledger, m.month, [*bought, *(row for _, row in used), *tokens])
        rows += bought
        for a, row in used:
            committed = a.kind in COMMITMENT_TYPE
            rows += split_unused(row, a.gpus, a.idle_gpus) if committed else [row]
        rows += tokens
    status, gap = standing(plan)
    for row in rows:
        row |= {"ServiceCategory": SERVICE_CATEGORY}
        row.setdefault("ServiceName", "GPU capacity")
        row |= {"x_PlanId": plan.id, "x_PlanStatus": status, "x_PlanGap": gap}
        row.setdefault("x_CommitmentProposed", "false")
    if plan.scenarios is not None:
        for row in rows:
            row["x_Scenario"] = "all" if _shared(row, catalog) else plan.scenarios.shown
    return rows


def _shared(row: dict[str, Any], catalog: Catalog) -> bool:
    """Whether a row is of a contract every scenario shares: committed, with a term beyond
    one month."""
    offer = catalog.offer(row.get("SkuPriceId", ""))
    return row.get("PricingCategory") == "Committed" and offer is not None and offer.term > 1


def _cell(column: str, value: Any) -> str:
    """Costs to the cent, as every other CSV shows them; quantities and unit prices as plain
    decimals to six places (a token in a million, a millionth of a cent a GPU-hour), so no
    float noise reaches a spreadsheet."""
    if value is None:
        return ""
    if column in COST_COLUMNS:
        return str(cents(float(value)))
    if isinstance(value, float):
        return decimal_text(value, 6)
    return str(value)


def focus_csv(plan: Plan, catalog: Catalog) -> str:
    """The export as RFC 4180 CSV with the FOCUS header (`FOCUS_COLUMNS`); null is empty."""
    rows = focus_rows(plan, catalog)
    columns = FOCUS_COLUMNS + (("x_Scenario",) if plan.scenarios is not None else ())
    return csv_text([columns] + [[_cell(c, r.get(c)) for c in columns] for r in rows])
