"""Issue 15: /plans/{id}/focus.csv, a FOCUS-shaped export of a plan, checked against FOCUS's
own rules for the columns it uses (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec,
specification/datasets/cost_and_usage/columns/*.md: allowed values, nullability, a commitment
purchase's EffectiveCost of 0) and against the plan's numbers to the cent."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import msgspec
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import default_catalog
from service.reports.focus import FOCUS_COLUMNS, focus_csv
from service.reports.numbers import cents
from tests.golden import golden_plan, store_plan
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]
PORTFOLIO = "portfolio-tail6"
ALLOWED = {
    "ChargeCategory": {"Usage", "Purchase", "Tax", "Credit", "Adjustment"},
    "ChargeFrequency": {"One-Time", "Recurring", "Usage-Based"},
    "PricingCategory": {"Standard", "Dynamic", "Committed", "Other"},
    "CommitmentDiscountCategory": {"Spend", "Usage"},
    "CommitmentDiscountStatus": {"Used", "Unused"},
}


def _rows(name: str = PORTFOLIO) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(focus_csv(golden_plan(name), default_catalog()))))


def _when(text: str) -> dt.datetime:
    assert text.endswith("Z"), text
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_focus_columns_and_values_follow_focus_rules() -> None:
    """Every column is a FOCUS column or starts with x_; enumerations take allowed values;
    CommitmentDiscountStatus is null exactly when there is no CommitmentDiscountId or the row
    is not Usage; a commitment Purchase has EffectiveCost 0; costs are non-negative decimals;
    charge periods are UTC and end after they start; ServiceCategory is AI and Machine
    Learning."""
    rows = _rows()
    assert rows and list(rows[0]) == list(FOCUS_COLUMNS)
    assert all(c[0].isupper() or c.startswith("x_") for c in FOCUS_COLUMNS)
    for row in rows:
        for column, allowed in ALLOWED.items():
            assert row[column] == "" or row[column] in allowed, (column, row[column])
        usage = row["ChargeCategory"] == "Usage"
        has_id = row["CommitmentDiscountId"] != ""
        assert (row["CommitmentDiscountStatus"] != "") == (has_id and usage)
        if row["ChargeCategory"] == "Purchase":
            assert has_id and Decimal(row["EffectiveCost"]) == 0
        for column in ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost"):
            assert Decimal(row[column]) >= 0
        assert _when(row["ChargePeriodEnd"]) > _when(row["ChargePeriodStart"])
        assert row["ServiceCategory"] == "AI and Machine Learning"
        assert len(row["BillingCurrency"]) == 3 and row["BillingCurrency"].isupper()


def test_one_usage_row_per_offer_and_month_adding_up_to_the_plan() -> None:
    """One Usage row per (offer, month) the plan uses, a commitment's split into its Used and
    Unused GPUs; EffectiveCost adds up to the months' cost to the cent; BilledCost is the cash:
    the month-by-month charges plus each upfront commitment's whole obligation in its first
    month, none on the use it prepaid."""
    plan = golden_plan(PORTFOLIO)
    rows = _rows()
    usage = [r for r in rows if r["ChargeCategory"] == "Usage"]
    keys = [
        (r["SkuPriceId"], r["ChargePeriodStart"][:7], r["CommitmentDiscountStatus"]) for r in usage
    ]
    expected = {(a.offer_id, m.month) for m in plan.months for a in m.allocations if a.gpus > 0}
    assert len(keys) == len(set(keys)) and {k[:2] for k in keys} == expected
    effective = sum(Decimal(r["EffectiveCost"]) for r in rows)
    assert cents(float(effective)) == cents(sum(m.cost for m in plan.months))
    upfront = [c for c in plan.commitments if c.payment_model == "All Upfront" and not c.existing]
    prepaid = {c.offer_id for c in upfront}
    cash = sum(
        a.cost for m in plan.months for a in m.allocations if a.offer_id not in prepaid
    ) + sum(c.total_obligation for c in upfront)
    billed = sum(Decimal(r["BilledCost"]) for r in rows)
    assert cents(float(billed)) == cents(cash)
    purchases = [r for r in rows if r["ChargeCategory"] == "Purchase"]
    assert {r["SkuPriceId"] for r in purchases} == prepaid
    assert all(r["x_CommitmentProposed"] == "true" for r in purchases)


def test_commitments_are_marked_proposed_and_on_demand_is_standard() -> None:
    """Usage of a proposed commitment carries its CommitmentDiscountId, Used (or Unused for
    its idle GPUs), Committed and x_CommitmentProposed true; on-demand use is Standard with no
    commitment columns."""
    rows = [r for r in _rows() if r["ChargeCategory"] == "Usage"]
    committed = [r for r in rows if r["x_Kind"] in ("reserved", "owned")]
    assert committed and all(
        r["PricingCategory"] == "Committed"
        and r["CommitmentDiscountStatus"] in ("Used", "Unused")
        and r["x_CommitmentProposed"] == "true"
        for r in committed
    )
    on_demand = [r for r in rows if r["x_Kind"] == "on_demand"]
    assert on_demand and all(
        r["PricingCategory"] == "Standard" and r["CommitmentDiscountId"] == "" for r in on_demand
    )


async def test_focus_csv_is_served_for_a_stored_plan(client: Client, db_path: str) -> None:
    """GET /plans/{id}/focus.csv: text/csv, a download named after the plan, the same rows."""
    plan = store_plan(db_path, golden_plan(PORTFOLIO))
    response = await client.get(f"/plans/{plan.id}/focus.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert f"{plan.id}-focus.csv" in response.headers["content-disposition"]
    assert response.text == focus_csv(plan, default_catalog())


def test_focus_costs_are_to_the_cent_and_numbers_carry_no_float_noise() -> None:
    """Every cost cell is a decimal with two places (as cash.csv and requisition.csv show
    money); no other number shows float noise such as 2489241.6000000001."""
    for name in ("portfolio-three-models", "seed-deepseek-r1", "growing-power-capped"):
        for row in _rows(name):
            for column in ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost"):
                assert row[column] == str(Decimal(row[column]).quantize(Decimal("0.01")))
            for column in ("PricingQuantity", "ListUnitPrice", "ConsumedQuantity", "x_Gpus"):
                assert "0000000" not in row[column] and "9999999" not in row[column], row


async def test_focus_csv_of_a_plan_without_a_fleet_is_409(client: Client, db_path: str) -> None:
    """A plan that found no fleet answers focus.csv with 409, as requisition.csv and cash.csv
    do, not 200 with a header only."""
    nothing = msgspec.structs.replace(
        golden_plan(PORTFOLIO), id="plan_none", status="cancelled", summary=None
    )
    store_plan(db_path, nothing)
    for export in ("focus.csv", "cash.csv", "requisition.csv"):
        assert_problem(await client.get(f"/plans/plan_none/{export}"), 409)
