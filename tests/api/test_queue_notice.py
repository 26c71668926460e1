"""The PostgreSQL queue's watcher wakes on the notice a worker's stored plan sends, not on its
next poll: an API waiting on a plan answers as soon as the plan is stored."""

from __future__ import annotations

import time
from concurrent.futures import Future
from typing import Any

import msgspec
import psycopg
import pytest

from optimizer import Plan
from service import queue_pg
from service.config import Settings
from service.queue_pg import QueuedSolver
from service.store_pg import PostgresStore
from tests.golden import golden_plan
from tests.postgres import PostgresServer


def _listening(conn: psycopg.Connection[Any]) -> set[int]:
    """The server processes of the connections to this database that have run LISTEN."""
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND query LIKE 'LISTEN %'"
    ).fetchall()
    return {row[0] for row in rows}


def _until_listening(url: str, besides: frozenset[int] = frozenset()) -> set[int]:
    """Wait until a connection to the database at `url` other than `besides` (server process
    ids) has run LISTEN; the ids of those listening then. A bound for a hang: the watcher
    connects in a moment."""
    deadline = time.monotonic() + 60
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            if pids := _listening(conn) - besides:
                return pids
            time.sleep(0.01)
    raise AssertionError("the watcher never listened")


def _waiting_on(url: str, plan_id: str) -> tuple[PostgresStore, QueuedSolver, Plan, Future[Plan]]:
    """A store holding plan `plan_id` `solving`, and an API's queue watcher (started) waiting
    on it: (store, solver, the plan as it will be stored, the wait)."""
    store = PostgresStore(url, pool_size=2)
    solver = QueuedSolver(store, Settings(database_url=url, queue_workers=0))
    plan = msgspec.structs.replace(golden_plan("seed-deepseek-r1"), id=plan_id)
    solving = msgspec.structs.replace(plan, status="solving")
    store.insert_document("plans", plan.id, msgspec.json.encode(solving), status="solving")
    waited: Future[Plan] = Future()
    solver._waiting[plan.id] = waited
    solver._watcher.start()
    return store, solver, plan, waited


def test_a_stored_plan_wakes_the_waiting_api_at_once(
    postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With polling slowed to once a minute, a plan stored `solving` and then finished by
    another connection (as a worker does) completes the API's wait within seconds, from the
    notice committed with it; a plan still `solving` sends none."""
    monkeypatch.setattr(queue_pg, "POLL_S", 60.0)
    url = postgres.fresh_database()
    store, solver, plan, waited = _waiting_on(url, "plan_noticed")
    worker = PostgresStore(url, pool_size=2)
    solving = msgspec.structs.replace(plan, status="solving")
    try:
        _until_listening(url)
        worker.replace_document("plans", plan.id, msgspec.json.encode(solving), "solving")
        with pytest.raises(TimeoutError):
            waited.result(timeout=0.5)
        began = time.monotonic()
        worker.replace_document("plans", plan.id, msgspec.json.encode(plan), plan.status)
        # Within seconds, not at the next poll (60 s): 30 s is a bound no load reaches.
        assert waited.result(timeout=30).status == "optimal"
        assert time.monotonic() - began < 30
    finally:
        solver._stopping.set()
        worker.replace_document("plans", plan.id, msgspec.json.encode(plan), plan.status)
        solver._watcher.join(10)  # woken by that notice, it sees the stop
        assert not solver._watcher.is_alive()
        store.close()
        worker.close()
        postgres.drop_database(url)


def test_a_lost_listening_connection_is_opened_again(
    postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 8: once its listening connection broke, the watcher polled for the rest of the
    process's life. Now, the connection ended by the server, it listens again (RELISTEN_S
    later) and a stored plan wakes the wait at once again, polling slowed to a minute."""
    monkeypatch.setattr(queue_pg, "POLL_S", 60.0)
    monkeypatch.setattr(queue_pg, "RELISTEN_S", 0.1)
    url = postgres.fresh_database()
    store, solver, plan, waited = _waiting_on(url, "plan_after_loss")
    try:
        lost = frozenset(_until_listening(url))
        with psycopg.connect(url, autocommit=True) as conn:
            for pid in lost:
                conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
        # The broken wait returns at once; polling (60 s) holds the watcher until a notice
        # can reach it only if it listens again on a new connection (waited for by its
        # server process: the ended one may still be listed a moment, more on a loaded
        # machine, where a fixed 0.3 s was taken for the watcher's new LISTEN).
        _until_listening(url, besides=lost)
        store.replace_document("plans", plan.id, msgspec.json.encode(plan), plan.status)
        assert waited.result(timeout=30).status == "optimal"  # the poll's 60 s not waited
    finally:
        solver._stopping.set()
        store.replace_document("plans", plan.id, msgspec.json.encode(plan), plan.status)
        solver._watcher.join(10)
        store.close()
        postgres.drop_database(url)


@pytest.mark.parametrize("listening", [True, False])
def test_a_stopping_api_ends_its_watcher_and_its_listening_connection(
    postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch, listening: bool
) -> None:
    """With polling slowed to once a minute, `shutdown` returns within seconds with the
    watcher ended and no connection left listening (it lingered until the next poll, after
    the store had closed), whether the watcher listens already or is still connecting."""
    monkeypatch.setattr(queue_pg, "POLL_S", 60.0)
    url = postgres.fresh_database()
    store = PostgresStore(url, pool_size=2)
    solver = QueuedSolver(store, Settings(database_url=url, queue_workers=0))
    try:
        solver.start()
        if listening:
            _until_listening(url)
        began = time.monotonic()
        solver.shutdown()
        assert time.monotonic() - began < 20  # not the next poll's 60 s (a moment, quiet)
        assert not solver._watcher.is_alive()
        # Closed by the watcher; its server process leaves pg_stat_activity a moment later.
        with psycopg.connect(url, autocommit=True) as conn:
            for _ in range(100):
                left = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND query LIKE 'LISTEN %'"
                ).fetchone()
                if left == (0,):
                    break
                time.sleep(0.01)
        assert left == (0,)
    finally:
        store.close()
        postgres.drop_database(url)
