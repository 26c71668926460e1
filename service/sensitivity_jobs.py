"""Running a plan's sensitivity and storing it: in the API's solver pool (embedded SQLite), or,
with PostgreSQL, in a `tokenplan worker` that runs the `run_sensitivity` job the API enqueued
(service/queue_pg.py). The stored document (`solving` until done) is the job's state: a job
retried after its worker died runs again only while the run it was enqueued for is still
`solving`, so a finished run is never computed or stored twice. In the solver pool, a run is
leased to its server as a plan is: one that a stopped server left `solving` is claimed by the
next server to start (or one running) and run again (`rerun`). A finished run that a run
with other settings replaces is kept aside (`KEPT`) until that run is done: if it fails, the
finished run comes back, with the failure in its `last_failure`."""

from __future__ import annotations

import contextlib
import logging
import threading
import time

import msgspec

from catalog import Catalog, InvalidInput, NotFound
from optimizer import Plan, Sensitivity, SensitivityOptions, sensitivity
from optimizer.slots import Slots
from service.jobs import LEASE_S, MAX_ATTEMPTS, Stopped
from service.sensitivity_process import RunJob, run_in_child
from service.store import KeyTaken, Store
from service.store_documents import Claimed

__all__ = [
    "COLLECTION",
    "KEPT",
    "keep_finished",
    "rerun",
    "run_and_store",
    "run_queued",
    "store_failed",
]

log = logging.getLogger("tokenplan")
COLLECTION = "sensitivities"
PROGRESS_S = 0.5
"""How often, at most, a running run's progress (`solves`) is stored."""
KEPT = "sensitivities-kept"
"""A plan's finished run while a run with other settings replaces it."""


def keep_finished(store: Store, plan_id: str) -> None:
    """Set aside the plan's stored run, when finished, before a new run replaces it."""
    try:
        doc = store.document(COLLECTION, plan_id)
    except NotFound:
        return
    if b'"status":"done"' not in doc[:300]:
        return
    try:
        store.insert_document(KEPT, plan_id, doc, parent_id=plan_id, status="done")
    except KeyTaken:
        store.replace_document(KEPT, plan_id, doc, "done")


def _finish(store: Store, result: Sensitivity, owner: str | None = None) -> Sensitivity:
    """Store `result`, the plan's run now (with an `owner`, only while that server holds the
    run: another that claimed it stores its own); a failed one gives way to the finished run
    it replaced, if one was kept, with the failure in its `last_failure`."""
    kept = None
    with contextlib.suppress(NotFound, msgspec.ValidationError):
        kept = msgspec.json.decode(store.document(KEPT, result.plan_id), type=Sensitivity)
    if result.status == "failed" and kept is not None and kept.status == "done":
        failure = f"a run with {msgspec.json.encode(result.options).decode()} failed: "
        result = msgspec.structs.replace(kept, last_failure=failure + (result.error or ""))
    if result.status == "failed":  # a run that failed never finished
        result = msgspec.structs.replace(result, finished=False)
    doc = msgspec.json.encode(result)
    if not store.replace_document(COLLECTION, result.plan_id, doc, result.status, owner=owner):
        # Another server or worker holds the run now: the finished run kept stays for it.
        log.warning("sensitivity of plan %s was claimed by another server", result.plan_id)
        return result
    if kept is not None:
        with contextlib.suppress(NotFound):
            store.delete_document(KEPT, result.plan_id)
    return result


def store_failed(
    store: Store, pending: Sensitivity, error: str, owner: str | None = None
) -> Sensitivity:
    """`pending` stored failed with `error` (or the finished run it replaced, kept)."""
    return _finish(store, msgspec.structs.replace(pending, status="failed", error=error), owner)


