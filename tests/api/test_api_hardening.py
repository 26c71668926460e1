"""Issue 10: nothing a client sends breaks the service. Non-finite numbers, poisoned rows,
read protection over every route, JSON content types, malformed bodies, paging bounds,
`Prefer: respond-async` and idempotency by the decoded request."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from optimizer import Plan, PlanRequest
from service.config import Settings
from service.jobs import checked
from service.store import Store
from tests.apps import fresh_app
from tests.bodies import FORECAST, NEW_OFFER, QUICK
from tests.problems import assert_problem, revision

Client = AsyncTestClient[Litestar]
QUOTE = {
    "offer": "onprem-h200",
    "workload": {
        "model": "deepseek-r1-0528",
        "isl": 8192,
        "osl": 1024,
        "slo": {"min_interactivity": 150},
    },
}


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize(
    "cell",
    # Python's float() reads the last four (2_652 as 2652, the Arabic-Indic and fullwidth
    # digits as 2 and 1, probe 15 L8); no spreadsheet writes them as numbers.
    ["inf", "Infinity", "INF", "-inf", "nan", "1e400", "1e308", "2_652", "0_5", "\u0662", "\uff11"],
)
@pytest.mark.parametrize("column", ["ListUnitPrice", "x_PowerKwPerGpu"])
@pytest.mark.asyncio(loop_scope="module")
async def test_a_non_finite_or_absurd_csv_cell_is_refused(
    shared_client: Client, cell: str, column: str
) -> None:
    """inf, Infinity, INF, nan, 1e400, 1e308, or digits only Python reads as a number, in a
    number column: 422 naming the cell, no new revision, and every catalog route still
    answers."""
    text = (await shared_client.get("/catalog/offers.csv")).text
    header, first, *rest = text.split("\r\n")
    cells = first.split(",")
    cells[header.split(",").index(column)] = cell
    bad = "\r\n".join([header, ",".join(cells), *rest])
    response = await shared_client.post(
        "/catalog/import", content=bad, headers={"content-type": "text/csv"}
    )
    assert_problem(response, 422, f"offers.csv[row 1].{column}")
    assert await revision(shared_client) == 1
    assert (await shared_client.get("/catalog")).status_code == 200
    assert (await shared_client.get("/catalog/offers")).status_code == 200


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("price_per_gpu_hour", b"1e400"),
        ("price_per_gpu_hour", b"1e308"),
        ("price_per_gpu_hour", b"1e-320"),
        ("power_kw_per_gpu", b"1e400"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_absurd_numbers_in_json_are_refused_naming_the_field(
    shared_client: Client, field: str, raw: bytes
) -> None:
    """A number that overflows, or is finite but absurd (1e308, 1e-320): 422 naming it."""
    body = msgspec.json.encode({**NEW_OFFER, field: 1.0}).replace(
        f'"{field}":1.0'.encode(), f'"{field}":'.encode() + raw
    )
    response = await shared_client.post(
        "/catalog/offers", content=body, headers={"content-type": "application/json"}
    )
    assert_problem(response, 422, field)
    assert await revision(shared_client) == 1


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize("value", ["inf", "Infinity", "nan", "1e400"])
@pytest.mark.parametrize("page", ["rankings.html", "rankings.svg"])
@pytest.mark.asyncio(loop_scope="module")
async def test_non_finite_query_numbers_are_refused(
    shared_client: Client, page: str, value: str
) -> None:
    """`interactivity=inf` (or `ttft=inf`) in either ranking page's query is a 422 naming the
    parameter, not a page of nonsense."""
    query = "model=deepseek-r1-0528&isl=8192&osl=1024"
    assert_problem(
        await shared_client.get(f"/{page}?{query}&interactivity={value}"), 422, "interactivity"
    )
    refused = await shared_client.get(f"/{page}?{query}&interactivity=150&ttft={value}")
    assert_problem(refused, 422, "ttft")


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize("page", ["rankings.html", "rankings.svg"])
@pytest.mark.asyncio(loop_scope="module")
async def test_query_bounds_are_in_the_schema_and_held(shared_client: Client, page: str) -> None:
    """The ranking pages' isl, osl (at least 1) and interactivity (above 0) say their bounds in
    the schema (schemathesis sent isl=0 as schema-valid and got a 422), and a query below them
    is still a 422 naming each parameter, as before."""
    schema = (await shared_client.get("/schema/openapi.json")).json()
    params = {p["name"]: p["schema"] for p in schema["paths"][f"/{page}"]["get"]["parameters"]}
    assert params["isl"]["minimum"] == params["osl"]["minimum"] == 1
    assert params["interactivity"]["exclusiveMinimum"] == 0
    query = "model=deepseek-r1-0528&isl=0&osl=0&interactivity=0"
    refused = await shared_client.get(f"/{page}?{query}")
    for field in ("isl", "osl", "interactivity"):
        assert_problem(refused, 422, field)


async def test_a_poisoned_catalog_row_does_not_brick_the_service(db_path: str) -> None:
    """Rows written by older code that no longer decode (price null): the service starts,
    every route answers without them, a PUT repairs one and a DELETE removes the other."""
    Store(db_path).close()
    db = sqlite3.connect(db_path)
    db.execute(
        "UPDATE catalog_items SET doc = replace(doc, '\"price_basis\":', "
        '\'"price_per_gpu_hour":null,"price_basis":\') '
        "WHERE id IN ('coreweave-h100-od', 'coreweave-h200-od')"
    )
    db.commit()
    db.close()
    async with AsyncTestClient(app=fresh_app(Settings(db_path=db_path))) as client:
        assert (await client.get("/health")).status_code == 200
        catalog = await client.get("/catalog")
        assert catalog.status_code == 200 and len(catalog.json()["offers"]) == 27
        assert (await client.get("/catalog/offers.csv")).status_code == 200
        assert_problem(await client.get("/catalog/offers/coreweave-h100-od"), 409)
        quote = await client.post("/quotes", json=QUOTE)
        assert quote.status_code == 200
        plan = await client.post("/plans", json=QUICK)
        assert plan.status_code == 201, plan.text
        repaired = await client.put(
            "/catalog/offers/coreweave-h100-od",
            json={**NEW_OFFER, "id": "coreweave-h100-od", "vendor": "CoreWeave"},
            headers={"If-Match": '"1"'},
        )
        assert repaired.status_code == 200, repaired.text
        assert len((await client.get("/catalog")).json()["offers"]) == 28
        removed = await client.delete(
            "/catalog/offers/coreweave-h200-od", headers={"If-Match": '"1"'}
        )
        assert removed.status_code == 204, removed.text
        assert len((await client.get("/catalog")).json()["offers"]) == 28


def test_a_plan_with_a_non_finite_number_is_stored_failed() -> None:
    """A plan holding an infinity becomes `failed`, naming where, before it is stored (JSON
    would store null and the plan could not be read back); a finite plan passes as it is."""
    request = msgspec.convert({"forecast": FORECAST}, PlanRequest)
    pending = Plan(
        id="plan_x",
        status="solving",
        created_at="2027-01-01T00:00:00Z",
        catalog_revision=1,
        request=request,
    )
    good = msgspec.structs.replace(pending, status="optimal")
    assert checked(good, pending) is good
    assert request.forecast is not None
    workload = msgspec.structs.replace(request.forecast.workloads[0], peak_to_average=float("inf"))
    forecast = msgspec.structs.replace(request.forecast, workloads=(workload,))
    result = checked(msgspec.structs.replace(good, forecast=forecast), pending)
    assert result.status == "failed"
    assert "not finite at forecast.workloads[0].peak_to_average" in (result.error or "")


async def test_an_unreadable_stored_plan_lists_as_failed_and_reports_409(
    client: Client, app: Litestar
) -> None:
    """A stored plan that no longer decodes (a null where a number belongs): GET /plans lists
    it as failed saying why; its reports are a 409 problem; nothing answers 500."""
    plan = (await client.post("/plans", json=QUICK)).json()
    store: Store = app.state.store
    doc = store.document("plans", plan["id"])
    poisoned = re.sub(rb'"total_cost":[0-9.e+-]+', b'"total_cost":null', doc, count=1)
    assert poisoned != doc
    store.replace_document("plans", plan["id"], poisoned, "optimal")
    listed = await client.get("/plans")
    assert listed.status_code == 200
    item = listed.json()["items"][0]
    assert item["status"] == "failed" and "cannot be read" in item["error"]
    for fmt in ("html", "md", "csv", "json", "xlsx"):
        assert_problem(await client.get(f"/plans/{plan['id']}/report.{fmt}"), 409)
    assert (await client.get(f"/plans/{plan['id']}")).status_code == 200


def _routes(app: Litestar) -> list[tuple[str, str, Any]]:
    """(method, concrete path, handler) of every route of the app except OPTIONS."""
    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            for method in sorted(getattr(handler, "http_methods", ())):
                if method == "OPTIONS":
                    continue
                path = re.sub(r"\{(\w+):\w+\}", "x", route.path)
                found.append((method, path, handler))
    return found


async def test_protect_reads_guards_every_route(db_path: str) -> None:
    """TOKENPLAN_PROTECT_READS=1 with keys: every route of the app but /health answers 401
    without a key (reads, reports, rankings pages, POST /quotes and /rankings, the schema),
    and a key opens them."""
    settings = Settings(db_path=db_path, api_keys=frozenset({"k"}), protect_reads=True)
    app = fresh_app(settings)
    routes = _routes(app)
    assert len(routes) >= 40
    async with AsyncTestClient(app=app) as client:
        for method, path, handler in routes:
            response = await client.request(method, path, json={})
            if handler.opt.get("public"):
                assert response.status_code == 200, path
                continue
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.headers["content-type"].startswith("application/problem+json")
        keyed = await client.get("/catalog", headers={"Authorization": "Bearer k"})
        assert keyed.status_code == 200
        quote = await client.post("/quotes", json=QUOTE, headers={"X-API-Key": "k"})
        assert quote.status_code == 200


async def test_reads_stay_open_without_protect_reads(db_path: str) -> None:
    """Keys alone guard writes: reads and POST /quotes need none."""
    app = fresh_app(Settings(db_path=db_path, api_keys=frozenset({"k"})))
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/catalog")).status_code == 200
        assert (await client.post("/quotes", json=QUOTE)).status_code == 200
        assert_problem(await client.post("/forecasts", json=FORECAST), 401)


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/plans", {"forecast": FORECAST}),
        ("/forecasts", FORECAST),
        ("/catalog/offers", NEW_OFFER),
        ("/catalog/import", {"offers": [NEW_OFFER]}),
        ("/quotes", QUOTE),
    ],
)
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
@pytest.mark.asyncio(loop_scope="module")
async def test_json_routes_refuse_other_content_types(
    shared_client: Client, path: str, body: Any, content_type: str
) -> None:
    """JSON sent as text/plain or a form (what a cross-site form can send): 415, nothing
    stored."""
    response = await shared_client.post(
        path, content=msgspec.json.encode(body), headers={"content-type": content_type}
    )
    assert_problem(response, 415)
    assert await revision(shared_client) == 1
    assert (await shared_client.get("/forecasts")).json()["items"] == []
    assert (await shared_client.get("/plans")).json()["items"] == []


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.asyncio(loop_scope="module")
async def test_an_empty_body_names_what_the_route_wanted(shared_client: Client) -> None:
    """An empty CSV import is told its CSV is empty (probe 8, finding 9d: it was told "this
    request needs a JSON body", on a route that took its CSV); an empty JSON body still needs
    JSON. Nothing stored."""
    csv = {"content-type": "text/csv"}
    response = await shared_client.post("/catalog/import", content=b"", headers=csv)
    problem = assert_problem(response, 422, "(body)")
    assert problem["errors"][0]["message"] == (
        "the text/csv body is empty: send it with its header row"
    )
    json = {"content-type": "application/json"}
    response = await shared_client.post("/catalog/import", content=b"", headers=json)
    problem = assert_problem(response, 422, "(body)")
    assert problem["errors"][0]["message"] == "this request needs a JSON body"
    assert await revision(shared_client) == 1


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize(
    "body",
    [b'{"offer": "\xff\xfe"}', b"[" * 1000 + b"]" * 1000, b'{"offer": ', b"\x00"],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_malformed_bodies_are_400_problems(shared_client: Client, body: bytes) -> None:
    """Invalid UTF-8, JSON nested 1,000 deep, truncated JSON: a 400 problem with a type."""
    response = await shared_client.post(
        "/quotes", content=body, headers={"content-type": "application/json"}
    )
    problem = assert_problem(response, 400)
    assert problem["type"].startswith("https://")


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=201",
        "limit=1000000",
        "limit=-2666&cursor=193385554649067587421681634770944",
        "cursor=193385554649067587421681634770944",
        "cursor=-1",
        "cursor=abc",
    ],
)
@pytest.mark.parametrize("path", ["/plans", "/forecasts"])
@pytest.mark.asyncio(loop_scope="module")
async def test_paging_bounds_are_422_problems(shared_client: Client, path: str, query: str) -> None:
    """limit outside 1..200 and cursors that are not row numbers: 422 naming the parameter."""
    name = "limit" if query.startswith("limit") else "cursor"
    assert_problem(await shared_client.get(f"{path}?{query}"), 422, name)


async def test_prefer_respond_async_answers_202_at_once(client: Client) -> None:
    """`Prefer: respond-async` returns 202 with Location without waiting for the solve."""
    response = await client.post("/plans", json=QUICK, headers={"Prefer": "respond-async"})
    assert response.status_code == 202, response.text
    assert response.headers["location"].startswith("/plans/")
    assert response.headers["preference-applied"] == "respond-async"


async def test_idempotency_compares_the_decoded_request(client: Client) -> None:
    """The same JSON re-serialised (other spacing and key order) under the same key replays
    the first forecast instead of a 422."""
    key = {"Idempotency-Key": "same", "content-type": "application/json"}
    first = await client.post("/forecasts", content=msgspec.json.encode(FORECAST), headers=key)
    reordered = dict(reversed(list(FORECAST.items())))
    spaced = msgspec.json.format(msgspec.json.encode(reordered), indent=4)
    again = await client.post("/forecasts", content=spaced, headers=key)
    assert again.status_code == 201, again.text
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
async def test_every_bad_field_is_reported_not_only_the_first(client: Client) -> None:
    """A body with three bad fields and one unknown: the 422 lists all four, each with what
    it got."""
    body = {**NEW_OFFER, "price_per_gpu_hour": -1, "kind": "nope", "region": "A B", "color": 1}
    problem = assert_problem(await client.post("/catalog/offers", json=body), 422)
    fields = {e["field"]: e["message"] for e in problem["errors"]}
    assert set(fields) == {"price_per_gpu_hour", "kind", "region", "color"}
    assert fields["price_per_gpu_hour"].endswith("got -1")
    nested = {"forecast": {**FORECAST, "months": 0, "workloads": [{"id": "x"}]}}
    problem = assert_problem(await client.post("/plans", json=nested), 422)
    named = {e["field"] for e in problem["errors"]}
    assert "forecast.months" in named and "forecast.workloads[0].model" in named


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
async def test_framework_errors_are_typed_problems(client: Client) -> None:
    """405, an empty body and a bad path parameter answer problems with a `type`."""
    for response in (
        await client.delete("/health"),
        await client.post("/quotes", content=b"", headers={"content-type": "application/json"}),
    ):
        problem = response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
        assert problem["type"].startswith("https://tokenplan.dev/problems/"), problem


async def test_an_unreadable_stored_forecast_is_listed_and_refused_by_name(
    client: Client, app: Litestar
) -> None:
    """A stored forecast that no longer validates is still listed and read as stored, and a
    plan naming it is a 422 on `forecast_id`, not a 500."""
    stored = (await client.post("/forecasts", json=FORECAST)).json()
    store: Store = app.state.store
    doc = store.document("forecasts", stored["id"]).replace(b'"months":3', b'"months":-3')
    assert b'"months":-3' in doc
    store.replace_document("forecasts", stored["id"], doc, "")
    listed = await client.get("/forecasts")
    assert listed.status_code == 200 and listed.json()["items"][0]["id"] == stored["id"]
    assert (await client.get(f"/forecasts/{stored['id']}")).status_code == 200
    plan = await client.post("/plans", json={"forecast_id": stored["id"]})
    assert_problem(plan, 422, "forecast_id")


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize("start", ["0000-01", "1899-12", "9999-12"])
@pytest.mark.asyncio(loop_scope="module")
async def test_a_start_month_no_calendar_can_plan_is_refused(
    shared_client: Client, start: str
) -> None:
    """A forecast starting in year 0 (or so late that its tail leaves the calendar) is a 422
    naming `forecast.start`, not a failed plan."""
    response = await shared_client.post(
        "/plans", json={"forecast": {**FORECAST, "start": start}, "options": {"time_limit_s": 5}}
    )
    assert_problem(response, 422, "forecast.start")


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize("value", ["0", "-1", "1e308"])
@pytest.mark.parametrize("page", ["rankings.html", "rankings.svg"])
@pytest.mark.asyncio(loop_scope="module")
async def test_ranking_pages_hold_the_query_to_the_rankings_bounds(
    shared_client: Client, page: str, value: str
) -> None:
    """An interactivity POST /rankings refuses (0, negative, 1e308, which broke the chart with a
    500) is a 422 naming the query parameter on the pages too."""
    query = {"model": "deepseek-r1-0528", "isl": 8192, "osl": 1024, "interactivity": value}
    assert_problem(await shared_client.get(f"/{page}", params=query), 422, "interactivity")
