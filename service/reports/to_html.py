"""The report as one self-contained HTML page (inline CSS and SVG charts, no scripts)."""

from __future__ import annotations

from markupsafe import Markup

from service.reports.charts import bars_svg, grouped, lines_svg
from service.reports.crossover import crossover_said, crossover_svg, crossover_table
from service.reports.document import Report
from service.reports.jinja import render_page
from service.reports.marginals import marginal_tables
from service.reports.verdicts import marginal_note

__all__ = ["render"]


def render(report: Report) -> str:
    """The page: summary, baselines, fleet or diagnosis, power, tables, warnings, sources."""
    charts: dict[str, Markup] = {}
    if report.plan.summary is not None:
        # matplotlib's SVG escapes the labels it draws: the markup is safe to inline.
        charts["power"] = Markup(lines_svg(report.power_chart))
        if report.plan.diagnosis is None:
            charts["fleet"] = Markup(bars_svg(grouped(report.fleet_chart)))
        if report.cost_chart is not None:
            charts["cost"] = Markup(bars_svg(report.cost_chart))
        if report.cash_chart is not None:
            charts["cash"] = Markup(lines_svg(report.cash_chart))
        if report.scenario_chart is not None:
            charts["scenarios"] = Markup(lines_svg(report.scenario_chart))
    crossovers = [
        (x, crossover_said(x), crossover_table(x), Markup(crossover_svg(x)))
        for x in report.crossovers
    ]
    return render_page(
        "report.html",
        title=f"tokenplan: {report.name}",
        report=report,
        charts=charts,
        crossovers=crossovers,
        marginal_note=marginal_note(report.plan),
        marginal_tables=marginal_tables(report),
    )