def run_and_store(
    store: Store,
    catalog: Catalog,
    plan: Plan,
    options: SensitivityOptions,
    created_at: str,
    owner: str | None = None,
    stop: threading.Event | None = None,
    slots: Slots | None = None,
    attempt: int = 1,
) -> Sensitivity:
    """Run the sensitivity of `plan` and store it (`failed`, with the error, when it cannot
    be computed); with an `owner`, only while that server holds the run. With the server's
    `slots` (the run holds one), the run is made in a child process, its re-solves side by
    side on the slots free, one solver run at a time each (service/sensitivity_process.py);
    without, here, one re-solve at a time. `attempt`: which start of the run this is (2 or
    more when a server or worker that ran it stopped), stored with its progress and result.

    Raises:
        Stopped: `stop` was set (the server drains): the run stops (at its next re-solve;
        in a child, at once), stores nothing and is left `solving` for the next server.
    """

    stopped = f"the sensitivity of plan {plan.id} stopped: the server is stopping"
    said = [0.0]  # when progress was last stored
    began = time.monotonic()

    def cancelled() -> bool:
        return store.cancel_requested(plan.id, collection=COLLECTION)

    def progress(solves: int) -> None:
        """The solver runs started so far and the seconds since the run began, in the
        stored `solving` run (at most every PROGRESS_S): a client polling sees the run move
        (probe 14b, finding 7) against its `max_seconds` (probe 15 L6: `seconds` said 0)."""
        if time.monotonic() - said[0] < PROGRESS_S:
            return
        said[0] = time.monotonic()
        moving = Sensitivity(
            plan_id=plan.id,
            status="solving",
            created_at=created_at,
            options=options,
            solves=solves,
            seconds=round(time.monotonic() - began, 3),
            finished=False,
            attempt=attempt,
        )
        doc = msgspec.json.encode(moving)
        with contextlib.suppress(Exception):  # progress only: the run goes on
            store.write_progress(plan.id, doc, owner, collection=COLLECTION)

    def step(solves: int) -> None:
        if stop is not None and stop.is_set():
            raise Stopped(stopped)
        progress(solves)

    try:
        if cancelled():  # while it waited for a slot or a worker (review 14)
            raise InvalidInput.one("plan_id", "the run was cancelled before it began")
        if slots is None:  # one re-solve at a time, here
            result = sensitivity(
                catalog,
                plan,
                options,
                created_at=created_at,
                on_step=step,
                cancelled=cancelled,
            )
        else:
            # One thread a slot: the same table on any number (`optimizer.sensitivity`).
            job = RunJob(
                catalog=catalog,
                plan=plan,
                options=options,
                created_at=created_at,
                workers=slots.capacity,
            )
            ran = run_in_child(job, slots, stop or threading.Event(), cancelled, progress)
            if ran is None:
                raise Stopped(stopped)
            result = ran
    except Stopped:
        log.warning("sensitivity of plan %s left for the next server", plan.id)
        raise
    except InvalidInput as exc:  # a refusal (or a cancel before it began): no traceback
        result = Sensitivity(
            plan_id=plan.id,
            status="failed",
            created_at=created_at,
            options=options,
            error=exc.detail,
        )
    except Exception as exc:  # stored as failed: the client polls for it
        log.exception("sensitivity of plan %s failed", plan.id)
        error = getattr(exc, "detail", None) or f"{type(exc).__name__}: {exc}"
        result = Sensitivity(
            plan_id=plan.id, status="failed", created_at=created_at, options=options, error=error
        )
    return _finish(store, msgspec.structs.replace(result, attempt=attempt), owner)


