"""focus.csv bills the plan's cash and amortises its cost to the cent, by FOCUS's rules (probe
9, findings 3 and 6.2): owned hardware's residual value recovered is a Credit row, each month's
BilledCost adds up to cash.csv's cash and its EffectiveCost to cash.csv's amortised cost, and a
row bought as used bills exactly its effective cost."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings

from catalog import Catalog
from optimizer import Commitment, Plan, PlanRequest, month_index
from optimizer.request import Options
from service.plan_diff import diff_plans, render_diff
from service.reports import build_report, render_report, tables
from service.reports.cells import Cell, Money
from service.reports.cent_ledger import cent_ledger
from service.reports.focus import focus_csv
from service.reports.numbers import cents
from service.reports.obligation import obligation_label
from service.reports.requisition import requisition
from service.reports.scenarios import cost_label
from service.reports.shown_cents import UNROUNDED, in_cents, plan_in_cents
from service.reports.to_csv import cash_csv
from tests.paid_plans import own_then_rent, paid_plans, solved
from tests.tiny import Spec, catalog, forecast


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _by_month(rows: list[dict[str, str]], column: str) -> dict[str, Decimal]:
    out: defaultdict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        out[row["ChargePeriodStart"][:7]] += Decimal(row[column])
    return dict(out)


def test_the_residual_recovered_in_a_month_of_no_use_is_a_credit_row() -> None:
    """The probe's case: bought in January (32,000.00 capex), run to February (1,384.00 a
    month), sold in March for a quarter of the capex (8,000.00) with nothing else in March:
    focus.csv's March is one Credit row billing -8,000.00 (EffectiveCost 0), and its
    BilledCost adds up to cash.csv's cash, 26,768.00 (it was 34,768.00: the credit was in no
    row)."""
    plan, cat = own_then_rent([8000.0, 8000.0, 0.0])
    rows = _rows(focus_csv(plan, cat))
    march = [row for row in rows if row["ChargePeriodStart"].startswith("2027-03")]
    assert [
        (r["ChargeCategory"], r["SkuPriceId"], r["BilledCost"], r["EffectiveCost"]) for r in march
    ] == [("Credit", "own", "-8000.00", "0.00")]
    assert march[0]["ChargeFrequency"] == "One-Time"
    assert "Residual value of 1 unit of own (25% of their capex)" in march[0]["ChargeDescription"]
    cash = {row["month"]: Decimal(row["cash"]) for row in _rows(cash_csv(plan, cat))}
    assert _by_month(rows, "BilledCost") == cash
    assert sum(cash.values()) == Decimal("26768.00")


def test_the_residual_is_credited_beside_the_months_other_rows() -> None:
    """Sold in March while on-demand capacity serves March's demand: March bills the
    on-demand GPUs and the -8,000.00 credit, adding up to cash.csv's March."""
    plan, cat = own_then_rent([8000.0, 8000.0, 4000.0])
    rows = _rows(focus_csv(plan, cat))
    march = [row for row in rows if row["ChargePeriodStart"].startswith("2027-03")]
    assert sorted(r["ChargeCategory"] for r in march) == ["Credit", "Usage"]
    cash = {row["month"]: Decimal(row["cash"]) for row in _rows(cash_csv(plan, cat))}
    assert _by_month(rows, "BilledCost")["2027-03"] == cash["2027-03"]
    assert cash["2027-03"] == Decimal("8760.00") - Decimal("8000.00")


@settings(max_examples=8, suppress_health_check=[HealthCheck.too_slow])
@given(paid_plans())
def test_focus_bills_the_cash_and_amortises_the_cost_to_the_cent(
    drawn: tuple[Catalog, PlanRequest],
) -> None:
    """On tiny plans with prices to four places a GPU-hour (cents to round in every
    GPU-month), every payment model, owned parts, APIs, scenarios: each horizon month's
    BilledCost adds up to cash.csv's cash and its EffectiveCost to cash.csv's amortised cost,
    within a cent an item of the JSON's (each rounded once, probe 12 finding 2); rows
    bought as used bill their EffectiveCost exactly; Purchase and Credit rows amortise
    nothing; each offer's month of Usage is within a cent a contract of its allocation's
    cost; the report's total cost and obligation are cash.csv's and the requisition's, and all
    months' cash is all months' amortised cost where the JSON's are the same money."""
    plan, cat = solved(*drawn), drawn[0]
    if plan.summary is None:
        return
    rows = _rows(focus_csv(plan, cat))
    cash = {row["month"]: row for row in _rows(cash_csv(plan, cat))}
    billed, effective = _by_month(rows, "BilledCost"), _by_month(rows, "EffectiveCost")
    for m in plan.months:
        assert billed.get(m.month, Decimal(0)) == Decimal(cash[m.month]["cash"]), m.month
        assert effective.get(m.month, Decimal(0)) == Decimal(cash[m.month]["amortised"])
        mine = [r for r in rows if r["ChargePeriodStart"].startswith(m.month)]
        items = len(_active(plan, m.month)) + 2 * len(m.purchases) + 1  # meters, the rest
        assert abs(float(cash[m.month]["amortised"]) - m.cost) <= 0.01 * items
        for a in m.allocations:
            usage = [
                Decimal(r["EffectiveCost"])
                for r in mine
                if (r["SkuPriceId"], r["ChargeCategory"]) == (a.offer_id, "Usage")
            ]
            contracts = [c for c in plan.commitments if c.offer_id == a.offer_id]
            assert abs(float(sum(usage)) - a.cost) <= 0.01 * max(1, len(contracts))
    for row in rows:
        if row["ChargeFrequency"] == "Usage-Based":
            assert row["BilledCost"] == row["EffectiveCost"]
        if row["ChargeFrequency"] == "One-Time":
            assert row["EffectiveCost"] == "0.00"
    shown = tables.summary(in_cents(plan, cent_ledger(plan, cat)))  # the report's, unrendered
    _totals_agree(plan, cat, cash, dict(shown))


