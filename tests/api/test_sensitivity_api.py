"""POST /plans/{id}/sensitivity: asynchronous (202, then polled), stored, with its report and
tornado chart; hostile bodies and unknown plans are problems naming the field."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]

# Two months, the Nscale and on-prem offers only: a plan whose sensitivity is a few seconds.
NARROW: dict[str, Any] = {
    "forecast": {
        "name": "narrow",
        "start": "2027-01",
        "months": 2,
        "workloads": [
            {
                "id": "reasoning",
                "model": "deepseek-r1-0528",
                "isl": 8192,
                "osl": 1024,
                "slo": {"min_interactivity": 150},
                "tokens_per_second": [800000, 1000000],
                "vendors": ["Nscale", "On-prem"],
                "bases": ["measured"],
            }
        ],
    },
    "options": {"commitment_accounting": "in_horizon"},
}


async def _plan(client: Client) -> str:
    response = await client.post("/plans", json=NARROW, headers={"Prefer": "wait=60"})
    assert response.status_code == 201, response.text
    plan_id: str = response.json()["id"]
    return plan_id


async def _done(client: Client, plan_id: str) -> dict[str, Any]:
    for _ in range(2400):
        body: dict[str, Any] = (await client.get(f"/plans/{plan_id}/sensitivity")).json()
        if body["status"] != "solving":
            return body
        await asyncio.sleep(0.05)
    raise AssertionError("the sensitivity did not finish")


async def test_sensitivity_is_accepted_stored_and_verified(client: Client) -> None:
    """202 with Location at once, then a stored run whose every target price is verified by a
    re-solve that buys the offer just below it and one that does not just above it; the
    Markdown and HTML reports carry the table and the tornado chart."""
    plan_id = await _plan(client)
    response = await client.post(f"/plans/{plan_id}/sensitivity", json={})
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/plans/{plan_id}/sensitivity"
    assert response.json()["status"] == "solving"
    body = await _done(client, plan_id)
    assert body["status"] == "done", body
    plan = (await client.get(f"/plans/{plan_id}")).json()
    assert abs(body["base_cost"] - plan["summary"]["total_cost"]) < 0.01
    assert {o["offer_id"] for o in body["offers"]} >= {"onprem-gb300", "nscale-gb300-reserved"}
    for offer in body["offers"]:
        target = offer["target"]
        assert target["kind"] in ("enters_below", "leaves_above"), target
        assert target["verified"], target
        assert target["below"]["bought"] and not target["above"]["bought"]
        assert (target["kind"] == "leaves_above") == offer["bought"]
    md = await client.get(f"/plans/{plan_id}/sensitivity.md")
    assert md.status_code == 200 and "| nscale-gb300-reserved | Nscale | no |" in md.text
    html = await client.get(f"/plans/{plan_id}/sensitivity.html")
    assert html.status_code == 200 and "<svg" in html.text and "largest swing first" in html.text
    assert "attachment" in html.headers["content-disposition"]


async def test_hostile_sensitivity_requests_are_problems(client: Client) -> None:
    """An unknown plan is a 404; bad steps and tolerances are 422s naming the field; no
    sensitivity is stored for a plan never asked."""
    assert_problem(await client.post("/plans/plan_nope/sensitivity", json={}), 404)
    plan_id = await _plan(client)
    for body, field in (
        ({"steps": [1e308]}, "steps[0]"),
        ({"steps": [-2]}, "steps[0]"),
        ({"steps": [0.1] * 9}, "steps"),
        ({"tolerance": -1}, "tolerance"),
        ({"surprise": 1}, "surprise"),
        ({"time_limit_s": 1e-9}, "time_limit_s"),  # no re-solve runs at all (probe 13)
        ({"time_limit_s": 0.049}, "time_limit_s"),
        ({"max_seconds": 0}, "max_seconds"),  # the run's budget (issue 14)
        ({"max_seconds": -1}, "max_seconds"),
        ({"max_seconds": 1e308}, "max_seconds"),
        ({"max_seconds": "60"}, "max_seconds"),
    ):
        response = await client.post(f"/plans/{plan_id}/sensitivity", json=body)
        assert_problem(response, 422, field)
    nan = await client.post(
        f"/plans/{plan_id}/sensitivity",
        content=b'{"steps": [NaN]}',
        headers={"content-type": "application/json"},
    )
    assert nan.status_code in (400, 422), nan.text
    infinite = await client.post(
        f"/plans/{plan_id}/sensitivity",
        content=b'{"max_seconds": Infinity}',
        headers={"content-type": "application/json"},
    )
    assert infinite.status_code in (400, 422), infinite.text
    assert_problem(await client.get(f"/plans/{plan_id}/sensitivity"), 404)
    assert_problem(await client.get("/plans/plan_nope/sensitivity.md"), 404)


async def test_a_power_plan_has_no_sensitivity(client: Client) -> None:
    """A plan that minimises power is refused with a 422 naming `plan_id`."""
    response = await client.post(
        "/plans", json={**NARROW, "objective": "power"}, headers={"Prefer": "wait=60"}
    )
    assert response.status_code == 201, response.text
    refused = await client.post(f"/plans/{response.json()['id']}/sensitivity", json={})
    assert_problem(refused, 422, "plan_id")


async def test_bad_scenarios_are_problems_naming_the_field(client: Client) -> None:
    """Probabilities that do not sum to 1, eleven scenarios, an unknown workload and NaN are
    refused before anything is stored, each naming its field."""
    forecast = NARROW["forecast"]
    cases = (
        (
            [{"name": "a", "probability": 0.5}, {"name": "b", "probability": 0.4}],
            "forecast.scenarios",
        ),
        ([{"name": f"s{k}", "probability": 1 / 11} for k in range(11)], "forecast.scenarios"),
        (
            [{"name": "a", "probability": 1, "workloads": {"nope": 1}}],
            "forecast.scenarios[0].workloads",
        ),
        ([{"name": "a", "probability": 1, "scale": [1, 2, 3]}], "forecast.scenarios[0].scale"),
    )
    for scenarios, field in cases:
        body = {**NARROW, "forecast": {**forecast, "scenarios": scenarios}}
        assert_problem(await client.post("/plans", json=body), 422, field)
    raw = b'{"forecast": {"name": "n", "start": "2027-01", "months": 1, "workloads": [], '
    raw += b'"scenarios": [{"name": "a", "probability": NaN}]}}'
    nan = await client.post("/plans", content=raw, headers={"content-type": "application/json"})
    assert nan.status_code in (400, 422), nan.text
    assert (await client.get("/plans")).json()["items"] == []


async def test_the_runs_budget_is_taken_and_stored(client: Client) -> None:
    """`max_seconds` is accepted and the stored run shows it; the same settings again answer
    that run (200), another budget is another run (202)."""
    plan_id = await _plan(client)
    response = await client.post(f"/plans/{plan_id}/sensitivity", json={"max_seconds": 120})
    assert response.status_code == 202, response.text
    assert response.json()["options"]["max_seconds"] == 120
    body = await _done(client, plan_id)
    assert body["status"] == "done" and body["finished"], body
    assert body["options"]["max_seconds"] == 120
    again = await client.post(f"/plans/{plan_id}/sensitivity", json={"max_seconds": 120})
    assert again.status_code == 200, again.text
    other = await client.post(f"/plans/{plan_id}/sensitivity", json={"max_seconds": 121})
    assert other.status_code == 202, other.text
    assert (await _done(client, plan_id))["options"]["max_seconds"] == 121


async def test_the_runs_limits_are_stored_and_in_its_reports(client: Client) -> None:
    """A plan with `max_upfront` (issue 14, probe 14a finding 1b): its stored run has the
    limit's responses and the plan's use of it, and the Markdown and HTML reports a Limits
    table; a plan without limits has an empty list and no such table."""
    body = {**NARROW, "constraints": {"max_upfront": 900_000_000}}
    response = await client.post("/plans", json=body, headers={"Prefer": "wait=60"})
    assert response.status_code == 201, response.text
    plan_id = response.json()["id"]
    posted = await client.post(f"/plans/{plan_id}/sensitivity", json={"steps": [-0.1, 0.1]})
    assert posted.status_code == 202, posted.text
    run = await _done(client, plan_id)
    assert run["status"] == "done" and run["limits_run"], run
    (limit,) = run["limits"]
    assert limit["field"] == "constraints.max_upfront" and limit["value"] == 900_000_000
    assert limit["used"] is not None and limit["slack"] == limit["value"] - limit["used"]
    assert [r["change"] for r in limit["responses"]] == [-0.1, 0.1]
    assert {r["status"] for r in limit["responses"]} <= {"unchanged", "proven", "optimal"}
    md = await client.get(f"/plans/{plan_id}/sensitivity.md")
    assert "## Limits" in md.text and "constraints.max_upfront" in md.text
    html = await client.get(f"/plans/{plan_id}/sensitivity.html")
    assert "<h2>Limits</h2>" in html.text and "900,000,000.00 USD" in html.text
    plain = await _plan(client)
    assert (await client.post(f"/plans/{plain}/sensitivity", json={})).status_code == 202
    other = await _done(client, plain)
    assert other["limits"] == [] and other["limits_run"]
    assert "## Limits" not in (await client.get(f"/plans/{plain}/sensitivity.md")).text
