"""Issue 16 with issue 14: with PostgreSQL, `POST /plans/{id}/sensitivity` only enqueues a
`run_sensitivity` job, and a `tokenplan worker` process runs it; the API never solves it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.config import Settings
from tests.api.test_sensitivity_api import NARROW
from tests.postgres import PostgresServer

Client = AsyncTestClient[Litestar]


def _start_worker(url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TOKENPLAN_DATABASE_URL": url}
    command = [sys.executable, "-m", "service.cli", "worker", "--concurrency", "1"]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _jobs(url: str, task: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT status, args->>'plan_id', worker_id IS NOT NULL FROM procrastinate_jobs "
            "WHERE task_name = %s",
            (task,),
        )
        return rows.fetchall()


async def _finished(client: Client, path: str, timeout_s: float) -> dict[str, Any]:
    for _ in range(int(timeout_s / 0.25)):
        body: dict[str, Any] = (await client.get(path)).json()
        if body["status"] != "solving":
            return body
        await asyncio.sleep(0.25)
    raise AssertionError(f"{path} still solving after {timeout_s} s")


async def test_a_sensitivity_is_run_by_a_worker_not_the_api(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    """An API with no workers of its own (`queue_workers=0`): a sensitivity POSTed while no
    worker runs stays `solving` with its job `todo` (the API does not run it); a worker
    started afterwards runs the job and stores the run, verified, behind the same 202 +
    Location + GET contract; POSTed again, it is run again."""
    url = postgres.fresh_database()
    settings = Settings(database_url=url, queue_workers=0)
    worker = _start_worker(url, tmp_path / "worker1.log")
    try:
        async with AsyncTestClient(app=create_app(settings)) as api:
            response = await api.post("/plans", json=NARROW, headers={"Prefer": "wait=60"})
            assert response.status_code == 201, response.text
            plan_id = response.json()["id"]
            _stop(worker)  # no worker from here on: only the API runs

            response = await api.post(f"/plans/{plan_id}/sensitivity", json={})
            assert response.status_code == 202, response.text
            assert response.headers["location"] == f"/plans/{plan_id}/sensitivity"
            assert response.json()["status"] == "solving"
            await asyncio.sleep(3)  # the in-process path finishes NARROW's in about this
            body = (await api.get(f"/plans/{plan_id}/sensitivity")).json()
            assert body["status"] == "solving", body
            assert _jobs(url, "run_sensitivity") == [("todo", plan_id, False)]
            conflict = await api.post(f"/plans/{plan_id}/sensitivity", json={})
            assert conflict.status_code == 409, conflict.text

            worker = _start_worker(url, tmp_path / "worker2.log")
            body = await _finished(api, f"/plans/{plan_id}/sensitivity", 120)
            assert body["status"] == "done", body
            plan = (await api.get(f"/plans/{plan_id}")).json()
            assert abs(body["base_cost"] - plan["summary"]["total_cost"]) < 0.01
            assert body["offers"] and all(o["target"]["verified"] for o in body["offers"])
            jobs = _jobs(url, "run_sensitivity")
            assert jobs == [("succeeded", plan_id, True)], jobs
            md = await api.get(f"/plans/{plan_id}/sensitivity.md")
            assert md.status_code == 200, md.text

            again = await api.post(f"/plans/{plan_id}/sensitivity", json={"steps": [0.1]})
            assert again.status_code == 202, again.text
            body = await _finished(api, f"/plans/{plan_id}/sensitivity", 120)
            assert body["status"] == "done" and body["options"]["steps"] == [0.1], body
            assert [j[0] for j in _jobs(url, "run_sensitivity")] == ["succeeded"] * 2
    finally:
        _stop(worker)
        postgres.drop_database(url)
