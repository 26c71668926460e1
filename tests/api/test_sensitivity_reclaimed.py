"""Probe 9, finding 4: a sensitivity run left `solving` by a server that crashed stayed
`solving` for ever (a POST with other settings a 409 for ever). A run is now leased to the
server running it, as a plan is: the next server to start (or one running) claims a run whose
lease ended and runs it again. The crash is simulated in the store (a run stored `solving` by
a server whose lease ended); the re-solves are stood in for by a double that records what it
was asked to run (the runs themselves are tested in tests/solver/test_sensitivity*.py)."""

from __future__ import annotations

import threading
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import Catalog
from optimizer import Plan, Sensitivity, SensitivityOptions
from optimizer.slots import Slots
from service import sensitivity_jobs
from service.config import Settings
from service.jobs import MAX_ATTEMPTS, Solver
from service.sensitivity_jobs import COLLECTION
from service.sensitivity_process import RunJob
from service.store import Store
from service.store_pg import open_store
from tests.api.test_sensitivity_api import _done
from tests.golden import golden_plan, store_plan

Client = AsyncTestClient[Litestar]
CREATED = "2026-11-30T00:00:00Z"


def _double(
    monkeypatch: pytest.MonkeyPatch, hold: threading.Event | None = None
) -> list[SensitivityOptions]:
    """Stand in for the re-solves, in the server's process or in a child
    (service/sensitivity_process.py): each run records its options, waits for `hold` when
    given, and is done at once with the plan's cost as its base."""
    runs: list[SensitivityOptions] = []

    def run(catalog: Catalog, plan: Plan, options: SensitivityOptions, **kw: Any) -> Sensitivity:
        runs.append(options)
        if hold is not None:
            hold.wait(5)
        created_at = kw["created_at"]
        base_cost = plan.summary.total_cost
        return Sensitivity(
            plan_id=plan.id,
            status="done",
            created_at=created_at,
            options=options,
            base_cost=base_cost,
        )

    def in_child(job: RunJob, slots: Slots, stop: threading.Event, *_: Any) -> Sensitivity:
        return run(job.catalog, job.plan, job.options, created_at=job.created_at)

    monkeypatch.setattr(sensitivity_jobs, "sensitivity", run)
    monkeypatch.setattr(sensitivity_jobs, "run_in_child", in_child)
    return runs


def _left_solving(store: Store, db_path: str, owner: str | None, attempts: int = 1) -> str:
    """The seed golden plan, and a run of its sensitivity (tolerance 0.05) that a server
    left `solving` when it died: leased to `owner` until a second ago (None: stored by older
    code, with no lease), interrupted `attempts` times so far."""
    plan = store_plan(db_path, golden_plan("seed-deepseek-r1"))
    run = Sensitivity(
        plan_id=plan.id,
        status="solving",
        created_at=CREATED,
        options=SensitivityOptions(tolerance=0.05),
    )
    doc = msgspec.json.encode(run)
    store.insert_document(
        COLLECTION, plan.id, doc, parent_id=plan.id, status="solving", owner=owner, lease_s=-1
    )
    for n in range(attempts - 1):  # each server that claimed it died in turn
        assert store.claim_stale(COLLECTION, "solving", f"server_{n}", -1)
    return plan.id


@pytest.mark.parametrize("owner", ["server_dead", None], ids=["lease-ended", "older-code"])
async def test_a_run_left_solving_by_a_crashed_server_is_run_again_at_start(
    app: Litestar, db_path: str, monkeypatch: pytest.MonkeyPatch, owner: str | None
) -> None:
    """The next server to start claims the run (its lease ended, or it never had one) and runs
    it again with its own settings: GET shows that run done (same `created_at`, tolerance
    0.05), and a POST with other settings is accepted (it was a 409 for ever)."""
    runs = _double(monkeypatch)
    plan_id = _left_solving(app.state.store, db_path, owner)
    async with AsyncTestClient(app=app) as client:
        body = await _done(client, plan_id)
        assert (body["status"], body["created_at"]) == ("done", CREATED), body
        assert body["attempt"] == 2  # probe 16b F8c: its figures are the second start's
        assert runs == [SensitivityOptions(tolerance=0.05)]
        response = await client.post(f"/plans/{plan_id}/sensitivity", json={"tolerance": 0.02})
        assert response.status_code == 202, response.text
        again = await _done(client, plan_id)
        assert (again["options"]["tolerance"], again["attempt"]) == (0.02, 1)


