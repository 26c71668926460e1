"""Review 17b F2: a plan stored finished by a path other than its solve got no event. A plan
cancelled while queued (stored `cancelled`, in-process and on PostgreSQL), failed after its
servers or workers stopped `MAX_ATTEMPTS` times, failed because it could not be requeued, or
failed because its job could not be queued: no `plan.completed` nor `plan.failed` was ever
stored, and an integration waiting for it waited for ever. Each is stored with its event now,
in one transaction, and sent."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from optimizer import Plan
from service import queue_pg
from service.config import Settings
from service.jobs import MAX_ATTEMPTS, Solver, store_finished
from service.queue_pg import SOLVE_TASK
from service.store import Store
from service.store_pg import PostgresStore
from service.webhooks import Secret, Subscription, new_secret
from service.worker import Worker
from tests.apps import fresh_app
from tests.bodies import QUICK
from tests.golden import golden_plan
from tests.postgres import PostgresServer
from tests.webhook_receiver import Receiver, receiver

Client = AsyncTestClient[Litestar]


def _delivering(settings: Settings) -> Settings:
    return dataclasses.replace(settings, webhook_allow_internal=True, webhook_backoff_s=0.05)


def _subscribe(store: Store, url: str) -> None:
    subscription = Subscription(
        id="wh_plans",
        url=url,
        events=("plan.completed", "plan.failed"),
        created_at="2026-12-01T00:00:00Z",
        secrets=(Secret(value=new_secret()),),
    )
    store.insert_document("webhooks", subscription.id, msgspec.json.encode(subscription))


def _event(hook: Receiver) -> dict[str, Any]:
    """The one event the receiver got (waiting for it), and no other."""
    [(_, body)] = hook.wait_for(1)
    event: dict[str, Any] = msgspec.json.decode(body)
    return event


def _left_solving(store: Store, doc: bytes, plan_id: str, stops: int) -> None:
    """Store `doc` as plan `plan_id` left `solving` by servers that stopped `stops` times
    (each claimed it and let its lease end)."""
    store.insert_document("plans", plan_id, doc, status="solving")
    for n in range(stops):
        assert [c.plan_id for c in store.claim_stale_plans(f"server_{n}", -1.0)] == [plan_id]


def _pending(**changes: Any) -> Plan:
    plan = golden_plan("seed-deepseek-r1")
    return msgspec.structs.replace(plan, status="solving", solver=None, summary=None, **changes)


@contextmanager
def _held(solver: Solver) -> Iterator[None]:
    """Every solve thread of `solver`'s pool busy until the block ends: a plan submitted
    meanwhile waits in its queue."""
    release = threading.Event()
    started = [threading.Event() for _ in range(solver.settings.solver_slots)]
    for event in started:
        solver.pool.submit(lambda e=event: (e.set(), release.wait(60)))
    try:
        for event in started:
            assert event.wait(30)
        yield
    finally:
        release.set()


async def test_a_plan_cancelled_while_queued_sends_its_event(store_settings: Settings) -> None:
    """In-process (SQLite: its one solve thread busy) and on PostgreSQL (no worker takes the
    job): the plan is cancelled before any solve begins, stored `cancelled`, and its
    `plan.completed` arrives saying so. Before, none was ever sent (review 17b t6.py)."""
    settings = dataclasses.replace(_delivering(store_settings), solvers=1, queue_workers=0)
    app = fresh_app(settings)
    with receiver() as hook:
        async with AsyncTestClient(app=app) as client:
            _subscribe(app.state.store, hook.url)
            with _held(app.state.solver):
                posted = await client.post(
                    "/plans", json=QUICK, headers={"Prefer": "respond-async"}
                )
                assert posted.status_code == 202, posted.text
                plan_id = posted.json()["id"]
                cancel = await client.post(f"/plans/{plan_id}/cancel")
                assert cancel.json()["status"] == "cancelled", cancel.text
                event = await asyncio.to_thread(_event, hook)
    assert event["type"] == "plan.completed"
    assert event["data"]["id"] == plan_id and event["data"]["status"] == "cancelled"


@pytest.mark.parametrize("readable", [True, False])
def test_a_plan_failed_at_a_restart_sends_its_event(
    store: Store, store_settings: Settings, readable: bool
) -> None:
    """A restarted server fails a plan its servers stopped on `MAX_ATTEMPTS` times, and one
    it cannot requeue (its forecast is gone, or it no longer reads as a plan): each is stored
    `failed` with its `plan.failed`, which arrives. Before, neither had an event."""
    pending = _pending()
    _left_solving(store, msgspec.json.encode(pending), pending.id, MAX_ATTEMPTS - 1)
    gone = _pending(id="plan_forecast_gone", forecast=None, forecast_id="fc_gone")
    gone = msgspec.structs.replace(
        gone, request=msgspec.structs.replace(gone.request, forecast=None, forecast_id="fc_gone")
    )
    doc = msgspec.json.encode(gone) if readable else b'{"id": "plan_forecast_gone", "status": 7}'
    _left_solving(store, doc, gone.id, 0)
    solver = Solver(store, _delivering(store_settings))
    with receiver() as hook:
        _subscribe(store, hook.url)
        try:
            assert solver.recover() == 0
            got = hook.wait_for(2)
        finally:
            solver.pool.shutdown()
            solver.webhooks.stop()
    events = {e["data"]["id"]: e for e in (msgspec.json.decode(body) for _, body in got)}
    assert {e["type"] for e in events.values()} == {"plan.failed"}
    assert f"stopped {MAX_ATTEMPTS} times" in events[pending.id]["data"]["error"]
    assert "cannot be requeued" in events[gone.id]["data"]["error"]
    assert events[gone.id]["data"]["status"] == "failed"
    for plan_id in events:
        stored = msgspec.json.decode(store.document("plans", plan_id))
        assert stored["status"] == "failed"


@pytest.fixture
def pg_settings(postgres: PostgresServer) -> Iterator[Settings]:
    url = postgres.fresh_database()
    yield _delivering(Settings(database_url=url, queue_workers=0))
    postgres.drop_database(url)


def test_a_plan_its_workers_stopped_on_too_often_sends_its_event(pg_settings: Settings) -> None:
    """A worker takes a job whose plan its workers stopped on `MAX_ATTEMPTS` times: stored
    `failed` with its `plan.failed`, which arrives. Before, no event."""
    store = PostgresStore(pg_settings.database_url)
    pending = _pending()
    try:
        _left_solving(store, msgspec.json.encode(pending), pending.id, MAX_ATTEMPTS)
        worker = Worker(store, pg_settings)
        with receiver() as hook:
            _subscribe(store, hook.url)
            try:
                assert worker.solve(pending.id, pending.catalog_revision) == "failed"
                event = _event(hook)
            finally:
                worker.webhooks.stop()
    finally:
        store.close()
    assert event["type"] == "plan.failed" and event["data"]["id"] == pending.id
    assert f"workers stopped {MAX_ATTEMPTS} times" in event["data"]["error"]


async def test_a_plan_that_could_not_be_queued_sends_its_event(
    pg_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job queue refuses the plan's job: the plan is answered and stored `failed`, and
    its `plan.failed` arrives. Before, no event."""
    app = fresh_app(pg_settings)

    def refused(**_: object) -> int:
        raise OSError("the queue is down")

    with receiver() as hook:
        async with AsyncTestClient(app=app) as client:
            _subscribe(app.state.store, hook.url)
            monkeypatch.setattr(app.state.solver.queue.tasks[SOLVE_TASK], "defer", refused)
            posted = await client.post("/plans", json=QUICK)
            assert posted.json()["status"] == "failed", posted.text
            event = await asyncio.to_thread(_event, hook)
    assert event["type"] == "plan.failed" and event["data"]["id"] == posted.json()["id"]
    assert event["data"]["error"] == "the plan could not be queued (OSError); POST it again"


