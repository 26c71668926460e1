"""The report as Markdown: the summary, the baselines, the tables, warnings and sources.

Every text is HTML-escaped: Markdown viewers pass raw HTML through, and vendors, sources, notes
and names are typed by people.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from service.reports.cells import Cell, shown
from service.reports.crossover import crossover_said, crossover_table
from service.reports.document import Report
from service.reports.marginals import marginal_tables
from service.reports.standing import error_label
from service.reports.table import Table
from service.reports.verdicts import marginal_note

__all__ = ["md_cell", "render"]


def _md(text: str) -> str:
    """`text` as Markdown text: HTML escaped, and its brackets too, so that no name makes a
    link or an image (review 13: a vendor `![x](https://host/p.png)` rendered as a remote
    image wherever report.md was pasted)."""
    return html.escape(text, quote=False).replace("[", "\\[").replace("]", "\\]")


def md_cell(text: str) -> str:
    """`text` as a Markdown table cell: HTML escaped (a name may hold markup, and Markdown
    renderers pass inline HTML), pipes escaped, on one line."""
    return _md(text).replace("|", "\\|").replace("\n", " ")


def _lines(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(map(md_cell, headers)) + " |"]
    lines.append("|" + "|".join("---" for _ in headers) + "|")
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _table(t: Table) -> list[str]:
    return _lines(t.labels, [[shown(c) for c in row] for row in t.rows])


def _pairs(entries: Sequence[tuple[str, Cell]]) -> list[str]:
    return _lines(["", ""], [[label, shown(cell)] for label, cell in entries])


def _diagnosis(report: Report) -> list[str]:
    d = report.plan.diagnosis
    if d is None:
        return []
    out = ["## Diagnosis: the demand cannot be met", "", _md(d.summary), ""]
    out += [f"- binding: {_md(b)}" for b in d.binding] + [""]
    return out + (_table(report.shortfalls) if report.shortfalls.rows else [])


def render(report: Report) -> str:
    """The Markdown document."""
    plan = report.plan
    out = [f"# tokenplan plan {plan.id}: {_md(report.name)}", ""]
    if plan.error:
        out += [f"**{error_label(plan, 'failed').capitalize()}:** {_md(plan.error)}", ""]
    if plan.summary is None:
        return "\n".join(out + _diagnosis(report))
    if report.assumption:
        out += [f"_{_md(report.assumption)}_", ""]
    out += [_md(" ".join(report.recommendation)), ""]
    out += [_md(report.cash_line), ""] if report.cash_line else []
    # The labels carry names too (the shown scenario's): escaped as the values are (probe 13).
    cards = (f"**{_md(label)}** {_md(shown(cell))}" for label, cell in report.headline)
    out += [" · ".join(cards), ""]
    out += ["## Summary", "", *_pairs(report.overview)]
    if report.scenarios is not None:
        out += ["## Scenarios", "", *_pairs(report.scenario_summary), *_table(report.scenarios)]
    if report.tail:
        out += ["## After the horizon", "", *_pairs(report.tail)]
    out += ["## Against the baselines", "", *_table(report.baselines_shown)]
    described = report.baselines_described
    out += [f"- {_md(name)}: {_md(what)}" for name, what in described] + [""] * bool(described)
    out += _diagnosis(report)
    out += ["## Months", "", *_table(report.months)]
    out += ["## Commitments", "", *_table(report.commitments_shown)]
    if report.purchases.rows:
        out += ["## Tokens bought from APIs", "", *_table(report.purchases)]
    for x in report.crossovers:
        out += [f"## Build or buy: {_md(x.workload_id)}", "", _md(crossover_said(x)), ""]
        out += _table(crossover_table(x))
    if report.cash_summary:
        out += ["## Cash against amortised cost", "", *_pairs(report.cash_summary)]
        out += _table(report.cash)
    out += ["## Cost per million tokens by workload", "", *_table(report.workloads)]
    if plan.marginal is not None:
        out += ["## Marginal costs", "", _md(marginal_note(plan)), ""]
        for t in marginal_tables(report):
            out += _table(t)
    if plan.warnings:
        out += ["## Warnings", ""] + [f"- {_md(w)}" for w in plan.warnings] + [""]
    sources = report.offers_shown("offer", "price formula", "price basis", "as of", "source")
    out += ["## Sources", "", *_table(sources)]
    return "\n".join(out)
