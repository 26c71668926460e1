"""The report as an Excel-native workbook (Summary, Months, Allocations, Commitments,
Baselines, Sources): every table an Excel table with filters under a frozen header row, money in
the plan's currency, months as dates, totals as formulas (SUBTOTAL, so a filter narrows them),
widths fitted to the text, a print area a page wide; native charts. Text is always written as
text, never as a formula."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from optimizer import status_said
from service.reports import tables
from service.reports.cells import Cell, Count, Money, Month, Percent, Rate, Text
from service.reports.crossover import crossover_table
from service.reports.document import Report
from service.reports.marginals import marginal_tables
from service.reports.scenarios import cost_label
from service.reports.standing import error_label, stamped
from service.reports.table import Table, table
from service.reports.verdicts import marginal_note, money_unit
from service.reports.xlsx_formulas import (
    Formula,
    Ranges,
    allocation_note,
    cash_formulas,
    horizon_rows,
    obligation_formulas,
    pair_formulas,
    priced_allocations,
)

__all__ = ["render"]

_FORMATS: dict[type, str] = {
    Rate: "#,##0.0###",
    Count: "#,##0.###",
    Percent: "0.0%",
    Month: "yyyy-mm",
}
MAX_WIDTH = 420
"""The widest a fitted column gets, in pixels (about 60 characters): sources and notes wrap."""
CHART_ROWS = 24
"""Rows a chart below a table takes, counted into the sheet's print area."""


def _money_format(currency: str) -> str:
    return f"[${currency}] #,##0.00" if currency else "#,##0.00"


class _Sheet:
    """A worksheet that writes typed cells with their number formats and tables as Excel
    tables."""

    def __init__(self, book: Any, name: str, formats: dict[Any, Any], currency: str) -> None:
        self.book = book
        self.name = name
        self.sheet = book.add_worksheet(name)
        self.formats = formats
        self.currency = currency
        self.bottom = 0
        self.right = 0

    def _money(self, currency: str) -> Any:
        key = ("money", currency or self.currency)
        if key not in self.formats:
            self.formats[key] = self.book.add_format({"num_format": _money_format(key[1])})
        return self.formats[key]

    def format(self, cell: Cell) -> Any:
        if isinstance(cell, Money):
            return self._money(cell.currency)
        return self.formats.get(type(cell))

    def formula(self, row: int, col: int, cell: Cell, f: Formula) -> None:
        """`f` in the cell (0-based `row`), its value cached: `{r}` in its text is the row's
        number, `{p}` the row above's."""
        text = f.text.format(r=row + 1, p=row)
        self.sheet.write_formula(row, col, text, self.format(cell), f.value)

    def cell(self, row: int, col: int, cell: Cell) -> None:
        match cell:
            case Month(value) if len(value) == 7 and value[4] == "-":  # not `tail`
                year, month = (int(part) for part in value.split("-"))
                self.sheet.write_datetime(
                    row, col, dt.datetime(year, month, 1), self.formats[Month]
                )
            case Text(value) | Month(value):
                # write_string: a vendor, source or note starting with `=` stays text.
                if value:
                    self.sheet.write_string(row, col, value)
            case _ if cell.value is None:
                self.sheet.write_blank(row, col, None)
            case Money(value, currency):
                self.sheet.write_number(row, col, value, self._money(currency))
            case _:
                self.sheet.write_number(row, col, cell.value, self.formats[type(cell)])

    def table(
        self,
        t: Table,
        top: int = 0,
        totals: bool = False,
        label: str = "total",
        unsummed: tuple[str, ...] = (),
        formulas: dict[tuple[int, int], Formula] | None = None,
    ) -> int:
        """Writes `t` as an Excel table (keys as the header, filters on) from row `top`, with a
        SUBTOTAL formula under each money column but those keyed `unsummed` when `totals`, the
        row named `label`; the row after its last. `formulas`: (row of `t`, column) -> the
        cell's formula in place of its value. The first table of a sheet keeps its header
        in view."""
        rows = max(len(t.rows), 1)  # an Excel table has at least one data row
        formulas = formulas or {}
        for k, row in enumerate(t.rows):
            for col, cell in enumerate(row):
                if (k, col) in formulas:
                    self.formula(top + 1 + k, col, cell, formulas[(k, col)])
                else:
                    self.cell(top + 1 + k, col, cell)
        money = [
            key not in unsummed and any(isinstance(row[i], Money) for row in t.rows)
            for i, key in enumerate(t.keys)
        ]
        totals = totals and len(t.rows) > 1 and any(money)
        columns: list[dict[str, Any]] = []
        for i, key in enumerate(t.keys):
            column: dict[str, Any] = {"header": key}
            if totals and money[i]:
                values = [cell.value or 0.0 for row in t.rows if isinstance(cell := row[i], Money)]
                column |= {
                    "total_function": "sum",
                    "total_value": sum(values, 0.0),
                    "format": self._money(""),
                }
            elif totals and i == 0:
                column["total_string"] = label
            columns.append(column)
        last = top + rows + (1 if totals else 0)
        self.sheet.add_table(
            top,
            0,
            last,
            len(t.keys) - 1,
            {
                "name": f"{self.name}{top}" if top else self.name,
                "columns": columns,
                "total_row": totals,
                "style": "Table Style Light 9",
                "autofilter": True,
            },
        )
        if top == 0:
            self.sheet.freeze_panes(1, 0)
        self.bottom = max(self.bottom, last)
        self.right = max(self.right, len(t.keys) - 1)
        return last + 1

    def finish(self) -> None:
        """Fits the widths and sets the print area: landscape A4, a page wide, the header row
        repeated on every page."""
        self.sheet.autofit(MAX_WIDTH)
        self.sheet.print_area(0, 0, self.bottom, self.right)
        self.sheet.set_landscape()
        self.sheet.set_paper(9)
        self.sheet.fit_to_pages(1, 0)
        self.sheet.repeat_rows(0)


