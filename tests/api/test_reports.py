"""Plan reports and requisitions, rendered from stored golden plans (tests/golden/): every
format, every total to the cent against the plan's JSON."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import gc
import io
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import httpx
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from markupsafe import escape

from catalog import Catalog, default_catalog
from optimizer import Plan
from service.cli import main
from service.reports import (
    allocate_cents,
    build_report,
    cents,
    charts,
    money,
    plan_text,
    rate,
    render_report,
    render_requisition,
)
from service.reports.cells import Money, Text
from service.reports.chart_data import Chart, Series
from service.reports.charts import MAX_SERIES, grouped
from service.reports.obligation import OBLIGATION
from service.reports.sources import rests_on
from service.reports.tail import owed_after_tail, owed_clause
from tests.documents import workbook
from tests.golden import golden_plan, golden_report, store_plan
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]
GROWING = "growing-power-capped"
SEED = "seed-deepseek-r1"


def _dec(value: str) -> Decimal:
    return Decimal(value)


def _text(content: bytes | str) -> str:
    return content.decode() if isinstance(content, bytes) else content


def _with_offer(catalog: Catalog, offer_id: str, **changes: str) -> Catalog:
    offers = tuple(
        msgspec.structs.replace(o, **changes) if o.id == offer_id else o for o in catalog.offers
    )
    return msgspec.structs.replace(catalog, offers=offers)


def test_allocate_cents_adds_up_to_the_rounded_total() -> None:
    """Largest-remainder rounding: parts to the cent that add up to the total to the cent."""
    values = [0.333333, 0.333333, 0.333334, 10.005, 2.675]
    parts = allocate_cents(values)
    assert sum(parts) == cents(sum(values))
    assert all(
        abs(p - Decimal(repr(v))) < Decimal("0.01") for p, v in zip(parts, values, strict=True)
    )


@pytest.mark.parametrize("name", [GROWING, "portfolio-three-models"])
async def test_csv_report_agrees_with_the_json_to_the_cent(
    client: Client, db_path: str, name: str
) -> None:
    """One row per (month, offer, workload); the cost column adds up to the plan's cost to the
    cent, each month's rows to that month's cost within a cent."""
    plan = msgspec.to_builtins(store_plan(db_path, golden_plan(name)))
    response = await client.get(f"/plans/{plan['id']}/report.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert f"tokenplan-{plan['id']}.csv" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sum(_dec(r["cost"]) for r in rows) == cents(plan["summary"]["total_cost"])
    for month in plan["months"]:
        month_rows = [r for r in rows if r["month"] == month["month"]]
        month_total = sum(_dec(r["cost"]) for r in month_rows)
        assert abs(month_total - cents(month["cost"])) <= Decimal("0.01")
        for allocation in month["allocations"]:
            for share in allocation["workloads"]:
                row = next(
                    r
                    for r in month_rows
                    if r["offer_id"] == allocation["offer_id"]
                    and r["workload_id"] == share["workload_id"]
                )
                assert float(row["gpus"]) == pytest.approx(share["gpus"], abs=1e-6)


async def test_xlsx_report_agrees_with_the_json_to_the_cent(client: Client, db_path: str) -> None:
    """The workbook has its eight sheets (Marginals: probe 11 finding 5), every table an Excel
    table (filters) under a frozen header, money in the plan's currency, months as dates,
    totals as SUBTOTAL formulas, a print area a page wide with the header repeated, native
    charts, and the JSON's totals."""
    plan = msgspec.to_builtins(store_plan(db_path, golden_plan(GROWING)))
    response = await client.get(f"/plans/{plan['id']}/report.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = workbook(response.content, data_only=True)  # the figures shown (formulas cached)
    written = workbook(response.content)  # the formulas
    assert book.sheetnames == [
        "Summary",
        "Months",
        "Allocations",
        "Commitments",
        "Baselines",
        "Cash",
        "Marginals",
        "Sources",
    ]
    sites = {p["site"] for p in plan["marginal"]["power"]}
    power = [r for r in book["Marginals"].iter_rows(values_only=True) if r[0] in sites]
    # The sheet's numbers keep 16 significant digits (5,306,057.195787882 of the JSON's
    # 5,306,057.1957878815).
    assert [r[2] for r in power] == [
        pytest.approx(p["per_mw_month"], rel=1e-15) for p in plan["marginal"]["power"]
    ]
    assert power[-1][1] == "tail"  # the months after the horizon: text, not a date
    summary = {
        row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True) if row[0]
    }
    assert summary["plan"] == plan["id"]
    assert cents(summary["total cost"]) == cents(plan["summary"]["total_cost"])
    assert cents(summary["total obligation (new contracts and on-demand use)"]) == cents(
        plan["summary"]["total_obligation"]
    )
    cost = next(r[1] for r in book["Summary"].iter_rows() if r[0].value == "total cost")
    assert cost.number_format == "[$USD] #,##0.00"
    months = list(book["Months"].iter_rows(min_row=2, values_only=True))
    assert [m[0] for m in months[: len(plan["months"])]] == [
        dt.datetime.strptime(m["month"], "%Y-%m") for m in plan["months"]
    ]
    assert book["Months"]["A2"].number_format == "yyyy-mm"
    for row, month in zip(months, plan["months"], strict=False):
        assert cents(row[1]) == cents(month["cost"])
    assert months[-1][0] == "total" and cents(months[-1][1]) == cents(plan["summary"]["total_cost"])
    assert list(written["Months"].iter_rows(values_only=True))[len(months)][:2] == (
        "total",
        "=SUBTOTAL(109,[cost])",
    )
    commitments = list(book["Commitments"].iter_rows(min_row=2, values_only=True))
    assert sum(cents(c[11]) for c in commitments if c[3] == "no") == sum(
        cents(c["total_obligation"]) for c in plan["commitments"] if not c["existing"]
    )
    allocations = list(book["Allocations"].iter_rows(min_row=2, values_only=True))
    allocations = allocations[: [a[0] for a in allocations].index("total") + 1]  # a note follows
    total = list(written["Allocations"].iter_rows(values_only=True))[len(allocations)]
    assert total[0] == "total" and total[15] == "=SUBTOTAL(109,[cost])"
    assert cents(sum(a[15] for a in allocations[:-1])) == cents(plan["summary"]["total_cost"])
    baselines = list(book["Baselines"].iter_rows(min_row=2, values_only=True))
    assert [b[0] for b in baselines] == [b["strategy"] for b in plan["baselines"]]
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.tables and sheet.print_area is not None, sheet.title
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
    longest = max(len(str(r[0])) for r in book["Sources"].iter_rows(min_row=2, values_only=True))
    assert book["Sources"].column_dimensions["A"].width >= longest
    charts = [
        n
        for n in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        if n.startswith("xl/charts/chart")
    ]
    assert len(charts) == 3  # fleet, baselines, cash against amortised cost


