"""The cents of a plan's cash agree across its exports (probe 11 finding 4, on the probe's EUR
plan: a Partial Upfront contract, on-demand months and an API's two meters): focus.csv's rows
of each SKU add up to its requisition line (they were 30,659.57 against 30,659.56, 3,527.03
against 3,527.01, 655.00 against 655.02), cash.csv to the requisition's total and the JSON's
(44,574.84 against 44,574.83), and where the horizon's cash in the requisition's cents
differs from the JSON's unrounded figure, the report shows both."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal

import msgspec
import pytest

from catalog import Catalog
from optimizer import Plan, PlanRequest, make_plan
from optimizer.request import Options
from service.decoding import decode_body
from service.reports import render_report
from service.reports.focus import focus_csv
from service.reports.numbers import cents
from service.reports.requisition import requisition
from service.reports.to_csv import cash_csv
from tests import tiny
from tests.paths import DATA

EUR = {
    "forecast": {
        "name": "eur",
        "start": "2027-01",
        "months": 6,
        "workloads": [
            {
                "id": "w",
                "model": "m",
                "isl": 1000,
                "osl": 100,
                "slo": {"min_interactivity": 50},
                "tokens_per_second": [3333, 3333, 5333, 5333, 7777, 900],
            }
        ],
    },
    "options": {"currency": "EUR", "time_limit_s": 10, "tail_months": 3},
}


@pytest.fixture(scope="module")
def solved() -> tuple[Plan, Catalog]:
    """The probe's EUR plan on its tiny catalog (tests/data/probe11-tiny-catalog.json)."""
    raw = json.loads((DATA / "probe11-tiny-catalog.json").read_text())
    raw.pop("mode")
    catalog = msgspec.convert({"revision": 2, **raw}, Catalog)
    request = decode_body(EUR, PlanRequest)
    assert request.forecast is not None
    return make_plan(catalog, request, request.forecast), catalog


def test_focus_rows_of_each_sku_add_up_to_its_requisition_line(
    solved: tuple[Plan, Catalog],
) -> None:
    """eod 30,659.56, eapi's input tokens 3,527.01 and output tokens 655.02 in both."""
    plan, catalog = solved
    billed: defaultdict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in csv.DictReader(io.StringIO(focus_csv(plan, catalog))):
        if row["ChargeFrequency"] == "Usage-Based":
            billed[(row["SkuPriceId"], row["SkuMeter"])] += Decimal(row["BilledCost"])
    lines = {
        (x.supplier_part_number, x.description): Decimal(x.line_total)
        for x in requisition(plan, catalog).lines
        if x.last_monthly_amount == ""
    }
    assert sorted(lines.values()) == [Decimal("655.02"), Decimal("3527.01"), Decimal("30659.56")]
    assert billed == {
        ("eod", ""): Decimal("30659.56"),
        ("eapi", "Input Tokens"): Decimal("3527.01"),
        ("eapi", "Output Tokens"): Decimal("655.02"),
    }


def test_cash_adds_up_to_the_requisition_and_the_json_or_says_why(
    solved: tuple[Plan, Catalog],
) -> None:
    """cash.csv sums to 44,574.83, the requisition's total and the JSON's total cash; the
    horizon's 41,508.83 (the Partial Upfront line pays 510.99 a month for 510.99489, its
    remainder in 2027-12) stands beside the JSON's unrounded 41,508.86, and its amortised
    cost is the JSON's 39,708.21."""
    plan, catalog = solved
    assert plan.npv is not None
    rows = list(csv.DictReader(io.StringIO(cash_csv(plan, catalog))))
    total = sum((Decimal(r["cash"]) for r in rows), Decimal(0))
    assert total == Decimal(requisition(plan, catalog).total) == cents(plan.npv.total_cash)
    assert total == Decimal("44574.83")
    horizon = [r for r in rows if r["period"] == "horizon"]
    assert sum(Decimal(r["amortised"]) for r in horizon) == cents(plan.npv.amortised_in_horizon)
    md = str(render_report(plan, catalog, "md")[0])
    assert "| cash in the horizon | 41,508.83 EUR |" in md
    assert "| cash in the horizon, each payment unrounded (the plan's JSON) | 41,508.86 EUR |" in md
    # Its months after the horizon pay the Partial Upfront line alone, the tail buying none
    # of them (review 21: the label said the tail's purchases were valued in it).
    assert "| cash, all months | 44,574.83 EUR |" in md
    assert "cash, all months, each payment unrounded" not in md
    assert "| amortised cost in the horizon | 39,708.21 EUR |" in md


def test_an_api_line_spanning_a_month_without_tokens_is_spread_over_its_own_months() -> None:
    """Review 11 (hypothesis, tests/solver/test_focus_cents.py): an API bought in January and
    March, none in February, is one requisition line over 2027-01..03 (525.60); its cents went
    all to January (cash.csv amortised 890.60 against the JSON's 627.80). Each month's cash
    and amortised cost is the JSON's, and the months add up to the line."""
    cat = msgspec.structs.replace(
        tiny.catalog(tiny.Spec("o0", 0.5, tokens_per_gpu=300.0)),
        api_offers=(tiny.api_offer(0.5),),
    )
    request = PlanRequest(
        forecast=tiny.forecast([500.0, 0.0, 500.0], months=3),
        options=Options(commitment_accounting="in_horizon"),
    )
    plan = make_plan(cat, request, request.forecast)
    assert plan.status == "optimal"
    rows = {row["month"]: row for row in csv.DictReader(io.StringIO(cash_csv(plan, cat)))}
    for flow in plan.cash_flows:
        assert Decimal(rows[flow.month]["amortised"]) == cents(flow.amortised), flow.month
        assert Decimal(rows[flow.month]["cash"]) == cents(flow.cash), flow.month
    line = next(x for x in requisition(plan, cat).lines if x.supplier_part_number == "api-api")
    assert line.term_start[:7] == "2027-01" and line.term_end[:7] == "2027-03"
    months = [m for m in plan.months if any(p.offer_id == "api-api" for p in m.purchases)]
    assert [m.month for m in months] == ["2027-01", "2027-03"]
