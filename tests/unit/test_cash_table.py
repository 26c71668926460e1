"""The cash table every report shows adds up as shown: parts to each month's cash, the month
column to its running total, and each part's column to its own rounded total."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest

from service.reports.cash import cash_summary, cash_table
from service.reports.cells import Money
from service.reports.numbers import cents
from tests.golden import golden_plan


@pytest.mark.parametrize("name", ["growing-power-capped", "portfolio-three-models"])
def test_cash_table_adds_up_row_by_row_and_down_the_columns(name: str) -> None:
    """Running totals are the sums of the cents above them (the plans' own running totals,
    rounded on their own, drifted by a cent in 46 of growing-power-capped's 59 months)."""
    plan = golden_plan(name)
    t = cash_table(plan)
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
    for key in ("upfront", "recurring", "recovered", "amortised"):
        shown = sum((amount(row, key) for row in t.rows), Decimal(0))
        assert shown == cents(sum(getattr(f, key) for f in plan.cash_flows))
    assert abs(so_far["cash"] - cents(sum(f.cash for f in plan.cash_flows))) <= Decimal("0.02")


def test_the_tail_is_said_to_be_valued_not_bought() -> None:
    """Where cash counts the tail's month-to-month capacity (a valuation of the continued
    demand), the cash summary says the plan buys none of it; without a tail, no such words."""
    with_tail = golden_plan("seed-deepseek-r1")
    assert with_tail.tail is not None and with_tail.tail.months > 0
    assert "(tail: valued, not bought)" in cash_summary(with_tail)[3][0]
    without = msgspec.structs.replace(with_tail, tail=None)
    assert cash_summary(without)[3][0] == "cash, all months"
