"""A hostile review's findings: bodies with huge lists get a short 422, text with control
characters or bidi overrides is refused on every way in, and an on-demand offer has no term."""

from __future__ import annotations

import csv
import io
import sqlite3
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.config import Settings
from service.store import Store
from tests.apps import fresh_app
from tests.bodies import FORECAST, NEW_OFFER, QUICK
from tests.problems import assert_problem, revision

Client = AsyncTestClient[Litestar]
RANK_WORKLOAD = {k: FORECAST["workloads"][0][k] for k in ("model", "isl", "osl", "slo")}
HOSTILE_TEXT = ["Ho\u0000stile", "\u202eelitsoH", "Acme\u0085", "Acme\u2066x\u2069", "Ac\nme"]


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.asyncio(loop_scope="module")
async def test_a_400000_item_exclude_list_gets_a_short_422(shared_client: Client) -> None:
    """400,000 excluded vendors (a 2 MB body): a 422 naming the list and its bound, a few
    hundred bytes, not one error per item each quoting the catalog's vendors."""
    body = {**QUICK, "constraints": {"exclude_vendors": ["x"] * 400_000}}
    response = await shared_client.post("/plans", json=body)
    problem = assert_problem(response, 422, "constraints.exclude_vendors")
    assert len(response.content) < 2_000
    assert "1000" in problem["errors"][0]["message"]


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.asyncio(loop_scope="module")
async def test_a_100000_vendor_workload_is_refused_before_solving(shared_client: Client) -> None:
    """A workload naming 100,000 vendors is a 422 on `vendors`, not a 10 s solve."""
    workload = {**FORECAST["workloads"][0], "vendors": ["Nebius"] * 100_000}
    body = {**QUICK, "forecast": {**FORECAST, "workloads": [workload]}}
    response = await shared_client.post("/plans", json=body)
    assert_problem(response, 422, "forecast.workloads[0].vendors")


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.asyncio(loop_scope="module")
async def test_many_unknown_vendors_list_50_errors_and_a_count(shared_client: Client) -> None:
    """1,000 unknown vendors: 50 errors listed (the last one the count of the rest), each
    naming at most five of the catalog's vendors and how many there are."""
    body = {**QUICK, "constraints": {"exclude_vendors": [f"v{n}" for n in range(1000)]}}
    response = await shared_client.post("/plans", json=body)
    problem = assert_problem(response, 422, "constraints.exclude_vendors[0]")
    errors = problem["errors"]
    assert len(errors) == 50
    assert errors[-1] == {"field": "(more)", "message": "and 951 more errors"}
    assert "more (" in errors[0]["message"] and "in all)" in errors[0]["message"]
    assert problem["detail"] == "1000 problem(s) with the plan request"
    assert len(response.content) < 20_000


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/plans", {**QUICK, "existing": [{}] * 1001}, "existing"),
        (
            "/catalog/import",
            {"offers": [{}] * 50_001},
            "offers",
        ),
        ("/catalog/offers", {**NEW_OFFER, "supports": ["mtp"] * 7}, "supports"),
        (
            "/catalog/offers",
            {**NEW_OFFER, "extensions": {f"x_{n}": "" for n in range(101)}},
            "extensions",
        ),
        ("/rankings", {"workload": RANK_WORKLOAD, "regions": ["us"] * 1001}, "regions"),
        ("/rankings", {"workload": RANK_WORKLOAD, "kinds": ["spot"] * 5}, "kinds"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_every_list_in_the_input_is_bounded(
    shared_client: Client, path: str, body: dict[str, Any], field: str
) -> None:
    """Existing commitments, imported items, features, `x_` columns and ranking filters each
    have a bound: a list one longer is a 422 naming it."""
    assert_problem(await shared_client.post(path, json=body), 422, field)


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize("text", HOSTILE_TEXT)
@pytest.mark.parametrize("field", ["vendor", "region", "id", "note", "source"])
@pytest.mark.asyncio(loop_scope="module")
async def test_control_characters_in_an_offer_are_refused(
    shared_client: Client, field: str, text: str
) -> None:
    """A NUL, a right-to-left override, a C1 control, a bidi isolate or (but in `note`) a line
    break in an offer's text: 422 naming the field, nothing stored."""
    if field == "note" and text == "Ac\nme":
        return  # a note may run over several lines
    before = await revision(shared_client)
    response = await shared_client.post("/catalog/offers", json={**NEW_OFFER, field: text})
    assert_problem(response, 422, field)
    assert await revision(shared_client) == before


@pytest.mark.asyncio(loop_scope="module")
async def test_a_note_may_hold_line_breaks(client: Client) -> None:
    """A note over two lines, with a tab, is stored as given."""
    body = {**NEW_OFFER, "note": "first line\n\tsecond line"}
    assert (await client.post("/catalog/offers", json=body)).status_code == 201
    stored = (await client.get("/catalog/offers/acme-h100")).json()
    assert stored["note"] == "first line\n\tsecond line"


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("ServiceProviderName", "Ho\u0000stile"),
        ("ServiceProviderName", "\u202eelitsoH"),
        ("x_Source", "a\u009bb"),
        ("x_TermMonths", "12"),  # the first row is an on-demand offer
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_bad_cells_in_an_offers_csv_are_refused(
    shared_client: Client, column: str, cell: str
) -> None:
    """A NUL, an override or a C1 control in a text cell of an offers CSV, or a term on an
    on-demand row: 422 naming the row and the column, nothing stored."""
    before = await revision(shared_client)
    rows = list(csv.DictReader(io.StringIO((await shared_client.get("/catalog/offers.csv")).text)))
    assert rows[0]["x_Kind"] == "on_demand"
    rows[0][column] = cell
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    bad = out.getvalue()
    response = await shared_client.post(
        "/catalog/import", content=bad, headers={"content-type": "text/csv"}
    )
    assert_problem(response, 422, f"offers.csv[row 1].{column}")
    assert await revision(shared_client) == before


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.asyncio(loop_scope="module")
async def test_control_characters_in_a_plan_request_are_refused(shared_client: Client) -> None:
    """A forecast named with a NUL, and a vendor with an override: 422 naming both."""
    forecast = {**FORECAST, "name": "a\u0000b"}
    body = {**QUICK, "forecast": forecast, "constraints": {"exclude_vendors": ["\u202eAcme"]}}
    problem = assert_problem(await shared_client.post("/plans", json=body), 422, "forecast.name")
    assert "constraints.exclude_vendors[0]" in [e["field"] for e in problem["errors"]]
    assert "U+0000" in problem["detail"]


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize("kind", ["on_demand", "spot"])
@pytest.mark.asyncio(loop_scope="module")
async def test_a_month_to_month_offer_with_a_term_is_refused(
    shared_client: Client, kind: str
) -> None:
    """An on-demand or spot offer with `term_months: 12` is a 422 naming `term_months` (DESIGN
    section 2: 0 = month to month; reserved and owned > 0)."""
    body = {**NEW_OFFER, "kind": kind, "term_months": 12}
    problem = assert_problem(await shared_client.post("/catalog/offers", json=body), 422)
    assert [e["field"] for e in problem["errors"]] == ["term_months"]
    assert "month to month" in problem["detail"]


async def test_a_stored_on_demand_offer_with_a_term_reads_back_month_to_month(
    db_path: str,
) -> None:
    """An on-demand offer stored with a 12-month term by older code, with a NUL in its vendor,
    still decodes: the offer is served, sold month to month, its vendor as stored."""
    Store(db_path).close()
    with sqlite3.connect(db_path) as db:
        doc = msgspec.json.decode(
            db.execute("SELECT doc FROM catalog_items WHERE id = 'nebius-h100-od'").fetchone()[0]
        )
        doc |= {"term_months": 12, "vendor": "Neb\u0000ius"}
        db.execute(
            "UPDATE catalog_items SET doc = ? WHERE id = 'nebius-h100-od'",
            (msgspec.json.encode(doc),),
        )
    async with AsyncTestClient(app=fresh_app(Settings(db_path=db_path))) as client:
        read = await client.get("/catalog/offers/nebius-h100-od")
        assert read.status_code == 200, read.text
        assert read.json()["term_months"] == 0 and read.json()["vendor"] == "Neb\u0000ius"
