"""A plan in another currency than US dollars is headed in that currency in every format, and
an equal cost reads as equal (probe 9, finding 5: a EUR plan's md and html reports headed its
figures "$/M tokens", "$ per million tokens", "monthly_budget per $"; an equal-cost baseline
read "1.00x dearer per token")."""

from __future__ import annotations

from collections import defaultdict

import msgspec
import pytest
from markupsafe import Markup

from catalog import default_catalog
from optimizer import Plan
from service.reports import build_report, plan_text, render_report
from service.reports.document import Report
from service.reports.jinja import render_page
from service.reports.marginals import marginal_tables
from service.reports.table import Table
from service.reports.verdicts import marginal_note, versus
from tests.documents import workbook as opened
from tests.golden import golden_plan

PLANS = ["build-or-buy-deepseek-r1", "capex-budget-deepseek-r1", "seed-deepseek-r1"]
DOLLARS = ("$/", "$ ", " $", "per $")


def _in_euros(name: str) -> Plan:
    """Golden plan `name` as if its money were EUR (the labels follow the summary's currency)."""
    plan = golden_plan(name)
    assert plan.summary is not None
    return msgspec.structs.replace(
        plan, summary=msgspec.structs.replace(plan.summary, currency="EUR")
    )


def _headings(report: Report) -> list[str]:
    """Every table heading and figure label of the report."""
    labels: list[str] = []
    for field in report.__struct_fields__:
        value = getattr(report, field)
        if isinstance(value, Table):
            labels += value.labels
    for t in marginal_tables(report):  # availability and vendor share are not fields
        labels += t.labels
    for pairs in (report.summary, report.cash_summary, report.headline):
        labels += [label for label, _ in pairs]
    return labels


@pytest.mark.parametrize("name", PLANS)
def test_a_euro_plans_headings_name_euros(name: str) -> None:
    """No heading of a EUR plan's report names dollars; its costs per million tokens are
    headed `EUR/M tokens`, its marginal note counts the budget per EUR."""
    report = build_report(_in_euros(name), default_catalog())
    headings = _headings(report)
    assert [h for h in headings if "$" in h] == []
    assert "EUR/M tokens" in report.workloads.labels
    assert any("EUR/M tokens" in h for h in report.baselines_summary.labels)


def test_the_pages_of_a_euro_plan_show_no_dollar_heading() -> None:
    """The Markdown report and the HTML page (drawn here without its charts, which take a
    second; the PDF prints that page) of a EUR plan carry no "$/", "$ per" or "per $": the
    marginal note's budget is per EUR."""
    plan = _in_euros("seed-deepseek-r1")
    markdown = render_report(plan, default_catalog(), "md")[0]
    assert isinstance(markdown, str)
    report = build_report(plan, default_catalog())
    page = render_page(
        "report.html",
        title="t",
        report=report,
        charts=defaultdict(Markup),
        crossovers=[],
        marginal_note=marginal_note(plan),
        marginal_tables=marginal_tables(report),
    )
    for text in (markdown, page):
        assert [d for d in DOLLARS if d in text] == []
        assert "monthly_budget` per EUR" in text or "monthly_budget</code> per EUR" in text


def test_the_terminal_text_and_workbook_of_a_euro_plan_name_euros() -> None:
    """`tokenplan plan`'s text heads its workloads and baselines in EUR; the workbook's
    baseline chart still finds its columns (it names them by label)."""
    plan = _in_euros("build-or-buy-deepseek-r1")
    text = plan_text(build_report(plan, default_catalog()))
    assert "EUR/M tokens" in text and "$/M" not in text
    book = render_report(plan, default_catalog(), "xlsx")[0]
    assert isinstance(book, bytes)
    workbook = opened(book)
    assert "Baselines" in workbook.sheetnames
    cells = [c.value for ws in workbook for row in ws.iter_rows() for c in row]
    assert [v for v in cells if isinstance(v, str) and any(d in v for d in DOLLARS)] == []


def test_a_usd_plan_keeps_its_dollar_headings() -> None:
    """US dollars stay `$`: the seed plan's workloads are headed `$/M tokens`."""
    report = build_report(golden_plan("seed-deepseek-r1"), default_catalog())
    assert "$/M tokens" in report.workloads.labels


def test_an_equal_cost_reads_the_same_not_dearer() -> None:
    """A baseline at the plan's cost per token (ratio 1) is `same cost per token`; one dearer
    by 0.4% reads 1.0040x, not 1.00x; 2.5x reads 2.50x dearer, 0.5 2.00x cheaper."""
    b = golden_plan("seed-deepseek-r1").baselines[0]
    said = [versus(msgspec.structs.replace(b, cost_ratio=r)) for r in (1.0, 1.004, 2.5, 0.5)]
    assert [s.split(" per token")[0] for s in said] == [
        "same cost",
        "1.0040x dearer",
        "2.50x dearer",
        "2.00x cheaper",
    ]
