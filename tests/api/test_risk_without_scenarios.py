"""`options.risk` on a forecast without scenarios is refused (probe 8 finding 9h): it weighs a
CVaR over scenarios, so without them it was accepted and silently changed nothing."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.bodies import FORECAST, QUICK
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]

RISK = {"cvar_alpha": 0.9, "weight": 0.5}


async def test_risk_without_scenarios_is_a_422_naming_options_risk(client: Client) -> None:
    """Inline or by `forecast_id`: 422 on `options.risk`, saying there are no scenarios; no
    plan is stored."""
    body = {**QUICK, "options": {**QUICK["options"], "risk": RISK}}
    problem = assert_problem(await client.post("/plans", json=body), 422, "options.risk")
    assert "this forecast has none" in problem["errors"][0]["message"]
    stored = await client.post("/forecasts", json=FORECAST)
    assert stored.status_code == 201, stored.text
    by_id = {"forecast_id": stored.json()["id"], "options": body["options"]}
    assert_problem(await client.post("/plans", json=by_id), 422, "options.risk")
    assert (await client.get("/plans")).json()["items"] == []


@pytest.mark.one_store  # the solve's objective, whichever store keeps the plan
async def test_risk_with_scenarios_is_accepted(client: Client) -> None:
    """The same risk over two scenarios: the plan is solved, its objective `cvar`."""
    scenarios = [
        {"name": "low", "probability": 0.5, "scale": 0.5},
        {"name": "high", "probability": 0.5},
    ]
    forecast = {**FORECAST, "scenarios": scenarios}
    body = {**QUICK, "forecast": forecast, "options": {**QUICK["options"], "risk": RISK}}
    response = await client.post("/plans", json=body, headers={"Prefer": "wait=120"})
    assert response.status_code == 201, response.text
    assert response.json()["scenarios"]["objective"] == "cvar"


@pytest.mark.one_store
async def test_a_scenario_scale_of_a_subnormal_is_a_422_naming_it(client: Client) -> None:
    """Probe 18a F2: `scale: 5e-324` was stored and failed its plan with an IndexError from
    inside PuLP; now refused before anything is stored, naming the scale."""
    scenarios = [
        {"name": "low", "probability": 0.5, "scale": 5e-324},
        {"name": "high", "probability": 0.5},
    ]
    body = {**QUICK, "forecast": {**FORECAST, "scenarios": scenarios}}
    problem = assert_problem(
        await client.post("/plans", json=body), 422, "forecast.scenarios[0].scale"
    )
    assert "a demand is 0 or at least 0.001 tokens/s" in problem["errors"][0]["message"]
    assert (await client.get("/plans")).json()["items"] == []
