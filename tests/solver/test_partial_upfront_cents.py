"""Every export of a Partial Upfront plan pays the same cents (probe 8, finding 7: cash.csv
and the report's table rounded each column on its own, focus.csv each row, the requisition each
line, so January's upfront was 63,518.45 in one and 63,518.44 in another, and the report's
"cash in the horizon", 208,826.08, was not its own table's cumulative 208,826.09)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

import msgspec
import pytest

from catalog import Catalog, Offer, default_catalog
from optimizer import Plan, PlanRequest, make_plan, month_index, month_label
from service.plan_diff import diff_plans
from service.reports import build_report
from service.reports.cells import Money
from service.reports.focus import focus_csv
from service.reports.requisition import requisition
from service.reports.shown_cents import plan_in_cents
from service.reports.to_csv import cash_csv

Y8 = {
    "id": "y8-pu",
    "vendor": "Y8",
    "system_id": "hgx-b200",
    "region": "us",
    "kind": "reserved",
    "price_per_gpu_hour": 2.333,
    "term_months": 7,
    "payment_model": "Partial Upfront",
    "upfront_share": 0.333,
    "gpus_per_unit": 8,
    "price_basis": "quote",
    "source": "test quote",
    "as_of": "2026-11-01",
}
REQUEST = {
    "forecast": {
        "name": "x",
        "start": "2027-01",
        "months": 3,
        "workloads": [
            {
                "id": "w",
                "model": "deepseek-r1-0528",
                "isl": 8192,
                "osl": 1024,
                "slo": {"min_interactivity": 150},
                "tokens_per_second": [31000, 47000, 62000],
                "vendors": ["Y8"],
            }
        ],
    },
    "options": {"commitment_accounting": "full_term"},
}


@pytest.fixture(scope="module")
def solved() -> tuple[Plan, Catalog]:
    """The probe's plan: 2 units of y8-pu signed in January, 1 in February, 1 in March."""
    catalog = default_catalog()
    catalog = msgspec.structs.replace(catalog, offers=(*catalog.offers, msgspec.convert(Y8, Offer)))
    request = msgspec.convert(REQUEST, PlanRequest)
    plan = make_plan(catalog, request, request.forecast)
    assert plan.status == "optimal"
    return plan, catalog


def _requisitioned(plan: Plan, catalog: Catalog) -> dict[tuple[str, str], Decimal]:
    """(month, upfront|recurring) -> what the requisition's lines pay then, by their
    schedules: the upfront amount at the start, the monthly one, the last in the last month."""
    paid: defaultdict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for line in requisition(plan, catalog).lines:
        first = month_index(line.term_start[:7])
        paid[(month_label(first), "upfront")] += Decimal(line.upfront_amount)
        for k in range(line.term_months):
            last = k == line.term_months - 1
            amount = line.last_monthly_amount if last else line.monthly_amount
            paid[(month_label(first + k), "recurring")] += Decimal(amount)
    return paid


def test_the_requisition_schedules_the_probes_payments(solved: tuple[Plan, Catalog]) -> None:
    """Two units signed in January: 63,518.44 upfront (0.333 x 16 GPUs x 2.333 x 730 x 7),
    then 18,175.38 a month, the last 18,175.36; one unit in February and one in March:
    31,759.22 upfront, 9,087.69 a month, the last 9,087.68."""
    lines = requisition(*solved).lines
    assert [
        (line.term_start, line.upfront_amount, line.monthly_amount, line.last_monthly_amount)
        for line in lines
    ] == [
        ("2027-01-01", "63518.44", "18175.38", "18175.36"),
        ("2027-02-01", "31759.22", "9087.69", "9087.68"),
        ("2027-03-01", "31759.22", "9087.69", "9087.68"),
    ]


def test_cash_csv_pays_the_requisitions_cents(solved: tuple[Plan, Catalog]) -> None:
    """cash.csv's upfront and recurring are, month by month, what the requisition's lines pay
    (January's upfront 63,518.44, not 63,518.45; 36,350.76 from March to June, 36,350.74 in
    July, 18,175.37 in August, 9,087.68 in September)."""
    plan, catalog = solved
    paid = _requisitioned(plan, catalog)
    rows = list(csv.DictReader(io.StringIO(cash_csv(plan, catalog))))
    for row in rows:
        for part in ("upfront", "recurring"):
            assert Decimal(row[part]) == paid[(row["month"], part)], (row["month"], part)
    assert [row["recurring"] for row in rows[2:]] == [
        *(["36350.76"] * 4),
        "36350.74",
        "18175.37",
        "9087.68",
    ]


def test_every_export_adds_up_to_the_same_cash(solved: tuple[Plan, Catalog]) -> None:
    """The report's "cash in the horizon" is its table's cumulative cash in March and the
    sum of focus.csv's BilledCost, 208,826.09; "of which upfront" the requisition's
    upfronts, 127,036.88; each horizon month's focus.csv BilledCost is cash.csv's cash."""
    plan, catalog = solved
    report = build_report(plan, catalog)
    figures = {label: cell for label, cell in report.cash_summary}
    in_horizon, upfront = figures["cash in the horizon"], figures["of which upfront"]
    assert isinstance(in_horizon, Money) and isinstance(upfront, Money)
    column = report.cash.keys.index("cumulative_cash")
    march = report.cash.rows[2][column]
    assert isinstance(march, Money)
    assert in_horizon.value == march.value == pytest.approx(208_826.09, abs=1e-6)
    assert upfront.value == pytest.approx(127_036.88, abs=1e-6)
    assert "208,826.09 USD leaves in the horizon (127,036.88 USD of it upfront)" in report.cash_line
    billed: defaultdict[str, Decimal] = defaultdict(Decimal)
    for row in csv.DictReader(io.StringIO(focus_csv(plan, catalog))):
        billed[row["ChargePeriodStart"][:7]] += Decimal(row["BilledCost"])
    cash = {row["month"]: row["cash"] for row in csv.DictReader(io.StringIO(cash_csv(*solved)))}
    assert {m: str(v) for m, v in billed.items()} == {
        m: cash[m] for m in ("2027-01", "2027-02", "2027-03")
    }
    assert sum(billed.values()) == Decimal("208826.09")


def test_the_diff_shows_the_reports_cash(solved: tuple[Plan, Catalog]) -> None:
    """A diff of the plan (in its report's cents, as the service and the CLI give it) shows
    the report's cash in the horizon, 208,826.09 of which 127,036.88 upfront, not the JSON's
    208,826.08 and 127,036.89 beside the cents of its other rows (probe 19)."""
    shown = plan_in_cents(*solved)
    rows = {c.label: c.after for c in diff_plans(shown, shown).totals}
    assert rows["cash in the horizon"] == pytest.approx(208_826.09, abs=1e-6)
    assert rows["upfront cash in the horizon"] == pytest.approx(127_036.88, abs=1e-6)
