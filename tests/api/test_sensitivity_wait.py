"""`Prefer: wait=N` on POST and GET /plans/{id}/sensitivity: the answer waits for the run and
carries it finished (a client learns of the end as the run is stored, not at its next poll);
without it, the POST answers 202 at once as before. A run of this server's is followed to its
end; another server's (or a worker's) is read from the store until it is finished."""

from __future__ import annotations

import asyncio
import threading

import msgspec
from litestar import Litestar
from litestar.testing import AsyncTestClient

from optimizer import Sensitivity
from service.sensitivity_jobs import COLLECTION
from service.store import Store
from tests.api.test_sensitivity_api import _plan
from tests.api.test_sensitivity_repost import _stored_run

Client = AsyncTestClient[Litestar]
WAIT = {"Prefer": "wait=120"}


async def test_a_post_that_prefers_to_wait_answers_the_finished_run(client: Client) -> None:
    """200 with the run done and verified, the same as GET then shows; Location still says
    where it is stored."""
    plan_id = await _plan(client)
    response = await client.post(f"/plans/{plan_id}/sensitivity", json={}, headers=WAIT)
    assert response.status_code == 200, response.text
    assert response.headers["location"] == f"/plans/{plan_id}/sensitivity"
    body = response.json()
    assert body["status"] == "done", body
    assert all(offer["target"]["verified"] for offer in body["offers"])
    assert (await client.get(f"/plans/{plan_id}/sensitivity")).json() == body


async def test_a_get_that_prefers_to_wait_answers_once_the_run_is_stored(client: Client) -> None:
    """POST without a wait: 202 `solving` at once; a GET that prefers to wait: the run done."""
    plan_id = await _plan(client)
    started = await client.post(f"/plans/{plan_id}/sensitivity", json={})
    assert started.status_code == 202 and started.json()["status"] == "solving"
    response = await client.get(f"/plans/{plan_id}/sensitivity", headers=WAIT)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "done"
    assert "retry-after" not in response.headers


def _finish_later(db_path: str, run: Sensitivity, started: threading.Event) -> threading.Thread:
    """Store `run` done as its server (`server_live`) would, once a request waits for it."""

    def finish() -> None:
        started.wait(30)
        store = Store(db_path)
        try:
            doc = msgspec.json.encode(msgspec.structs.replace(run, status="done"))
            assert store.replace_document(COLLECTION, run.plan_id, doc, "done", owner="server_live")
        finally:
            store.close()

    thread = threading.Thread(target=finish)
    thread.start()
    return thread


async def test_a_run_of_another_server_is_read_until_it_is_finished(
    client: Client, db_path: str
) -> None:
    """A run solving on another server: a POST with its settings that prefers to wait answers
    200 with it once that server stores it done (202 at once without the wait)."""
    plan_id, run = _stored_run(db_path, "solving")
    at_once = await client.post(f"/plans/{plan_id}/sensitivity", json={})
    assert at_once.status_code == 202
    started = threading.Event()
    thread = _finish_later(db_path, run, started)
    try:
        asked = asyncio.create_task(
            client.post(f"/plans/{plan_id}/sensitivity", json={}, headers=WAIT)
        )
        await asyncio.sleep(0.2)  # the request is waiting (or answered, which fails below)
        started.set()
        response = await asked
    finally:
        started.set()
        thread.join(30)
    assert response.status_code == 200, response.text
    body = msgspec.json.decode(response.content, type=Sensitivity)
    assert body == msgspec.structs.replace(run, status="done")
    again = await client.get(f"/plans/{plan_id}/sensitivity", headers=WAIT)
    assert again.json()["status"] == "done"
