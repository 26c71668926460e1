"""A sensitivity run takes a place in the client's share of the solve queue, as a plan does:
while one is queued, that client's next plan (or run) waits with a 503, another client's
does not."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from service.config import Settings
from tests.api.test_api_admission import _solve_slots_held
from tests.api.test_sensitivity_api import NARROW, _done
from tests.apps import fresh_app
from tests.bodies import FORECAST
from tests.problems import assert_problem

ASYNC = {"Prefer": "respond-async"}


async def test_a_queued_sensitivity_counts_against_its_clients_share(db_path: str) -> None:
    """Per-client share of one: key a's queued sensitivity makes a's plan a 503 problem (the
    same run POSTed again is that run, taking no second place), b's plan is accepted; once
    the run is done a has room again."""
    settings = Settings(
        db_path=db_path, solvers=1, queue=10, per_client=1, api_keys=frozenset({"a", "b"})
    )
    app = fresh_app(settings)
    key_a = {"Authorization": "Bearer a"}
    key_b = {**ASYNC, "Authorization": "Bearer b"}
    async with AsyncTestClient(app=app) as client:
        solved = await client.post("/plans", json=NARROW, headers={**key_a, "Prefer": "wait=60"})
        assert solved.status_code == 201, solved.text
        plan_id = solved.json()["id"]
        with _solve_slots_held(app):
            run = await client.post(f"/plans/{plan_id}/sensitivity", json={}, headers=key_a)
            assert run.status_code == 202, run.text
            plan = await client.post("/plans", json={"forecast": FORECAST}, headers=key_a | ASYNC)
            assert_problem(plan, 503)
            assert "this client has 1 plans queued or solving" in plan.json()["detail"]
            # The same run POSTed again is that run (probe 5, finding 8e): no second place.
            again = await client.post(f"/plans/{plan_id}/sensitivity", json={}, headers=key_a)
            assert (
                again.status_code == 202 and again.json()["created_at"] == run.json()["created_at"]
            ), again.text
            assert_problem(
                await client.post("/plans", json={"forecast": FORECAST}, headers=key_a | ASYNC),
                503,
            )
            other = await client.post("/plans", json={"forecast": FORECAST}, headers=key_b)
            assert other.status_code == 202
        assert (await _done(client, plan_id))["status"] == "done"
        after = await client.post("/plans", json={"forecast": FORECAST}, headers=key_a | ASYNC)
        assert after.status_code == 202, after.text
