"""Money tables rounded to the cent with their rows and columns adding up to totals stated
elsewhere (`controlled_rounding`), checked against brute force; and on every golden plan the
exports agree: focus.csv's rows of a SKU add up to its requisition line, each month's
amortised cost is its cents of the JSON's, and the cash totals are the JSON's or shown beside
it (probe 11 finding 4)."""

from __future__ import annotations

import csv
import io
import itertools
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog import default_catalog
from service.reports import build_report
from service.reports.cash import UNROUNDED
from service.reports.cent_ledger import cent_ledger
from service.reports.controlled_rounding import controlled_cents
from service.reports.focus import focus_csv
from service.reports.numbers import allocate_cents, cents, floor_cents
from service.reports.requisition import requisition
from tests.golden import golden_plan
from tests.profiles import examples

CELL = st.one_of(
    st.just(0.0),
    st.decimals(min_value=0, max_value=100, places=4).map(float),
    st.floats(min_value=0, max_value=100, allow_nan=False),
)


def _brute(values: list[list[float]], rows: list[Decimal], cols: list[Decimal]) -> bool:
    """Whether some choice of each cell rounded down or up meets every total."""
    floors = [[floor_cents(v) for v in row] for row in values]
    cells = [
        (i, j)
        for i, row in enumerate(values)
        for j, v in enumerate(row)
        if Decimal(repr(v)) != floors[i][j]
    ]
    for ups in itertools.product((0, 1), repeat=len(cells)):
        table = [list(row) for row in floors]
        for (i, j), up in zip(cells, ups, strict=True):
            table[i][j] += Decimal("0.01") * up
        if [sum(r, Decimal(0)) for r in table] == rows and [
            sum((r[j] for r in table), Decimal(0)) for j in range(len(cols))
        ] == cols:
            return True
    return False


@settings(max_examples=examples(60), deadline=None)
@given(
    st.integers(min_value=1, max_value=3).flatmap(
        lambda n: st.lists(st.lists(CELL, min_size=n, max_size=n), min_size=1, max_size=3)
    )
)
def test_controlled_cents_meets_the_totals_whenever_brute_force_can(
    values: list[list[float]],
) -> None:
    """Rows to their rounded sums, columns by largest remainder to the same total: a table
    whose cells are each their float rounded down or up and whose rows and columns add up,
    exactly when one exists (every choice tried on up to 9 cells)."""
    rows = [cents(sum(row)) for row in values]
    sums = [sum(row[j] for row in values) for j in range(len(values[0]))]
    cols = allocate_cents(sums, sum(rows, Decimal(0)))
    table = controlled_cents(values, rows, cols)
    assert (table is not None) == _brute(values, rows, cols)
    if table is None:
        return
    assert [sum(r, Decimal(0)) for r in table] == rows
    assert [sum((r[j] for r in table), Decimal(0)) for j in range(len(cols))] == cols
    for row, out in zip(values, table, strict=True):
        assert all(
            abs(Decimal(repr(v)) - c) < Decimal("0.01") for v, c in zip(row, out, strict=True)
        )


@pytest.mark.parametrize(
    "name", ["seed-deepseek-r1", "build-or-buy-deepseek-r1", "capex-budget-deepseek-r1"]
)
def test_golden_plans_agree_across_their_exports(name: str) -> None:
    """On-demand months and API meters: each SKU's focus.csv rows add up to its requisition
    lines; each month's amortised cost is its cents of the JSON's (largest remainder); the
    report's cash totals are the JSON's to the cent, or stand beside the JSON's figure."""
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
    assert billed == lines and lines
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
