"""Probe 14b finding 7: a sensitivity run could not be cancelled and showed no progress while
it ran (`solves: 0` for minutes), so a run started by mistake held a solver slot to its end and
a restart only began it again. POST /plans/{id}/sensitivity/cancel ends the run's time budget
at once and the run is stored `done` with what it has; a running run's `solves` moves."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.paths import EXAMPLES
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]
GROWING = json.loads((EXAMPLES / "growing-power-capped.json").read_text())
"""A run of about 130 solver runs (12 CPU s and more): long enough to be cancelled."""


async def test_a_running_sensitivity_shows_progress_and_is_cancelled(client: Client) -> None:
    response = await client.post("/plans", json=GROWING, headers={"Prefer": "wait=120"})
    assert response.status_code == 201, response.text
    plan_id = response.json()["id"]
    path = f"/plans/{plan_id}/sensitivity"
    assert_problem(await client.post(f"{path}/cancel"), 404)  # no run yet
    assert (await client.post(path, json={})).status_code == 202
    seen: dict[str, Any] = {}
    for _ in range(1200):  # until its progress shows some solver runs
        seen = (await client.get(path)).json()
        if seen["status"] != "solving" or seen["solves"] > 1:
            break
        await asyncio.sleep(0.05)
    assert seen["status"] == "solving" and seen["solves"] > 1, seen
    # Nothing is said of the plan's re-solve before it is known (probe 14b finding 10: a
    # pending run said `optimal` and `horizon` of a plan not yet re-solved).
    assert seen["base_status"] is None and seen["cost_basis"] is None
    cancelled = await client.post(f"{path}/cancel", headers={"Prefer": "wait=120"})
    assert cancelled.status_code == 200, cancelled.text
    run = cancelled.json()
    assert run["status"] == "done" and run["finished"] is False, run
    assert (run["base_status"], run["cost_basis"]) == ("optimal", "horizon_and_tail")
    assert any("cancelled" in w for w in run["warnings"]), run["warnings"]
    left = [r for o in run["offers"] for r in o["responses"] if r["status"] == "not_run"]
    assert left  # what it had not reached is said, not guessed
    assert all(r["cost"] is None for r in left)
    assert (await client.get(path)).json() == run
    assert_problem(await client.post(f"{path}/cancel"), 409)  # nothing running now
