"""The job queue on PostgreSQL (Procrastinate): with `TOKENPLAN_DATABASE_URL` set, the API
stores a plan `solving` and enqueues one `solve_plan` job naming it and the catalog revision
it solves against (a sensitivity run likewise: `run_sensitivity`, naming the plan, the
revision and the run's `created_at`); `tokenplan worker` processes (service/worker.py) run the
jobs.

`QueuedSolver` is the API's side, behind the in-process `Solver`'s interface: `submit`
enqueues and returns a future that completes when some worker has stored the plan.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import time
from concurrent.futures import Future, InvalidStateError
from typing import TYPE_CHECKING, Any

import msgspec
import procrastinate
import psycopg
from procrastinate import JobContext, RetryStrategy

from catalog import Catalog
from optimizer import Forecast, Plan
from service.config import Settings
from service.jobs import MAX_ATTEMPTS, Solver, store_finished
from service.progress import cancelled_unsolved
from service.sensitivity_jobs import COLLECTION as SENSITIVITIES
from service.sensitivity_jobs import rerun
from service.store import Store
from service.store_pg import FINISHED_CHANNEL, PostgresStore

if TYPE_CHECKING:
    from service.worker import EmbeddedWorker

__all__ = ["SENSITIVITY_TASK", "SOLVE_TASK", "QueuedSolver", "queue_app", "queued_or_local"]

log = logging.getLogger("tokenplan")
SOLVE_TASK = "solve_plan"
SENSITIVITY_TASK = "run_sensitivity"
POLL_S = 0.25
"""How often the API looks for the plans it waits on among the finished ones when no notice
comes (a notice on `FINISHED_CHANNEL` wakes it at once)."""
RELISTEN_S = 5.0
"""How long the API polls only, after its listening connection failed, before opening another."""
LISTEN_TIMEOUT_S = 5
"""Seconds to open the listening connection: past it the API polls (a database that does not
answer must not hold every wait)."""


def _solve_plan(context: JobContext, plan_id: str, catalog_revision: int) -> str:
    """Run by a worker: solve and store the plan (see service/worker.py)."""
    solve = context.additional_context["solve"]
    status: str = solve(plan_id, catalog_revision)
    return status


def _run_sensitivity(
    context: JobContext, plan_id: str, catalog_revision: int, created_at: str
) -> str:
    """Run by a worker: run and store the plan's sensitivity (service/sensitivity_jobs.py)."""
    run = context.additional_context["sensitivity"]
    status: str = run(plan_id, catalog_revision, created_at, context.job.attempts)
    return status


