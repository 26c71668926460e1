"""Cash beside amortised cost through the API (issue 13): the cash flows and NPV in every
report format and in cash.csv, the payment schedule on requisition lines, owned offers given by
their parts through the catalog, and hostile limits, rates and parts refused naming the field."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import default_catalog
from service.reports.to_csv import cash_csv
from tests.golden import golden_plan, store_plan
from tests.golden.make_golden import INFEASIBLE
from tests.owned import owned_by_parts
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]

FORECAST = INFEASIBLE["forecast"]  # three months of DeepSeek-R1


async def test_every_report_format_carries_the_cash(client: Client, db_path: str) -> None:
    """JSON has `cash_flows` and `npv`; HTML and Markdown the cash-against-amortised section
    and the executive summary's line; the workbook a Cash sheet with its chart."""
    plan = store_plan(db_path, golden_plan("seed-deepseek-r1"))
    assert plan.npv is not None
    body = (await client.get(f"/plans/{plan.id}/report.json")).json()
    assert len(body["cash_flows"]) == len(plan.cash_flows) == 60
    assert body["npv"]["cash"] == plan.npv.cash
    npv_shown = f"{Decimal(repr(plan.npv.cash)).quantize(Decimal('0.01')):,}"
    for fmt in ("html", "md"):
        text = (await client.get(f"/plans/{plan.id}/report.{fmt}")).text
        assert "Cash against amortised cost" in text
        # All its cash is paid in the horizon: its NPV is the horizon's (probe 19 item 3).
        said = f"the horizon's cash is worth {npv_shown} USD today"
        assert said in text.replace("&#39;", "'")
    html = (await client.get(f"/plans/{plan.id}/report.html")).text
    assert html.count("<svg") >= 4  # cost, fleet, power and cash charts
    workbook = (await client.get(f"/plans/{plan.id}/report.xlsx")).content
    with zipfile.ZipFile(io.BytesIO(workbook)) as book:
        names = book.namelist()
        sheets = book.read("xl/workbook.xml").decode()
    assert 'name="Cash"' in sheets
    assert sum(name.startswith("xl/charts/chart") for name in names) == 3


async def test_cash_csv_adds_up_to_the_plan_to_the_cent(client: Client, db_path: str) -> None:
    """GET /plans/{id}/cash.csv: a row per month; each money column adds up, to the cent, to
    the plan's totals (cash and amortised cost over every month), and each row as shown."""
    plan = store_plan(db_path, golden_plan("portfolio-three-models"))
    assert plan.npv is not None
    response = await client.get(f"/plans/{plan.id}/cash.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "cash.csv" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["month"] for r in rows] == [f.month for f in plan.cash_flows]

    def total(column: str) -> Decimal:
        return sum((Decimal(r[column]) for r in rows), Decimal("0"))

    cents = Decimal("0.01")
    assert total("cash") == Decimal(repr(plan.npv.total_cash)).quantize(cents)
    assert total("amortised") == Decimal(repr(plan.npv.total_amortised)).quantize(cents)
    assert total("upfront") + total("recurring") - total("recovered") == total("cash")
    for r in rows:  # and row by row as shown: a month's parts make its cash
        parts = Decimal(r["upfront"]) + Decimal(r["recurring"]) - Decimal(r["recovered"])
        assert parts == Decimal(r["cash"]), r["month"]
    assert_problem(await client.get("/plans/nope/cash.csv"), 404)
    plain = golden_plan("portfolio-three-models")
    nothing = msgspec.structs.replace(plain, id="plan_none", status="cancelled", summary=None)
    store_plan(db_path, nothing)
    assert_problem(await client.get("/plans/plan_none/cash.csv"), 409)  # no plan, no cash


async def test_requisition_lines_carry_the_payment_schedule(client: Client, db_path: str) -> None:
    """An All Upfront capital purchase is paid at its start, a No Upfront reservation monthly;
    on-demand is paid as used."""
    plan = store_plan(db_path, golden_plan("capex-budget-deepseek-r1"))
    lines = (await client.get(f"/plans/{plan.id}/requisition.json")).json()["lines"]
    by_offer = {line["supplier_part_number"]: line for line in lines}
    owned = by_offer["onprem-gb300"]
    assert owned["upfront_amount"] == owned["line_total"]
    assert owned["monthly_amount"] == "0.00"
    assert owned["payment_schedule"] == f"{Decimal(owned['line_total']):,} at the start"
    reserved = by_offer["nscale-gb300-reserved"]
    assert reserved["upfront_amount"] == "0.00"
    assert Decimal(reserved["monthly_amount"]) * 36 == Decimal(reserved["line_total"])
    assert reserved["payment_schedule"].endswith("a month for 36 months")
    text = (await client.get(f"/plans/{plan.id}/requisition.csv")).text
    assert "payment_schedule" in text.splitlines()[0]


def _plan_body(**constraints: Any) -> dict[str, Any]:
    return {"forecast": FORECAST, "constraints": constraints}


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_plan_body(max_upfront=-1), "constraints.max_upfront"),
        (_plan_body(max_upfront=1e308), "constraints.max_upfront"),
        (_plan_body(max_upfront="NaN"), "constraints.max_upfront"),
        (_plan_body(max_upfront_by_month=[1e6]), "constraints.max_upfront_by_month"),
        (_plan_body(max_upfront_by_month=[1e6, -5, 0]), "constraints.max_upfront_by_month[1]"),
        (_plan_body(max_upfront_by_month=[1.0] * 200), "constraints.max_upfront_by_month"),
        (
            {"forecast": FORECAST, "options": {"discount_rate": 2}},
            "options.discount_rate",
        ),
        (
            {"forecast": FORECAST, "options": {"discount_rate": -0.1}},
            "options.discount_rate",
        ),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_hostile_limits_and_rates_are_refused_naming_the_field(
    shared_client: Client, body: dict[str, Any], field: str
) -> None:
    """A negative, overflowing or NaN capex budget, a per-month list of the wrong length or
    with a negative month, a discount rate outside 0..1: a 422 problem naming the field."""
    assert_problem(await shared_client.post("/plans", json=body), 422, field)


