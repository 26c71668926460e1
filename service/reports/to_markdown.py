"""The report as Markdown: the summary, the baselines, the tables, warnings and sources."""

from __future__ import annotations

from collections.abc import Sequence

from service.reports.cells import Cell, shown
from service.reports.document import Report
from service.reports.table import Table

__all__ = ["render"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _lines(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _table(t: Table) -> list[str]:
    return _lines(t.labels, [[shown(c) for c in row] for row in t.rows])


def _pairs(entries: Sequence[tuple[str, Cell]]) -> list[str]:
    return _lines(["", ""], [[label, shown(cell)] for label, cell in entries])


def render(report: Report) -> str:
    """The Markdown document."""
    plan = report.plan
    out = [f"# tokenplan plan {plan.id}: {report.name}", ""]
    if plan.error:
        out += [f"**Failed:** {plan.error}", ""]
    if plan.summary is None:
        return "\n".join(out)
    out += ["## Summary", "", *_pairs(report.overview)]
    out += ["## Against the baselines", "", *_table(report.baselines)]
    if plan.diagnosis is not None:
        out += ["## Diagnosis: the demand cannot be met", "", plan.diagnosis.summary, ""]
        out += [f"- binding: {b}" for b in plan.diagnosis.binding] + [""]
        out += _table(report.shortfalls)
    out += ["## Months", "", *_table(report.months)]
    out += ["## Commitments", "", *_table(report.commitments_shown)]
    out += ["## Cost per million tokens by workload", "", *_table(report.workloads)]
    if plan.marginal is not None:
        out += ["## Marginal costs", "", plan.marginal.note, "", *_table(report.marginal_demand)]
        if report.marginal_power.rows:
            out += _table(report.marginal_power)
    if plan.warnings:
        out += ["## Warnings", ""] + [f"- {w}" for w in plan.warnings] + [""]
    sources = report.offers.select("offer", "price basis", "as of", "source")
    out += ["## Sources", "", *_table(sources)]
    return "\n".join(out)
