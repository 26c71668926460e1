"""Probe 4 finding 4: a plan infeasible before any demand is served (existing units over a
power cap) has no summary, yet every report format shows its diagnosis, and the workbook its
shortfalls where there are any."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec
import pytest

from catalog import default_catalog
from optimizer import Plan, PlanRequest, make_plan
from service.reports import build_report, render_report
from service.reports.to_html import render as html_render
from tests.bodies import QUICK
from tests.documents import printed, workbook
from tests.golden import golden_plan

OVER_CAP: dict[str, Any] = {
    **QUICK,
    "existing": [{"offer_id": "onprem-gb300", "units": 10, "start": "2026-06", "term_months": 48}],
    "constraints": {"power_caps": [{"site": "on-prem/own-dc", "mw": 1}]},
}


@pytest.fixture(scope="module")
def over_cap() -> Plan:
    """The QUICK request with ten owned GB300 racks (about 1.5 MW) under a 1 MW cap."""
    request = msgspec.convert(OVER_CAP, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast, plan_id="plan_over_cap")
    assert plan.status == "infeasible" and plan.summary is None
    assert plan.diagnosis is not None and plan.diagnosis.summary
    return plan


def _texts(box: Any) -> Iterator[str]:
    """The text of every box WeasyPrint laid out under `box`."""
    text = getattr(box, "text", None)
    if isinstance(text, str):
        yield text
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def test_markdown_and_html_show_the_diagnosis_of_a_plan_without_summary(over_cap: Plan) -> None:
    """report.md and report.html carry the diagnosis heading and its text, not only a title
    line or "status infeasible"."""
    assert over_cap.diagnosis is not None
    said = over_cap.diagnosis.summary
    md = render_report(over_cap, default_catalog(), "md")[0]
    assert isinstance(md, str)
    assert "## Diagnosis: the demand cannot be met" in md and said in md
    html = render_report(over_cap, default_catalog(), "html")[0]
    assert isinstance(html, str)
    assert "Diagnosis: the demand cannot be met" in html and said in html


def test_the_pdf_prints_the_diagnosis_of_a_plan_without_summary(over_cap: Plan) -> None:
    """The PDF's laid-out text (the HTML printed, as `report.pdf` prints it: tests of
    render_report's PDF are in test_report_summary) holds the diagnosis heading."""
    html = html_render(build_report(over_cap, default_catalog()))
    document = printed(html)
    words = " ".join(t for page in document.pages for t in _texts(page._page_box))
    assert "Diagnosis: the demand cannot be met" in words
    assert document.write_pdf().startswith(b"%PDF")


def test_what_binds_and_the_shortfalls_show_without_a_summary() -> None:
    """The golden infeasible plan stripped of its summary (as a plan infeasible before any
    demand is served is stored): its binding limits and short workload-months still show
    in Markdown and HTML, and the workbook has a Shortfalls sheet."""
    full = golden_plan("infeasible-power-cap")
    assert full.diagnosis is not None and full.diagnosis.binding and full.diagnosis.shortfalls
    plan = msgspec.structs.replace(full, summary=None, months=(), commitments=())
    md = render_report(plan, default_catalog(), "md")[0]
    html = render_report(plan, default_catalog(), "html")[0]
    assert isinstance(md, str) and isinstance(html, str)
    for binding in full.diagnosis.binding:
        assert f"- binding: {binding}" in md
        assert f"<li>{binding}</li>" in html.replace("&#39;", "'")
    assert "| workload | month | demand tok/s |" in md
    assert "<th>workload</th><th>month</th>" in html
    book = workbook(render_report(plan, default_catalog(), "xlsx")[0])
    sheet = book["Shortfalls"]
    assert sheet.max_row == len(full.diagnosis.shortfalls) + 1
