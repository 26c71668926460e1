"""Issue 16 with issue 14: with PostgreSQL, `POST /plans/{id}/sensitivity` only enqueues a
`run_sensitivity` job, and a `tokenplan worker` process runs it (the API never solves it);
a job whose worker is killed is retried and its run stored once."""

from __future__ import annotations

import asyncio
import subprocess
import time
from pathlib import Path
from typing import Any

import msgspec
import psycopg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from optimizer import Sensitivity
from service import sensitivity_jobs
from service.config import Settings
from service.jobs import MAX_ATTEMPTS
from service.sensitivity_jobs import COLLECTION, run_queued
from service.store import Store
from tests.api.test_sensitivity_api import NARROW
from tests.apps import fresh_app
from tests.postgres import PostgresServer
from tests.problems import assert_problem
from tests.workers import start_worker, stop_worker

Client = AsyncTestClient[Litestar]


def _jobs(url: str, task: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT status, args->>'plan_id', worker_id IS NOT NULL FROM procrastinate_jobs "
            "WHERE task_name = %s",
            (task,),
        )
        return rows.fetchall()


async def _settled(url: str, task: str) -> list[tuple[Any, ...]]:
    """`_jobs` once none is `doing`: a worker stores the run, then returns from the job, and
    the job is marked done only then (a GET can see the run first). Looked for up to 60 s, a
    bound for a hang (100 looks, 5 s and more, could end first on a loaded machine)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        jobs = _jobs(url, task)
        if all(job[0] != "doing" for job in jobs):
            return jobs
        await asyncio.sleep(0.05)
    return _jobs(url, task)


async def _finished(client: Client, path: str, timeout_s: float) -> dict[str, Any]:
    for _ in range(int(timeout_s / 0.05)):
        body: dict[str, Any] = (await client.get(path)).json()
        if body["status"] != "solving":
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"{path} still solving after {timeout_s} s")


async def _solved_narrow(url: str) -> str:
    """The id of NARROW's plan, solved and stored on the database at `url` by an app with an
    in-process queue worker, closed (its worker with it) before the test's own API opens: the
    tests here need a finished plan, and a `tokenplan worker` process started only to solve
    it cost a second and a half of start-up."""
    async with AsyncTestClient(app=fresh_app(Settings(database_url=url, queue_workers=1))) as c:
        response = await c.post("/plans", json=NARROW, headers={"Prefer": "wait=60"})
    assert response.status_code == 201, response.text
    plan_id: str = response.json()["id"]
    return plan_id


@pytest.mark.long
async def test_a_sensitivity_is_run_by_a_worker_not_the_api(
    postgres: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An API with no workers of its own (`queue_workers=0`): a sensitivity POSTed while no
    worker runs stays `solving` with its job `todo`, and this process (the API's) never runs
    a sensitivity; a worker started afterwards runs the job and stores the run, verified,
    behind the same 202 + Location + GET contract; POSTed again with the same settings while
    it waits, it is that run (202, no second job); with other settings once done, it is run
    again."""
    in_api: list[str] = []  # every sensitivity this process computes: none
    monkeypatch.setattr(sensitivity_jobs, "sensitivity", lambda *a, **k: in_api.append("run"))
    url = postgres.fresh_database()
    settings = Settings(database_url=url, queue_workers=0)
    worker: subprocess.Popen[bytes] | None = None
    try:
        plan_id = await _solved_narrow(url)
        async with AsyncTestClient(app=fresh_app(settings)) as api:  # no worker: only the API
            response = await api.post(f"/plans/{plan_id}/sensitivity", json={})
            assert response.status_code == 202, response.text
            assert response.headers["location"] == f"/plans/{plan_id}/sensitivity"
            assert response.json()["status"] == "solving"
            body = (await api.get(f"/plans/{plan_id}/sensitivity")).json()
            assert body["status"] == "solving", body
            assert _jobs(url, "run_sensitivity") == [("todo", plan_id, False)]
            # The same settings again: the running run itself, not a second job.
            same = await api.post(f"/plans/{plan_id}/sensitivity", json={})
            assert same.status_code == 202 and same.json()["status"] == "solving", same.text
            assert _jobs(url, "run_sensitivity") == [("todo", plan_id, False)]

            worker = start_worker(url, tmp_path / "worker2.log")
            body = await _finished(api, f"/plans/{plan_id}/sensitivity", 120)
            assert body["status"] == "done", body
            plan = (await api.get(f"/plans/{plan_id}")).json()
            assert abs(body["base_cost"] - plan["summary"]["total_cost"]) < 0.01
            assert body["offers"] and all(o["target"]["verified"] for o in body["offers"])
            jobs = await _settled(url, "run_sensitivity")
            assert jobs == [("succeeded", plan_id, True)], jobs
            md = await api.get(f"/plans/{plan_id}/sensitivity.md")
            assert md.status_code == 200, md.text

            again = await api.post(f"/plans/{plan_id}/sensitivity", json={"steps": [0.1]})
            assert again.status_code == 202, again.text
            body = await _finished(api, f"/plans/{plan_id}/sensitivity", 120)
            assert body["status"] == "done" and body["options"]["steps"] == [0.1], body
            jobs = await _settled(url, "run_sensitivity")
            assert [j[0] for j in jobs] == ["succeeded"] * 2
        assert in_api == []  # both runs were the worker's: the API ran none
    finally:
        if worker is not None:
            stop_worker(worker)
        postgres.drop_database(url)


