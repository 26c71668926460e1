"""Probe 4 finding 1: each baseline's $/M and its verdict (`vs plan`) cover one span, horizon +
tail under `demand_continues`, on the page, in the chart, the workbook's chart and the CLI text
(rendered from golden plans, no solver)."""

from __future__ import annotations

import msgspec
import pytest

from catalog import default_catalog
from service.reports.cells import Rate, Text
from service.reports.document import build_report
from service.reports.to_text import plan_text
from tests.golden import golden_plan

SEED = "seed-deepseek-r1"
BUILD = "build-or-buy-deepseek-r1"


def test_the_summary_table_compares_the_costs_its_verdict_compares() -> None:
    """build-or-buy's baselines are dearer over horizon + tail: the summary shows 0.1886
    against 0.1604 (lifetime), whose ratio is the `vs plan` figure, not 0.2058 against 0.1808
    (the horizon's; the seed's no longer differ, its plan and baselines run steady)."""
    plan = golden_plan(BUILD)
    table = build_report(plan, default_catalog()).baselines_summary
    assert table.labels == [
        "baseline",
        "baseline $/M tokens + tail",
        "plan $/M tokens + tail",
        "vs plan",
    ]
    rows = {row[0]: row for row in table.rows}
    theirs, ours, verdict = rows[Text("cheapest_gpu_hour")][1:]
    assert isinstance(theirs, Rate) and isinstance(ours, Rate)
    assert (round(theirs.value or 0, 4), round(ours.value or 0, 4)) == (0.1886, 0.1604)
    assert verdict == Text("1.18x dearer per token over horizon + tail")
    for b in plan.baselines:
        if b.cost_ratio is None:
            continue
        shown = rows[Text(b.strategy)]
        assert isinstance(shown[1], Rate) and isinstance(shown[2], Rate)
        assert (shown[1].value or 0) / (shown[2].value or 1) == pytest.approx(b.cost_ratio)


def test_the_page_table_and_chart_use_the_compared_span() -> None:
    """The page's baselines table shows the `+ tail` $/M columns and the cost chart draws
    the lifetime $/M of plan and baselines, titled so."""
    plan = golden_plan(SEED)
    report = build_report(plan, default_catalog())
    assert "baseline $/M tokens + tail" in report.baselines_shown.labels
    assert "baseline $/M tokens" not in report.baselines_shown.labels
    chart = report.cost_chart
    assert chart is not None and chart.title.endswith("(horizon + tail)")
    assert plan.summary is not None
    assert chart.series[0].values[0] == plan.summary.lifetime_cost_per_million_tokens
    lifetime = {b.strategy: b.lifetime_cost_per_million_tokens for b in plan.baselines}
    for name, value in zip(chart.categories[1:], chart.series[0].values[1:], strict=True):
        assert value == lifetime[name]


def test_the_cli_prints_the_lifetime_cost_beside_a_lifetime_verdict() -> None:
    """`tokenplan plan` shows each baseline's horizon + tail cost and $/M and the plan's,
    beside the verdict over horizon + tail."""
    text = plan_text(build_report(golden_plan(BUILD), default_catalog()))
    assert "baseline cost + tail" in text and "plan $/M tokens + tail" in text
    line = next(x for x in text.splitlines() if x.startswith("cheapest_gpu_hour"))
    assert "25,281,360.00" in line and "0.1886" in line and "0.1604" in line
    assert "1,633,564.80" not in line and "0.2058" not in line


def test_a_plan_compared_on_its_horizon_keeps_the_horizon_columns() -> None:
    """Baselines compared on the horizon (in_horizon, full_term): the horizon's $/M."""
    seed = golden_plan(SEED)
    plan = msgspec.structs.replace(
        seed,
        baselines=tuple(msgspec.structs.replace(b, compared_on="horizon") for b in seed.baselines),
    )
    report = build_report(plan, default_catalog())
    assert report.baselines_summary.labels[1:3] == ["baseline $/M tokens", "plan $/M tokens"]
    chart = report.cost_chart
    assert chart is not None and not chart.title.endswith("(horizon + tail)")
    assert seed.summary is not None
    assert chart.series[0].values[0] == seed.summary.cost_per_million_tokens
