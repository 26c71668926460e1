"""Probe 4 finding 10(b): focus.csv names what it holds: units already signed or owned are
`existing` (as `x_CommitmentProposed` false says), and a Partial Upfront purchase row says
which share of the term is paid upfront (tiny catalogs, millisecond solves)."""

from __future__ import annotations

import csv
import io

import msgspec
import pytest

from catalog import Catalog
from optimizer import Existing, Options, Plan, PlanRequest, make_plan
from optimizer.request import Constraints
from service.reports.cash import cash_summary
from service.reports.cells import Money, Text
from service.reports.cent_ledger import cent_ledger
from service.reports.focus import focus_csv
from tests.tiny import Spec, catalog, forecast


def _partial(share: float) -> Catalog:
    """`res`: 6-month $1 contracts, Partial Upfront with `share` paid at the start."""
    cat = catalog(Spec("res", 1.0, term_months=6), Spec("od", 4.0))
    offers = tuple(
        msgspec.structs.replace(o, payment_model="Partial Upfront", upfront_share=share)
        if o.id == "res"
        else o
        for o in cat.offers
    )
    return msgspec.structs.replace(cat, offers=offers)


def _rows(cat: Catalog, existing: tuple[Existing, ...] = ()) -> list[dict[str, str]]:
    """focus.csv of a 3-month plan of 10,000 tok/s (ten 1,000 tok/s GPUs)."""
    request = PlanRequest(
        forecast=forecast(10_000.0, months=3),
        existing=existing,
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan: Plan = make_plan(cat, request, request.forecast, plan_id="plan_focus")
    assert plan.status == "optimal"
    return list(csv.DictReader(io.StringIO(focus_csv(plan, cat))))


def test_existing_units_are_named_existing_not_proposed() -> None:
    """Ten units already signed serve the demand: each usage row is `existing reserved res`,
    with `x_CommitmentProposed` false, and no purchase row."""
    rows = _rows(
        _partial(0.3), (Existing(offer_id="res", units=10, start="2026-12", term_months=6),)
    )
    usage = [r for r in rows if r["SkuPriceId"] == "res"]
    assert len(usage) == 3
    for row in usage:
        assert row["CommitmentDiscountName"] == "existing reserved res"
        assert row["x_CommitmentProposed"] == "false"
    assert not [r for r in rows if r["ChargeCategory"] == "Purchase"]


def test_a_month_with_both_bills_each_apart() -> None:
    """Four units owned and six more proposed: the month has a row of each, the owned one
    `existing` and not proposed, the other proposed (probe 13b finding 3, probe 14a finding
    4: one row blended them, marked proposed); together they bill and cost the month."""
    rows = _rows(
        _partial(0.3), (Existing(offer_id="res", units=4, start="2026-12", term_months=6),)
    )
    first = [
        r
        for r in rows
        if r["SkuPriceId"] == "res"
        and r["ChargeCategory"] == "Usage"
        and r["ChargePeriodStart"].startswith("2027-01")
    ]
    named = {r["CommitmentDiscountName"]: r for r in first}
    assert set(named) == {"existing reserved res", "proposed reserved res"}, first
    owned, proposed = named["existing reserved res"], named["proposed reserved res"]
    assert (owned["x_CommitmentProposed"], proposed["x_CommitmentProposed"]) == ("false", "true")
    assert (float(owned["x_Gpus"]), float(proposed["x_Gpus"])) == (4.0, 6.0)
    assert float(owned["CommitmentDiscountQuantity"]) == 4.0
    assert float(proposed["CommitmentDiscountQuantity"]) == 6.0
    # Both at the contract's $1 a GPU-hour: 4 x 730 and 6 x 730 effective.
    assert (owned["EffectiveCost"], proposed["EffectiveCost"]) == ("2920.00", "4380.00")


def test_a_partial_upfront_purchase_says_its_share() -> None:
    """A 30% Partial Upfront contract's purchase row: 30% of its 6 months paid upfront, the
    rest monthly, billed 30% of 10 GPUs x $1 x 730 h x 6 = 13,140.00."""
    [purchase] = [r for r in _rows(_partial(0.3)) if r["ChargeCategory"] == "Purchase"]
    assert purchase["ChargeDescription"] == (
        "10 units of res: 30% of 6 months (2027-01 to 2027-06) paid upfront, the rest monthly"
    )
    assert purchase["BilledCost"] == "13140.00"
    assert purchase["CommitmentDiscountName"] == "proposed reserved res"


def test_purchases_of_signed_and_proposed_units_are_apart() -> None:
    """Four units signed at 0.90 for 3 months and six proposed for the offer's 6, both
    starting in the first month: a Purchase row each, never one blend (probe 15 F1: one row of
    both, its term the first's, a price no contract has, all marked proposed). The signed
    one pays 30% of 4 x 0.90 x 730 h x 3 = 2,365.20 and ends with its own term, under its own
    id, at the price it was signed at; the proposed one 30% of 6 x 1.00 x 730 x 6 = 7,884.00.
    The month's rows bill what its cash flow pays."""
    cat = _partial(0.3)
    held = Existing(offer_id="res", units=4, start="2027-01", term_months=3, price_per_gpu_hour=0.9)
    request = PlanRequest(
        forecast=forecast(10_000.0, months=3),
        existing=(held,),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast, plan_id="plan_focus")
    rows = list(csv.DictReader(io.StringIO(focus_csv(plan, cat))))
    bought = {r["x_CommitmentProposed"]: r for r in rows if r["ChargeCategory"] == "Purchase"}
    assert set(bought) == {"true", "false"}, rows
    signed, new = bought["false"], bought["true"]
    assert signed["ChargeDescription"] == (
        "4 existing units of res: 30% of 3 months (2027-01 to 2027-03) paid upfront, the rest "
        "monthly"
    )
    assert (signed["BilledCost"], signed["PricingQuantity"]) == ("2365.20", "4")
    assert signed["ChargePeriodEnd"] == "2027-04-01T00:00:00Z"
    assert signed["CommitmentDiscountId"] == "plan_focus/res/existing"
    assert signed["CommitmentDiscountName"] == "existing reserved res"
    assert signed["x_PriceBasis"] == "contract"
    assert new["ChargeDescription"] == (
        "6 units of res: 30% of 6 months (2027-01 to 2027-06) paid upfront, the rest monthly"
    )
    assert (new["BilledCost"], new["PricingQuantity"]) == ("7884.00", "6")
    assert new["ChargePeriodEnd"] == "2027-07-01T00:00:00Z"
    assert new["CommitmentDiscountId"] == "plan_focus/res"
    assert new["x_PriceBasis"] == "quote"
    january = [r for r in rows if r["ChargePeriodStart"].startswith("2027-01")]
    [flow] = [f for f in plan.cash_flows if f.month == "2027-01"]
    assert sum(float(r["BilledCost"]) for r in january) == pytest.approx(flow.cash, abs=0.005)


def test_a_cap_on_upfront_is_said_to_leave_existing_commitments_out() -> None:
    """With `max_upfront` and an existing commitment paid upfront in the horizon, the cash
    summary's upfront (both contracts': 2,365.20 + 7,884.00) is followed by a line saying the
    cap counts only the contracts the plan signs (probe 15 L3); without existing ones, none."""
    cat = _partial(0.3)
    held = Existing(offer_id="res", units=4, start="2027-01", term_months=3, price_per_gpu_hour=0.9)

    def summary(existing: tuple[Existing, ...]) -> dict[str, object]:
        request = PlanRequest(
            forecast=forecast(10_000.0, months=3),
            existing=existing,
            constraints=Constraints(max_upfront=20_000),
            options=Options(commitment_accounting="in_horizon"),
        )
        assert request.forecast is not None
        plan = make_plan(cat, request, request.forecast, plan_id="plan_cap")
        return dict(cash_summary(plan, cent_ledger(plan, cat).flows, cat))

    shown = summary((held,))
    assert shown["of which upfront"] == Money(10249.20, "USD")
    said = shown["max_upfront"]
    assert said == Text(
        "20,000.00 USD limits the upfront of the contracts this plan signs; the upfront above "
        "includes existing commitments', which it does not count"
    )
    assert "max_upfront" not in summary(())


def test_two_existing_contracts_of_one_offer_and_term_are_two_purchases() -> None:
    """Two units signed at 0.90 and two more at the catalog's 1.00, both for 3 months from
    the first month: a Purchase row each, at its own price (30% of 2 x 0.90 x 730 x 3 =
    1,182.60, `signed`; of 2 x 1.00 x 730 x 3 = 1,314.00, the offer's basis), never one at
    a price neither has (review 15a F1)."""
    cat = _partial(0.3)
    signed = Existing(
        offer_id="res", units=2, start="2027-01", term_months=3, price_per_gpu_hour=0.9
    )
    listed = Existing(offer_id="res", units=2, start="2027-01", term_months=3)
    request = PlanRequest(
        forecast=forecast(10_000.0, months=3),
        existing=(signed, listed),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast, plan_id="plan_focus")
    rows = list(csv.DictReader(io.StringIO(focus_csv(plan, cat))))
    held = [
        (r["BilledCost"], r["x_PriceBasis"])
        for r in rows
        if r["ChargeCategory"] == "Purchase" and r["x_CommitmentProposed"] == "false"
    ]
    assert sorted(held) == [("1182.60", "contract"), ("1314.00", "quote")], held
