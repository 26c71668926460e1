"""`tokenplan worker`: solves the plans the API enqueued on PostgreSQL, `concurrency` at once,
each in a capped child process, on any number of machines; and runs the sensitivity runs it
enqueued (service/sensitivity_jobs.py).

A worker that dies mid-solve loses nothing: the others see its heartbeat stop and retry its
jobs; the retry claims the plan (its owner changes), so the dead worker's result, should it
come, is not stored, and a job whose plan is already stored does nothing (never twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import threading
from collections.abc import Iterator

import msgspec
import procrastinate

from catalog import NotFound
from optimizer import Plan, Sensitivity
from optimizer.slots import Slots
from service.config import Settings
from service.jobs import (
    LEASE_S,
    MAX_ATTEMPTS,
    Stopped,
    forecast_of,
    new_id,
    solve_and_store,
    store_finished,
)
from service.queue_pg import SENSITIVITY_TASK, SOLVE_TASK, queue_app
from service.sensitivity_jobs import COLLECTION, run_queued
from service.solve_process import warm_up
from service.store_pg import PostgresStore
from service.webhooks import Webhooks

__all__ = ["EmbeddedWorker", "Worker", "run_worker"]

log = logging.getLogger("tokenplan")
LOG_NAME = "tokenplan"
"""Every worker's name to Procrastinate, which names the worker's logger after it. Named
after each worker's owner id, every worker added a logger to the process's registry (never
removed) from the worker's thread, while pytest's log capture walked that registry in
another: "dictionary changed size during iteration". `_work` logs the owner id as it starts."""
logging.getLogger("procrastinate.worker").getChild(LOG_NAME)  # made now, before any thread
POLL_S = 0.5
"""A worker looks for jobs this often besides being told of each (LISTEN/NOTIFY), which it
misses while it starts."""


class Interrupted(Exception):
    """The worker stopped during the solve: the job is retried (by this worker or another)."""


class Worker:
    """Solves one queued plan at a time per job, for one worker process running `concurrency`
    jobs at once: each holds one of its `slots` while it runs, and a sensitivity run borrows
    the others while they are free, one solver run at a time (service/sensitivity_jobs.py)."""

    def __init__(self, store: PostgresStore, settings: Settings, concurrency: int = 1) -> None:
        self.store = store
        self.settings = settings
        self.slots = Slots(concurrency)
        self.owner = new_id(f"worker_{os.getpid()}")
        self.stopping = threading.Event()
        self.webhooks = Webhooks(store, settings)
        """The events of the plans solved here; stopped (their deliveries awaited) when the
        worker's jobs have ended, before its store closes."""
        self._jobs = 0  # jobs running now (`busy`)
        self._lock = threading.Lock()

    @property
    def busy(self) -> bool:
        """Whether a job (a solve or a sensitivity) runs now."""
        with self._lock:
            return self._jobs > 0

    @contextlib.contextmanager
    def _running(self) -> Iterator[None]:
        with self._lock:
            self._jobs += 1
        try:
            yield
        finally:
            with self._lock:
                self._jobs -= 1

    def solve(self, plan_id: str, catalog_revision: int) -> str:
        """Claim, solve and store one plan against `catalog_revision`; return its status.

        Raises:
            Interrupted: the worker is stopping; the plan stays `solving` for the retry.
        """
        with self._running(), self.slots.held():
            return self._solve(plan_id, catalog_revision)

    def _solve(self, plan_id: str, catalog_revision: int) -> str:
        claimed = self.store.claim_plan(plan_id, self.owner, LEASE_S)
        if claimed is None:
            return "already stored"
        plan = msgspec.json.decode(claimed.doc, type=Plan)
        if claimed.attempts - 1 > MAX_ATTEMPTS:
            error = f"workers stopped {MAX_ATTEMPTS} times while solving it; POST it again"
            failed = msgspec.structs.replace(plan, status="failed", error=error)
            if not store_finished(self.store, self.webhooks, failed, owner=self.owner):
                return "already stored"
            return "failed"
        job = (plan, self.store.catalog(catalog_revision), forecast_of(self.store, plan))
        solved = solve_and_store(
            self.store, self.owner, job, self.settings, self.stopping, None, self.webhooks
        )
        if solved.status == "solving":
            raise Interrupted(plan_id)
        return solved.status

    def sensitivity(
        self, plan_id: str, catalog_revision: int, created_at: str, attempts: int
    ) -> str:
        """Run and store the sensitivity of `plan_id` enqueued at `created_at` (its job tried
        `attempts` times before); return its status.

        Raises:
            Interrupted: the worker is stopping; the run stays `solving` for the retry.
        """
        job = (plan_id, catalog_revision, created_at)
        with self._running(), self.slots.held():
            try:
                owner = f"{self.owner}/{created_at}"  # this job's: see `run_queued`
                return run_queued(self.store, job, attempts, self.slots, self.stopping, owner)
            except Stopped:
                # Review 13: the worker's stop never reached the run, whose child went on
                # after the store had closed; now it stops, `solving`, for the retry.
                raise Interrupted(plan_id) from None