def _summary(report: Report, sheet: _Sheet) -> list[tuple[str, Cell]]:
    """The Summary's (item, value) rows, written as values (`_summary_formulas` makes the
    totals formulas once the sheets they sum are written)."""
    plan = report.plan
    rows: list[tuple[str, Cell]] = [
        ("plan", Text(plan.id)),
        ("status", Text(status_said(plan))),
        ("catalog revision", Count(plan.catalog_revision)),
    ]
    if plan.summary is not None:
        rows += [("currency", Text(plan.summary.currency)), *report.summary, *report.tail]
    if report.assumption:
        rows.append(("assumption", Text(report.assumption)))
    rows += [("recommendation", Text(line)) for line in report.recommendation]
    rows += [("cash", Text(report.cash_line))] if report.cash_line else []
    if plan.error:
        rows.append((error_label(plan), Text(plan.error)))
    if plan.diagnosis is not None:
        rows.append(("diagnosis", Text(plan.diagnosis.summary)))
        rows += [("binding", Text(b)) for b in plan.diagnosis.binding]
    rows += [("warning", Text(w)) for w in plan.warnings]
    sheet.table(table(["item", "value"], ([Text(label), cell] for label, cell in rows)))
    return rows


SUMMED = {
    "total cost": ("Allocations", "cost"),
    "amortised cost in horizon": ("Allocations", "cost"),
    "total obligation (new contracts and on-demand use)": ("Commitments", "total_obligation"),
    "obligation after the horizon": ("Commitments", "obligation_beyond_horizon"),
    "committed cost (existing)": ("Existing", "obligation_in_horizon"),
}
"""The Summary's totals that are sums of a sheet's table column (where they give its cents)."""


def _summary_formulas(
    report: Report, sheet: _Sheet, rows: list[tuple[str, Cell]], ranges: Ranges
) -> None:
    """The Summary's totals as sums of the sheets' tables, and its cost per million tokens
    as the total over the tokens, each cached at the plan's figure (probe 17a L5), then a
    note of what is a formula and what stays a value."""
    cost = cost_label(report.plan)  # a scenario plan's: its shown scenario's
    summed = {cost if label == "total cost" else label: where for label, where in SUMMED.items()}
    wanted = {label: ranges.total(*where) for label, where in summed.items()}
    formulas, done = pair_formulas(rows, wanted)
    labels = [label for label, _ in rows]
    s = report.plan.summary
    if cost in done and "tokens delivered" in labels and s is not None:
        per = "cost per million tokens"
        if per in labels and s.cost_per_million_tokens is not None:
            total, tokens = labels.index(cost) + 2, labels.index("tokens delivered") + 2
            text = f"=B{total}/B{tokens}*1000000"
            formulas[(labels.index(per), 1)] = Formula(text, s.cost_per_million_tokens)
            done.append(per)
    for (n, col), f in formulas.items():
        sheet.formula(n + 1, col, rows[n][1], f)
    note = (
        "Formulas: "
        + "; ".join(done or ["none"])
        + " (sums of the Allocations and Commitments sheets' tables: edit an allocation's "
        "price or GPUs, or a commitment's obligation, and they move). Every other figure is "
        "a value, the Months sheet's too: the tail's allocations, the tokens, MW and NPV "
        "have no rows here to sum (the Cash sheet's months after the horizon are its cash "
        "alone)."
    )
    sheet.sheet.write_string(len(rows) + 2, 0, note)
    sheet.bottom = max(sheet.bottom, len(rows) + 2)


