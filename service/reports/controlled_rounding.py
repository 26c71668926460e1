"""Rounding a table of money to the cent so that both its rows and its columns add up to
totals stated elsewhere (controlled rounding: each cell its float rounded down or up, the
choice of which go up a flow through the table). The cash ledger rounds what a plan buys as
used this way: each requisition line's months add up to the line, and each month to the
plan's figure for it (probe 11 finding 4)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from service.reports.numbers import floor_cents

__all__ = ["controlled_cents"]

CENT = Decimal("0.01")


def _by_fraction(row: Sequence[float], floors: Sequence[Decimal]) -> list[int]:
    """The columns of `row`'s cells that are not whole cents, the largest fraction first: each
    row rounds those up first, as near to each cell's nearest cent as the totals allow."""
    parts = [(Decimal(repr(v)) - f, j) for j, (v, f) in enumerate(zip(row, floors, strict=True))]
    return [j for part, j in sorted(parts, key=lambda p: (-p[0], p[1])) if part]


def controlled_cents(
    values: Sequence[Sequence[float]],
    row_totals: Sequence[Decimal],
    col_totals: Sequence[Decimal],
) -> list[list[Decimal]] | None:
    """`values` (rows of floats, one per column) to the cent, each cell its value rounded
    down or up, every row adding up to its `row_totals` and every column to its
    `col_totals`; None when no such rounding exists (totals more than the cells' rounding
    away from the floats' sums, or not adding up to the same)."""
    if sum(row_totals, Decimal(0)) != sum(col_totals, Decimal(0)):
        return None
    floors = [[floor_cents(v) for v in row] for row in values]
    fractional = [_by_fraction(row, frow) for row, frow in zip(values, floors, strict=True)]
    need_rows = [
        int((t - sum(frow, Decimal(0))) / CENT) for t, frow in zip(row_totals, floors, strict=True)
    ]
    need_cols = [
        int((t - sum((frow[j] for frow in floors), Decimal(0))) / CENT)
        for j, t in enumerate(col_totals)
    ]
    if any(n < 0 or n > len(f) for n, f in zip(need_rows, fractional, strict=True)):
        return None
    if any(n < 0 for n in need_cols):
        return None
    up = _flow(fractional, need_rows, need_cols)
    if up is None:
        return None
    return [
        [f + (CENT if (i, j) in up else Decimal(0)) for j, f in enumerate(frow)]
        for i, frow in enumerate(floors)
    ]


def _flow(
    fractional: list[list[int]], need_rows: list[int], need_cols: list[int]
) -> set[tuple[int, int]] | None:
    """Which cells round up: a flow of one cent per cell from rows (each sending what it is
    short) to columns (each taking what it is short), found by augmenting paths; None when
    not every row's cents find a column."""
    up: set[tuple[int, int]] = set()
    taken = [0] * len(need_cols)
    for row, need in enumerate(need_rows):
        for _ in range(need):
            if not _path(row, fractional, need_cols, taken, up, set()):
                return None
    return up if taken == need_cols else None


def _path(
    row: int,
    fractional: list[list[int]],
    need_cols: list[int],
    taken: list[int],
    up: set[tuple[int, int]],
    seen: set[int],
) -> bool:
    """One more cent for `row`: a column it may round up that is still short, or one whose
    cent another row gives up for a column of its own (an augmenting path)."""
    for col in fractional[row]:  # a column still short first, then one freed for it
        if (row, col) not in up and col not in seen and taken[col] < need_cols[col]:
            taken[col] += 1
            up.add((row, col))
            return True
    for col in fractional[row]:
        if (row, col) in up or col in seen:
            continue
        seen.add(col)
        for other in range(len(fractional)):
            if (other, col) in up and _path(other, fractional, need_cols, taken, up, seen):
                # `other` moved its cent to another column: this column's cent is row's.
                up.discard((other, col))
                up.add((row, col))
                return True
    return False
