"""What a scenario plan asks a buyer to sign (probe7 finding 4): the commitments every
scenario shares; the shown scenario's on-demand buying is never presented as signed."""

from __future__ import annotations

import csv
import io

import msgspec
import pytest

from catalog import Catalog
from optimizer import Options, Plan, PlanRequest, Scenario, make_plan
from service.reports import render_report, render_requisition
from service.reports.focus import focus_csv
from service.reports.requisition import requisition
from service.reports.to_csv import cash_csv
from tests import tiny
from tests.documents import workbook


@pytest.fixture(scope="module")
def solved() -> tuple[Plan, Catalog]:
    """A 3-month reserved GPU at $1/h and an on-demand one at $1.50/h, 1,000 tok/s each;
    2,000 or 4,000 tok/s, even odds: 2 reserved GPUs for both ($4,380), and the high scenario,
    the one shown (as probable, more demand), buys 2 on demand (3 * 730 * 2 * $1.50 =
    $6,570)."""
    catalog = tiny.catalog(
        tiny.Spec(id="res", price=1.0, term_months=3), tiny.Spec(id="od", price=1.5)
    )
    scenarios = (
        Scenario(name="low", probability=0.5, scale=2 / 3),
        Scenario(name="high", probability=0.5, workloads={"w": 4000.0}),
    )
    forecast = msgspec.structs.replace(tiny.forecast(3000.0, months=3), scenarios=scenarios)
    options = Options(commitment_accounting="in_horizon", gap=0.0)
    plan = make_plan(catalog, PlanRequest(forecast=forecast, options=options), forecast)
    assert plan.scenarios is not None and plan.scenarios.shown == "high"
    assert {c.offer_id for c in plan.commitments} == {"res", "od"}
    return msgspec.structs.replace(plan, id="plan_sc"), catalog


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_requisition_lists_only_the_shared_commitments(solved: tuple[Plan, Catalog]) -> None:
    """One line, the reserved GPUs ($4,380.00), marked `all`; the header says the on-demand
    buying is each scenario's (the high one's would be $6,570.00) and not requisitioned; the
    CSV carries the `scenario` column."""
    plan, catalog = solved
    draft = requisition(plan, catalog)
    assert [(x.supplier_part_number, x.line_total, x.scenario) for x in draft.lines] == [
        ("res", "4380.00", "all")
    ]
    assert draft.total == "4380.00"
    assert "not requisitioned" in draft.scenario_note
    assert "high scenario's would be 6,570.00 USD" in draft.scenario_note
    content, _, _ = render_requisition(plan, catalog, "csv")
    assert isinstance(content, str)
    assert [(r["supplier_part_number"], r["scenario"]) for r in _rows(content)] == [("res", "all")]


def test_focus_cash_and_report_csv_name_the_scenario_of_each_row(
    solved: tuple[Plan, Catalog],
) -> None:
    """focus.csv: `x_Scenario` is `all` on the reserved rows and `high` on the on-demand
    ones; cash.csv and report.csv say `high` on every row (the shown scenario's figures)."""
    plan, catalog = solved
    focus = _rows(focus_csv(plan, catalog))
    assert {(r["SkuPriceId"], r["x_Scenario"]) for r in focus} == {("res", "all"), ("od", "high")}
    assert {r["scenario"] for r in _rows(cash_csv(plan, catalog))} == {"high"}
    report, _, _ = render_report(plan, catalog, "csv")
    assert isinstance(report, str)
    assert {r["scenario"] for r in _rows(report)} == {"high"}


def test_the_lead_signs_the_shared_commitments_and_names_the_flexible_buying(
    solved: tuple[Plan, Catalog],
) -> None:
    """The lead signs 1 commitment owing $4,380.00, the same in every scenario, and says the
    high scenario buys $6,570.00 beside it as used; the workbook has a Scenarios sheet."""
    plan, catalog = solved
    md, _, _ = render_report(plan, catalog, "md")
    assert isinstance(md, str)
    assert (
        "It signs 1 commitment on 1 offer (res) owing 4,380.00 USD, 0.00 USD of it after the "
        "horizon, the same in every scenario; beside them the high scenario buys 6,570.00 USD "
        "on demand, spot or from APIs, as used"
    ) in md
    xlsx, _, _ = render_report(plan, catalog, "xlsx")
    assert isinstance(xlsx, bytes)
    book = workbook(xlsx)
    assert book.sheetnames[:2] == ["Summary", "Scenarios"]
    values = [c.value for row in book["Scenarios"].iter_rows() for c in row]
    assert "low" in values and "high" in values and "expected cost" in values


def test_the_requisition_csv_carries_the_scenario_note(solved: tuple[Plan, Catalog]) -> None:
    """requisition.csv repeats the JSON's `scenario_note` on each line, as its other header
    fields (probe 8 finding 9i: a CSV reader had no word that on-demand buying is left out)."""
    plan, catalog = solved
    note = requisition(plan, catalog).scenario_note
    content, _, _ = render_requisition(plan, catalog, "csv")
    assert isinstance(content, str)
    rows = _rows(content)
    assert [r["scenario_note"] for r in rows] == [note]
    assert note.startswith("a plan for 2 scenarios: these lines are its commitments")


def test_the_workbook_names_each_rows_scenario_as_the_csv_does(
    solved: tuple[Plan, Catalog],
) -> None:
    """The Allocations sheet carries report.csv's `plan_status`, `plan_gap` and `scenario`
    on every row; the Commitments sheet (and the page) says `all` on the reserved contract
    and `high` on the high scenario's on-demand buying (probe 8 finding 9j)."""
    plan, catalog = solved
    report, _, _ = render_report(plan, catalog, "csv")
    assert isinstance(report, str)
    stamps = {(r["plan_status"], r["plan_gap"], r["scenario"]) for r in _rows(report)}
    xlsx, _, _ = render_report(plan, catalog, "xlsx")
    assert isinstance(xlsx, bytes)
    book = workbook(xlsx)
    header, *rows = book["Allocations"].iter_rows(values_only=True)
    at = [header.index(c) for c in ("plan_status", "plan_gap", "scenario")]
    rows = rows[: [row[0] for row in rows].index("total")]  # the table (a note follows it)
    assert {tuple(row[k] for k in at) for row in rows} == stamps
    assert stamps == {("optimal", "0", "high")}
    header, *rows = book["Commitments"].iter_rows(values_only=True)
    offer, scenario = header.index("offer_id"), header.index("scenario")
    assert {(row[offer], row[scenario]) for row in rows if row[scenario]} == {
        ("res", "all"),
        ("od", "high"),
    }
    md, _, _ = render_report(plan, catalog, "md")
    assert isinstance(md, str)
    assert "| after horizon | scenario |" in md
