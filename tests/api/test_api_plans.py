"""Forecasts in, plans out, through the API: 201 and 202, idempotency, paging, restarts, and
bad input for every field."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

import optimizer.prepare
from optimizer.plan import Plan
from optimizer.request import PlanRequest
from service.config import Settings
from service.idempotency import fingerprint
from service.store import Store
from tests.apps import fresh_app
from tests.bodies import FORECAST, QUICK
from tests.golden import golden_plan
from tests.paths import EXAMPLES
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]


# One store: the numbers are the optimizer's whichever store keeps the plan (the PostgreSQL
# path, queue and worker, solves an example in test_scenario_example and QUICK plans elsewhere).
@pytest.mark.one_store
@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.json")))
async def test_each_example_returns_201_with_the_optimizer_s_numbers(
    client: Client, name: str
) -> None:
    """POSTed as they are, the examples come back 201 with the same numbers as the optimizer
    called directly on the same catalog: its golden plan of the same request (tests/golden,
    made by make_plan; solving each example again here doubled this test's seconds)."""
    body = (EXAMPLES / name).read_bytes()
    response = await client.post(
        "/plans", content=body, headers={"content-type": "application/json", "Prefer": "wait=60"}
    )
    assert response.status_code == 201, response.text
    plan = msgspec.json.decode(response.content, type=Plan)
    assert response.headers["location"] == f"/plans/{plan.id}"
    direct = golden_plan(name.removesuffix(".json"))
    # A golden plan older than the optimizer or the catalog fails here first.
    stale = "if the optimizer or the catalog changed: python -m tests.golden.make_golden"
    assert direct.request == msgspec.json.decode(body, type=PlanRequest), stale
    assert plan.status == direct.status == "optimal"
    assert plan.summary is not None and direct.summary is not None
    # Under demand_continues (the default) the objective is the horizon and the tail together;
    # plans of equal objective may split it differently between them.
    assert plan.tail is not None and direct.tail is not None
    assert plan.summary.total_cost + plan.tail.cost == pytest.approx(
        direct.summary.total_cost + direct.tail.cost, rel=2e-4
    ), stale
    assert plan.catalog_revision == 1
    stored = await client.get(f"/plans/{plan.id}")
    assert stored.status_code == 200 and stored.json() == response.json()


async def test_forecast_store_read_list_and_plan_by_id(client: Client) -> None:
    """A stored forecast gets a Location; a plan by forecast_id lists under it, newest first,
    paged with a Link header."""
    created = await client.post("/forecasts", json=FORECAST)
    assert created.status_code == 201
    forecast_id = created.json()["id"]
    assert created.headers["location"] == f"/forecasts/{forecast_id}"
    assert (await client.get(f"/forecasts/{forecast_id}")).json()["forecast"] == FORECAST | {
        "workloads": [
            FORECAST["workloads"][0]
            | {
                "precisions": None,
                "vendors": None,
                "regions": None,
                "bases": None,
                "slo": {"min_interactivity": 150, "max_ttft_ms": None},
            }
        ],
        "scenarios": [],
    }
    ids = []
    for _ in range(3):
        response = await client.post(
            "/plans", json={"forecast_id": forecast_id, "options": QUICK["options"]}
        )
        assert response.status_code == 201, response.text
        assert response.json()["forecast_id"] == forecast_id
        ids.append(response.json()["id"])
    page = await client.get("/plans", params={"forecast_id": forecast_id, "limit": 2})
    assert [p["id"] for p in page.json()["items"]] == ids[::-1][:2]
    assert 'rel="next"' in page.headers["link"]
    cursor = page.json()["next_cursor"]
    rest = await client.get(
        "/plans", params={"forecast_id": forecast_id, "limit": 2, "cursor": cursor}
    )
    assert [p["id"] for p in rest.json()["items"]] == [ids[0]]
    assert "link" not in rest.headers
    listed = await client.get("/forecasts")
    assert [f["id"] for f in listed.json()["items"]] == [forecast_id]


async def _once_solved(client: Client, location: str) -> dict[str, Any]:
    """The plan at `location` once it is no longer `solving` (polled for up to 20 s)."""
    for _ in range(400):
        polled: dict[str, Any] = (await client.get(location)).json()
        if polled["status"] != "solving":
            break
        await asyncio.sleep(0.05)
    return polled


async def test_a_long_solve_answers_202_then_the_plan(client: Client) -> None:
    """Prefer: wait=0 returns 202 with Location and Retry-After; polling finds the plan."""
    response = await client.post("/plans", json=QUICK, headers={"Prefer": "wait=0"})
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "solving"
    assert response.headers["retry-after"]
    polled = await _once_solved(client, response.headers["location"])
    assert polled["status"] in ("optimal", "feasible")
    assert polled["summary"]["total_cost"] > 0


async def test_idempotency_key(client: Client, db_path: str) -> None:
    """The same key and body return the first plan; another body is 422; while the first is
    still running (stored `solving` under the key, so no solve has to be slow), 409."""
    body = QUICK
    request = msgspec.convert(body, PlanRequest)
    running = Plan(
        id="plan_running",
        status="solving",
        created_at="2027-01-01T00:00:00Z",
        catalog_revision=1,
        request=request,
        forecast=request.forecast,
    )
    store = Store(db_path)
    store.insert_document(
        "plans",
        running.id,
        msgspec.json.encode(running),
        status="solving",
        idempotency=("k-0", fingerprint(request)),
    )
    store.close()
    assert_problem(await client.post("/plans", json=body, headers={"Idempotency-Key": "k-0"}), 409)

    headers = {"Idempotency-Key": "k-1", "Prefer": "wait=0"}
    first = await client.post("/plans", json=body, headers=headers)
    assert first.status_code == 202
    other = await client.post(
        "/plans", json={"forecast": {**FORECAST, "name": "x"}}, headers=headers
    )
    assert_problem(other, 422, "Idempotency-Key")
    await _once_solved(client, first.headers["location"])
    replay = await client.post("/plans", json=body, headers=headers)
    assert replay.status_code == 201
    assert replay.json()["id"] == first.json()["id"]
    assert replay.headers["idempotent-replayed"] == "true"

    f1 = await client.post("/forecasts", json=FORECAST, headers={"Idempotency-Key": "f"})
    f2 = await client.post("/forecasts", json=FORECAST, headers={"Idempotency-Key": "f"})
    assert f1.json()["id"] == f2.json()["id"]
    assert_problem(
        await client.post(
            "/forecasts", json={**FORECAST, "name": "other"}, headers={"Idempotency-Key": "f"}
        ),
        422,
        "Idempotency-Key",
    )
    assert len((await client.get("/forecasts")).json()["items"]) == 1


async def test_infeasible_demand_is_a_stored_plan_not_an_error(client: Client) -> None:
    """A cap too small for the demand: 201, status infeasible, and the diagnosis."""
    body = {
        "forecast": {
            **FORECAST,
            "workloads": [{**FORECAST["workloads"][0], "vendors": ["On-prem"]}],
        },
        "constraints": {"power_caps": [{"site": "on-prem/own-dc", "mw": 0.1}]},
    }
    response = await client.post("/plans", json=body)
    assert response.status_code == 201
    plan = response.json()
    assert plan["status"] == "infeasible"
    assert "power cap at on-prem/own-dc" in plan["diagnosis"]["binding"][0]


async def test_a_restart_requeues_unfinished_solves_and_keeps_finished_plans(
    db_path: str,
) -> None:
    """A plan left `solving` by a process that died (no lease) is solved again on start-up,
    to the same numbers; a finished plan is untouched."""
    async with AsyncTestClient(app=fresh_app(Settings(db_path=db_path))) as client:
        done = (await client.post("/plans", json=QUICK)).json()
    store = Store(db_path)
    orphan = msgspec.structs.replace(
        msgspec.json.decode(store.document("plans", done["id"]), type=Plan),
        id="plan_orphan",
        status="solving",
        summary=None,
        months=(),
        baselines=(),
    )
    store.insert_document("plans", orphan.id, msgspec.json.encode(orphan), status="solving")
    store.close()
    async with AsyncTestClient(app=fresh_app(Settings(db_path=db_path))) as client:
        for _ in range(600):
            requeued = (await client.get("/plans/plan_orphan")).json()
            if requeued["status"] != "solving":
                break
            await asyncio.sleep(0.05)
        assert requeued["status"] == done["status"]
        assert requeued["summary"] == done["summary"]
        kept = await client.get(f"/plans/{done['id']}")
        assert kept.json() == done


def _with(path: str, value: Any) -> dict[str, Any]:
    """FORECAST with the value at `path` (dots and [n]) replaced; `...` deletes it."""
    body = copy.deepcopy(FORECAST)
    parts = path.replace("[", ".").replace("]", "").split(".")
    target: Any = body
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    if value is ...:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return body


FORECAST_CASES = [
    ("name", ..., "name"),
    ("name", "", "name"),
    ("start", "2027-13", "start"),
    ("start", 202701, "start"),
    ("months", 0, "months"),
    ("months", 2, "workloads[0].tokens_per_second"),
    ("workloads", [], "workloads"),
    ("colour", "red", "colour"),
    ("workloads[0].id", "Bad Id", "workloads[0].id"),
    ("workloads[0].model", ..., "workloads[0].model"),
    ("workloads[0].isl", 0, "workloads[0].isl"),
    ("workloads[0].osl", "long", "workloads[0].osl"),
    ("workloads[0].slo", {"max_ttft_ms": 100}, "workloads[0].slo.min_interactivity"),
    ("workloads[0].slo.min_interactivity", -5, "workloads[0].slo.min_interactivity"),
    ("workloads[0].slo.max_ttft_ms", 0, "workloads[0].slo.max_ttft_ms"),
    ("workloads[0].tokens_per_second", [1, 2], "workloads[0].tokens_per_second"),
    ("workloads[0].tokens_per_second", -1, "workloads[0].tokens_per_second"),
    ("workloads[0].peak_to_average", 0.5, "workloads[0].peak_to_average"),
    ("workloads[0].precisions", ["fp3"], "workloads[0].precisions[0]"),
    ("workloads[0].bases", ["rumour"], "workloads[0].bases[0]"),
    ("workloads[0].vendors", [], "workloads[0].vendors"),
    ("workloads[0].regions", "us", "workloads[0].regions"),
]


@pytest.mark.parametrize(("path", "value", "field"), FORECAST_CASES)
@pytest.mark.asyncio(loop_scope="module")
async def test_bad_forecast_fields(
    shared_client: Client, path: str, value: Any, field: str
) -> None:
    """Each bad forecast field is a 422 naming it, and nothing is stored."""
    response = await shared_client.post("/forecasts", json=_with(path, value))
    assert_problem(response, 422, field)
    assert (await shared_client.get("/forecasts")).json()["items"] == []
    plan = await shared_client.post("/plans", json={"forecast": _with(path, value)})
    assert_problem(plan, 422, f"forecast.{field}")
    assert (await shared_client.get("/plans")).json()["items"] == []


PLAN_CASES: list[tuple[dict[str, Any], str]] = [
    ({}, "(body)"),
    ({"forecast": FORECAST, "forecast_id": "fc_1"}, "(body)"),
    ({"forecast_id": "fc_missing"}, "forecast_id"),
    ({"forecast": FORECAST, "objective": "speed"}, "objective"),
    ({"forecast": FORECAST, "options": {"time_limit_s": 301}}, "options.time_limit_s"),
    ({"forecast": FORECAST, "options": {"time_limit_s": 5e-324}}, "options.time_limit_s"),
    ({"forecast": FORECAST, "options": {"time_limit_s": 0.049}}, "options.time_limit_s"),
    ({"forecast": FORECAST, "options": {"gap": 1.5}}, "options.gap"),
    ({"forecast": FORECAST, "options": {"relax": "yes"}}, "options.relax"),
    ({"forecast": FORECAST, "options": {"allow_spot": 1}}, "options.allow_spot"),
    (
        {"forecast": FORECAST, "options": {"commitment_accounting": "cash"}},
        "options.commitment_accounting",
    ),
    ({"forecast": FORECAST, "constraints": {"utilization_cap": 0}}, "constraints.utilization_cap"),
    (
        {"forecast": FORECAST, "constraints": {"utilization_cap": 1.2}},
        "constraints.utilization_cap",
    ),
    (
        {"forecast": FORECAST, "constraints": {"max_vendor_share": 0}},
        "constraints.max_vendor_share",
    ),
    ({"forecast": FORECAST, "constraints": {"monthly_budget": -1}}, "constraints.monthly_budget"),
    (
        {"forecast": FORECAST, "constraints": {"total_power_mw": [1, 2]}},
        "constraints.total_power_mw",
    ),
    (
        {"forecast": FORECAST, "constraints": {"power_caps": [{"site": "x/y", "mw": 1}]}},
        "constraints.power_caps[0].site",
    ),
    (
        {
            "forecast": FORECAST,
            "constraints": {"power_caps": [{"site": "on-prem/own-dc", "mw": 0}]},
        },
        "constraints.power_caps[0].mw",
    ),
    (
        {
            "forecast": FORECAST,
            "constraints": {"power_caps": [{"site": "on-prem/own-dc", "mw": [1]}]},
        },
        "constraints.power_caps[0].mw",
    ),
    (
        # Two caps for one site (probe 15 L4: the tighter held, silently).
        {
            "forecast": FORECAST,
            "constraints": {
                "power_caps": [
                    {"site": "on-prem/own-dc", "mw": 1},
                    {"site": "on-prem/own-dc", "mw": 0.3},
                ]
            },
        },
        "constraints.power_caps[1].site",
    ),
    (
        {"forecast": FORECAST, "constraints": {"exclude_vendors": ["Umbrella"]}},
        "constraints.exclude_vendors[0]",
    ),
    ({"forecast": FORECAST, "constraints": {"speed": 1}}, "constraints.speed"),
    (
        {
            "forecast": FORECAST,
            "existing": [{"offer_id": "nope", "units": 1, "start": "2027-01", "term_months": 12}],
        },
        "existing[0].offer_id",
    ),
    (
        {
            "forecast": FORECAST,
            "existing": [
                {"offer_id": "onprem-h100", "units": 0, "start": "2027-01", "term_months": 12}
            ],
        },
        "existing[0].units",
    ),
    (
        {
            "forecast": FORECAST,
            "existing": [
                {"offer_id": "onprem-h100", "units": 1, "start": "soon", "term_months": 12}
            ],
        },
        "existing[0].start",
    ),
    (
        {
            "forecast": FORECAST,
            "existing": [{"offer_id": "onprem-h100", "units": 1, "start": "2027-01"}],
        },
        "existing[0].term_months",
    ),
    (
        {
            "forecast": FORECAST,
            "existing": [
                {"offer_id": "onprem-h100", "units": 1, "start": "1900-01", "term_months": 12}
            ],
        },
        "existing[0].start",
    ),
    ({"forecast": _with("workloads[0].model", "gpt-5")}, "forecast.workloads[0].model"),
    (
        {"forecast": _with("workloads[0].slo.min_interactivity", 5000)},
        "forecast.workloads[0].slo.min_interactivity",
    ),
]


@pytest.mark.parametrize(("body", "field"), PLAN_CASES)
@pytest.mark.asyncio(loop_scope="module")
async def test_bad_plan_requests(shared_client: Client, body: dict[str, Any], field: str) -> None:
    """Each bad plan-request field is a 422 naming it, and no plan is stored."""
    response = await shared_client.post("/plans", json=body)
    assert_problem(response, 422, field)
    assert (await shared_client.get("/plans")).json()["items"] == []


@pytest.mark.asyncio(loop_scope="module")
async def test_unknown_model_lists_the_models(shared_client: Client) -> None:
    """A forecast naming a model no profile serves says which models the catalog has."""
    response = await shared_client.post(
        "/plans", json={"forecast": _with("workloads[0].model", "x")}
    )
    message = response.json()["errors"][0]["message"]
    assert "deepseek-r1-0528, gpt-oss-120b, llama-3.3-70b" in message


@pytest.mark.asyncio(loop_scope="module")
async def test_unknown_plan_and_forecast_are_404(shared_client: Client) -> None:
    """Reading what does not exist is a 404 problem."""
    assert_problem(await shared_client.get("/plans/plan_nope"), 404)
    assert_problem(await shared_client.get("/forecasts/fc_nope"), 404)


async def test_twenty_concurrent_plans_all_succeed(client: Client) -> None:
    """20 plans POSTed at once on the default catalog are all solved and stored (the figures
    under load are printed by bench/api.py). The plan is the three-month seed forecast over its
    horizon (QUICK): what is tested is the concurrency, not a long solve 20 times."""
    body = msgspec.json.encode(QUICK)
    headers = {"content-type": "application/json", "Prefer": "wait=120"}
    responses = await asyncio.gather(
        *(client.post("/plans", content=body, headers=headers) for _ in range(20))
    )
    assert [r.status_code for r in responses] == [201] * 20
    costs = {r.json()["summary"]["total_cost"] for r in responses}
    assert len(costs) == 1
    listed = await client.get("/plans", params={"limit": 200})
    assert len(listed.json()["items"]) == 20


# One store: what is checked is planning in one currency; storing an offer and plans on
# PostgreSQL is test_api_catalog's and this module's other tests'.
@pytest.mark.one_store
async def test_mixing_currencies_is_refused(client: Client) -> None:
    """An eligible offer priced in EUR beside the USD ones: 422 naming `options.currency` and
    the currencies; a plan in one currency (`options.currency`), or restricted to one
    currency's vendors, goes through, in EUR buying only the EUR offer."""
    offer = (await client.get("/catalog/offers/nebius-b200-od")).json()
    euro = {**offer, "id": "nebius-b200-eur", "currency": "EUR", "price_per_gpu_hour": 5.1}
    assert (await client.post("/catalog/offers", json=euro)).status_code == 201
    response = await client.post("/plans", json={"forecast": FORECAST})
    problem = assert_problem(response, 422, "options.currency")
    assert "EUR, USD" in problem["errors"][0]["message"]
    on_prem = _with("workloads[0].vendors", ["On-prem"])
    assert (await client.post("/plans", json={"forecast": on_prem})).status_code == 201
    in_usd = {"forecast": FORECAST, "options": {"currency": "USD"}}
    usd = await client.post("/plans", json=in_usd)
    assert usd.status_code == 201 and usd.json()["summary"]["currency"] == "USD"
    in_eur = {"forecast": FORECAST, "options": {"currency": "EUR"}}
    eur = (await client.post("/plans", json=in_eur)).json()
    assert eur["status"] == "optimal" and eur["summary"]["currency"] == "EUR"
    bought = {a["offer_id"] for m in eur["months"] for a in m["allocations"]}
    assert bought == {"nebius-b200-eur"}
    bad = {"forecast": FORECAST, "options": {"currency": "eur"}}
    assert_problem(await client.post("/plans", json=bad), 422, "options.currency")


@pytest.mark.asyncio(loop_scope="module")
async def test_a_model_too_large_to_stop_is_refused(
    shared_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100 workloads over 120 months, under a vendor-share rule, would be a model of about
    458,000 columns; with the limit at 300,000 (it is 600,000, beyond anything the shipped
    catalog reaches within the request's own bounds), a 422 that says so and how to shrink it,
    before anything is stored."""
    monkeypatch.setattr(optimizer.prepare, "MAX_COLUMNS", 300_000)
    workload = FORECAST["workloads"][0]
    forecast = {
        **FORECAST,
        "months": 120,
        "workloads": [
            {
                **workload,
                "id": f"w{n}",
                "tokens_per_second": 100000,
                "slo": {"min_interactivity": 20},
            }
            for n in range(100)
        ],
    }
    # A vendor-share rule keeps offers of different vendors apart, so few are dominated.
    body = {"forecast": forecast, "constraints": {"max_vendor_share": 0.9}}
    problem = assert_problem(await shared_client.post("/plans", json=body), 422, "forecast")
    assert "columns" in problem["errors"][0]["message"]
    assert (await shared_client.get("/plans")).json()["items"] == []