async def test_requisition_lines_sum_to_the_total_obligation(client: Client, db_path: str) -> None:
    """One line per offer and term (capital purchases of owned hardware in EA under UNSPSC
    43211501, rented capacity under 81112003 in MON or HUR), with the price's basis; decimal
    strings; the lines add up to the plan's total obligation to the cent, in JSON and CSV."""
    # A plan with all three kinds of line: owned, reserved and on demand.
    plan = msgspec.to_builtins(store_plan(db_path, golden_plan("portfolio-tail6")))
    draft = (await client.get(f"/plans/{plan['id']}/requisition.json")).json()
    lines = draft["lines"]
    assert sum(_dec(line["line_total"]) for line in lines) == cents(
        plan["summary"]["total_obligation"]
    )
    assert _dec(draft["total"]) == cents(plan["summary"]["total_obligation"])
    termed = {
        (c["offer_id"], c["start"], c["term_months"])
        for c in plan["commitments"]
        if c["term_months"] > 0 and not c["existing"]
    }
    assert len([line for line in lines if line["term_months"] > 0]) == len(termed)
    for line in lines:
        assert isinstance(line["quantity"], str) and isinstance(line["unit_price"], str)
        assert line["term_start"].endswith("-01") and line["need_by_date"] == line["term_start"]
        assert line["price_source"] and line["price_as_of"] and line["price_basis"]
        assert line["gl_account"] == "" and line["supplier_id"] == ""
        assert abs(
            _dec(line["quantity"]) * _dec(line["unit_price"]) - _dec(line["line_total"])
        ) <= Decimal("0.01")
    owned = next(line for line in lines if line["line_type"] == "capital purchase")
    assert (owned["unit_of_measure_code"], owned["commodity_code"]) == ("EA", "43211501")
    assert owned["supplier"] == "" and owned["manufacturer"]
    reserved = next(line for line in lines if line["unit_of_measure_code"] == "MON")
    assert reserved["commodity_code"] == "81112003" and reserved["line_type"] == "service"
    od = next(line for line in lines if line["unit_of_measure_code"] == "HUR")
    assert od["term_months"] == 0 and od["unit_of_measure"] == "GPU-hours"
    response = await client.get(f"/plans/{plan['id']}/requisition.csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["line_total"] for r in rows] == [line["line_total"] for line in lines]


def test_requisition_csv_is_safe_against_formula_injection() -> None:
    """A price source starting with `=` reaches the CSV behind a quote."""
    evil = '=HYPERLINK("http://evil","x")'
    catalog = _with_offer(default_catalog(), "onprem-gb300", source=evil)
    content, _, _ = render_requisition(golden_plan(SEED), catalog, "csv")
    text = _text(content)
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text and ',"=HYPERLINK' not in text


async def test_markdown_and_json_reports(client: Client, db_path: str) -> None:
    """Markdown carries the summary and each baseline beside the plan (the seed counts measured
    throughput only, so its cheapest GPU-hour is MI355X, not the vendor-claim H200); JSON is
    the plan."""
    plan = store_plan(db_path, golden_plan(SEED))
    assert plan.summary is not None
    md = await client.get(f"/plans/{plan.id}/report.md")
    assert md.headers["content-type"].startswith("text/markdown")
    total = money(plan.summary.total_cost)
    assert f"| total cost | {total} USD |" in md.text
    cheapest = plan.baselines[0]
    assert cheapest.strategy == "cheapest_gpu_hour" and cheapest.offers == {
        "reasoning": "onprem-mi355x"
    }
    assert f"| cheapest_gpu_hour | onprem-mi355x | {money(cheapest.total_cost)} | {total} |" in (
        md.text
    )
    as_json = await client.get(f"/plans/{plan.id}/report.json")
    assert msgspec.json.decode(as_json.content, type=Plan) == plan


async def test_html_report_is_self_contained(client: Client, db_path: str) -> None:
    """HTML: summary, baselines beside the plan, inline SVG charts, sources; no scripts and
    nothing fetched from a network."""
    plan = store_plan(db_path, golden_plan(GROWING))
    assert plan.summary is not None
    response = await client.get(f"/plans/{plan.id}/report.html")
    html = response.text
    assert response.headers["content-type"].startswith("text/html")
    for text in (
        "Recommendation",
        "Cost per million tokens against each baseline",
        "Risks",
        "The plan against the naive strategies",
        "Fleet by month",
        "MW by site against caps",
        "Commitments and obligations",
        "Marginal costs",
        "Sources and assumptions",
        money(plan.summary.total_cost, "USD"),
        "on-prem/own-dc cap",
    ):
        assert text in html, text
    assert html.count("<svg") >= 2
    assert "<script" not in html
    assert "src=" not in html and "<link" not in html


async def test_infeasible_report_shows_the_diagnosis_instead_of_a_fleet(
    client: Client, db_path: str
) -> None:
    """An infeasible plan's report names what binds and draws no fleet."""
    plan = store_plan(db_path, golden_plan("infeasible-power-cap"))
    html = (await client.get(f"/plans/{plan.id}/report.html")).text
    assert "Diagnosis: the demand cannot be met" in html
    assert "power cap at on-prem/own-dc (0.2 MW)" in html
    assert "Fleet by month" not in html
    md = (await client.get(f"/plans/{plan.id}/report.md")).text
    assert "Diagnosis" in md


async def test_reports_of_missing_plans(client: Client) -> None:
    """Unknown plan: 404 for every format."""
    for path in ("report.html", "report.xlsx", "requisition.csv"):
        assert_problem(await client.get(f"/plans/plan_nope/{path}"), 404)


def test_a_plan_from_a_stored_forecast_reports_its_name_and_sources() -> None:
    """The bug of issue 9: a plan made from `forecast_id` (no forecast in its request) shows its
    forecast's name and the points behind each throughput it uses, from the plan itself, in
    HTML and XLSX."""
    golden = golden_plan(GROWING)
    plan = msgspec.structs.replace(
        golden,
        request=msgspec.structs.replace(golden.request, forecast=None, forecast_id="fc_1"),
        forecast_id="fc_1",
    )
    used = {
        (a.offer_id, s.workload_id) for m in plan.months for a in m.allocations for s in a.workloads
    }
    assert {(s.offer_id, s.workload_id) for s in plan.sources} == used
    report = build_report(plan, default_catalog())
    assert report.name == "Growing reasoning demand, on-prem capped at 1 MW"
    assert len(report.throughput.rows) == len(set(plan.sources)) >= len(used) >= 3
    assert report.throughput_note == ""
    html = _text(render_report(plan, default_catalog(), "html")[0])
    first = plan.sources[0]
    assert f"<td>{first.offer_id}</td><td>{first.workload_id}</td><td>measured</td>" in html
    assert f"(measured {first.measured_on}, " in html
    book = workbook(render_report(plan, default_catalog(), "xlsx")[0])
    rows = list(book["Sources"].iter_rows(values_only=True))
    # The throughput table under the offers' (eight columns since `price formula`).
    header = rows.index(("offer_id", "workload_id", "basis", "throughput source", *[None] * 4))
    assert len([r for r in rows[header + 1 :] if r[0]]) == len(report.throughput.rows)


def test_a_plan_stored_without_sources_says_so() -> None:
    """A plan stored before plans carried `sources` and `forecast` renders with its request's
    forecast name and an empty sources table under a note."""
    golden = golden_plan(SEED)
    plan = msgspec.structs.replace(golden, forecast=None, sources=())
    report = build_report(plan, default_catalog())
    assert plan.request.forecast is not None
    assert report.name == plan.request.forecast.name
    assert report.throughput.rows == () and "solve it again" in report.throughput_note
    assert report.throughput_note in _text(render_report(plan, default_catalog(), "html")[0])


def test_cli_plan_text_prints_whole_counts_and_the_shared_tables() -> None:
    """The terminal summary uses the report's tables: whole units print as `2`, not `2.000`."""
    plan = golden_plan(SEED)
    assert plan.summary is not None and plan.commitments
    text = plan_text(build_report(plan, default_catalog()))
    first = plan.commitments[0]
    assert first.units == int(first.units) and first.gpus == int(first.gpus)
    row = next(line for line in text.splitlines() if line.startswith(first.offer_id))
    assert row.split()[4:6] == [f"{int(first.units)}", f"{int(first.gpus)}"]
    total = money(plan.summary.total_cost, "USD")
    assert f"total cost          {total} ({plan.summary.commitment_accounting})" in text


def test_cli_report_writes_the_file(tmp_path: Path, db_path: str) -> None:
    """`tokenplan report ID --format md` writes the same Markdown the API serves."""
    plan = store_plan(db_path, golden_plan(SEED))
    target = tmp_path / "report.md"
    assert main(["report", plan.id, "--format", "md", "--db", db_path, "-o", str(target)]) == 0
    assert target.read_text() == _text(render_report(plan, default_catalog(), "md")[0])
    assert plan.summary is not None
    assert money(plan.summary.total_cost, "USD") in target.read_text()


INJECTIONS = ('=HYPERLINK("http://evil","x")', "+WEBSERVICE(1)", "-2+3", "@SUM(A1)", "\t=1", "\r=1")


def test_xlsx_writes_formula_like_text_as_text() -> None:
    """A vendor, source or note starting with `=`, `+`, `-`, `@`, tab or CR is a string cell in
    the workbook, never a formula, and keeps its text."""
    plan = golden_plan(SEED)
    catalog = default_catalog()
    for text in INJECTIONS:
        evil = _with_offer(catalog, "onprem-gb300", source=text, note=text)
        commitments = tuple(
            msgspec.structs.replace(c, vendor=text) if c.offer_id == "onprem-gb300" else c
            for c in plan.commitments
        )
        content = render_report(
            msgspec.structs.replace(plan, commitments=commitments), evil, "xlsx"
        )[0]
        assert isinstance(content, bytes)
        book = workbook(content)
        cells = [
            cell
            for sheet in ("Sources", "Commitments")
            for row in book[sheet].iter_rows()
            for cell in row
            # XLSX escapes a carriage return as _x000D_; openpyxl leaves it so.
            if str(cell.value).replace("_x000D_", "\r") == text
        ]
        assert len(cells) == 3, text
        assert all(cell.data_type == "s" for cell in cells), text


def test_markdown_and_html_escape_html_in_every_text() -> None:
    """A `<script>` or raw HTML in a name, a source or a warning reaches the Markdown (and the
    HTML page) escaped."""
    plan = golden_plan(SEED)
    assert plan.forecast is not None
    forecast = msgspec.structs.replace(plan.forecast, name="<script>alert(1)</script>")
    plan = msgspec.structs.replace(
        plan,
        forecast=forecast,
        warnings=('<img src=x onerror="alert(2)">',),
    )
    catalog = _with_offer(default_catalog(), "onprem-gb300", source="<b>bold</b> & co")
    md = _text(render_report(plan, catalog, "md")[0])
    assert "<script" not in md and "<img" not in md and "<b>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in md
    html = _text(render_report(plan, catalog, "html")[0])
    assert "<script" not in html and "<img" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


async def test_report_downloads_carry_the_security_headers(client: Client, db_path: str) -> None:
    """Every report download says nosniff; the HTML page may run no script, load nothing and
    sit in no frame."""
    plan = store_plan(db_path, golden_plan(SEED))
    for fmt in ("html", "md", "csv", "xlsx", "json"):
        response = await client.get(f"/plans/{plan.id}/report.{fmt}")
        assert response.status_code == 200
        assert response.headers["x-content-type-options"] == "nosniff"
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert "script-src" not in policy


async def test_health_answers_while_pages_render(app: Litestar, db_path: str) -> None:
    """With two HTML reports and a ranking page rendering at once, /health answers in a
    small part of the time the pages take (pages render in worker threads). Requests go
    through httpx's ASGI transport, which serves them concurrently on this event loop. The
    charts kept from earlier drawings are dropped first: every page draws its own."""
    names = [GROWING, SEED]
    plans = [store_plan(db_path, golden_plan(name)) for name in names]
    params = {"model": "deepseek-r1-0528", "isl": 8192, "osl": 1024, "interactivity": 150}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tokenplan") as client:
        await client.get(f"/plans/{plans[-1].id}/report.html")  # imports matplotlib once
        charts.forget()
        # A full garbage collection stops every thread (0.7-0.9 s of this process's heap, in
        # CI-like runs here): it was the largest latency of every run, up to 0.16 of the
        # pages' time where the bound is 1/4. Not what is measured: collected after.
        gc.disable()
        try:
            start = time.perf_counter()
            pages = [
                asyncio.ensure_future(client.get(f"/plans/{plan.id}/report.html")) for plan in plans
            ] + [asyncio.ensure_future(client.get("/rankings.html", params=params))]
            latencies = []
            while not all(page.done() for page in pages):
                # From the moment the loop is asked to wake up: a page rendering on the loop would
                # hold it (and this health check) for the whole render.
                asked = time.perf_counter()
                await asyncio.sleep(0.01)
                health = await client.get("/health")
                latencies.append(time.perf_counter() - asked - 0.01)
                assert health.status_code == 200
            rendering = time.perf_counter() - start
        finally:
            gc.enable()
        assert [page.result().status_code for page in pages] == [200] * len(pages)
    assert len(latencies) >= 5
    # On the loop, the three pages render back to back and a check waits them all out (3.3
    # times one page's time, measured with the renders moved onto the loop: about the whole
    # of `rendering`); in threads, a check shares the GIL with matplotlib for a moment. Both
    # sides of the comparison stretch alike on a loaded machine.
    assert max(latencies) < rendering / 4, (max(latencies), rendering)


def test_cost_is_headlined_with_the_obligation_beside_it() -> None:
    """Issue 11: wherever the cost is headlined (HTML cards, the Markdown's headline, the
    workbook's summary, the terminal), the total obligation, the part after the horizon and the
    tail stand next to it, with the accounting that counted the cost."""
    plan = golden_plan(GROWING)
    s, tail = plan.summary, plan.tail
    assert s is not None and tail is not None
    catalog = default_catalog()
    cost, owed = money(s.total_cost, "USD"), money(s.total_obligation, "USD")
    after, tail_cost = money(s.obligation_beyond_horizon, "USD"), money(tail.cost, "USD")
    html = _text(render_report(plan, catalog, "html")[0])
    start = html.index("<div class=cards>")
    cards = html[start : html.index("<h2>", start)]
    assert cards.index(cost) < cards.index(owed) < cards.index(after) < cards.index(tail_cost)
    assert f"total cost ({s.commitment_accounting})" in cards
    assert f"the {tail.months}-month tail" in cards
    # Its contracts run past the 24-month tail: the card says what is owed after it (10(j)).
    months, _ = owed_after_tail(plan)
    tail_label = f"the {tail.months}-month tail and {months} months owed after it"
    assert months > 0 and tail_label in cards
    md = _text(render_report(plan, catalog, "md")[0]).splitlines()
    headline = next(line for line in md if line.startswith("**total cost"))
    assert headline.startswith(
        f"**total cost ({s.commitment_accounting})** {cost} · **{OBLIGATION}** {owed} · "
        f"**of which after the horizon** {after} · **{tail_label}** {tail_cost} · "
    )
    book = workbook(render_report(plan, catalog, "xlsx")[0])
    rows = {
        row[0]: row[1] for row in book["Summary"].iter_rows(min_row=3, values_only=True) if row[0]
    }
    labels = list(rows)
    start = labels.index("total cost")
    assert labels[start + 1 : start + 3] == [
        "total obligation (new contracts and on-demand use)",
        "obligation after the horizon",
    ]
    assert cents(rows["tail cost"]) == cents(tail.cost) and rows["tail months"] == tail.months
    assert rows["replicas"] == s.replicas == "whole"
    text = plan_text(build_report(plan, catalog)).splitlines()
    assert text[1] == s.assumption
    assert text[2].startswith(f"total cost          {cost}")
    assert text[3] == (
        f"obligation          {owed} (new contracts and on-demand use), of which {after} after "
        "the horizon"
    )
    assert any(line.startswith(f"tail                {tail.months} months") for line in text)


def test_the_plan_states_its_assumption_first_and_its_allocations_their_replicas() -> None:
    """Issue 11: the end-of-horizon assumption is the report's first line (Markdown, HTML), the
    tail has its own section, and every allocation line carries its replicas and the GPUs per
    replica (blank on idle lines)."""
    plan = golden_plan(GROWING)
    assert plan.summary is not None and plan.summary.assumption
    md = _text(golden_report(GROWING, "md")).splitlines()
    assert md[2] == f"_{plan.summary.assumption}_"
    assert "## After the horizon" in md
    html = _text(golden_report(GROWING, "html"))
    assert html.index(escape(plan.summary.assumption)) < html.index("<p class=lead>")
    rows = list(csv.DictReader(io.StringIO(_text(golden_report(GROWING, "csv")))))
    shares = [
        (m.month, a.offer_id, w) for m in plan.months for a in m.allocations for w in a.workloads
    ]
    for month, offer_id, share in shares:
        row = next(
            r
            for r in rows
            if (r["month"], r["offer_id"], r["workload_id"]) == (month, offer_id, share.workload_id)
        )
        assert share.replicas is not None and float(row["replicas"]) == share.replicas
        assert int(row["gpus_per_replica"]) == share.gpus_per_replica
    idle = [r for r in rows if r["workload_id"] == "(idle)"]
    assert idle and all(r["replicas"] == "" == r["gpus_per_replica"] for r in idle)


def test_solver_gap_is_a_percentage_and_a_decade_of_baselines_is_drawn_on_a_log_scale() -> None:
    """Issue 15: the gap reads `0.005746%`, not `5.746e-05`; baselines ten times dearer than
    the plan put the cost chart on a log scale (each bar labelled with its value), closer ones
    keep it linear."""
    seed = build_report(golden_plan(SEED), default_catalog())
    solver = dict(seed.overview)["solver"]
    assert isinstance(solver, Text) and solver.value.endswith("%")
    assert "e-0" not in solver.value
    assert seed.cost_chart is not None and not seed.cost_chart.log
    assert max(seed.cost_chart.series[0].values) < 10 * min(seed.cost_chart.series[0].values)
    portfolio = build_report(golden_plan("portfolio-three-models"), default_catalog())
    assert portfolio.cost_chart is not None and portfolio.cost_chart.log
    values = portfolio.cost_chart.series[0].values
    assert max(values) >= 10 * min(values)
    assert "(log scale)" in portfolio.cost_chart.ylabel
    html = _text(golden_report("portfolio-three-models", "html"))
    cost_svg = html[html.index("<svg", html.index("against each baseline")) :]
    assert all(f">{rate(v)} <" in cost_svg or f">{rate(v)}<" in cost_svg for v in values)


def test_html_report_prints_on_a4() -> None:
    """The page carries print styling: an A4 page box and no chart or table row split."""
    html = _text(golden_report(SEED, "html"))
    assert "@page{size:A4" in html and "@media print" in html
    assert "break-inside:avoid" in html


def test_a_chart_with_many_series_keeps_the_largest_and_groups_the_rest() -> None:
    """Issue 15: at most 8 series a chart (each its own colour): the 7 largest by total kept in
    their order, the rest summed into one `other` series, the stacks' totals unchanged."""
    series = tuple(Series(f"offer-{n}", (float(n), float(2 * n))) for n in range(10))
    chart = Chart(title="t", ylabel="GPUs", categories=("a", "b"), series=series)
    drawn = grouped(chart)
    assert len(drawn.series) == MAX_SERIES == 8
    assert [s.label for s in drawn.series[:-1]] == [f"offer-{n}" for n in range(3, 10)]
    assert drawn.series[-1] == Series("3 other offers", (3.0, 6.0))
    assert [sum(v) for v in zip(*(s.values for s in drawn.series), strict=True)] == [45.0, 90.0]
    assert grouped(drawn) == drawn


def test_the_report_opens_with_the_recommendation_in_two_sentences() -> None:
    """Issue 15: HTML and Markdown open with two sentences: the cost per token (horizon and
    tail) against the best naive strategy, then what the plan signs and what of it is owed
    after the horizon; an infeasible plan says the demand cannot be met (the portfolio with a
    6-month tail: it buys on demand too)."""
    portfolio = "portfolio-tail6"
    plan = golden_plan(portfolio)
    s, tail = plan.summary, plan.tail
    assert s is not None and tail is not None
    report = build_report(plan, default_catalog())
    best = min((b for b in plan.baselines if b.cost_ratio), key=lambda b: b.cost_ratio or 0)
    signed = [c for c in plan.commitments if not c.existing]
    terms = [c for c in signed if c.term_months > 0]  # probe 11 finding 3: on-demand apart
    offers = sorted({c.offer_id for c in terms})
    used = sorted({c.offer_id for c in signed if c.term_months == 0})
    assert report.recommendation == (
        f"The plan serves the forecast at {rate(s.cost_per_million_tokens)} USD per million "
        f"tokens ({rests_on(s.cost_basis)}; {money(s.total_cost, 'USD')} over 12 months, "
        f"then {money(tail.cost, 'USD')} "
        f"over the {tail.months}-month tail{owed_clause(plan)}); the best naive strategy "
        f"({best.strategy}) pays "
        f"{best.cost_ratio:.2f}x as much over horizon + tail.",
        f"It signs {len(terms)} commitments on {len(offers)} offer{'s' * (len(offers) > 1)} "
        f"({', '.join(offers)}) and buys on demand from {len(used)} offer"
        f"{'s' * (len(used) > 1)} ({', '.join(used)}), owing {money(s.total_obligation, 'USD')}, "
        f"{money(s.obligation_beyond_horizon, 'USD')} of it after the horizon.",
    )
    both = " ".join(report.recommendation)
    assert _text(golden_report(portfolio, "md")).splitlines()[4] == both
    assert f"<p class=lead>{both}</p>" in _text(golden_report(portfolio, "html"))
    infeasible = build_report(golden_plan("infeasible-power-cap"), default_catalog())
    assert infeasible.recommendation[0].startswith("The demand cannot be met in full: ")


def test_a_baseline_cheaper_than_the_plan_is_said_to_be_cheaper() -> None:
    """A baseline whose cost per token is below the plan's (a plan solved for power, say)
    reads `N.NNx cheaper per token` (not `0.41x dearer`), over the span compared, and the
    recommendation says the best one costs that much less."""
    # build-or-buy: every baseline dearer than the plan (the seed's best_single_offer is the
    # plan itself, 1.00x).
    seed = golden_plan("build-or-buy-deepseek-r1")
    priced = [b for b in seed.baselines if b.cost_ratio is not None]
    plan = msgspec.structs.replace(
        seed,
        baselines=tuple(
            msgspec.structs.replace(b, cost_ratio=1 / (b.cost_ratio or 1)) for b in priced
        ),
    )
    ratios = [b.cost_ratio for b in plan.baselines]
    assert all(r is not None and r < 1 for r in ratios)
    report = build_report(plan, default_catalog())
    shown = [row[-1] for row in report.baselines_shown.rows]
    over = " over horizon + tail"
    assert shown == [Text(f"{1 / (r or 1):.2f}x cheaper per token{over}") for r in ratios]
    best = min(r or 1 for r in ratios)
    assert report.recommendation[0].endswith(f"costs {1 / best:.2f}x less per token{over}.")


def test_the_seed_plan_reads_cheaper_than_its_baselines_over_horizon_and_tail() -> None:
    """Every baseline of the seed reads `N.NNx dearer per token over horizon + tail`, its
    objective (best_single_offer, its own racks, 1.00x), with the costs it compares (horizon
    + tail) beside the horizon's."""
    plan = golden_plan(SEED)
    report = build_report(plan, default_catalog())
    shown = report.baselines_shown
    for b, row in zip(plan.baselines, shown.rows, strict=True):
        if b.strategy == "best_api":
            assert b.cost_ratio is None and b.reason  # no API meets the SLO untrusted
            continue
        assert b.cost_ratio is not None and b.cost_ratio >= 1
        cells = dict(zip(shown.labels, row, strict=True))
        said = "same cost" if b.cost_ratio == 1 else f"{b.cost_ratio:.2f}x dearer"
        assert cells["vs plan"] == Text(f"{said} per token over horizon + tail")
        assert cells["baseline cost + tail"] == Money(b.lifetime_cost)
        # The plan's in the cents of its cash ledger (probe 12 finding 2): the JSON's to the cent.
        assert cells["plan cost + tail"] == Money(25_090_041.60)
        assert b.plan_lifetime_cost == pytest.approx(25_090_041.60, abs=0.005)


def _first_wave(plan: Plan) -> Plan:
    """The plan as the first wave stored it: no forecast, sources, tail, replicas, idle GPUs
    or assumption."""
    raw = msgspec.to_builtins(plan)
    for key in ("forecast", "sources", "tail"):
        raw.pop(key, None)
    for key in ("replicas", "assumption"):
        raw["summary"].pop(key, None)
    for month in raw["months"]:
        for allocation in month["allocations"]:
            allocation.pop("idle_gpus", None)
            for share in allocation["workloads"]:
                share.pop("replicas", None)
                share.pop("gpus_per_replica", None)
    return msgspec.json.decode(msgspec.json.encode(raw), type=Plan)


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "html", "xlsx"])
def test_a_first_wave_plan_still_renders_in_every_format(fmt: str) -> None:
    """A plan stored before the second wave decodes (new fields take their defaults) and
    renders: no assumption line, no tail section, blank replica columns, totals unchanged."""
    plan = _first_wave(golden_plan(GROWING))
    assert plan.tail is None and plan.summary is not None and plan.summary.assumption == ""
    report = build_report(plan, default_catalog())
    assert report.tail == () and report.assumption == ""
    content = render_report(plan, default_catalog(), fmt)[0]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(_text(content))))
        assert {r["replicas"] for r in rows} == {""}
        assert sum(_dec(r["cost"]) for r in rows) == cents(plan.summary.total_cost)
    if fmt in ("md", "html"):
        assert "After the horizon" not in _text(content)
        assert money(plan.summary.total_cost, "USD") in _text(content)


