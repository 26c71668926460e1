"""Running a plan's sensitivity and storing it: in the API's solver pool (embedded SQLite), or,
with PostgreSQL, in a `tokenplan worker` that runs the `run_sensitivity` job the API enqueued
(service/queue_pg.py). The stored document (`solving` until done) is the job's state: a job
retried after its worker died runs again only while the run it was enqueued for is still
`solving`, so a finished run is never computed or stored twice. A finished run that a run
with other settings replaces is kept aside (`KEPT`) until that run is done: if it fails, the
finished run comes back, with the failure in its `last_failure`."""

from __future__ import annotations

import logging

import msgspec

from catalog import Catalog, NotFound
from optimizer import Plan, Sensitivity, SensitivityOptions, sensitivity
from service.jobs import MAX_ATTEMPTS
from service.store import KeyTaken, Store

__all__ = ["COLLECTION", "KEPT", "keep_finished", "run_and_store", "run_queued", "store_failed"]

log = logging.getLogger("tokenplan")
COLLECTION = "sensitivities"
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


def _finish(store: Store, result: Sensitivity) -> Sensitivity:
    """Store `result`, the plan's run now; a failed one gives way to the finished run it
    replaced, if one was kept, with the failure in its `last_failure`."""
    kept = None
    try:
        kept = msgspec.json.decode(store.document(KEPT, result.plan_id), type=Sensitivity)
        store.delete_document(KEPT, result.plan_id)
    except (NotFound, msgspec.ValidationError):
        pass
    if result.status == "failed" and kept is not None and kept.status == "done":
        failure = f"a run with {msgspec.json.encode(result.options).decode()} failed: "
        result = msgspec.structs.replace(kept, last_failure=failure + (result.error or ""))
    store.replace_document(COLLECTION, result.plan_id, msgspec.json.encode(result), result.status)
    return result


def store_failed(store: Store, pending: Sensitivity, error: str) -> Sensitivity:
    """`pending` stored failed with `error` (or the finished run it replaced, kept)."""
    return _finish(store, msgspec.structs.replace(pending, status="failed", error=error))


def run_and_store(
    store: Store, catalog: Catalog, plan: Plan, options: SensitivityOptions, created_at: str
) -> Sensitivity:
    """Run the sensitivity of `plan` and store it (`failed`, with the error, when it cannot
    be computed)."""
    try:
        # One re-solve at a time: the run holds one solver slot (TOKENPLAN_SOLVERS counts them).
        result = sensitivity(catalog, plan, options, created_at=created_at, workers=1)
    except Exception as exc:  # stored as failed: the client polls for it
        log.exception("sensitivity of plan %s failed", plan.id)
        error = getattr(exc, "detail", None) or f"{type(exc).__name__}: {exc}"
        result = Sensitivity(
            plan_id=plan.id, status="failed", created_at=created_at, options=options, error=error
        )
    return _finish(store, result)


def run_queued(store: Store, job: tuple[str, int, str], attempts: int) -> str:
    """Run by a worker: the sensitivity of plan `job[0]` that the API stored `solving` at
    `job[2]`, against catalog revision `job[1]`, stored; return its status (`already stored`
    when that run is finished, or was replaced by a newer one, and so nothing is done). A job
    tried more than MAX_ATTEMPTS times before (its workers died) is stored failed instead."""
    plan_id, catalog_revision, created_at = job
    try:
        pending = msgspec.json.decode(store.document(COLLECTION, plan_id), type=Sensitivity)
    except NotFound:
        return "already stored"  # its plan was deleted
    if pending.status != "solving" or pending.created_at != created_at:
        return "already stored"
    if attempts > MAX_ATTEMPTS:
        error = f"workers stopped {MAX_ATTEMPTS} times while running it; POST it again"
        return _store_failed(store, pending, error)
    try:
        plan = msgspec.json.decode(store.document("plans", plan_id), type=Plan)
        catalog = store.catalog(catalog_revision)
    except Exception as exc:
        log.exception("sensitivity of plan %s cannot run", plan_id)
        return _store_failed(store, pending, f"it cannot run: {type(exc).__name__}: {exc}")
    return run_and_store(store, catalog, plan, pending.options, created_at).status


def _store_failed(store: Store, pending: Sensitivity, error: str) -> str:
    return store_failed(store, pending, error).status
