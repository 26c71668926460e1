"""Plan reports and requisitions: every format, every total to the cent against the JSON."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.cli import main
from service.render import cents
from service.reports import allocate_cents
from tests.paths import EXAMPLES
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]

INFEASIBLE = {
    "forecast": {
        "name": "too big",
        "start": "2027-01",
        "months": 3,
        "workloads": [
            {
                "id": "r",
                "model": "deepseek-r1-0528",
                "isl": 8192,
                "osl": 1024,
                "slo": {"min_interactivity": 150},
                "tokens_per_second": 1000000,
                "vendors": ["On-prem"],
            }
        ],
    },
    "constraints": {"power_caps": [{"site": "on-prem/own-dc", "mw": 0.2}]},
}


async def _plan(client: Client, example: str) -> dict[str, Any]:
    response = await client.post(
        "/plans",
        content=(EXAMPLES / example).read_bytes(),
        headers={"content-type": "application/json", "Prefer": "wait=120"},
    )
    assert response.status_code == 201, response.text
    plan: dict[str, Any] = response.json()
    return plan


def _dec(value: str) -> Decimal:
    return Decimal(value)


def test_allocate_cents_adds_up_to_the_rounded_total() -> None:
    """Largest-remainder rounding: parts to the cent that add up to the total to the cent."""
    values = [0.333333, 0.333333, 0.333334, 10.005, 2.675]
    parts = allocate_cents(values)
    assert sum(parts) == cents(sum(values))
    assert all(
        abs(p - Decimal(repr(v))) < Decimal("0.01") for p, v in zip(parts, values, strict=True)
    )


@pytest.mark.parametrize("example", ["growing-power-capped.json", "portfolio-three-models.json"])
async def test_csv_report_agrees_with_the_json_to_the_cent(client: Client, example: str) -> None:
    """One row per (month, offer, workload); the cost column adds up to the plan's cost to the
    cent, each month's rows to that month's cost within a cent."""
    plan = await _plan(client, example)
    response = await client.get(f"/plans/{plan['id']}/report.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert f"tokenplan-{plan['id']}.csv" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sum(_dec(r["cost"]) for r in rows) == cents(plan["summary"]["total_cost"])
    for month in plan["months"]:
        month_rows = [r for r in rows if r["month"] == month["month"]]
        assert abs(sum(_dec(r["cost"]) for r in month_rows) - cents(month["cost"])) <= Decimal(
            "0.01"
        )
        for allocation in month["allocations"]:
            for share in allocation["workloads"]:
                row = next(
                    r
                    for r in month_rows
                    if r["offer_id"] == allocation["offer_id"]
                    and r["workload_id"] == share["workload_id"]
                )
                assert float(row["gpus"]) == pytest.approx(share["gpus"], abs=1e-6)


async def test_xlsx_report_agrees_with_the_json_to_the_cent(client: Client) -> None:
    """The workbook has its six sheets, money formats, native charts, and the JSON's totals."""
    plan = await _plan(client, "growing-power-capped.json")
    response = await client.get(f"/plans/{plan['id']}/report.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Summary",
        "Months",
        "Allocations",
        "Commitments",
        "Baselines",
        "Sources",
    ]
    summary = {
        row[0]: row[1] for row in book["Summary"].iter_rows(min_row=3, values_only=True) if row[0]
    }
    assert cents(summary["total cost"]) == cents(plan["summary"]["total_cost"])
    assert cents(summary["total obligation (new commitments)"]) == cents(
        plan["summary"]["total_obligation"]
    )
    assert book["Summary"]["B6"].number_format == "#,##0.00"
    months = list(book["Months"].iter_rows(min_row=2, values_only=True))
    assert [m[0] for m in months[: len(plan["months"])]] == [m["month"] for m in plan["months"]]
    for row, month in zip(months, plan["months"], strict=False):
        assert cents(row[1]) == cents(month["cost"])
    commitments = list(book["Commitments"].iter_rows(min_row=2, values_only=True))
    assert sum(cents(c[11]) for c in commitments if c[3] == "no") == sum(
        cents(c["total_obligation"]) for c in plan["commitments"] if not c["existing"]
    )
    allocations = list(book["Allocations"].iter_rows(min_row=2, values_only=True))
    assert cents(sum(a[15] for a in allocations)) == cents(plan["summary"]["total_cost"])
    baselines = list(book["Baselines"].iter_rows(min_row=2, values_only=True))
    assert [b[0] for b in baselines] == [b["strategy"] for b in plan["baselines"]]
    charts = [
        n
        for n in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        if n.startswith("xl/charts/chart")
    ]
    assert len(charts) == 2


