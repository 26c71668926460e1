"""The solver's lease heartbeat ends before `shutdown` returns: a renewal under way when the
server stops cannot land after its leases are released, nor on the store closed next (its
thread was never joined, and ran on past the shutdown)."""

from __future__ import annotations

import threading
import time

import pytest

from service import jobs
from service.config import Settings
from service.jobs import Solver
from service.store import Store


def test_a_renewal_under_way_ends_before_shutdown_returns(
    db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A renewal that takes 0.2 s, under way as the server stops, has ended when `shutdown`
    returns."""
    monkeypatch.setattr(jobs, "LEASE_S", 0.03)  # a heartbeat every 10 ms
    monkeypatch.setattr(jobs, "warm_up", lambda: None)  # no forkserver: nothing is solved
    store = Store(db_path)
    renewing = threading.Event()
    renew = store.renew_leases

    def slow_renew(owner: str, ids: list[str], lease_s: float, *, collection: str = "") -> None:
        renewing.set()
        time.sleep(0.2)
        renew(owner, ids, lease_s, collection=collection or "plans")

    monkeypatch.setattr(store, "renew_leases", slow_renew)
    solver = Solver(store, Settings(db_path=db_path))
    solver.start()
    assert renewing.wait(10)
    solver.shutdown()
    running_on = [t for t in threading.enumerate() if t is solver._heartbeat]
    store.close()
    assert running_on == []
