"""The allocation lines' costs in the cents of their month's cost, so that report.csv and the
report's allocations table add up to the months and total the report shows (review 12 finding
3: the report's months are its cash ledger's cents, `shown_cents`, and the lines' floats added
up to the JSON's 7,738,235.94 where the report said .90)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from optimizer import Plan
from service.reports.cells import Cell, Money
from service.reports.numbers import allocate_cents, cents

__all__ = ["in_month_cents"]


def in_month_cents(
    plan: Plan, rows: Sequence[Sequence[Cell]], month_at: int, cost_at: int
) -> list[list[Cell]]:
    """`rows` with each month's costs (column `cost_at`; the month in `month_at`) rounded by
    largest remainder to the cents of that month's cost in `plan`."""
    out = [list(row) for row in rows]
    of_month: defaultdict[str, list[int]] = defaultdict(list)
    for n, row in enumerate(rows):
        of_month[str(row[month_at].value)].append(n)
    for month in plan.months:
        at = of_month.get(month.month, [])
        if not at:
            continue
        amounts = [_amount(rows[n][cost_at]) for n in at]
        shares = allocate_cents(amounts, cents(month.cost))
        for n, share in zip(at, shares, strict=True):
            out[n][cost_at] = Money(float(share))
    return out


def _amount(cell: Cell) -> float:
    return (cell.value or 0.0) if isinstance(cell, Money) else 0.0
