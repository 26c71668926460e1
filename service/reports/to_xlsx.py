"""The report as an XLSX workbook (Summary, Months, Allocations, Commitments, Baselines, Sources)
with native charts. Text is always written as text, never as a formula."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter

from service.reports.cells import Cell, Count, Money, Month, Percent, Rate, Text
from service.reports.document import Report
from service.reports.table import Table, table

__all__ = ["render"]

_FORMATS: dict[type, str] = {
    Money: "#,##0.00",
    Rate: "#,##0.0###",
    Count: "#,##0.###",
    Percent: "0.0%",
}


class _Sheet:
    """A worksheet that writes typed cells with their number formats."""

    def __init__(self, book: Any, name: str, formats: dict[type, Any], bold: Any) -> None:
        self.sheet = book.add_worksheet(name)
        self.formats = formats
        self.bold = bold

    def cell(self, row: int, col: int, cell: Cell) -> None:
        match cell:
            case Text(value) | Month(value):
                # write_string: a vendor, source or note starting with `=` stays text.
                if value:
                    self.sheet.write_string(row, col, value)
            case _ if cell.value is None:
                self.sheet.write_blank(row, col, None)
            case _:
                self.sheet.write_number(row, col, cell.value, self.formats[type(cell)])

    def header(self, row: int, labels: Sequence[str]) -> None:
        for col, label in enumerate(labels):
            self.sheet.write_string(row, col, label, self.bold)

    def table(self, t: Table, top: int = 0) -> int:
        """Writes `t` (keys as the header) from row `top`; the row after its last. The first
        table of a sheet keeps its header in view and gets filters."""
        self.header(top, t.keys)
        for n, row in enumerate(t.rows, start=top + 1):
            for col, cell in enumerate(row):
                self.cell(n, col, cell)
        if top == 0 and t.columns:
            self.sheet.freeze_panes(1, 0)
            self.sheet.autofilter(0, 0, len(t.rows), len(t.columns) - 1)
        return top + 1 + len(t.rows)


def _summary(report: Report, sheet: _Sheet) -> None:
    plan = report.plan
    sheet.sheet.set_column(0, 0, 36)
    sheet.sheet.set_column(1, 1, 22)
    sheet.header(0, ["tokenplan plan", plan.id])
    rows: list[tuple[str, Cell]] = [
        ("status", Text(plan.status)),
        ("catalog revision", Count(plan.catalog_revision)),
    ]
    if plan.summary is not None:
        rows += [("currency", Text(plan.summary.currency)), *report.summary, *report.tail]
    if report.assumption:
        rows.append(("assumption", Text(report.assumption)))
    if plan.error:
        rows.append(("error", Text(plan.error)))
    if plan.diagnosis is not None:
        rows.append(("diagnosis", Text(plan.diagnosis.summary)))
        rows += [("binding", Text(b)) for b in plan.diagnosis.binding]
    for n, (label, cell) in enumerate(rows, start=2):
        sheet.sheet.write_string(n, 0, label)
        sheet.cell(n, 1, cell)
    for n, warning in enumerate(plan.warnings, start=len(rows) + 4):
        sheet.sheet.write_string(n, 0, "warning")
        sheet.sheet.write_string(n, 1, warning)


def _months(report: Report, book: Any, sheet: _Sheet) -> None:
    fleet = report.fleet_chart
    t = report.months.select("month", "cost", "MW", "tokens/s")
    columns = [*t.labels, *(f"{s.label} GPUs" for s in fleet.series)]
    rows = [[*row, *(Count(s.values[n]) for s in fleet.series)] for n, row in enumerate(t.rows)]
    sheet.table(table(columns, rows))
    sheet.sheet.set_column(0, len(columns) - 1, 14)
    count = len(rows)
    if count and fleet.series and report.plan.diagnosis is None:
        chart = book.add_chart({"type": "column", "subtype": "stacked"})
        for k, series in enumerate(fleet.series, start=len(t.columns)):
            chart.add_series(
                {
                    "name": series.label,
                    "categories": ["Months", 1, 0, count, 0],
                    "values": ["Months", 1, k, count, k],
                }
            )
        chart.set_title({"name": "Fleet by month (GPUs)"})
        chart.set_y_axis({"name": "GPUs"})
        chart.set_size({"width": 900, "height": 420})
        sheet.sheet.insert_chart(count + 3, 0, chart)


def _baselines(report: Report, book: Any, sheet: _Sheet) -> None:
    t = report.baselines.without("vs plan")
    sheet.table(t)
    sheet.sheet.set_column(0, len(t.columns), 18)
    count = len(t.rows)
    if report.plan.summary is None or not count:
        return
    chart = book.add_chart({"type": "bar"})
    for name, key in (
        ("baseline cost per million tokens", "baseline_cost_per_million_tokens"),
        ("plan cost per million tokens", "plan_cost_per_million_tokens"),
    ):
        k = t.keys.index(key)
        chart.add_series(
            {
                "name": name,
                "categories": ["Baselines", 1, 0, count, 0],
                "values": ["Baselines", 1, k, count, k],
            }
        )
    chart.set_title({"name": "Cost per million tokens: baselines and plan"})
    chart.set_size({"width": 760, "height": 320})
    sheet.sheet.insert_chart(count + 3, 0, chart)


def render(report: Report) -> bytes:
    """The workbook's bytes (the same plan gives the same bytes)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    book.set_properties(
        {"title": f"tokenplan plan {report.plan.id}", "author": "tokenplan"}
        | {"created": dt.datetime(2000, 1, 1)}
    )
    formats = {kind: book.add_format({"num_format": f}) for kind, f in _FORMATS.items()}
    bold = book.add_format({"bold": True})

    def sheet(name: str) -> _Sheet:
        return _Sheet(book, name, formats, bold)

    _summary(report, sheet("Summary"))
    _months(report, book, sheet("Months"))
    allocations = sheet("Allocations")
    allocations.table(report.allocations)
    allocations.sheet.set_column(0, len(report.allocations.columns), 14)
    commitments = sheet("Commitments")
    lines = report.commitments.without("offer")
    commitments.table(lines)
    commitments.sheet.set_column(0, len(lines.columns), 16)
    _baselines(report, book, sheet("Baselines"))
    sources = sheet("Sources")
    below = sources.table(report.offers) + 2
    after = sources.table(report.throughput, below)
    if report.throughput_note:
        sources.sheet.write_string(after, 0, report.throughput_note)
    sources.sheet.set_column(0, 6, 24)
    book.close()
    return buffer.getvalue()
