"""A scenario plan's headline cost and its scenario table say which span they cover (probe 8
finding 9a): the card read "base scenario's total cost" for the horizon's alone, beside a
table whose `cost` holds the tail too and whose tokens are the horizon's."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from service.reports import build_report
from service.reports.cells import shown
from service.reports.formats import render_report
from service.reports.to_text import plan_text
from tests.documents import workbook
from tests.golden import golden_plan


def test_the_headline_cost_is_the_table_horizon_cost_and_says_so() -> None:
    """Three scenarios under `demand_continues`: the card is the base scenario's horizon cost
    (5,018,008.32 USD), the figure of the table's `horizon cost` column, whose `cost` column
    is labelled horizon + tail and whose tokens the horizon's."""
    plan = golden_plan("three-scenarios")
    assert plan.scenarios is not None and plan.tail is not None
    report = build_report(plan, default_catalog())
    cards = dict(report.headline)
    card = cards["base scenario's horizon cost (demand_continues)"]
    assert shown(card) == "5,018,008.32 USD"
    assert not any("total cost" in label for label in cards)
    table = report.scenarios
    assert table is not None
    # Its tails are whole (probe 16a F1): no whole-unit column beside the cost.
    assert table.labels[2:4] == ["cost, horizon + tail", "horizon cost"]
    assert "tokens in the horizon" in table.labels
    base = table.rows[[o.name for o in plan.scenarios.scenarios].index("base")]
    assert shown(base[table.labels.index("horizon cost")]) == shown(card)
    assert "horizon cost        5,018,008.32 USD (demand_continues)" in plan_text(report)


def test_a_scenario_plan_without_a_tail_keeps_total_cost() -> None:
    """The same plan under `in_horizon` (no tail): its cost is the total, said as such."""
    plan = golden_plan("three-scenarios")
    assert plan.summary is not None
    summary = msgspec.structs.replace(plan.summary, commitment_accounting="in_horizon")
    plain = msgspec.structs.replace(plan, tail=None, summary=summary)
    report = build_report(plain, default_catalog())
    assert "base scenario's total cost (in_horizon)" in dict(report.headline)
    table = report.scenarios
    assert table is not None and table.labels[2] == "cost"


def test_the_summary_table_names_the_scenario_its_cost_is() -> None:
    """Review22: the summary table read "total cost 5,018,008.32 USD" a few lines below an
    expected cost of 26,656,633.28 USD; in Markdown, HTML, text and the workbook it is now the
    base scenario's horizon cost, as the headline card says, and "total cost" is gone."""
    plan = golden_plan("three-scenarios")
    catalog = default_catalog()
    report = build_report(plan, catalog)
    label = "base scenario's horizon cost"
    assert report.summary[0][0] == label
    assert shown(report.summary[0][1]) == "5,018,008.32 USD"
    md = str(render_report(plan, catalog, "md")[0])
    assert f"| {label} | 5,018,008.32 USD |" in md
    assert "| total cost |" not in md
    html = str(render_report(plan, catalog, "html")[0])
    assert "base scenario&#39;s horizon cost" in html or "base scenario's horizon cost" in html
    summary = workbook(bytes(render_report(plan, catalog, "xlsx")[0]))["Summary"]
    labels = [row[0] for row in summary.iter_rows(values_only=True)]
    assert label in labels and "total cost" not in labels


def test_a_plain_plans_summary_keeps_total_cost() -> None:
    """The seed (no scenarios): its summary's first row is still its total cost."""
    report = build_report(golden_plan("seed-deepseek-r1"), default_catalog())
    assert report.summary[0][0] == "total cost"
    assert shown(report.summary[0][1]) == "5,018,008.32 USD"