async def _retry_stalled(app: procrastinate.App, stalled_s: float, store: PostgresStore) -> None:
    """Put back the running jobs of workers whose heartbeat is `stalled_s` old (they died),
    looking at each heartbeat; and enqueue the plans and runs stored with no job
    (`_requeue_orphans`)."""
    manager = app.job_manager
    while True:
        await asyncio.sleep(stalled_s / 4)
        try:
            for job in await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_s):
                log.warning("job %s of a stopped worker is retried", job.id)
                with contextlib.suppress(Exception):  # another worker retried it first
                    await manager.retry_job(job)
            await _requeue_orphans(app, store)
        except Exception:
            log.exception("looking for stalled jobs failed")


async def _requeue_orphans(app: procrastinate.App, store: PostgresStore) -> None:
    """Enqueue the plans and sensitivity runs an API stored `solving` and died before it
    enqueued their job (`PostgresStore.claim_orphans`), against their plan's catalog
    revision."""
    plans = await asyncio.to_thread(store.claim_orphans, "plans", SOLVE_TASK, LEASE_S)
    for plan_id, doc in plans:
        plan = msgspec.json.decode(doc, type=Plan)
        log.warning("plan %s was stored with no job (its API stopped): queued", plan_id)
        await app.tasks[SOLVE_TASK].defer_async(
            plan_id=plan_id, catalog_revision=plan.catalog_revision
        )
    runs = await asyncio.to_thread(store.claim_orphans, COLLECTION, SENSITIVITY_TASK, LEASE_S)
    for plan_id, doc in runs:
        run = msgspec.json.decode(doc, type=Sensitivity)
        try:
            solved = await asyncio.to_thread(store.document, "plans", plan_id)
        except NotFound:
            continue  # its plan was deleted: the run goes with it
        revision = msgspec.json.decode(solved, type=Plan).catalog_revision
        log.warning(
            "sensitivity of plan %s was stored with no job (its API stopped): queued", plan_id
        )
        await app.tasks[SENSITIVITY_TASK].defer_async(
            plan_id=plan_id, catalog_revision=revision, created_at=run.created_at
        )


@contextlib.contextmanager
def _stopped_by_signals(worker: Worker, run: asyncio.Task[None]) -> Iterator[list[bool]]:
    """SIGINT and SIGTERM stop `worker`'s running solves and runs at once (`stopping`: each
    stops at its next check, stays `solving` and its job is retried) and then the queue
    worker `run`, which waits for its jobs to end. Procrastinate's own handlers only stopped
    the queue worker, which cancels its heartbeat first and then waits for the jobs for ever:
    a solve went on for its whole time limit with no heartbeat, and another worker retried
    the same job meanwhile, both solving it at once (probe 14b, finding 1). Yields a flag
    set once a signal came."""
    loop = asyncio.get_running_loop()
    heard: list[bool] = []

    def stop() -> None:
        if not heard:
            log.info("stopping: the running jobs are stopped and retried")
        heard.append(True)
        worker.stopping.set()
        run.cancel()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop)
    try:
        yield heard
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)


async def _work(worker: Worker, concurrency: int, *, signals: bool = True) -> None:
    """Run `worker`'s jobs, `concurrency` at once, until cancelled (or, with `signals`,
    SIGINT/SIGTERM: `_stopped_by_signals`); the running solves are stopped and their jobs
    retried."""
    app = queue_app(worker.settings.database_url)
    stalled_s = worker.settings.worker_stalled_s
    try:
        async with app.open_async():
            log.info("worker %s runs %d job(s) at once", worker.owner, concurrency)
            stalled = asyncio.create_task(_retry_stalled(app, stalled_s, worker.store))
            try:
                run = asyncio.create_task(
                    app.run_worker_async(
                        concurrency=concurrency,
                        name=LOG_NAME,
                        additional_context={
                            "solve": worker.solve,
                            "sensitivity": worker.sensitivity,
                        },
                        update_heartbeat_interval=stalled_s / 4,
                        fetch_job_polling_interval=POLL_S,
                        stalled_worker_timeout=stalled_s,
                        delete_jobs="never",
                        install_signal_handlers=False,
                    )
                )
                if not signals:
                    await run
                else:
                    with _stopped_by_signals(worker, run) as heard:
                        try:
                            await run
                        except asyncio.CancelledError:
                            if not heard:
                                raise  # cancelled from outside, not by a signal
            finally:
                worker.stopping.set()
                stalled.cancel()
                worker.webhooks.stop()  # at once unless a delivery is under way
    finally:
        # Cancelled while the pool opens, `open_async` never enters and so never closes the
        # pool it already made (Procrastinate stores it before `pool.open(wait=True)`). Its
        # psycopg_pool workers are meant to be stopped by `close()`: they catch
        # CancelledError around a connection attempt, so asyncio.run's final cancel leaves one
        # waiting on its task queue for ever, and the thread never ends. Closing it here
        # (nothing to do when it closed normally) stops them.
        await app.connector.close_async()