def _scenarios(report: Report, sheet: _Sheet) -> None:
    """A scenario plan's summary (expected cost, range, the value of the stochastic solution,
    which scenario the other sheets show), then the scenarios side by side, as the md and
    html reports have them; their costs are not summed (they are alternatives)."""
    pairs = report.scenario_summary
    top = sheet.table(table(["item", "value"], ([Text(label), cell] for label, cell in pairs)))
    if report.scenarios is not None:
        sheet.table(report.scenarios, top + 1)


def _months(report: Report, sheet: _Sheet, ranges: Ranges) -> None:
    fleet = report.fleet_chart
    t = report.months.select("month", "cost", "MW", "tokens/s")
    columns = [*t.labels, *(f"{s.label} GPUs" for s in fleet.series)]
    rows = [[*row, *(Count(s.values[n]) for s in fleet.series)] for n, row in enumerate(t.rows)]
    written = table(columns, rows)
    ranges.add("Months", sheet.name, written, 0)
    below = sheet.table(written, totals=True)
    count = len(rows)
    if count and fleet.series and report.plan.diagnosis is None:
        chart = sheet.book.add_chart({"type": "column", "subtype": "stacked"})
        for k, series in enumerate(fleet.series, start=len(t.columns)):
            chart.add_series(
                {
                    "name": series.label,
                    "categories": ["Months", 1, 0, count, 0],
                    "values": ["Months", 1, k, count, k],
                }
            )
        chart.set_title({"name": "Fleet by month (GPUs)"})
        chart.set_x_axis({"num_format": "yyyy-mm"})
        chart.set_y_axis({"name": "GPUs"})
        chart.set_size({"width": 900, "height": 420})
        sheet.sheet.insert_chart(below + 1, 0, chart)
        sheet.bottom = below + CHART_ROWS


def _commitments(report: Report, sheet: _Sheet, ranges: Ranges) -> None:
    """What the plan signs and buys on demand, their total the Summary's obligation (new
    contracts and on-demand use), then the contracts signed already in a table of their own
    with their own total; per-month costs are not summed (a month of on-demand and a month of
    a 48-month contract are not alike)."""
    t = report.commitments.without("offer")
    signed = [c.existing for c in report.plan.commitments]
    below = 0
    for existing, label in (
        (False, "total (new contracts and on-demand use)"),
        (True, "total (existing)"),
    ):
        rows = tuple(row for row, old in zip(t.rows, signed, strict=True) if old == existing)
        if existing and not rows:
            break
        part = Table(columns=t.columns, rows=rows)
        top = below + 1 if below else 0
        ranges.add("Existing" if existing else "Commitments", sheet.name, part, top)
        formulas = obligation_formulas(part)
        below = sheet.table(part, top, True, label, ("monthly_cost",), formulas)


def _allocations(report: Report, sheet: _Sheet, ranges: Ranges) -> None:
    """One row per (month, offer, workload) with its price per GPU-hour and hours, its cost
    a formula on them (`priced_allocations`), and a note under the table saying so."""
    priced, formulas = priced_allocations(report.plan, stamped(report.allocations, report.plan))
    ranges.add("Allocations", sheet.name, priced, 0)
    below = sheet.table(priced, totals=True, formulas=formulas)
    sheet.sheet.write_string(below + 1, 0, allocation_note(priced, formulas))
    sheet.bottom = below + 1


def _baselines(report: Report, sheet: _Sheet) -> None:
    t = report.baselines.without("vs plan")
    below = sheet.table(t)
    count = len(t.rows)
    if report.plan.summary is None or not count:
        return
    chart = sheet.book.add_chart({"type": "bar"})
    # The $/M the verdict compares: over horizon + tail under `demand_continues`.
    for label in tables.compared(report.plan)[2:]:
        k = t.labels.index(label)
        name = label.replace(f"{money_unit(report.plan)}/M tokens", "cost per million tokens")
        chart.add_series(
            {
                "name": name,
                "categories": ["Baselines", 1, 0, count, 0],
                "values": ["Baselines", 1, k, count, k],
            }
        )
    chart.set_title({"name": "Cost per million tokens: baselines and plan"})
    chart.set_size({"width": 760, "height": 320})
    sheet.sheet.insert_chart(below + 1, 0, chart)
    sheet.bottom = below + CHART_ROWS