def test_marginals_by_workload_are_shown_and_empty_per_month_tables_are_not() -> None:
    """Issue 11: the marginal cost of each workload over the horizon (and tail) is in the
    Markdown and HTML with whether its per-month figures are defined; a per-month table with no
    rows is left out."""
    plan = golden_plan(GROWING)
    assert plan.marginal is not None and plan.marginal.workloads and not plan.marginal.demand
    w = plan.marginal.workloads[0]
    md = _text(golden_report(GROWING, "md"))
    defined = "below" if w.per_month_defined else "not defined (commitments)"
    assert f"| {w.workload_id} | {rate(w.per_million_tokens)} | {w.months} | {defined} |" in md
    assert "| workload | month | $ per million tokens |" not in md
    html = _text(golden_report(GROWING, "html"))
    assert f"<td>{w.workload_id}</td><td class=n>{rate(w.per_million_tokens)}</td>" in html


def test_markdown_escapes_a_scenario_name_in_the_headline() -> None:
    """Probe 13 finding 8: the headline's labels carry the shown scenario's name, and report.md
    escaped the values beside them but not the labels."""
    hostile = "<img src=x onerror=alert(9)>"
    encoded = msgspec.json.encode(golden_plan("three-scenarios"))
    plan = msgspec.json.decode(encoded.replace(b'"base"', f'"{hostile}"'.encode()), type=Plan)
    md = _text(render_report(plan, default_catalog(), "md")[0])
    assert "<img" not in md
    assert "**&lt;img src=x onerror=alert(9)&gt; scenario's horizon cost" in md
