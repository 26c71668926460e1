"""The cash table every report shows adds up as shown: parts to each month's cash, the month
column to its running total, and each part's column to its own rounded total."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest

from catalog import default_catalog
from service.reports.cash import cash_summary, cash_table
from service.reports.cells import Money
from service.reports.cent_ledger import cent_ledger
from service.reports.numbers import cents
from tests.golden import golden_plan


@pytest.mark.parametrize("name", ["growing-power-capped", "portfolio-three-models"])
def test_cash_table_adds_up_row_by_row_and_down_the_columns(name: str) -> None:
    """Running totals are the sums of the cents above them (the plans' own running totals,
    rounded on their own, drifted by a cent in 46 of growing-power-capped's 59 months); each
    part's column is its float total to within a cent per requisition line (each line's
    payments are the line's own, its rounding remainder in its last)."""
    plan = golden_plan(name)
    ledger = cent_ledger(plan, default_catalog())
    t = cash_table(plan, ledger.flows)
    column = {key: n for n, key in enumerate(t.keys)}

    def amount(row: list[object], key: str) -> Decimal:
        cell = row[column[key]]
        assert isinstance(cell, Money) and cell.value is not None
        return cents(cell.value)

    so_far = {"cash": Decimal(0), "amortised": Decimal(0)}
    for row in t.rows:
        parts = amount(row, "upfront") + amount(row, "recurring") - amount(row, "recovered")
        assert parts == amount(row, "cash")
        for key in so_far:
            so_far[key] += amount(row, key)
            assert amount(row, f"cumulative_{key}") == so_far[key]
    lines = Decimal(len({k[0] for k in ledger.cents})) / 100 + Decimal("0.01")
    for key in ("upfront", "recurring", "recovered", "amortised"):
        shown = sum((amount(row, key) for row in t.rows), Decimal(0))
        assert abs(shown - cents(sum(getattr(f, key) for f in plan.cash_flows))) <= lines


def test_the_tail_is_said_to_be_valued_not_bought() -> None:
    """Where cash counts the tail's month-to-month capacity (a valuation of the continued
    demand), the cash summary says the plan buys none of it; without a tail, no such words."""
    with_tail = golden_plan("seed-deepseek-r1")
    assert with_tail.tail is not None and with_tail.tail.months > 0
    flows = cent_ledger(with_tail, default_catalog()).flows
    assert "(tail: valued, not bought)" in cash_summary(with_tail, flows)[3][0]
    without = msgspec.structs.replace(with_tail, tail=None)
    assert cash_summary(without, flows)[3][0] == "cash, all months"


def test_cash_without_the_plans_offers_is_rounded_as_a_whole() -> None:
    """A catalog that lacks an offer the plan signs (a plan file read against the shipped
    catalog) has no requisition to take the cents from: the cash is still tabled, each column
    to its own rounded total, as before the lines set the cents."""
    plan = golden_plan("seed-deepseek-r1")
    catalog = default_catalog()
    kept = tuple(o for o in catalog.offers if o.id != "onprem-gb300")
    ledger = cent_ledger(plan, msgspec.structs.replace(catalog, offers=kept))
    assert ledger.cents == {}
    upfront = sum((f.upfront for f in ledger.flows), Decimal(0))
    assert upfront == cents(sum(f.upfront for f in plan.cash_flows))
