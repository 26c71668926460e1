"""Review 9 finding C: a drain waited for a running sensitivity to finish, whatever
TOKENPLAN_DRAIN_S (60 s for the reviewer's run at a drain of 2 s), while its lease ran out.
Now the run stops at its next re-solve once the drain has waited `drain_s`, stores nothing,
and its lease is released: the next server claims it at once and runs it again. The re-solves
are stood in for by a double that counts its steps until it is told to stop (the runs
themselves are tested in tests/solver/test_sensitivity*.py)."""

from __future__ import annotations

import functools
import threading
import time
from typing import Any

import msgspec
import pytest

from catalog import Catalog, default_catalog
from optimizer import Plan, Sensitivity, SensitivityOptions
from service import sensitivity_jobs
from service.config import Settings
from service.jobs import LEASE_S, Solver, Stopped
from service.sensitivity_jobs import COLLECTION, run_and_store
from service.store import Store
from tests.golden import golden_plan, store_plan

CREATED = "2026-11-30T00:00:00Z"


def leased_run(
    db_path: str, store: Store, solver: Solver, golden: str = "seed-deepseek-r1"
) -> tuple[Plan, Sensitivity]:
    """The `golden` plan (default the seed's) stored, and a sensitivity run of it stored
    `solving`, leased to `solver`'s server as the API stores one it accepts."""
    plan = store_plan(db_path, golden_plan(golden))
    pending = Sensitivity(plan_id=plan.id, status="solving", created_at=CREATED)
    store.insert_document(
        COLLECTION,
        plan.id,
        msgspec.json.encode(pending),
        parent_id=plan.id,
        status="solving",
        owner=solver.owner,
        lease_s=LEASE_S,
    )
    return plan, pending


def test_a_drain_stops_a_running_sensitivity_and_leaves_it_to_the_next_server(
    db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run still re-solving when the drain's 0.2 s are up stops at its next step: the
    drain ends long before the run would have, the run is still `solving` with nothing of it
    stored, and another server claims it at once (its lease released, not left to run out)."""
    started = threading.Event()

    def endless(catalog: Catalog, plan: Plan, options: SensitivityOptions, **kw: Any) -> Any:
        started.set()
        for step in range(1, 1000):  # ten seconds of re-solves, unless told to stop
            kw["on_step"](step)
            time.sleep(0.01)
        return Sensitivity(plan_id=plan.id, status="done", created_at=CREATED, options=options)

    monkeypatch.setattr(sensitivity_jobs, "sensitivity", endless)
    store = Store(db_path)
    solver = Solver(store, Settings(db_path=db_path, drain_s=0.2, solvers=1))
    plan, pending = leased_run(db_path, store, solver)
    solver.reserve("client")
    run = functools.partial(
        run_and_store, store, default_catalog(), plan, pending.options, CREATED, solver.owner
    )
    future = solver.run_leased(COLLECTION, plan.id, "client", run)
    assert started.wait(60)  # a bound for a hang: the pool's thread starts it at once
    began = time.monotonic()
    solver.shutdown()
    assert time.monotonic() - began < 5  # a bound for a hang: the run alone would take 10 s
    assert isinstance(future.exception(), Stopped)
    stored = msgspec.json.decode(store.document(COLLECTION, plan.id), type=Sensitivity)
    assert stored.status == "solving"
    [claimed] = store.claim_stale(COLLECTION, "solving", "the_next_server", LEASE_S)
    assert claimed.plan_id == plan.id
    store.close()
