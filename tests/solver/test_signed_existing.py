"""Probe 13 finding 2, the plan's side: an existing commitment keeps the price it was signed at
(`existing[].price_per_gpu_hour`): its committed cost, its payments in the cash flows,
cash.csv, report.csv and focus.csv are at that price to the cent, whatever the catalog's price
is when the plan is made; without it, the plan says the commitment was costed at the
catalog's current price. Tiny catalogs, millisecond solves."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

import msgspec

from catalog import Catalog
from optimizer import Existing, Options, Plan, PlanRequest, make_plan
from service.reports import render_report
from service.reports.focus import focus_csv
from service.reports.to_csv import cash_csv
from tests.paid_plans import own_and_od
from tests.tiny import Spec, catalog, forecast


def _partial(price: float) -> Catalog:
    """`res`: 6-month contracts at `price` a GPU-hour, 30% of each paid upfront; `od` $4."""
    cat = catalog(Spec("res", price, term_months=6), Spec("od", 4.0))
    offers = tuple(
        msgspec.structs.replace(o, payment_model="Partial Upfront", upfront_share=0.3)
        if o.id == "res"
        else o
        for o in cat.offers
    )
    return msgspec.structs.replace(cat, offers=offers)


def _plan(cat: Catalog, signed: float | None) -> Plan:
    """10,000 tok/s for three months (ten 1,000 tok/s GPUs) with four `res` GPUs signed from
    the horizon's first month for six months, at `signed` a GPU-hour (None: no price)."""
    request = PlanRequest(
        forecast=forecast(10_000.0, months=3),
        existing=(
            Existing(
                offer_id="res",
                units=4,
                start="2027-01",
                term_months=6,
                price_per_gpu_hour=signed,
            ),
        ),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast, plan_id="plan_signed")
    assert plan.status == "optimal" and plan.summary is not None
    return plan


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_signed_price_is_what_the_existing_commitment_costs_and_pays() -> None:
    """Four GPUs signed at $0.80 (the catalog says $1.00): 4 x 0.80 x 730 = 2,336.00 a month,
    7,008.00 in the three months (not 8,760.00). The plan signs six more at $1.00 (4,380.00 a
    month). January pays both upfront shares, 30% of six months: 4,204.80 + 7,884.00 =
    12,088.80, and each month 70%: 1,635.20 + 3,066.00 = 4,701.20. cash.csv, report.csv and
    focus.csv say the same to the cent."""
    cat = _partial(1.0)
    plan = _plan(cat, 0.8)
    assert plan.summary is not None
    assert round(plan.summary.committed_cost, 2) == 7008.00
    assert round(plan.summary.chosen_cost, 2) == 3 * 4380.00
    held = [c for c in plan.commitments if c.existing]
    assert [round(c.monthly_cost, 2) for c in held] == [2336.00]
    assert round(held[0].total_obligation, 2) == 6 * 2336.00
    january = plan.cash_flows[0]
    assert round(january.upfront, 2) == 12088.80
    assert round(january.recurring, 2) == 4701.20
    assert round(january.amortised, 2) == 2336.00 + 4380.00
    cash = {r["month"]: r for r in _rows(cash_csv(plan, cat))}
    assert cash["2027-01"]["upfront"] == "12088.80"
    assert cash["2027-02"]["recurring"] == "4701.20"
    # Months 4 to 6: the existing contract alone, 70% of 2,336.00 a month, and the new one.
    assert cash["2027-04"]["amortised"] == "6716.00"
    lines = _rows(str(render_report(plan, cat, "csv")[0]))
    res = defaultdict(Decimal)
    for line in lines:
        if line.get("offer_id") == "res":
            res[line["month"]] += Decimal(line["cost"])
    assert res["2027-01"] == Decimal("6716.00")
    focus = _rows(focus_csv(plan, cat))
    purchase = [r for r in focus if r["ChargeCategory"] == "Purchase"]
    # A Purchase row per contract (probe 15 F1: one row blended them), together the month's.
    assert [
        (r["ChargePeriodStart"][:7], r["BilledCost"], r["x_CommitmentProposed"]) for r in purchase
    ] == [("2027-01", "4204.80", "false"), ("2027-01", "7884.00", "true")]
    usage = [r for r in focus if r["SkuPriceId"] == "res" and r["ChargeCategory"] == "Usage"]
    by_month: defaultdict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    for r in usage:
        got = by_month[r["ChargePeriodStart"][:7]]
        got[0] += Decimal(r["BilledCost"])
        got[1] += Decimal(r["EffectiveCost"])
        got[2] += Decimal(r["ContractedCost"])
    assert by_month["2027-02"] == [Decimal("4701.20"), Decimal("6716.00"), Decimal("6716.00")]
    # Each contract at its own price, in a row of its own (probe 14a finding 4: one row at
    # the blend, 0.88 a GPU-hour, marked proposed): the signed 0.80, the new 1.00.
    february = {
        r["x_CommitmentProposed"]: r for r in usage if r["ChargePeriodStart"][:7] == "2027-02"
    }
    assert set(february) == {"false", "true"}
    assert float(february["false"]["ContractedUnitPrice"]) == 0.8
    assert float(february["true"]["ContractedUnitPrice"]) == 1.0
    assert february["false"]["EffectiveCost"] == "2336.00"
    assert february["true"]["EffectiveCost"] == "4380.00"
    assert february["false"]["BilledCost"] == "1635.20"  # 70% of 2,336.00 monthly
    # The signed row's price is the contract's, under a commitment id of its own (probe 14c:
    # the catalog's basis and date, and the proposal's id).
    assert (february["false"]["x_PriceBasis"], february["true"]["x_PriceBasis"]) == (
        "contract",  # the plan's own word for it (review 18 R4)
        "quote",
    )
    ids = (february["false"]["CommitmentDiscountId"], february["true"]["CommitmentDiscountId"])
    assert ids == ("plan_signed/res/existing", "plan_signed/res")
    for month in ("2027-01", "2027-02", "2027-03"):  # focus.csv has the horizon's months
        row = cash[month]
        billed = sum(
            (Decimal(r["BilledCost"]) for r in focus if r["ChargePeriodStart"][:7] == month),
            Decimal(0),
        )
        assert billed == Decimal(row["cash"]), month
    assert not [w for w in plan.warnings if "catalog's current price" in w]


