"""Each item's money a month rounded once (`item_cents`): a contract's amortised cost spread
over its term adds up to its requisition lines (probe 12 finding 2); and on every golden plan
the exports agree: focus.csv's rows of a SKU add up to its requisition line, each month's
amortised cost is its cents of the JSON's (whole cents a GPU-month: no item rounds), and the
cash totals are the JSON's or shown beside it (probe 11 finding 4)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog import default_catalog
from service.reports import build_report
from service.reports.cash import UNROUNDED
from service.reports.cent_ledger import cent_ledger
from service.reports.focus import focus_csv
from service.reports.item_cents import spread
from service.reports.numbers import allocate_cents, cents
from service.reports.requisition import requisition
from tests.golden import golden_plan
from tests.profiles import examples

USAGE = {"build-or-buy-deepseek-r1", "portfolio-tail6"}
"""The golden plans that buy on demand or from an API (the seed and the capex example sign
their racks for the whole demand since contracts ending in the tail are renewed; the growing
and portfolio examples sign contracts for all of it since the tail is valued in whole units,
probe 16a F1)."""


@pytest.mark.parametrize(
    "name",
    [
        "seed-deepseek-r1",
        "build-or-buy-deepseek-r1",
        "capex-budget-deepseek-r1",
        "growing-power-capped",
        "portfolio-three-models",
        "portfolio-tail6",
    ],
)
def test_golden_plans_agree_across_their_exports(name: str) -> None:
    """On-demand months and API meters: each SKU's focus.csv rows add up to its requisition
    lines (on the plans that have them); each month's amortised cost is its cents of the
    JSON's (largest remainder); the report's cash totals are the JSON's to the cent, or stand
    beside the JSON's figure."""
    plan, catalog = golden_plan(name), default_catalog()
    assert plan.npv is not None
    billed: defaultdict[str, Decimal] = defaultdict(Decimal)
    for row in csv.DictReader(io.StringIO(focus_csv(plan, catalog))):
        if row["ChargeFrequency"] == "Usage-Based":
            billed[row["SkuPriceId"]] += Decimal(row["BilledCost"])
    lines: defaultdict[str, Decimal] = defaultdict(Decimal)
    for line in requisition(plan, catalog).lines:
        if line.last_monthly_amount == "":
            lines[line.supplier_part_number] += Decimal(line.line_total)
    assert billed == lines and bool(lines) == (name in USAGE)
    flows = cent_ledger(plan, catalog).flows
    horizon = [f for f in plan.cash_flows if f.period == "horizon"]
    exact = allocate_cents([f.amortised for f in horizon])
    assert [f.amortised for f in flows if f.period == "horizon"] == exact
    shown = dict(build_report(plan, catalog).cash_summary)
    for label, figure in (
        ("cash in the horizon", plan.npv.cash_in_horizon),
        ("amortised cost in the horizon", plan.npv.amortised_in_horizon),
    ):
        beside = shown.get(f"{label}, {UNROUNDED}")
        cell = shown[label]
        assert cents(cell.value or 0.0) == cents(figure) or (
            beside is not None and beside.value == figure
        )


def test_the_probes_capital_purchase_spreads_to_its_line() -> None:
    """Probe 12's owned GB300 line, 8,055,303.55 over 48 months (167,818.824 a month): each
    month 167,818.82 or .83 (the running total's cents), adding up to the line, where the
    months rounded apart came to 8,055,303.36."""
    months = spread(Decimal("8055303.55"), 48)
    assert sum(months, Decimal(0)) == Decimal("8055303.55")
    assert set(months) == {Decimal("167818.82"), Decimal("167818.83")}
    assert cents(167_818.824) * 48 == Decimal("8055303.36")


@settings(max_examples=examples(60), deadline=None)
@given(
    total=st.decimals(min_value=-10_000_000, max_value=10_000_000, places=2),
    months=st.integers(min_value=1, max_value=60),
)
def test_a_spread_adds_up_and_each_month_is_within_a_cent(total: Decimal, months: int) -> None:
    """Any total over any term: the months add up to it exactly, each within a cent of
    total / months."""
    shares = spread(total, months)
    assert len(shares) == months and sum(shares, Decimal(0)) == total
    assert all(abs(share - total / months) < Decimal("0.01") for share in shares)