def _cash(report: Report, sheet: _Sheet) -> None:
    """Cash against amortised cost: the pairs, the monthly table and a native line chart of
    the cumulative cash and amortised cost. Each month's cash and running totals are
    formulas on its row, and the pairs' totals sums of the table's columns (probe 17a L5),
    where they give the cents shown."""
    pairs = table(["item", "value"], ([Text(label), cell] for label, cell in report.cash_summary))
    top = max(len(pairs.rows), 1) + 2  # the pairs' table, then a blank row
    ranges = Ranges()
    ranges.add("Cash", sheet.name, report.cash, top)
    horizon = horizon_rows(report.cash)
    wanted = {
        "cash in the horizon": ranges.total("Cash", "cash", horizon),
        "of which upfront": ranges.total("Cash", "upfront", horizon),
        "recovered in the horizon (residual value)": ranges.total("Cash", "recovered", horizon),
        "amortised cost in the horizon": ranges.total("Cash", "amortised", horizon),
        "amortised cost, all months": ranges.total("Cash", "amortised"),
    }
    every = ranges.total("Cash", "cash")
    for label, _ in report.cash_summary:
        if label.startswith("cash, all months"):
            wanted[label] = every
    formulas, _done = pair_formulas(report.cash_summary, wanted)
    assert sheet.table(pairs, formulas=formulas) + 1 == top
    below = sheet.table(report.cash, top, totals=False, formulas=cash_formulas(report.cash))
    count = len(report.cash.rows)
    chart = sheet.book.add_chart({"type": "line"})
    for key, dash in (("cumulative_cash", "solid"), ("cumulative_amortised", "dash")):
        k = report.cash.keys.index(key)
        chart.add_series(
            {
                "name": report.cash.labels[k],
                "categories": ["Cash", top + 1, 0, top + count, 0],
                "values": ["Cash", top + 1, k, top + count, k],
                "line": {"dash_type": dash},
            }
        )
    chart.set_title({"name": "Cash against amortised cost (cumulative)"})
    chart.set_size({"width": 900, "height": 420})
    sheet.sheet.insert_chart(below + 1, 0, chart)
    sheet.bottom = below + CHART_ROWS


def _marginals(report: Report, sheet: _Sheet) -> None:
    """Every marginal table with rows, one under the other, then the note on what they mean
    (probe 11 finding 5: the workbook had no marginals)."""
    below = 0
    for t in marginal_tables(report):
        below = sheet.table(t, below + 1 if below else 0)
    sheet.sheet.write_string(below + 1 if below else 0, 0, marginal_note(report.plan))


def render(report: Report) -> bytes:
    """The workbook's bytes (the same plan gives the same bytes). xlsxwriter is imported
    here: the service and every test process import the formats, and most never write one."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    book.set_properties(
        {"title": f"tokenplan plan {report.plan.id}", "author": "tokenplan"}
        | {"created": dt.datetime(2000, 1, 1)}
    )
    formats: dict[Any, Any] = {
        kind: book.add_format({"num_format": f}) for kind, f in _FORMATS.items()
    }
    currency = report.plan.summary.currency if report.plan.summary else ""
    sheets: list[_Sheet] = []

    def sheet(name: str) -> _Sheet:
        sheets.append(_Sheet(book, name, formats, currency))
        return sheets[-1]

    ranges = Ranges()
    summary = sheet("Summary")
    rows = _summary(report, summary)
    if report.scenarios is not None:
        _scenarios(report, sheet("Scenarios"))
    if report.shortfalls.rows:
        sheet("Shortfalls").table(report.shortfalls)
    _months(report, sheet("Months"), ranges)
    _allocations(report, sheet("Allocations"), ranges)
    _commitments(report, sheet("Commitments"), ranges)
    if report.purchases.rows:
        sheet("APIPurchases").table(report.purchases, totals=True)
    for n, x in enumerate(report.crossovers, start=1):
        sheet(f"BuildOrBuy{n}").table(crossover_table(x))
    _baselines(report, sheet("Baselines"))
    if report.cash.rows:
        _cash(report, sheet("Cash"))
    if report.plan.marginal is not None:
        _marginals(report, sheet("Marginals"))
    sources = sheet("Sources")
    after = sources.table(report.throughput, sources.table(report.offers) + 1)
    if report.throughput_note:
        sources.sheet.write_string(after, 0, report.throughput_note)
    _summary_formulas(report, summary, rows, ranges)
    for each in sheets:
        each.finish()
    book.close()
    return buffer.getvalue()