def test_a_catalog_edit_does_not_re_price_a_signed_commitment() -> None:
    """The probe's plan side: the catalog's `res` edited from $1.00 to $1.50, the same request
    re-planned: the contract signed at $0.80 still costs 7,008.00 in the horizon; without a
    price, it follows the catalog (8,760.00, then 13,140.00) and the plan says so."""
    for price in (1.0, 1.5):
        plan = _plan(_partial(price), 0.8)
        assert plan.summary is not None
        assert round(plan.summary.committed_cost, 2) == 7008.00
    for price, committed in ((1.0, 8760.00), (1.5, 13140.00)):
        plan = _plan(_partial(price), None)
        assert plan.summary is not None
        assert round(plan.summary.committed_cost, 2) == committed
        said = [w for w in plan.warnings if "catalog's current price" in w]
        assert said == [
            "existing commitments costed at the catalog's current price, not the price they "
            f"were signed at: existing[0] (res, {price:g} USD/GPU-h); give each its "
            "`price_per_gpu_hour` so that its committed cost, cash and sensitivity are the "
            "contract's"
        ]


def test_owned_hardware_signed_below_its_parts_pays_its_parts_scaled() -> None:
    """One 8-GPU unit owned from January for its 2-month life (capex 4,000 a GPU, a quarter
    recovered, opex 100 and 73.00 of energy a GPU-month: 1,673.00 a GPU-month), written in
    the request at half that price (836.50 a GPU-month): capex, opex and energy scale alike,
    so January pays 8 x 2,000 = 16,000.00 upfront, each month 8 x 86.50 = 692.00, March
    recovers 8 x 500 = 4,000.00 (a Credit row of -4,000.00 in focus.csv), and the horizon's
    committed cost is 2 x 8 x 836.50 = 13,384.00 (the catalog's parts: 32,000.00 upfront,
    8,000.00 recovered, 26,768.00)."""
    cat = own_and_od()
    request = PlanRequest(
        forecast=forecast([8000.0, 8000.0, 0.0], 3),
        existing=(
            Existing(
                offer_id="own",
                units=1,
                start="2027-01",
                term_months=2,
                price_per_gpu_hour=836.5 / 730,
            ),
        ),
        options=Options(commitment_accounting="full_term", gap=0.0),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast, plan_id="plan_owned")
    assert plan.status == "optimal" and plan.summary is not None
    assert not [c for c in plan.commitments if not c.existing]
    assert round(plan.summary.committed_cost, 2) == 13384.00
    flows = [
        (round(f.upfront, 2), round(f.recurring, 2), round(f.recovered, 2)) for f in plan.cash_flows
    ]
    assert flows[:3] == [(16000.00, 692.00, 0.0), (0.0, 692.00, 0.0), (0.0, 0.0, 4000.00)]
    focus = _rows(focus_csv(plan, cat))
    assert [
        (r["ChargePeriodStart"][:7], r["ChargeCategory"], r["BilledCost"])
        for r in focus
        if r["ChargeCategory"] in ("Purchase", "Credit")
    ] == [("2027-01", "Purchase", "16000.00"), ("2027-03", "Credit", "-4000.00")]
    cash = {r["month"]: Decimal(r["cash"]) for r in _rows(cash_csv(plan, cat))}
    for month in ("2027-01", "2027-02", "2027-03"):
        billed = sum(
            (Decimal(r["BilledCost"]) for r in focus if r["ChargePeriodStart"][:7] == month),
            Decimal(0),
        )
        assert billed == cash[month], month
