"""Issue 14: a sensitivity run of the solver pool runs in a child process
(service/sensitivity_process.py), its re-solves side by side on the server's free solver slots,
each borrowed for one solver run: the same table as one re-solve at a time, every slot given
back, and no process left behind, whether the run ends, is drained or its process dies."""

from __future__ import annotations

import functools
import gc
import multiprocessing.forkserver
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from catalog import default_catalog
from optimizer import Plan, Sensitivity, SensitivityOptions, sensitivity
from optimizer.slots import Slots
from service import sensitivity_process, solve_process
from service.config import Settings
from service.jobs import LEASE_S, Solver, Stopped
from service.sensitivity_jobs import COLLECTION, run_and_store
from service.sensitivity_process import NICE, RunJob, _child, run_in_child
from service.solve_process import CONTEXT
from service.store import Store
from service.store_pg import PostgresStore
from service.worker import Interrupted, Worker
from tests.api.test_sensitivity_api import NARROW, _done
from tests.api.test_sensitivity_drain import leased_run
from tests.apps import fresh_app
from tests.golden import golden_plan, store_plan

CREATED = "2026-11-30T00:00:00Z"


class _Counted(Slots):
    """A server's slots, counting what runs borrowed."""

    borrowed = 0

    def try_borrow(self) -> bool:
        taken = super().try_borrow()
        self.borrowed += taken
        return taken


def _forked() -> set[int]:
    """The processes the solver's forkserver has forked and that still run, the solve
    children waiting idle for a plan aside (`service.solve_process`, kept between plans) and
    the run's process forked ahead (`service.sensitivity_process`, waiting for a run)."""
    server = multiprocessing.forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    if server is None:
        return set()
    children: set[int] = set()
    for task in Path(f"/proc/{server}/task").glob("*"):
        children |= {int(pid) for pid in (task / "children").read_text().split()}
    return children - solve_process.idle_pids() - sensitivity_process.spare_pids()


