"""Review 11 B: a plan optimal only for the whole-replica deployments chosen at each workload's
peak month says so wherever a buyer reads its status (requisition JSON and CSV, FOCUS, the CSV
stamps, the HTML header, `tokenplan diff`), while the fields that hold the status enum keep it,
with `optimal_for` beside them (the plan JSON, the webhook event, the diff's JSON)."""

from __future__ import annotations

import csv
import io
import json

import msgspec
import pytest

from catalog import default_catalog
from optimizer import Plan
from service.plan_diff import diff_plans, render_diff
from service.reports import render_report, render_requisition, to_html
from service.reports.focus import focus_csv
from service.webhooks import plan_event_data
from tests.golden import golden_plan

SAID = "optimal for the deployments chosen"


def _scoped() -> Plan:
    """The golden seed plan (whole replicas, optimal) with `solver.optimal_for` set."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.status == "optimal" and plan.solver is not None
    solver = msgspec.structs.replace(plan.solver, optimal_for="the deployments chosen")
    return msgspec.structs.replace(plan, solver=solver)


def _column(text: str, name: str) -> set[str]:
    return {row[name] for row in csv.DictReader(io.StringIO(text))}


def test_every_export_shows_the_scope_and_the_enums_keep_the_status() -> None:
    """Requisition JSON/CSV, FOCUS, allocation CSV, HTML header and diff say the scoped status;
    the webhook event and the diff's JSON keep `optimal` with `optimal_for` beside it."""
    plan, catalog = _scoped(), default_catalog()
    req = json.loads(render_requisition(plan, catalog, "json")[0])
    assert req["plan_status"] == SAID and {line["plan_status"] for line in req["lines"]} == {SAID}
    assert _column(str(render_requisition(plan, catalog, "csv")[0]), "plan_status") == {SAID}
    assert _column(focus_csv(plan, catalog), "x_PlanStatus") == {SAID}
    assert _column(str(render_report(plan, catalog, "csv")[0]), "plan_status") == {SAID}
    event = plan_event_data(plan)
    assert event["status"] == "optimal" and event["optimal_for"] == "the deployments chosen"
    diff = diff_plans(plan, golden_plan("seed-deepseek-r1"))
    assert f"| status | {SAID} | optimal | changed |" in str(render_diff(diff, "md"))
    shown = json.loads(render_diff(diff, "json"))
    assert (shown["before_status"], shown["before_optimal_for"]) == (
        "optimal",
        "the deployments chosen",
    )


def test_an_unscoped_plan_says_a_bare_status() -> None:
    """The golden plan as stored: a bare `optimal` everywhere, no `optimal_for` in the event."""
    plan, catalog = golden_plan("seed-deepseek-r1"), default_catalog()
    assert json.loads(render_requisition(plan, catalog, "json")[0])["plan_status"] == "optimal"
    assert _column(focus_csv(plan, catalog), "x_PlanStatus") == {"optimal"}
    assert "optimal_for" not in plan_event_data(plan)
    diff = render_diff(diff_plans(plan, plan), "md")
    assert "| status | optimal | optimal | same |" in str(diff)


def test_the_html_header_shows_the_scope(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report.html header says the scoped status, not a bare `optimal` under a summary
    that scopes it (the charts, two seconds of matplotlib and not read here, are drawn empty)."""
    monkeypatch.setattr(to_html, "lines_svg", lambda _chart: "")
    monkeypatch.setattr(to_html, "bars_svg", lambda _chart: "")
    page = str(render_report(_scoped(), default_catalog(), "html")[0])
    assert f"status <b>{SAID}</b>" in page and "status <b>optimal</b>" not in page
