"""Probe 14b finding 7: a sensitivity run could not be cancelled and showed no progress while
it ran (`solves: 0` for minutes), so a run started by mistake held a solver slot to its end and
a restart only began it again. POST /plans/{id}/sensitivity/cancel ends the run's time budget
at once and the run is stored `done` with what it has; a running run's `solves` moves."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import msgspec
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import default_catalog
from optimizer import Sensitivity
from optimizer.slots import Slots
from service.config import Settings
from service.sensitivity_jobs import COLLECTION, run_and_store
from service.store import Store
from tests.apps import fresh_app
from tests.bodies import SLOW
from tests.golden import golden_plan, store_plan
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
    assert seen["seconds"] > 0  # the time it has taken, beside its budget (probe 15 L6)
    # Nothing is said of the plan's re-solve before it is known (probe 14b finding 10: a
    # pending run said `optimal` and `horizon` of a plan not yet re-solved).
    assert seen["base_status"] is None and seen["cost_basis"] is None
    assert seen["finished"] is False  # probe 14c: a run in progress said finished
    cancelled = await client.post(f"{path}/cancel", headers={"Prefer": "wait=120"})
    assert cancelled.status_code == 200, cancelled.text
    run = cancelled.json()
    assert run["status"] == "done" and run["finished"] is False, run
    assert (run["base_status"], run["cost_basis"]) == ("optimal", "horizon_and_tail")
    said = [w for w in run["warnings"] if "cancelled" in w]
    assert said and "max_seconds" not in said[0], run["warnings"]
    left = [r for o in run["offers"] for r in o["responses"] if r["status"] == "not_run"]
    assert left  # what it had not reached is said, not guessed
    assert all(r["cost"] is None for r in left)
    # Each says it was the cancel, not the time budget (review 14: "give a larger max_seconds").
    assert all("cancelled" in r["note"] and "max_seconds" not in r["note"] for r in left)
    for offer in run["offers"]:
        if offer["target"]["kind"] == "unfinished":
            assert "cancelled" in offer["target"]["note"], offer["target"]
    assert (await client.get(path)).json() == run
    assert_problem(await client.post(f"{path}/cancel"), 409)  # nothing running now


def test_a_run_cancelled_before_it_began_is_stored_failed_without_a_solver_run(
    db_path: str,
) -> None:
    """Review 14: a run cancelled while it waited (for a slot, or a worker) started its solver
    runs anyway, up to the plan's time limit for the first, and was stored `done`. It is stored
    `failed`, saying so, with no solver run."""
    store = Store(db_path)
    plan = store_plan(db_path, golden_plan("seed-deepseek-r1"))
    pending = Sensitivity(plan_id=plan.id, status="solving", created_at="2026-11-30T00:00:00Z")
    store.insert_document(
        COLLECTION, plan.id, msgspec.json.encode(pending), parent_id=plan.id, status="solving"
    )
    assert store.request_cancel(plan.id, collection=COLLECTION) == "solving"
    for slots in (None, Slots(2)):  # here, and in a child
        ran = run_and_store(
            store, default_catalog(), plan, pending.options, pending.created_at, slots=slots
        )
        assert ran.status == "failed" and ran.solves == 0, ran
        assert "cancelled before it began" in (ran.error or "")
        store.lease_anew(COLLECTION, plan.id, msgspec.json.encode(pending), "me", 30)
        store.request_cancel(plan.id, collection=COLLECTION)
    store.close()


async def test_a_run_waiting_for_a_slot_is_cancelled_at_once(tmp_path: Path) -> None:
    """Probe 14c finding E: a run cancelled while it waited for the server's one solver slot
    stayed `solving` until the slot was free (up to the plan ahead's time limit). It is stored
    failed at once, saying so."""
    settings = Settings(db_path=str(tmp_path / "one-slot.db"), solvers=1)
    seed = json.loads((EXAMPLES / "seed-deepseek-r1.json").read_text())
    async with AsyncTestClient(app=fresh_app(settings)) as client:
        solved = await client.post("/plans", json=seed, headers={"Prefer": "wait=60"})
        assert solved.status_code == 201, solved.text
        plan_id = solved.json()["id"]
        ahead = await client.post("/plans", json={**SLOW, "options": {"time_limit_s": 30}})
        assert ahead.status_code == 202, ahead.text
        for _ in range(400):  # the slot is taken: the plan ahead is solving
            if (await client.get(f"/plans/{ahead.json()['id']}")).json().get("progress"):
                break
            await asyncio.sleep(0.05)
        path = f"/plans/{plan_id}/sensitivity"
        assert (await client.post(path, json={})).status_code == 202
        began = time.monotonic()
        response = await client.post(f"{path}/cancel", headers={"Prefer": "wait=20"})
        assert response.status_code == 200, response.text
        assert time.monotonic() - began < 10.0  # not the plan ahead's 30 s
        run = response.json()
        assert run["status"] == "failed" and "cancelled before it began" in run["error"]
        await client.post(f"/plans/{ahead.json()['id']}/cancel")
