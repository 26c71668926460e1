"""The report as CSV: one allocation line per (month, offer, workload), the cost column to the
cent by largest remainder so that it adds up to the plan's total, each with the plan's status
and gap; cells guarded against formula injection."""

from __future__ import annotations

from catalog import Catalog
from optimizer import Plan
from service.reports.cash import cash_table
from service.reports.cells import Cell, Money, Month, Rate, Text
from service.reports.cent_ledger import cent_ledger
from service.reports.csv_text import csv_text
from service.reports.document import Report
from service.reports.numbers import allocate_cents, decimal_text
from service.reports.power import minimises_power
from service.reports.standing import stamped
from service.reports.table import Column, Table

__all__ = ["cash_csv", "csv_text", "render", "table_csv"]


def _plain(cell: Cell) -> str:
    match cell:
        case Text(value) | Month(value):
            return value
        case _ if cell.value is None:
            return ""
        case _:
            return decimal_text(cell.value)


def table_csv(t: Table) -> str:
    """The table with its keys as the header; money columns to the cent, each adding up to
    its rounded total."""
    columns: list[list[str]] = []
    for i in range(len(t.columns)):
        cells = [row[i] for row in t.rows]
        amounts = [c.value or 0.0 for c in cells if isinstance(c, Money)]
        if cells and len(amounts) == len(cells):
            columns.append([str(c) for c in allocate_cents(amounts)])
        else:
            columns.append([_plain(c) for c in cells])
    return csv_text([t.keys, *(list(row) for row in zip(*columns, strict=True))])


def cash_csv(plan: Plan, catalog: Catalog) -> str:
    """The plan's cash flows without their running totals, in the cents of `cent_ledger`
    (the requisition's payments, the rest rounded per column), with a note where a month
    pays a requisition line's rounding remainder (and so differs from the JSON by more than
    its rounding); each row with the plan's currency (ISO 4217, after its money columns: probe
    17a L3, an EUR plan's file read as a USD one's) and its status and gap."""
    money = ("month", "period", "upfront", "recurring", "recovered", "cash", "amortised")
    flows = cent_ledger(plan, catalog).flows
    shown = cash_table(plan, flows).select(*money, "note")
    at, currency = len(money), Text(plan.summary.currency if plan.summary else "")
    priced = Table(
        columns=(*shown.columns[:at], Column("currency", "currency"), *shown.columns[at:]),
        rows=tuple((*row[:at], currency, *row[at:]) for row in shown.rows),
    )
    return table_csv(stamped(priced, plan))


def render(report: Report) -> str:
    """The allocation lines, each with the plan's status and gap; a power plan's also with
    its objective and the MW-months it minimised (`summary.mw_months`: the rows are the
    horizon's, the figure counts the tail too under `demand_continues`)."""
    lines = stamped(report.allocations, report.plan)
    return table_csv(_with_power(lines, report.plan))


def _with_power(t: Table, plan: Plan) -> Table:
    """`t` with `plan_objective` and `plan_mw_months` on every row of a power plan; `t`
    itself for a cost plan (its CSV's columns are the same as before them)."""
    s = plan.summary
    if s is None or s.mw_months is None or not minimises_power(plan):
        return t
    columns = (
        Column("plan_objective", "plan_objective"),
        Column("plan_mw_months", "plan_mw_months"),
    )
    stamps = (Text(plan.request.objective), Rate(s.mw_months))
    return Table(columns=(*t.columns, *columns), rows=tuple((*row, *stamps) for row in t.rows))
