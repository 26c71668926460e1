"""The workbook's formulas (probe 17a L5: a buyer who edited a price or a unit count saw a
table's total move and nothing else): each allocation row's cost as its GPUs x its price per
GPU-hour x the month's hours, each cash row's cash and running totals, and the Summary's and
the Cash sheet's totals as sums of the sheets' tables. A formula is written only where it
gives the cents the plan shows (its cached value is the plan's figure, so a tool that does not
recalculate opens the right numbers); elsewhere the value stays and a note row says so.
Plain A1 references, which every spreadsheet reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from catalog.model import HOURS_PER_MONTH
from optimizer import Plan
from service.reports.cells import Cell, Count, Money, Rate
from service.reports.table import Column, Table

__all__ = [
    "Formula",
    "Ranges",
    "allocation_note",
    "cash_formulas",
    "cents",
    "horizon_rows",
    "obligation_formulas",
    "pair_formulas",
    "priced_allocations",
    "sum_formula",
]

CENT = Decimal("0.01")
PRICE = "price_per_gpu_hour"
HOURS = "hours"


def xl_col_to_name(col: int) -> str:
    """The letters of 0-based column `col` (0 -> A, 26 -> AA)."""
    name = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


def cents(value: float | Decimal | None) -> Decimal:
    """`value` to the cent, half up (as the reports show it)."""
    return Decimal(repr(float(value or 0.0))).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class Formula:
    """A cell's formula, with the value it gives (written as its cached value)."""

    text: str
    value: float


@dataclass
class Ranges:
    """Where the tables' columns sit, for the Summary's and the cash summary's sums: (table
    name, column key) -> (sheet, column, first data row, last data row, the rows' values),
    rows 0-based."""

    found: dict[tuple[str, str], tuple[str, int, int, int, list[float]]] = field(
        default_factory=dict
    )

    def add(self, name: str, sheet: str, t: Table, top: int) -> None:
        for col, key in enumerate(t.keys):
            values = [_number(row[col]) for row in t.rows]
            self.found[(name, key)] = (sheet, col, top + 1, top + len(t.rows), values)

    def total(self, name: str, key: str, rows: slice = slice(None)) -> Formula | None:
        """=SUM of the column's data rows (`rows` of them), or None where the table has no
        such column or rows."""
        if (name, key) not in self.found:
            return None
        sheet, col, first, last, values = self.found[(name, key)]
        index = range(first, last + 1)[rows]
        if not index:
            return None
        value = float(sum((cents(v) for v in values[rows]), Decimal(0)))
        return Formula(sum_formula(sheet, col, index[0], index[-1]), value)


def _number(cell: Cell) -> float:
    value = cell.value
    return float(value) if isinstance(value, (int, float)) else 0.0


def sum_formula(sheet: str, col: int, first: int, last: int) -> str:
    """=SUM('sheet'!X{first}:X{last}) (0-based rows)."""
    letter = xl_col_to_name(col)
    return f"=SUM('{sheet}'!{letter}{first + 1}:{letter}{last + 1})"


def _price_places(gpus: float, price: float, shown: Decimal) -> float | None:
    """The price with the fewest places (2 to 9, then every digit) that makes gpus x price x
    730 the row's cents; None when none does (a month's cents settled across its rows)."""
    candidates = [round(price, places) for places in range(2, 10)] + [price]
    for p in candidates:
        if cents(gpus * p * HOURS_PER_MONTH) == shown:
            return p
    return None


def priced_allocations(plan: Plan, t: Table) -> tuple[Table, dict[tuple[int, int], Formula]]:
    """The Allocations table with each GPU row's price per GPU-hour and hours beside it, and
    its cost as =ROUND(gpus x price x hours, 2) where that gives the row's cents: the
    allocation's price as the plan costs it (its cost over its GPU-hours: the offer's price,
    or an existing commitment's where it holds the units). Rows of tokens bought from APIs,
    and rows whose cents differ from that product (a month's cents settled across rows, an
    offer's units at two prices), keep their values and no price."""
    # Existing units beside new ones may be at another price (the one signed): a blend is
    # no price a buyer edits, so those rows keep their values.
    paid = {
        (m.month, a.offer_id): a.cost / (a.gpus * HOURS_PER_MONTH)
        for m in plan.months
        for a in m.allocations
        if a.gpus > 0 and not 1e-9 < a.committed_units < a.units - 1e-9
    }
    keys = t.keys
    month_at, offer_at = keys.index("month"), keys.index("offer_id")
    gpus_at, cost_at = keys.index("gpus"), keys.index("cost")
    price_at, hours_at = len(keys), len(keys) + 1
    rows: list[tuple[Cell, ...]] = []
    formulas: dict[tuple[int, int], Formula] = {}
    for n, row in enumerate(t.rows):
        month, offer = row[month_at].value, row[offer_at].value
        price = paid.get((str(month), str(offer)))
        gpus = _number(row[gpus_at])
        shown = cents(_number(row[cost_at]))
        places = _price_places(gpus, price, shown) if price is not None and gpus > 0 else None
        if places is None:
            rows.append((*row, Rate(None), Count(None)))
            continue
        rows.append((*row, Rate(places), Count(HOURS_PER_MONTH)))
        g, p, h = (xl_col_to_name(c) for c in (gpus_at, price_at, hours_at))
        text = f"=ROUND({g}{{r}}*{p}{{r}}*{h}{{r}},2)"
        formulas[(n, cost_at)] = Formula(text, float(shown))
    columns = (*t.columns, Column(PRICE, PRICE), Column(HOURS, HOURS))
    return Table(columns=columns, rows=tuple(rows)), formulas