async def run_worker(settings: Settings, concurrency: int) -> None:
    """`tokenplan worker`: run until SIGINT/SIGTERM."""
    warm_up()
    store = PostgresStore(settings.database_url, pool_size=concurrency + 2)
    try:
        await _work(Worker(store, settings, concurrency), concurrency)
    finally:
        store.close()


STRAGGLER_S = 2.0
"""How long the tasks left when an embedded worker ends get to finish once cancelled."""
RECANCEL_S = 0.1
"""How often an embedded worker that runs no job is cancelled again while it stops."""
_ABANDONED: list[asyncio.Task[object]] = []
"""Tasks that ignored their cancel, kept referenced: collected, a pending task's coroutine
would be closed from the garbage collector (an unraisable error) rather than left alone."""


def _cancel_stragglers(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel the loop's remaining tasks and give them STRAGGLER_S; keep any that stay."""
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if not pending:
        return
    _, stuck = loop.run_until_complete(asyncio.wait(pending, timeout=STRAGGLER_S))
    if stuck:
        log.warning("%d task(s) ignored their cancel as the embedded worker ended", len(stuck))
        _ABANDONED.extend(stuck)


class EmbeddedWorker:
    """A worker in a thread of an API process (`serve --workers N` with PostgreSQL)."""

    def __init__(self, store: PostgresStore, settings: Settings, concurrency: int) -> None:
        self.worker = Worker(store, settings, concurrency)
        self.concurrency = concurrency
        self._thread = threading.Thread(target=self._run, name="worker", daemon=True)
        self._started = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._stop_requested: asyncio.Event | None = None

    def _run(self) -> None:
        # asyncio.run, except that the tasks left at the end get STRAGGLER_S to finish: a
        # psycopg_pool worker cancelled mid-connect can swallow the cancel and wait on its
        # queue for ever, and asyncio.run would wait with it (a 30 s shutdown, now and then).
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._main())
        finally:
            try:
                _cancel_stragglers(loop)
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                asyncio.set_event_loop(None)
                loop.close()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop_requested = asyncio.Event()
        self._task = asyncio.create_task(_work(self.worker, self.concurrency, signals=False))
        self._started.set()
        asked = asyncio.create_task(self._stop_requested.wait())
        await asyncio.wait({self._task, asked}, return_when=asyncio.FIRST_COMPLETED)
        asked.cancel()
        if not self._task.done():
            await self._cancel(self._task)
        if self._task.done() and not self._task.cancelled():
            failure = self._task.exception()
            if failure is not None:
                log.error("the embedded worker failed", exc_info=failure)

    async def _cancel(self, task: asyncio.Task[None]) -> None:
        """Stop asked: cancel `task`, and wait a bounded time (STRAGGLER_S). A cancel
        delivered while Procrastinate opens its pool or registers the worker can be
        swallowed below us (psycopg_pool): the worker then runs on as if never asked (an
        unbounded wait made shutdown hang 30 s now and then; a bounded one, STRAGGLER_S
        each time, about one stop in twelve of an app that lived a moment). So while it
        runs no job, it is cancelled again every RECANCEL_S: a worker stopping cleanly has
        ended by then, and a job's own stop is not cut short."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STRAGGLER_S
        task.cancel()
        while not task.done() and loop.time() < deadline:
            await asyncio.wait({task}, timeout=RECANCEL_S)
            if not task.done() and not self.worker.busy:
                task.cancel()

    def start(self) -> None:
        warm_up()  # its first solve does not wait for the forkserver
        self._thread.start()
        self._started.wait(10)

    def stop(self) -> None:
        """Stop the running solves (their jobs are retried) and the worker."""
        self.worker.stopping.set()
        if self._loop is not None and self._stop_requested is not None:
            self._loop.call_soon_threadsafe(self._stop_requested.set)
        self._thread.join(30)
        if self._thread.is_alive():
            log.error("the embedded worker did not stop within 30 s")