@pytest.mark.long
async def test_a_sensitivity_whose_worker_is_killed_is_retried_and_stored_once(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    """The worker running a sensitivity is killed (SIGKILL): another worker notices its
    heartbeat stopped, retries the job, and the run is stored once, done."""
    url = postgres.fresh_database()
    settings = Settings(database_url=url, queue_workers=0)
    victim = start_worker(url, tmp_path / "victim.log")
    rescuer: subprocess.Popen[bytes] | None = None
    try:
        async with AsyncTestClient(app=fresh_app(settings)) as api:
            response = await api.post("/plans", json=NARROW, headers={"Prefer": "wait=60"})
            assert response.status_code == 201, response.text
            plan_id = response.json()["id"]
            response = await api.post(f"/plans/{plan_id}/sensitivity", json={})
            assert response.status_code == 202, response.text
            deadline = time.monotonic() + 60  # a bound for a hang: the worker takes it at once
            while time.monotonic() < deadline:
                if _jobs(url, "run_sensitivity")[0][0] == "doing":
                    break
                await asyncio.sleep(0.05)
            assert _jobs(url, "run_sensitivity")[0][0] == "doing"
            victim.kill()
            victim.wait()
            rescuer = start_worker(url, tmp_path / "rescuer.log")
            body = await _finished(api, f"/plans/{plan_id}/sensitivity", 180)
            assert (body["status"], body["attempt"]) == ("done", 2), body
            await _settled(url, "run_sensitivity")
        with psycopg.connect(url) as conn:
            jobs = conn.execute(
                "SELECT status, attempts FROM procrastinate_jobs "
                "WHERE task_name = 'run_sensitivity'"
            ).fetchall()
            stored = conn.execute(
                "SELECT count(*) FROM documents WHERE collection = 'sensitivities'"
            ).fetchone()
        assert jobs == [("succeeded", 2)], jobs  # the killed run, then the one stored
        assert stored == (1,)
    finally:
        stop_worker(victim)
        if rescuer is not None:
            stop_worker(rescuer)
        postgres.drop_database(url)


def test_a_job_runs_only_the_run_it_was_enqueued_for(db_path: str) -> None:
    """`run_queued` does nothing for a run that is finished or replaced by a newer one (a
    retried job never stores twice), and stores a run failed once its workers died more than
    MAX_ATTEMPTS times, so that it is not left `solving` for ever."""
    store = Store(db_path)
    pending = Sensitivity(plan_id="plan_x", status="solving", created_at="2026-01-01T00:00:00Z")
    doc = msgspec.json.encode(pending)
    store.insert_document(COLLECTION, "plan_x", doc, status="solving")
    assert run_queued(store, ("plan_x", 1, "2025-12-31T00:00:00Z"), 0) == "already stored"
    assert run_queued(store, ("plan_nope", 1, pending.created_at), 0) == "already stored"
    assert run_queued(store, ("plan_x", 1, pending.created_at), MAX_ATTEMPTS + 1) == "failed"
    stored = msgspec.json.decode(store.document(COLLECTION, "plan_x"), type=Sensitivity)
    assert stored.status == "failed" and f"{MAX_ATTEMPTS} times" in (stored.error or "")
    assert run_queued(store, ("plan_x", 1, pending.created_at), 0) == "already stored"
    store.close()


async def test_a_queued_sensitivity_holds_its_clients_place_until_a_worker_stores_it(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    """With PostgreSQL and a share of one per client: while the client's sensitivity waits
    for a worker, its next plan is a 503 problem; once a worker has stored the run, the
    client has its place back."""
    url = postgres.fresh_database()
    settings = Settings(database_url=url, queue_workers=0, per_client=1)
    worker: subprocess.Popen[bytes] | None = None
    try:
        plan_id = await _solved_narrow(url)
        async with AsyncTestClient(app=fresh_app(settings)) as api:
            response = await api.post(f"/plans/{plan_id}/sensitivity", json={})
            assert response.status_code == 202, response.text
            refused = await api.post("/plans", json=NARROW, headers={"Prefer": "respond-async"})
            assert_problem(refused, 503)
            worker = start_worker(url, tmp_path / "worker2.log")
            body = await _finished(api, f"/plans/{plan_id}/sensitivity", 120)
            assert body["status"] == "done", body
            deadline = time.monotonic() + 60  # the API looks for stored runs every POLL_S
            while time.monotonic() < deadline:
                accepted = await api.post(
                    "/plans", json=NARROW, headers={"Prefer": "respond-async"}
                )
                if accepted.status_code != 503:
                    break
                await asyncio.sleep(0.05)
            assert accepted.status_code == 202, accepted.text
    finally:
        if worker is not None:
            stop_worker(worker)
        postgres.drop_database(url)


def test_a_late_result_overwrites_neither_a_retry_nor_a_newer_run(db_path: str) -> None:
    """Probe 14b finding 2: a worker that stalled (stopped, paused, cut off) finished its run
    after the job's retry on another worker had taken it over, and after the user had POSTed
    a newer run: its result was stored over the newer run, which was then never made. A job
    claims its run for itself first (only the run it was enqueued for), and stores its result
    only while it holds it."""
    store = Store(db_path)
    first, newer = "2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z"
    run = Sensitivity(plan_id="plan_x", status="solving", created_at=first)
    store.insert_document(COLLECTION, "plan_x", msgspec.json.encode(run), status="solving")

    def stored() -> Sensitivity:
        return msgspec.json.decode(store.document(COLLECTION, "plan_x"), type=Sensitivity)

    def enqueued(doc: bytes) -> bool:
        return msgspec.json.decode(doc, type=Sensitivity).created_at == first

    # Worker 1 takes the job; it stalls, and the job's retry on worker 2 takes the run over.
    assert store.claim_document(COLLECTION, "plan_x", "w1", 30, accept=enqueued) is not None
    assert store.claim_document(COLLECTION, "plan_x", "w2", 30, accept=enqueued) is not None
    sensitivity_jobs.store_failed(store, run, "worker 1's late result", owner="w1")
    assert stored().status == "solving"  # worker 2's to store
    # The run is cancelled and stored failed (not by worker 2: by the API, say); the user
    # POSTs a newer run (the API leases it); worker 2's result comes late too.
    failed = msgspec.json.encode(msgspec.structs.replace(run, status="failed"))
    assert store.replace_document(COLLECTION, "plan_x", failed, "failed")
    newer_run = msgspec.structs.replace(run, created_at=newer)
    assert store.lease_anew(COLLECTION, "plan_x", msgspec.json.encode(newer_run), "api", 30)
    sensitivity_jobs.store_failed(store, run, "worker 2's late result", owner="w2")
    assert (stored().status, stored().created_at) == ("solving", newer)
    # A job for the first run claims nothing now; the newer run's job does, and stores it.
    assert run_queued(store, ("plan_x", 1, first), 0, owner="w3") == "already stored"
    assert stored().created_at == newer
    assert run_queued(store, ("plan_x", 1, newer), 0, owner="w4") == "failed"  # no such plan
    assert (stored().status, stored().created_at) == ("failed", newer)
    assert "cannot run" in (stored().error or "")
    store.close()