def queue_app(url: str) -> procrastinate.App:
    """The Procrastinate app on the store's database, with its tasks, `solve_plan` and
    `run_sensitivity`, each tried up to MAX_ATTEMPTS times (a worker that dies mid-solve is one
    attempt)."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))
    retry = RetryStrategy(max_attempts=MAX_ATTEMPTS, wait=1)
    app.task(name=SOLVE_TASK, retry=retry, pass_context=True)(_solve_plan)
    app.task(name=SENSITIVITY_TASK, retry=retry, pass_context=True)(_run_sensitivity)
    return app


class QueuedSolver(Solver):
    """The API's solver with PostgreSQL: admission as in-process, solving by enqueueing."""

    def __init__(self, store: Store, settings: Settings) -> None:
        super().__init__(store, settings)
        self.queue = queue_app(settings.database_url)
        self._waiting: dict[str, Future[Plan]] = {}
        self._jobs: dict[str, int] = {}
        self._runs: dict[str, str] = {}  # plan id -> client of its queued sensitivity run
        self._watcher = threading.Thread(target=self._watch, name="plans-done", daemon=True)
        self._embedded: EmbeddedWorker | None = None
        if settings.queue_workers > 0:
            from service.worker import EmbeddedWorker

            assert isinstance(store, PostgresStore)
            self._embedded = EmbeddedWorker(store, settings, settings.queue_workers)

    def submit(
        self, pending: Plan, catalog: Catalog, forecast: Forecast, client: str
    ) -> Future[Plan]:
        """Enqueue the stored `solving` plan; the future completes when a worker stores it."""
        future: Future[Plan] = Future()
        with self._lock:
            self._waiting[pending.id] = future
        future.add_done_callback(lambda _: self._done(pending.id, client))
        try:
            self._jobs[pending.id] = self.queue.tasks[SOLVE_TASK].defer(
                plan_id=pending.id, catalog_revision=catalog.revision
            )
        except Exception as exc:
            error = f"the plan could not be queued ({type(exc).__name__}); POST it again"
            failed = msgspec.structs.replace(pending, status="failed", error=error)
            store_finished(self.store, self.webhooks, failed)
            # The watcher may have completed it already, with the plan as stored (the same):
            # setting it again raised, and the POST was a 500 (a loaded run, session 18).
            with contextlib.suppress(InvalidStateError):
                future.set_result(failed)
            log.exception("plan %s could not be queued", pending.id)
        return future

    def defer_sensitivity(
        self, plan_id: str, catalog_revision: int, created_at: str, client: str
    ) -> None:
        """Enqueue the sensitivity run of `plan_id` stored `solving` at `created_at`; the
        place `client` reserved for it is given back once a worker has stored it."""
        self.queue.tasks[SENSITIVITY_TASK].defer(
            plan_id=plan_id, catalog_revision=catalog_revision, created_at=created_at
        )
        with self._lock:
            # A plan's run is POSTed again only once the last one is stored: its place is free.
            previous = self._runs.get(plan_id)
            self._runs[plan_id] = client
        if previous is not None:
            self.cancel(previous)

    def cancel_queued(self, plan_id: str) -> None:
        """Cancel the plan's job when no worker has taken it yet (a job this API enqueued):
        stored `cancelled` at once. (A worker that has it hears of the cancel through the
        store.)"""
        job_id = self._jobs.get(plan_id)
        if job_id is not None and self.queue.job_manager.cancel_job_by_id(job_id):
            pending = msgspec.json.decode(self.store.document("plans", plan_id), type=Plan)
            store_finished(self.store, self.webhooks, cancelled_unsolved(pending))

    def _done(self, plan_id: str, client: str) -> None:
        with self._lock:
            self._waiting.pop(plan_id, None)
            self._jobs.pop(plan_id, None)
        self.cancel(client)

    def _watch(self) -> None:
        """Complete the futures of the plans workers have stored: looked for whenever a
        worker announces a finished document, and every POLL_S in any case (a notice is lost
        with its connection, which is opened again at once, then every RELISTEN_S while that
        fails)."""
        notices: psycopg.Connection[Any] | None = None
        listen_at = 0.0
        try:
            while not self._stopping.is_set():
                if notices is None and time.monotonic() >= listen_at:
                    notices = self._listen()
                    listen_at = time.monotonic() + RELISTEN_S
                    if self._stopping.is_set():  # asked while it connected: its notice missed
                        break
                listening = notices is not None
                notices = self._wait_notice(notices)
                if listening and notices is None:
                    listen_at = 0.0  # it broke: listen again at once
                if self._stopping.is_set():
                    break
                self._complete_finished()
                self._release_runs()
        finally:
            if notices is not None:
                notices.close()

    def _listen(self) -> psycopg.Connection[Any] | None:
        """A connection listening on FINISHED_CHANNEL, or None (polling only) when none opens
        within LISTEN_TIMEOUT_S."""
        conn: psycopg.Connection[Any] | None = None
        try:
            conn = psycopg.connect(
                self.settings.database_url, autocommit=True, connect_timeout=LISTEN_TIMEOUT_S
            )
            conn.execute(f"LISTEN {FINISHED_CHANNEL}".encode())
        except psycopg.Error:
            if conn is not None:
                conn.close()
            log.warning(
                "listening for finished plans failed: polling every %s s, trying again in %s s",
                POLL_S,
                RELISTEN_S,
                exc_info=True,
            )
            return None
        return conn

    def _wait_notice(
        self, notices: psycopg.Connection[Any] | None
    ) -> psycopg.Connection[Any] | None:
        """Wait for a notice, at most POLL_S; the connection to go on with (None once it
        broke: polling until it is opened again)."""
        if notices is None:
            self._stopping.wait(POLL_S)
            return None
        try:
            for _notice in notices.notifies(timeout=POLL_S, stop_after=1):
                pass
        except psycopg.Error:
            if not self._stopping.is_set():  # else: its database was dropped as it stopped
                log.warning("the connection listening for finished plans broke", exc_info=True)
            notices.close()
            return None
        return notices

    def _complete_finished(self) -> None:
        with self._lock:
            waiting = dict(self._waiting)
        try:
            finished = self.store.finished("plans", list(waiting))
        except Exception:
            log.exception("looking for finished plans failed")
            return
        for plan_id, doc in finished:
            # A waiter that gave up (a cancelled wait) since the snapshot: setting its
            # result raised and ended this thread, and no wait completed after it.
            with contextlib.suppress(InvalidStateError):
                waiting[plan_id].set_result(msgspec.json.decode(doc, type=Plan))

    def _release_runs(self) -> None:
        """Give back the places of the sensitivity runs workers have stored."""
        with self._lock:
            runs = list(self._runs)
        try:
            stored = self.store.finished(SENSITIVITIES, runs)
        except Exception:
            log.exception("looking for finished sensitivity runs failed")
            return
        for plan_id, _doc in stored:
            with self._lock:
                client = self._runs.pop(plan_id)
            self.cancel(client)

    def start(self) -> int:
        """Open the queue and start watching; requeue nothing (the queue retries jobs)."""
        self.queue.open()
        self._watcher.start()
        if self._embedded is not None:
            self._embedded.start()
        return 0

    def shutdown(self) -> None:
        """Stop waiting: the plans stay queued for the workers. The watcher is woken (a
        notice) and joined, so that its listening connection is closed with the app rather
        than up to POLL_S later, after the store."""
        self._closing.set()
        self._stopping.set()
        with self._lock:
            waiting = list(self._waiting.values())
        for future in waiting:
            future.cancel()
        if self._watcher.is_alive():
            assert isinstance(self.store, PostgresStore)
            with contextlib.suppress(psycopg.Error):  # its database gone: it polls, ends soon
                self.store.wake_listeners()
            self._watcher.join(timeout=2 * POLL_S + LISTEN_TIMEOUT_S)
        if self._embedded is not None:
            self._embedded.stop()
        self.queue.close()


def queued_or_local(store: Store, settings: Settings) -> Solver:
    """The API's solver: the queue with PostgreSQL (the queue retries the jobs of a worker
    that stopped), else the in-process pool, which reruns the plans and sensitivity runs a
    stopped server left `solving`."""
    if settings.database_url:
        return QueuedSolver(store, settings)
    solver = Solver(store, settings)
    solver.reclaim(SENSITIVITIES, functools.partial(rerun, store, slots=solver.slots))
    return solver