def _active(plan: Plan, month: str) -> list[Commitment]:
    """The commitments (existing, signed, on-demand months) running in `month`."""
    now = month_index(month)
    return [c for c in plan.commitments if month_index(c.start) <= now <= month_index(c.end)]


def test_a_price_to_four_places_totals_the_same_everywhere() -> None:
    """5 GPUs on demand at 0.5001/GPU-h for a month (1,825.365: a half cent) under full_term:
    the report's total cost and obligation are the requisition's 1,825.37 and cash.csv's, not
    the JSON's float rounded apart (1,825.36 before), and so are its commitments', its
    workload's and the diff's."""
    cat = catalog(
        Spec("o0", 0.5, term_months=2, tokens_per_gpu=300.0),
        Spec("o1", 0.5001, tokens_per_gpu=300.0),
    )
    request = PlanRequest(
        forecast=forecast(1500.0), options=Options(commitment_accounting="full_term")
    )
    plan = solved(cat, request)
    assert plan.summary is not None and plan.summary.total_obligation == pytest.approx(1825.365)
    assert requisition(plan, cat).total == "1825.37"
    cash = {row["month"]: row for row in _rows(cash_csv(plan, cat))}
    report = build_report(plan, cat)
    _totals_agree(plan, cat, cash, dict(report.summary))
    at = report.commitments.labels.index("obligation")
    assert [row[at] for row in report.commitments.rows] == [Money(1825.37)]
    assert [w.cost for w in report.plan.workloads] == [1825.37]
    shown = plan_in_cents(plan, cat)  # as GET /plans/{a}/diff/{b} diffs them
    assert "| total cost | 1,825.37 USD | 1,825.37 USD |" in str(
        render_diff(diff_plans(shown, shown), "md")
    )


def _totals_agree(
    plan: Plan, cat: Catalog, cash: dict[str, dict[str, str]], shown: dict[str, Cell]
) -> None:
    """The report's (`shown`) total cost is cash.csv's horizon (beyond it too under full_term, the
    obligation after the horizon), its obligation the requisition's lines but its tokens;
    cash.csv's cash, all months, its amortised cost where the JSON's are equal."""
    assert plan.summary is not None and plan.npv is not None
    horizon = sum((Decimal(cash[m.month]["amortised"]) for m in plan.months), Decimal(0))
    if plan.scenarios is None:  # a scenario plan's requisition: its shared contracts only
        lines = requisition(plan, cat).lines
        owed = sum(
            (Decimal(x.line_total) for x in lines if cat.api_offer(x.supplier_part_number) is None),
            Decimal(0),
        )
        assert cents(shown[obligation_label(plan)].value or 0.0) == owed
    if plan.summary.commitment_accounting != "full_term":
        assert cents(shown[cost_label(plan)].value or 0.0) == horizon
    assert cents(shown["amortised cost in horizon"].value or 0.0) == horizon
    every = [f.amortised for f in plan.cash_flows]
    if abs(plan.npv.total_cash - sum(every)) < 1e-6 * len(every):
        paid = sum((Decimal(r["cash"]) for r in cash.values()), Decimal(0))
        assert paid == sum((Decimal(r["amortised"]) for r in cash.values()), Decimal(0))


def test_a_scenario_plans_report_totals_are_its_cash_csvs() -> None:
    """Two scenarios, prices to four places (review 12 finding 1): the report's total cost
    and amortised cost in horizon are cash.csv's and focus.csv's 43,740.68, the sum of the
    items' cents (they read the JSON's 43,740.674 rounded, .67), with the JSON's beside;
    report.csv's lines add up to it too (finding 3: they added up to .67)."""
    case = msgspec.json.decode((Path(__file__).parent / "scenario_cents_case.json").read_bytes())
    cat = msgspec.convert(case["catalog"], Catalog)
    plan = solved(cat, msgspec.convert(case["request"], PlanRequest))
    assert plan.scenarios is not None and plan.summary is not None
    assert cents(plan.summary.total_cost) == Decimal("43740.67")
    cash = {row["month"]: row for row in _rows(cash_csv(plan, cat))}
    shown = dict(build_report(plan, cat).summary)
    _totals_agree(plan, cat, cash, shown)
    cost = cost_label(plan)  # its shown scenario's
    assert shown[cost] == Money(43740.68, "USD")
    assert shown[f"{cost}, {UNROUNDED}"] == Money(plan.summary.total_cost, "USD")
    assert sum(Decimal(r["EffectiveCost"]) for r in _rows(focus_csv(plan, cat))) == Decimal(
        "43740.68"
    )
    # report.csv's allocation lines add up to the month the report shows (review 12 finding 3)
    lines = _rows(str(render_report(plan, cat, "csv")[0]))
    assert sum(Decimal(r["cost"]) for r in lines) == Decimal("43740.68")
