"""A second POST /plans/{id}/sensitivity with the settings of the stored run answers that run
instead of throwing it away and re-solving (probe 5, finding 8e: `{}` on a finished run set it
back to `solving` with empty tables and re-ran all 50 re-solves). The plan and its catalog
revision are fixed, so the same settings give the same run: finished, 200 with it; running,
202 with it; other settings while one runs, 409."""

from __future__ import annotations

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import Conflict
from optimizer import Sensitivity, SensitivityOptions
from service.sensitivity_api import _claim
from service.sensitivity_jobs import COLLECTION
from service.store import Store
from tests.golden import golden_plan, store_plan
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]


def _stored_run(db_path: str, status: str) -> tuple[str, Sensitivity]:
    """The seed golden plan and a run of its sensitivity with the default settings, stored as
    `status` (a finished run's figures stand in: none is recomputed here); a `solving` one is
    leased to another live server, which no server reclaims."""
    plan = store_plan(db_path, golden_plan("seed-deepseek-r1"))
    run = Sensitivity(
        plan_id=plan.id,
        status="done" if status == "done" else "solving",
        created_at="2026-11-30T00:00:00Z",
        options=SensitivityOptions(),
        base_cost=15_429_887.36,
        solves=50,
        seconds=41.0,
        proofs_checked=True,
        limits_run=True,
    )
    store = Store(db_path)
    doc = msgspec.json.encode(run)
    owner = "server_live" if status == "solving" else None
    store.insert_document(
        COLLECTION, plan.id, doc, parent_id=plan.id, status=run.status, owner=owner, lease_s=600
    )
    store.close()
    return plan.id, run


async def test_the_same_settings_on_a_finished_run_return_it(client: Client, db_path: str) -> None:
    """`{}` again (the defaults the run has): 200 with the stored run, which GET still shows
    done with its figures (nothing re-solved)."""
    plan_id, run = _stored_run(db_path, "done")
    response = await client.post(f"/plans/{plan_id}/sensitivity", json={})
    assert response.status_code == 200, response.text
    assert response.headers["location"] == f"/plans/{plan_id}/sensitivity"
    assert msgspec.json.decode(response.content, type=Sensitivity) == run
    stored = (await client.get(f"/plans/{plan_id}/sensitivity")).json()
    assert (stored["status"], stored["solves"], stored["created_at"]) == (
        "done",
        50,
        run.created_at,
    )


async def test_the_same_settings_on_a_running_run_return_it(client: Client, db_path: str) -> None:
    """The same settings, spelled out, while the run is solving: 202 with that run (not a
    409, not a second run)."""
    plan_id, run = _stored_run(db_path, "solving")
    body = {"steps": [-0.25, -0.1, 0.1, 0.25], "tolerance": 0.01}
    assert msgspec.convert(body, SensitivityOptions) == run.options
    response = await client.post(f"/plans/{plan_id}/sensitivity", json=body)
    assert response.status_code == 202, response.text
    assert response.json()["created_at"] == run.created_at


async def test_other_settings_while_one_runs_are_a_409(client: Client, db_path: str) -> None:
    """Other steps while the stored run is solving: 409 saying what to do; the run is kept."""
    plan_id, run = _stored_run(db_path, "solving")
    response = await client.post(f"/plans/{plan_id}/sensitivity", json={"steps": [0.1]})
    body = assert_problem(response, 409)
    assert "with other settings is running" in body["detail"]
    stored = (await client.get(f"/plans/{plan_id}/sensitivity")).json()
    assert stored["created_at"] == run.created_at


def test_a_run_stored_since_the_post_looked_is_answered_not_refused(db_path: str) -> None:
    """Two POSTs with the same settings at once (two API processes): the one whose insert finds
    the other's run answers with it (202, the stored run kept), not the 409 it gave before;
    other settings running stay a 409; a finished run with other settings is replaced."""
    plan_id, run = _stored_run(db_path, "solving")
    store = Store(db_path)
    try:
        pending = msgspec.json.encode(msgspec.structs.replace(run, created_at="2026-11-30T01:00Z"))
        answer = _claim(store, plan_id, SensitivityOptions(), pending, "server_me")
        assert answer is not None
        assert (answer.status_code, answer.content) == (202, run)
        assert msgspec.json.decode(store.document(COLLECTION, plan_id), type=Sensitivity) == run
        with pytest.raises(Conflict, match="with other settings is running"):
            _claim(store, plan_id, SensitivityOptions(steps=[0.1]), pending, "server_me")
        finished = msgspec.json.encode(msgspec.structs.replace(run, status="done"))
        store.replace_document(COLLECTION, plan_id, finished, "done")
        assert _claim(store, plan_id, SensitivityOptions(steps=[0.1]), pending, "server_me") is None
        stored = msgspec.json.decode(store.document(COLLECTION, plan_id), type=Sensitivity)
        assert (stored.status, stored.created_at) == ("solving", "2026-11-30T01:00Z")
    finally:
        store.close()
