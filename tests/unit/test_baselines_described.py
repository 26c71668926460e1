"""Each naive strategy is described where a buyer reads it (review22: Markdown, HTML and the
workbook named them by id alone, `max_flops_per_dollar`, while the JSON's `description` said
what each buys)."""

from __future__ import annotations

from html import unescape

from catalog import default_catalog
from service.reports.formats import render_report
from tests.documents import workbook
from tests.golden import golden_plan

CHEAPEST = "each workload served only by its eligible offer with the lowest price per GPU-hour"


def test_the_pages_describe_every_baseline() -> None:
    """The seed's four strategies, each with its JSON description under the table."""
    plan = golden_plan("seed-deepseek-r1")
    assert [b.strategy for b in plan.baselines][:1] == ["cheapest_gpu_hour"]
    md = str(render_report(plan, default_catalog(), "md")[0])
    page = unescape(str(render_report(plan, default_catalog(), "html")[0]))
    for b in plan.baselines:
        assert f"- {b.strategy}: {b.description}" in md.replace("\\_", "_")
        assert f"<li><b>{b.strategy}</b>: {b.description}</li>" in page
    assert f"cheapest_gpu_hour: {CHEAPEST}" in md.replace("\\_", "_")


def test_the_workbook_describes_every_baseline() -> None:
    """The Baselines sheet's `description` column holds each strategy's description."""
    plan = golden_plan("seed-deepseek-r1")
    sheet = workbook(bytes(render_report(plan, default_catalog(), "xlsx")[0]))["Baselines"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    said = {r[0]: r[header.index("description")] for r in rows[1 : 1 + len(plan.baselines)]}
    assert said == {b.strategy: b.description for b in plan.baselines}
    assert said["cheapest_gpu_hour"] == CHEAPEST
