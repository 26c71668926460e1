"""The PostgreSQL queue's watcher (service/queue_pg.py), which completes the API's waits on
the plans workers store: a wait given up at the wrong moment must not end it."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import msgspec

from optimizer import Plan
from service.config import Settings
from service.queue_pg import QueuedSolver
from service.store import Store
from tests.golden import golden_plan


def _stored(store: Store, plan_id: str) -> None:
    plan = msgspec.structs.replace(golden_plan("seed-deepseek-r1"), id=plan_id)
    store.insert_document("plans", plan_id, msgspec.json.encode(plan), status=plan.status)


def test_a_wait_given_up_as_its_plan_is_stored_leaves_the_watcher_running(
    tmp_path: Path,
) -> None:
    """A waiter cancels its future after the watcher took its list of waits (the race a
    loaded run hit): the watcher skips it, completes the other wait of that round, and keeps
    completing waits after it (it used to die on InvalidStateError)."""
    store = Store(str(tmp_path / "tokenplan.db"))
    # No connection is made: the queue opens only on start(), and the watcher reads the store.
    solver = QueuedSolver(store, Settings(database_url="postgresql://localhost/unused"))
    given_up: Future[Plan] = Future()
    given_up.cancel()
    waited: Future[Plan] = Future()
    # As the snapshot holds them: the cancelled wait not yet taken out by its callback.
    solver._waiting.update({"plan_gone": given_up, "plan_waited": waited})
    _stored(store, "plan_gone")
    _stored(store, "plan_waited")
    solver._watcher.start()
    try:
        assert waited.result(timeout=10).id == "plan_waited"
        later: Future[Plan] = Future()
        with solver._lock:
            solver._waiting.pop("plan_gone")
            solver._waiting["plan_later"] = later
        _stored(store, "plan_later")
        assert later.result(timeout=10).id == "plan_later"
        assert solver._watcher.is_alive()
    finally:
        solver._stopping.set()
        solver._watcher.join(5)
        store.close()