def allocation_note(t: Table, formulas: dict[tuple[int, int], Formula]) -> str:
    """What the Allocations sheet's cost column is: formulas, and which rows keep values."""
    left = len(t.rows) - len(formulas)
    said = (
        f"cost = ROUND(gpus x {PRICE} x {HOURS}, 2) on {len(formulas)} of {len(t.rows)} rows "
        "(edit a price or the GPUs and the row, the table's total and the Summary's total "
        "cost move with it)"
    )
    if left:
        said += (
            f"; {left} keep their values (no {PRICE}): tokens bought from APIs (million tokens "
            "x their prices, on the APIPurchases sheet), or rows whose cents the month's cost "
            "settles across its rows or whose units are at two prices"
        )
    return said + "."


def cash_formulas(t: Table) -> dict[tuple[int, int], Formula]:
    """Each cash row's cash (=upfront + recurring - recovered) and running totals (the row
    above's plus this row's), where they give the row's cents (`service.reports.cash` makes
    them so)."""
    keys = t.keys
    at = {k: keys.index(k) for k in keys}
    letter = {k: xl_col_to_name(c) for k, c in at.items()}
    out: dict[tuple[int, int], Formula] = {}
    for n, row in enumerate(t.rows):
        v = {k: cents(_number(row[c])) for k, c in at.items() if isinstance(row[c], Money)}
        if v.get("cash") == v["upfront"] + v["recurring"] - v["recovered"]:
            text = (
                f"={letter['upfront']}{{r}}+{letter['recurring']}{{r}}-{letter['recovered']}{{r}}"
            )
            out[(n, at["cash"])] = Formula(text, float(v["cash"]))
        for total, part in (("cumulative_cash", "cash"), ("cumulative_amortised", "amortised")):
            above = cents(_number(t.rows[n - 1][at[total]])) if n else Decimal(0)
            if v[total] == above + v[part]:
                prev = f"{letter[total]}{{p}}+" if n else ""
                out[(n, at[total])] = Formula(f"={prev}{letter[part]}{{r}}", float(v[total]))
    return out


def obligation_formulas(t: Table) -> dict[tuple[int, int], Formula]:
    """Each commitment's total obligation as =in the horizon + beyond it, where that gives
    its cents."""
    keys = t.keys
    total, inside, beyond = (
        keys.index(k)
        for k in ("total_obligation", "obligation_in_horizon", "obligation_beyond_horizon")
    )
    text = f"={xl_col_to_name(inside)}{{r}}+{xl_col_to_name(beyond)}{{r}}"
    out: dict[tuple[int, int], Formula] = {}
    for n, row in enumerate(t.rows):
        shown = cents(_number(row[total]))
        if shown == cents(_number(row[inside])) + cents(_number(row[beyond])):
            out[(n, total)] = Formula(text, float(shown))
    return out


def horizon_rows(t: Table) -> slice:
    """The cash table's rows of the horizon (its first rows)."""
    periods = [row[t.keys.index("period")].value for row in t.rows]
    count = 0
    while count < len(periods) and periods[count] == "horizon":
        count += 1
    return slice(0, count)


def pair_formulas(
    pairs: Sequence[tuple[str, Cell]], wanted: dict[str, Formula | None], top: int = 0
) -> tuple[dict[tuple[int, int], Formula], list[str]]:
    """Formulas for the value cells of an (item, value) table from row `top` whose item is
    in `wanted` and whose formula gives its cents; the items left as values."""
    out: dict[tuple[int, int], Formula] = {}
    done: list[str] = []
    for n, (label, cell) in enumerate(pairs):
        f = wanted.get(label)
        if f is None or not isinstance(cell, Money) or cell.value is None:
            continue
        if cents(f.value) == cents(cell.value):
            out[(n, 1)] = Formula(f.text, float(cents(cell.value)))
            done.append(label)
    return out, done