OWNED = owned_by_parts()


async def test_an_owned_offer_by_its_parts_through_the_catalog(client: Client) -> None:
    """POST an owned offer by its parts: it is stored with its derived price, exported in the
    offers CSV with its parts, and quoted with its formula at the same $/M as its price."""
    created = await client.post("/catalog/offers", json=OWNED)
    assert created.status_code == 201, created.text
    price = created.json()["price_per_gpu_hour"]
    assert round(price, 4) == 1.9831
    exported = (await client.get("/catalog/offers.csv")).text
    assert ",60000.0,48,0.1,200.0,0.08," in exported
    workload = {
        "model": "deepseek-r1-0528",
        "isl": 8192,
        "osl": 1024,
        "slo": {"min_interactivity": 150},
    }
    quoted = (
        await client.post("/quotes", json={"offer": OWNED["id"], "workload": workload})
    ).json()
    assert quoted["price_formula"].endswith("= 1.9831 USD per GPU-hour")
    inline = {"price_per_gpu_hour": price, "throughput_per_gpu": quoted["throughput_per_gpu"]}
    inline["power_kw_per_gpu"] = 2.1
    same = (await client.post("/quotes", json={"offer": inline})).json()
    assert same["cost_per_million_tokens"] == quoted["cost_per_million_tokens"]


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize(
    ("parts", "field"),
    [
        ({"capex_per_gpu": -1}, "tco.capex_per_gpu"),
        ({"capex_per_gpu": 1e308}, "tco.capex_per_gpu"),
        ({"energy_price_per_kwh": "NaN"}, "tco.energy_price_per_kwh"),
        ({"residual_share": 1.01}, "tco.residual_share"),
        ({"life_months": 36}, "tco.life_months"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_hostile_parts_are_refused_naming_the_part(
    shared_client: Client, parts: dict[str, Any], field: str
) -> None:
    """A negative, overflowing or NaN part, a residual over 1, a life other than the term: a
    422 problem naming the part."""
    document = OWNED | {"tco": OWNED["tco"] | parts}
    if "life_months" in parts:
        document["term_months"] = 48
    assert_problem(await shared_client.post("/catalog/offers", json=document), 422, field)


def test_cash_csv_says_its_currency_on_every_row() -> None:
    """Probe 17a L3: cash.csv named no currency, so an EUR plan's file read as a USD one's
    (ECOSYSTEM.md: money in exported files with an explicit ISO 4217 currency). Each row says
    it, beside its money columns; the shipped plans are in USD, so one is relabelled EUR."""
    catalog = default_catalog()
    for currency in ("USD", "EUR"):
        plan = golden_plan("portfolio-three-models")
        assert plan.summary is not None
        summary = msgspec.structs.replace(plan.summary, currency=currency)
        rows = list(
            csv.DictReader(
                io.StringIO(cash_csv(msgspec.structs.replace(plan, summary=summary), catalog))
            )
        )
        assert rows and {r["currency"] for r in rows} == {currency}
        assert list(rows[0])[6:9] == ["amortised", "currency", "note"]
