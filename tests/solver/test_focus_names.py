"""Probe 4 finding 10(b): focus.csv names what it holds: units already signed or owned are
`existing` (as `x_CommitmentProposed` false says), and a Partial Upfront purchase row says
which share of the term is paid upfront (tiny catalogs, millisecond solves)."""

from __future__ import annotations

import csv
import io

import msgspec

from catalog import Catalog
from optimizer import Existing, Options, Plan, PlanRequest, make_plan
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


def test_a_month_with_both_names_both() -> None:
    """Four units owned and six more proposed: the month's row says both, and is proposed."""
    rows = _rows(
        _partial(0.3), (Existing(offer_id="res", units=4, start="2026-12", term_months=6),)
    )
    first = next(r for r in rows if r["SkuPriceId"] == "res" and r["ChargeCategory"] == "Usage")
    assert first["CommitmentDiscountName"] == "existing and proposed reserved res"
    assert first["x_CommitmentProposed"] == "true"


def test_a_partial_upfront_purchase_says_its_share() -> None:
    """A 30% Partial Upfront contract's purchase row: 30% of its 6 months paid upfront, the
    rest monthly, billed 30% of 10 GPUs x $1 x 730 h x 6 = 13,140.00."""
    [purchase] = [r for r in _rows(_partial(0.3)) if r["ChargeCategory"] == "Purchase"]
    assert purchase["ChargeDescription"] == (
        "10 units of res: 30% of 6 months (2027-01 to 2027-06) paid upfront, the rest monthly"
    )
    assert purchase["BilledCost"] == "13140.00"
    assert purchase["CommitmentDiscountName"] == "proposed reserved res"
