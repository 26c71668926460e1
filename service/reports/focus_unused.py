"""A committed Usage row of focus.csv split into the GPUs that serve (`Used`) and the idle ones
(`Unused`), as FOCUS's CommitmentDiscountStatus defines them (probe 8, finding 6: idle
committed capacity was all `Used`, so a FinOps tool saw full utilisation). The two rows' costs
are in cents that add up to the unsplit row's, to the cent."""

from __future__ import annotations

from typing import Any

from service.reports.numbers import allocate_cents, cents

__all__ = ["COST_COLUMNS", "IDLE", "split_unused"]

COST_COLUMNS = ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost")
IDLE = 1e-9
"""GPUs below which a share is none (float noise of the plan's sums)."""


def split_unused(row: dict[str, Any], gpus: float, idle_gpus: float) -> list[dict[str, Any]]:
    """`row` (a commitment's Usage row of `gpus` GPUs, `idle_gpus` of them idle) as a `Used`
    row of the serving GPUs and an `Unused` row of the idle ones (either alone when the other
    is none). Costs, GPU-hours and units are shared by GPUs; each cost column's two cents add
    up to the row's own. The Unused row consumes nothing (FOCUS: ConsumedQuantity and
    ConsumedUnit are null on an Unused charge) and serves no workload."""
    idle = min(max(idle_gpus, 0.0), gpus)
    if idle <= IDLE:
        return [row | {"CommitmentDiscountStatus": "Used"}]
    used = gpus - idle
    if used <= IDLE:
        return [_unused(row, row, idle)]
    share = used / gpus
    used_row, unused_row = dict(row), dict(row)
    for column in COST_COLUMNS:
        value = float(row[column])
        used_row[column], unused_row[column] = allocate_cents(
            [value * share, value * (1 - share)], cents(value)
        )
    for column in ("PricingQuantity", "ConsumedQuantity"):
        used_row[column] = row[column] * share
    unused_row["PricingQuantity"] = row["PricingQuantity"] * (1 - share)
    used_row |= {
        "CommitmentDiscountStatus": "Used",
        "CommitmentDiscountQuantity": row["CommitmentDiscountQuantity"] * share,
        "ChargeDescription": f"{used:g} GPUs of {row['SkuPriceId']} serving in {_month(row)}",
        "x_Gpus": used,
    }
    unused_row["CommitmentDiscountQuantity"] = row["CommitmentDiscountQuantity"] * (1 - share)
    return [used_row, _unused(row, unused_row, idle)]


def _month(row: dict[str, Any]) -> str:
    return str(row["ChargePeriodStart"])[:7]


def _unused(row: dict[str, Any], part: dict[str, Any], idle: float) -> dict[str, Any]:
    """`part` of `row` as the commitment's unused share: `idle` GPUs that serve nothing."""
    return part | {
        "CommitmentDiscountStatus": "Unused",
        "ConsumedQuantity": None,
        "ConsumedUnit": None,
        "ChargeDescription": (
            f"{idle:g} idle GPUs of {row['SkuPriceId']} in {_month(row)}: committed, unused"
        ),
        "x_Gpus": idle,
        "x_Workloads": "",
    }