def run_queued(
    store: Store,
    job: tuple[str, int, str],
    attempts: int,
    slots: Slots | None = None,
    stop: threading.Event | None = None,
    owner: str | None = None,
) -> str:
    """Run by a worker: the sensitivity of plan `job[0]` that the API stored `solving` at
    `job[2]`, against catalog revision `job[1]`, stored; return its status (`already stored`
    when that run is finished, or was replaced by a newer one, and so nothing is done). A job
    tried more than MAX_ATTEMPTS times before (its workers died) is stored failed instead.
    `slots`: the worker's (see `run_and_store`); `stop`: the worker is stopping (the run's
    child is stopped at once and `Stopped` raised: the run stays `solving` for the retry).
    `owner`: the worker's own name for this job; the run is claimed for it first, and its
    result stored only while it holds the run: a retry of the job on another worker (this
    one stalled) claims it in turn, and a newer run POSTed meanwhile belongs to the API's
    request, so a late result overwrites neither (probe 14b, finding 2: a stalled worker's
    result replaced the newer run a user had POSTed, which was then never made).

    Raises:
        Stopped: `stop` was set.
    """
    plan_id, catalog_revision, created_at = job

    def enqueued(doc: bytes) -> bool:
        """Whether `doc` is still the run this job was enqueued for."""
        with contextlib.suppress(msgspec.DecodeError):
            found = msgspec.json.decode(doc, type=Sensitivity)
            return found.status == "solving" and found.created_at == created_at
        return False

    if owner is not None:
        claimed = store.claim_document(COLLECTION, plan_id, owner, LEASE_S, accept=enqueued)
        if claimed is None:
            return "already stored"
        pending = msgspec.json.decode(claimed.doc, type=Sensitivity)
    else:
        try:
            doc = store.document(COLLECTION, plan_id)
        except NotFound:
            return "already stored"  # its plan was deleted
        if not enqueued(doc):
            return "already stored"
        pending = msgspec.json.decode(doc, type=Sensitivity)
    given_up = attempts > MAX_ATTEMPTS
    attempt = attempts + 1  # the job's tries before this one, and this
    return _run_pending(store, pending, catalog_revision, given_up, owner, stop, slots, attempt)


def rerun(
    store: Store,
    claimed: Claimed,
    owner: str,
    stop: threading.Event | None = None,
    slots: Slots | None = None,
) -> str:
    """Run by the solver pool of server `owner`: a run that a stopped server left `solving`,
    which `owner` has claimed (`claimed.attempts` counts this one), run again against its
    plan's catalog revision and stored; return its status. A run whose servers stopped
    MAX_ATTEMPTS times, or that cannot be read back, is stored failed instead. `slots`: see
    `run_and_store`."""
    try:
        pending = msgspec.json.decode(claimed.doc, type=Sensitivity)
    except msgspec.DecodeError as exc:
        stub = Sensitivity(plan_id=claimed.plan_id, status="solving", created_at="")
        return _store_failed(store, stub, f"it cannot be run again: {exc}", owner)
    given_up = claimed.attempts > MAX_ATTEMPTS
    attempt = claimed.attempts  # this one counted; the first start leased it as 1
    return _run_pending(store, pending, None, given_up, owner, stop, slots, attempt)


def _run_pending(
    store: Store,
    pending: Sensitivity,
    catalog_revision: int | None,
    given_up: bool,
    owner: str | None = None,
    stop: threading.Event | None = None,
    slots: Slots | None = None,
    attempt: int = 1,
) -> str:
    """Run and store the `pending` run against `catalog_revision` (None: its plan's), or,
    `given_up` on it, store it failed; return its status (`run_and_store` says when it
    stops instead). `attempt`: which start of the run this is."""
    if given_up:
        error = f"the servers or workers running it stopped {MAX_ATTEMPTS} times; POST it again"
        return _store_failed(store, pending, error, owner)
    try:
        plan = msgspec.json.decode(store.document("plans", pending.plan_id), type=Plan)
        revision = plan.catalog_revision if catalog_revision is None else catalog_revision
        catalog = store.catalog(revision)
    except Exception as exc:
        log.exception("sensitivity of plan %s cannot run", pending.plan_id)
        error = f"it cannot run: {type(exc).__name__}: {exc}"
        return _store_failed(store, pending, error, owner)
    options, created_at = pending.options, pending.created_at
    ran = run_and_store(store, catalog, plan, options, created_at, owner, stop, slots, attempt)
    return ran.status


def _store_failed(store: Store, pending: Sensitivity, error: str, owner: str | None) -> str:
    return store_failed(store, pending, error, owner).status