async def test_a_plan_failed_at_queueing_is_answered_when_the_watcher_saw_it_first(
    pg_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The API's watcher completes the plan's future from the stored plan before `submit`
    does (forced here: `submit` goes on only once it has): the POST still answers the failed
    plan. Before, setting the future again raised, and the POST was a 500 (a loaded run)."""
    app = fresh_app(pg_settings)
    solver = app.state.solver

    def refused(**_: object) -> int:
        raise OSError("the queue is down")

    def stored_then_seen(store: Store, webhooks: Any, plan: Plan, **kwargs: Any) -> bool:
        future = solver._waiting[plan.id]  # before the watcher's completion takes it out
        written = store_finished(store, webhooks, plan, **kwargs)
        for _ in range(600):  # the watcher looks every 0.25 s at most
            if future.done():
                break
            time.sleep(0.05)
        assert future.done(), "the watcher never completed the plan's future"
        return written

    async with AsyncTestClient(app=app) as client:
        monkeypatch.setattr(solver.queue.tasks[SOLVE_TASK], "defer", refused)
        monkeypatch.setattr(queue_pg, "store_finished", stored_then_seen)
        posted = await client.post("/plans", json=QUICK)
    assert posted.status_code == 201, posted.text
    assert posted.json()["status"] == "failed"