def _until(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


async def test_a_run_borrows_the_free_slot_and_gives_the_table_of_one_re_solve_at_a_time(
    db_path: str,
) -> None:
    """Two solver slots, nothing else solving: the run borrows the second for some of its
    solver runs, and its stored table is the one of the same run made here one re-solve at a
    time, to the cent (every response, target and check); every slot is back, and the run's
    process is gone."""
    app = fresh_app(Settings(db_path=db_path, solvers=2))
    solver: Solver = app.state.solver
    solver.slots = slots = _Counted(2)
    before = _forked()
    async with AsyncTestClient(app=app) as client:
        response = await client.post("/plans", json=NARROW, headers={"Prefer": "wait=60"})
        assert response.status_code == 201, response.text
        plan_id = response.json()["id"]
        response = await client.post(f"/plans/{plan_id}/sensitivity", json={})
        assert response.status_code == 202, response.text
        body = await _done(client, plan_id)
        assert body["status"] == "done", body
        store: Store = app.state.store
        plan = msgspec.json.decode(store.document("plans", plan_id), type=Plan)
        here = sensitivity(store.catalog(plan.catalog_revision), plan, SensitivityOptions())
        assert slots.borrowed > 0 and slots.used == 0
    assert body["solver_runs"] == here.solver_runs
    for field in ("base_cost", "offers", "workloads"):
        assert body[field] == msgspec.json.decode(msgspec.json.encode(getattr(here, field)))
    _until(lambda: _forked() <= before)


def _job(example: str, workers: int) -> RunJob:
    """A run of the golden plan of `example` at the default options."""
    return RunJob(
        catalog=default_catalog(),
        plan=golden_plan(example),
        options=SensitivityOptions(),
        created_at=CREATED,
        workers=workers,
    )


def test_a_drain_stops_a_run_in_its_process_at_once(db_path: str) -> None:
    """The growing example's run (104 solver runs, 13 CPU s, in a process niced by NICE)
    when the drain's 0.2 s are up: its process is stopped at once, nothing of it stored
    (still `solving`, its lease released for the next server), every slot back, and no
    process left. (The seed's run, as before, is 35 solver runs in 0.55 CPU s now: on a quiet
    machine, two workers, it could end inside the drain's 0.2 s and be stored `done`.)"""
    store = Store(db_path)
    solver = Solver(store, Settings(db_path=db_path, drain_s=0.2, solvers=2))
    plan, pending = leased_run(db_path, store, solver, "growing-power-capped")
    before = _forked()
    solver.reserve("client")
    run = functools.partial(
        run_and_store,
        store,
        default_catalog(),
        plan,
        pending.options,
        CREATED,
        solver.owner,
        slots=solver.slots,
    )
    future = solver.run_leased(COLLECTION, plan.id, "client", run)
    _until(lambda: len(_forked() - before) == 1)
    [child] = _forked() - before  # it yields the CPU to plans and requests, once started
    _until(lambda: os.getpriority(os.PRIO_PROCESS, child) == min(19, os.nice(0) + NICE))
    began = time.monotonic()
    solver.shutdown()
    assert time.monotonic() - began < 5  # the drain's 0.2 s, and a moment to stop (loaded)
    assert isinstance(future.exception(), Stopped)
    stored = msgspec.json.decode(store.document(COLLECTION, plan.id), type=Sensitivity)
    assert stored.status == "solving"
    [claimed] = store.claim_stale(COLLECTION, "solving", "the_next_server", LEASE_S)
    assert claimed.plan_id == plan.id
    assert solver.slots.used == 0 and _forked() <= before
    store.close()


def test_a_run_whose_process_dies_is_failed_and_gives_back_its_slots() -> None:
    """The run's process killed mid-run: the run is failed, saying so (a POST runs it again),
    and the slots it borrowed come back."""
    slots = Slots(2)
    plan = golden_plan("seed-deepseek-r1")
    options = SensitivityOptions()
    job = RunJob(
        catalog=default_catalog(), plan=plan, options=options, created_at=CREATED, workers=2
    )
    before = _forked()
    ended: list[Sensitivity | None] = []
    with slots.held():  # the run's own
        thread = threading.Thread(
            target=lambda: ended.append(run_in_child(job, slots, threading.Event()))
        )
        thread.start()
        _until(lambda: len(_forked() - before) == 1 and slots.used == 2)  # one borrowed
        [child] = _forked() - before
        os.kill(child, signal.SIGKILL)
        thread.join(30)
        assert slots.used == 1
    [result] = ended
    assert result is not None and result.status == "failed"
    assert "ended without a result (exit code -9)" in (result.error or "")
    _until(lambda: _forked() <= before)  # reaped beside the run's store (`_end_later`)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_group_signals_leave_the_run_to_its_server(signum: int) -> None:
    """Review 13: Ctrl-C on `tokenplan serve` reaches the whole process group (and so does a
    service manager's SIGTERM), and the run's process died of it at once, its run stored
    failed before the server's drain could leave it for the next server. It ignores both
    now: the run goes on until its server says."""
    slots = Slots(2)
    job = _job("seed-deepseek-r1", workers=2)
    before = _forked()
    ended: list[Sensitivity | None] = []
    with slots.held():
        thread = threading.Thread(
            target=lambda: ended.append(run_in_child(job, slots, threading.Event()))
        )
        thread.start()
        # Once it runs (it has borrowed the free slot): a signal before the child's first
        # line kills it in the forkserver's fork, before it can ignore anything.
        _until(lambda: len(_forked() - before) == 1 and slots.used == 2)
        [child] = _forked() - before
        os.kill(child, signum)
        thread.join(120)
    [result] = ended
    assert result is not None and result.status == "done", result.error
    _until(lambda: _forked() <= before)  # reaped beside the run's store (`_end_later`)


def test_a_run_whose_server_went_away_stops_at_its_next_solver_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server killed (no drain): its end of the pipe closes, and the run's process stops
    at its next solver run instead of computing for no one (growing-power-capped's run: 100+
    solver runs, 12 CPU s and more): the pipe is closed once the run's first solver run has
    started, and at most one more starts after it; the run ends, orphaned. Counted, not
    timed: a loaded machine's solver run may take seconds. The child's side runs in a thread
    here, not niced (niceness is a thread's on Linux: niced, a loaded test run starved it)."""
    monkeypatch.setattr(sensitivity_process, "NICE", 0)
    # Nor frozen: the child's side runs in this process (`out_of_collection` is tested below).
    monkeypatch.setattr(sensitivity_process, "out_of_collection", lambda: None)
    receive, send = CONTEXT.Pipe(duplex=True)
    job = _job("growing-power-capped", workers=1)
    closed, started = threading.Event(), threading.Event()
    after_close: list[int] = []
    raised: list[BaseException] = []
    step, run = sensitivity_process._Server.still_there, sensitivity_process.sensitivity

    def counted(self: sensitivity_process._Server, solves: int) -> None:
        if closed.is_set():
            after_close.append(solves)
        started.set()
        step(self, solves)

    def watched(*args: Any, **kwargs: Any) -> Sensitivity:
        try:
            return run(*args, **kwargs)
        except BaseException as exc:
            raised.append(exc)
            raise

    monkeypatch.setattr(sensitivity_process._Server, "still_there", counted)
    monkeypatch.setattr(sensitivity_process, "sensitivity", watched)
    child = threading.Thread(target=_child, args=(send, msgspec.json.encode(job)), daemon=True)
    child.start()
    assert started.wait(120), "the run's first solver run did not start"
    receive.close()  # what the server's death does
    closed.set()  # after the close: a step between the two is counted before it
    child.join(120)
    assert not child.is_alive()
    assert len(after_close) <= 1, after_close
    assert [type(exc) for exc in raised] == [sensitivity_process.Orphaned]


def test_a_stopping_workers_run_is_left_solving_for_the_retry(db_path: str) -> None:
    """Review 13: `tokenplan worker`'s sensitivity jobs never heard the worker stop: the run
    went on in its process after the worker's store had closed. Stopping, the worker stops it
    at once and raises Interrupted (the job is retried); the run stays `solving`.
    (The SQLite store stands in for PostgreSQL: what is checked is the worker's stop.)"""
    store = Store(db_path)
    plan = store_plan(db_path, golden_plan("seed-deepseek-r1"))
    pending = Sensitivity(plan_id=plan.id, status="solving", created_at=CREATED)
    store.insert_document(
        COLLECTION, plan.id, msgspec.json.encode(pending), parent_id=plan.id, status="solving"
    )
    worker = Worker(cast(PostgresStore, store), Settings(db_path=db_path))
    worker.stopping.set()
    began = time.monotonic()
    with pytest.raises(Interrupted):
        worker.sensitivity(plan.id, plan.catalog_revision, CREATED, 0)
    assert time.monotonic() - began < 5
    stored = msgspec.json.decode(store.document(COLLECTION, plan.id), type=Sensitivity)
    assert stored.status == "solving" and worker.slots.used == 0
    store.close()


def test_the_run_starts_with_what_its_process_held_out_of_the_collectors_reach(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The run's process moves what it holds before the run (its modules, the job's catalog
    and plan) out of the garbage collector's reach before it runs: its collections then walk
    only what the run makes (the seed's one full collection, 42-54 ms with the GIL held, is
    gone). Seen from inside the run (its function replaced: the child's side in a thread
    here, as above), and undone after (`tokenplan` itself freezes only as it exits)."""
    monkeypatch.setattr(sensitivity_process, "NICE", 0)
    frozen: list[int] = []

    def run(catalog: Any, plan: Plan, options: SensitivityOptions, **_: Any) -> Sensitivity:
        frozen.append(gc.get_freeze_count())
        return Sensitivity(
            plan_id=plan.id, status="failed", created_at=CREATED, options=options, error="seen"
        )

    monkeypatch.setattr(sensitivity_process, "sensitivity", run)
    receive, send = CONTEXT.Pipe(duplex=True)
    job = _job("seed-deepseek-r1", workers=1)
    before = gc.get_freeze_count()  # another test's `tokenplan` in this process may freeze
    try:
        _child(send, msgspec.json.encode(job))
    finally:
        gc.unfreeze()
        if before:
            gc.freeze()
    ended = msgspec.json.decode(receive.recv_bytes(), type=sensitivity_process.Ended)
    receive.close()
    assert ended.result is not None and ended.result.error == "seen"
    # Everything it held, the job it decoded included (the seed's catalog and plan: thousands
    # of objects), out of reach before the run began.
    assert len(frozen) == 1 and frozen[0] > before + 1000, (before, frozen)