async def test_requisition_lines_sum_to_the_total_obligation(client: Client) -> None:
    """A line per commitment with a term and an amount line per on-demand offer; decimal
    strings; the lines add up to the plan's total obligation to the cent, in JSON and CSV."""
    plan = await _plan(client, "growing-power-capped.json")
    draft = (await client.get(f"/plans/{plan['id']}/requisition.json")).json()
    lines = draft["lines"]
    assert sum(_dec(line["line_total"]) for line in lines) == cents(
        plan["summary"]["total_obligation"]
    )
    assert _dec(draft["total"]) == cents(plan["summary"]["total_obligation"])
    termed = [c for c in plan["commitments"] if c["term_months"] > 0 and not c["existing"]]
    on_demand = {c["offer_id"] for c in plan["commitments"] if c["term_months"] == 0}
    assert len(lines) == len(termed) + len(on_demand)
    for line in lines:
        assert isinstance(line["quantity"], str) and isinstance(line["unit_price"], str)
        assert line["term_start"].endswith("-01") and line["need_by_date"] == line["term_start"]
        assert line["price_source"] and line["price_as_of"]
        assert line["commodity_code"] == "" and line["gl_account"] == ""
        assert abs(
            _dec(line["quantity"]) * _dec(line["unit_price"]) - _dec(line["line_total"])
        ) <= Decimal("0.01")
    owned = next(line for line in lines if line["supplier_part_number"] == "onprem-gb200")
    assert owned["unit_of_measure"] == "Unit-Months" and owned["term_months"] == 48
    od = next(line for line in lines if line["unit_of_measure"] == "GPU-Hours")
    assert od["term_months"] == 0
    response = await client.get(f"/plans/{plan['id']}/requisition.csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["line_total"] for r in rows] == [line["line_total"] for line in lines]


async def test_requisition_csv_is_safe_against_formula_injection(client: Client) -> None:
    """A price source starting with `=` reaches the CSV behind a quote."""
    offer = (await client.get("/catalog/offers/onprem-gb300")).json()
    offer["source"] = '=HYPERLINK("http://evil","x")'
    put = await client.put("/catalog/offers/onprem-gb300", json=offer, headers={"If-Match": '"1"'})
    assert put.status_code == 200
    plan = await _plan(client, "seed-deepseek-r1.json")
    text = (await client.get(f"/plans/{plan['id']}/requisition.csv")).text
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text and ',"=HYPERLINK' not in text


async def test_markdown_and_json_reports(client: Client) -> None:
    """Markdown carries the summary and each baseline beside the plan (the seed counts measured
    throughput only, so its cheapest GPU-hour is MI355X, not the vendor-claim H200); JSON is
    the plan."""
    plan = await _plan(client, "seed-deepseek-r1.json")
    md = await client.get(f"/plans/{plan['id']}/report.md")
    assert md.headers["content-type"].startswith("text/markdown")
    assert "| total cost | 3,345,338.88 USD |" in md.text
    assert "| cheapest_gpu_hour | onprem-mi355x | 5,808,230.40 | 3,345,338.88 |" in md.text
    as_json = await client.get(f"/plans/{plan['id']}/report.json")
    assert as_json.json() == plan


async def test_html_report_is_self_contained(client: Client) -> None:
    """HTML: summary, baselines beside the plan, inline SVG charts, sources; no scripts and
    nothing fetched from a network."""
    plan = await _plan(client, "growing-power-capped.json")
    response = await client.get(f"/plans/{plan['id']}/report.html")
    html = response.text
    assert response.headers["content-type"].startswith("text/html")
    for text in (
        "Executive summary",
        "The plan against the naive strategies",
        "Fleet by month",
        "MW by site against caps",
        "Commitments and obligations",
        "Marginal costs",
        "Sources and assumptions",
        "8,992,957.60 USD",
        "on-prem/own-dc cap",
    ):
        assert text in html, text
    assert html.count("<svg") >= 2
    assert "<script" not in html
    assert "src=" not in html and "<link" not in html


async def test_infeasible_report_shows_the_diagnosis_instead_of_a_fleet(client: Client) -> None:
    """An infeasible plan's report names what binds and draws no fleet."""
    plan = (await client.post("/plans", json=INFEASIBLE)).json()
    html = (await client.get(f"/plans/{plan['id']}/report.html")).text
    assert "Diagnosis: the demand cannot be met" in html
    assert "power cap at on-prem/own-dc (0.2 MW)" in html
    assert "Fleet by month" not in html
    md = (await client.get(f"/plans/{plan['id']}/report.md")).text
    assert "Diagnosis" in md


async def test_reports_of_missing_plans(client: Client) -> None:
    """Unknown plan: 404 for every format."""
    for path in ("report.html", "report.xlsx", "requisition.csv"):
        assert_problem(await client.get(f"/plans/plan_nope/{path}"), 404)


def test_cli_report_writes_the_file(tmp_path: Path, db_path: str) -> None:
    """`tokenplan report ID --format md` writes the same Markdown the API serves."""
    import msgspec

    from catalog import default_catalog
    from optimizer.planner import make_plan
    from optimizer.request import PlanRequest
    from service.store import Store

    request = msgspec.json.decode(
        (EXAMPLES / "seed-deepseek-r1.json").read_bytes(), type=PlanRequest
    )
    assert request.forecast is not None
    plan = make_plan(
        default_catalog(),
        request,
        request.forecast,
        plan_id="plan_cli",
        created_at="2026-11-27T00:00:00Z",
    )
    store = Store(db_path)
    store.insert_document("plans", plan.id, msgspec.json.encode(plan), status=plan.status)
    store.close()
    target = tmp_path / "report.md"
    assert main(["report", "plan_cli", "--format", "md", "--db", db_path, "-o", str(target)]) == 0
    assert "3,345,338.88 USD" in target.read_text()
