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


def _all_months(name: str) -> str:
    """The label of golden plan `name`'s cash of all months in its cash summary."""
    catalog = default_catalog()
    plan = golden_plan(name)
    pairs = cash_summary(plan, cent_ledger(plan, catalog).flows, catalog)
    [label] = [label for label, _ in pairs if label.startswith("cash, all months")]
    return label


def test_the_tail_is_said_to_be_valued_not_bought() -> None:
    """Where cash counts the tail's month-to-month capacity (a valuation of the continued
    demand: portfolio-tail6's six months of on-demand B200s), the cash summary says the plan
    buys none of it; where the tail buys none of the cash (review 21: the seed plan's, all
    paid in the horizon, and capex-budget's, whose months after it pay a reservation
    signed in it, said so too), no such words."""
    assert _all_months("portfolio-tail6") == "cash, all months (tail: valued, not bought)"
    for name in ("seed-deepseek-r1", "capex-budget-deepseek-r1"):
        plan = golden_plan(name)
        assert plan.tail is not None and plan.tail.months > 0
        assert _all_months(name) == "cash, all months", name


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
