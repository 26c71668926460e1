"""focus.csv splits each commitment's month into its Used and Unused GPUs (probe 8, finding 6:
idle committed capacity was marked `CommitmentDiscountStatus: Used`, so a FinOps tool saw
100% utilisation of a plan whose idle cost is millions). Golden plans, no solve."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

from catalog import default_catalog
from service.reports.focus import focus_csv
from service.reports.focus_unused import COST_COLUMNS
from service.reports.numbers import cents
from tests.golden import golden_plan


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(focus_csv(golden_plan(name), default_catalog()))))


def _row(rows: list[dict[str, str]], offer: str, month: str, status: str) -> dict[str, str]:
    [row] = [
        r
        for r in rows
        if r["SkuPriceId"] == offer
        and r["ChargePeriodStart"].startswith(month)
        and r["CommitmentDiscountStatus"] == status
    ]
    return row


def test_idle_committed_gpus_are_unused() -> None:
    """The seed's 3 GB300 racks (216 GPUs) in 2027-01 serve on 144 (three 48-GPU replicas): a
    Used row of 144 GPUs, 105,120 GPU-hours consumed, 278,778.24, and an Unused row of the 72
    idle, 139,389.12, nothing consumed, no workload; in the capex-budget plan's 2027-01 its 2
    reserved Nscale GB300 racks: 96 GPUs Used (277,516.80) and 48 Unused (138,758.40)."""
    rows = _rows("seed-deepseek-r1")
    used = _row(rows, "onprem-gb300", "2027-01", "Used")
    unused = _row(rows, "onprem-gb300", "2027-01", "Unused")
    assert (used["x_Gpus"], used["ConsumedQuantity"], used["EffectiveCost"]) == (
        "144",
        "105120",
        "278778.24",
    )
    assert used["x_Workloads"] == "reasoning"
    assert (unused["x_Gpus"], unused["PricingQuantity"], unused["EffectiveCost"]) == (
        "72",
        "52560",
        "139389.12",
    )
    assert unused["ConsumedQuantity"] == unused["ConsumedUnit"] == unused["x_Workloads"] == ""
    january = [
        r
        for r in _rows("capex-budget-deepseek-r1")
        if r["SkuPriceId"] == "nscale-gb300-reserved" and r["ChargePeriodStart"][:7] == "2027-01"
    ]
    assert [(r["CommitmentDiscountStatus"], r["x_Gpus"], r["EffectiveCost"]) for r in january] == [
        ("Used", "96", "277516.80"),
        ("Unused", "48", "138758.40"),
    ]


def test_unused_rows_add_up_to_the_idle_cost() -> None:
    """The Unused rows' EffectiveCost is the plan's idle cost to the cent where every idle GPU
    is committed (the seed: 1,672,669.44); with idle on-demand GPUs (the portfolio with a
    6-month tail: 88 GPU-months of nebius-b200-od in 2027-05..12 at 4,015.00, 353,320.00, not
    a commitment) it is the idle cost less theirs."""
    for name, uncommitted in (("seed-deepseek-r1", 0.0), ("portfolio-tail6", 353_320.0)):
        plan = golden_plan(name)
        assert plan.summary is not None
        rows = _rows(name)
        unused = sum(
            (
                Decimal(r["EffectiveCost"])
                for r in rows
                if r["CommitmentDiscountStatus"] == "Unused"
            ),
            Decimal(0),
        )
        assert unused == cents(plan.summary.idle_cost - uncommitted)


def test_the_split_keeps_every_cost_to_the_cent() -> None:
    """Each (offer, month)'s Used and Unused rows add up, in every cost column, to the month's
    allocation to the cent, and GPU-hours to its GPUs x 730; on every golden plan with idle
    committed GPUs."""
    for name in ("seed-deepseek-r1", "capex-budget-deepseek-r1", "portfolio-three-models"):
        plan = golden_plan(name)
        rows = [r for r in _rows(name) if r["ChargeCategory"] == "Usage"]
        effective: defaultdict[tuple[str, str], Decimal] = defaultdict(Decimal)
        hours: defaultdict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for r in rows:
            key = (r["SkuPriceId"], r["ChargePeriodStart"][:7])
            effective[key] += Decimal(r["EffectiveCost"])
            hours[key] += Decimal(r["PricingQuantity"])
            assert all(Decimal(r[c]) >= 0 for c in COST_COLUMNS)
        for m in plan.months:
            for a in m.allocations:
                if a.gpus > 0:
                    assert effective[(a.offer_id, m.month)] == cents(a.cost)
                    assert abs(hours[(a.offer_id, m.month)] - Decimal(a.gpus * 730)) < Decimal(
                        "0.00001"
                    )