async def test_a_run_interrupted_max_attempts_times_is_failed_not_run_again(
    app: Litestar, db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run whose servers died MAX_ATTEMPTS times is stored failed, saying so, instead of
    being run a fourth time; POSTing it again runs it afresh."""
    runs = _double(monkeypatch)
    plan_id = _left_solving(app.state.store, db_path, "server_dead", attempts=MAX_ATTEMPTS)
    async with AsyncTestClient(app=app) as client:
        body = await _done(client, plan_id)
        assert body["status"] == "failed", body
        assert f"stopped {MAX_ATTEMPTS} times; POST it again" in body["error"]
        assert runs == []
        response = await client.post(f"/plans/{plan_id}/sensitivity", json={"tolerance": 0.05})
        assert response.status_code == 202, response.text
        assert (await _done(client, plan_id))["status"] == "done"
        assert runs == [SensitivityOptions(tolerance=0.05)]


async def test_a_running_run_is_leased_to_its_server_and_not_claimed(
    app: Litestar, db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a POSTed run runs (the first, then one replacing it with other settings), no
    other server can claim it and its own server's heartbeat does not run it twice."""
    hold = threading.Event()
    runs = _double(monkeypatch, hold)
    plan_id = store_plan(db_path, golden_plan("seed-deepseek-r1")).id
    store: Store = app.state.store
    async with AsyncTestClient(app=app) as client:
        for n, body in enumerate([{}, {"tolerance": 0.02}], start=1):
            hold.clear()
            response = await client.post(f"/plans/{plan_id}/sensitivity", json=body)
            assert response.status_code == 202, response.text
            assert store.claim_stale(COLLECTION, "solving", "server_other", 30) == []
            app.state.solver.recover()  # what its heartbeat does every LEASE_S / 3
            hold.set()
            assert (await _done(client, plan_id))["status"] == "done"
            assert len(runs) == n


def test_a_drain_releases_the_lease_of_a_run_it_never_started(db_path: str) -> None:
    """A run still queued when the server drains is cancelled and its lease released at once,
    so the next server claims it; the run that was running finishes and keeps its own."""
    store = Store(db_path)
    solver = Solver(store, Settings(db_path=db_path, solvers=1))
    for doc_id in ("plan_running", "plan_queued"):
        store.insert_document(
            COLLECTION, doc_id, b"{}", status="solving", owner=solver.owner, lease_s=600
        )
    started, hold = threading.Event(), threading.Event()

    def running(stop: threading.Event) -> None:
        started.set()
        hold.wait(5)

    solver.run_leased(COLLECTION, "plan_running", "c", running)
    solver.run_leased(COLLECTION, "plan_queued", "c", lambda stop: None)
    assert started.wait(5)
    threading.Timer(0.05, hold.set).start()
    solver.shutdown()
    claimed = store.claim_stale(COLLECTION, "solving", "server_next", 30)
    assert [c.plan_id for c in claimed] == ["plan_queued"]
    store.close()


def test_run_leases_are_kept_renewed_and_released_per_collection(
    store_settings: Settings,
) -> None:
    """On both stores: a live run's lease keeps other servers off; renewing touches only the
    collection named (a plan with the same id is not renewed); released, it is claimed with
    its attempts counted; a new run replacing it is leased afresh with attempts back at 1."""
    store = open_store(store_settings)
    try:
        for collection in ("plans", COLLECTION):
            store.insert_document(
                collection, "plan_x", b"{}", status="solving", owner="server_a", lease_s=-1
            )
        store.renew_leases("server_a", ["plan_x"], 60, collection=COLLECTION)
        assert store.claim_stale(COLLECTION, "solving", "server_b", 60) == []
        assert [c.plan_id for c in store.claim_stale_plans("server_b", 60)] == ["plan_x"]
        store.release_leases("server_a", ["plan_x"], collection=COLLECTION)
        claimed = store.claim_stale(COLLECTION, "solving", "server_b", 60)
        assert [(c.plan_id, c.attempts) for c in claimed] == [("plan_x", 2)]
        # It ends (failed), and a new run replaces it: leased afresh.
        assert store.replace_document(COLLECTION, "plan_x", b"{}", "failed", owner="server_b")
        assert store.lease_anew(COLLECTION, "plan_x", b'{"new":1}', "server_c", 60)
        store.release_leases("server_c", ["plan_x"], collection=COLLECTION)
        claimed = store.claim_stale(COLLECTION, "solving", "server_d", 60)
        assert [(c.doc, c.attempts) for c in claimed] == [(b'{"new":1}', 2)]
    finally:
        store.close()
