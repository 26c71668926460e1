"""POST /plans/{id}/sensitivity (asynchronous, 202), GET /plans/{id}/sensitivity and its report
(.md, .html with the tornado chart): a stored plan's cost response and target prices, solved
in the solver pool (embedded SQLite) or, with PostgreSQL, by a `tokenplan worker` running the
job the API enqueues (the API never solves), and stored beside the plan (one per plan). A POST
with the settings of the stored run answers that run (finished: 200; running: 202), never
re-solving it; other settings replace a finished or failed run (a 409 while one runs), a
finished one coming back if the new run fails. With `Prefer: wait=N` the POST and the GET
answer once the run is finished (or after N seconds): a client learns of its end when it is
stored, not at its next poll."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from concurrent.futures import Future
from typing import Any

import msgspec
from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, SkipValidation
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from catalog import Conflict, NotFound
from optimizer import Sensitivity, SensitivityOptions, check_sensitivity
from optimizer.sensitivity import check_options
from service.auth import client_of
from service.errors import decode_body, problems
from service.http_common import rendering, stored_json
from service.jobs import LEASE_S, Solver, now
from service.plan_docs import load_plan
from service.plan_events_api import stopped
from service.plans_api import Prefer, wait_seconds
from service.queue_pg import QueuedSolver
from service.reports.sensitivity import markdown, page
from service.reports_api import PAGE_HEADERS
from service.sensitivity_jobs import COLLECTION, keep_finished, run_and_store, store_failed
from service.store import KeyTaken, Store

__all__ = ["COLLECTION", "SENSITIVITY_REPORTS", "SensitivityController", "run_and_store"]

log = logging.getLogger("tokenplan")
_CLAIM_TRIES = 5
"""How often a POST reads the stored run again when another process's run replaced it
between its read and its write (each time, that run is answered unless it finished)."""
REPORTS = {"md": ("text/markdown; charset=utf-8", markdown), "html": ("text/html", page)}


def _stored(store: Store, plan_id: str) -> bytes:
    try:
        return store.document(COLLECTION, plan_id)
    except NotFound as exc:
        msg = f"plan {plan_id} has no sensitivity yet: POST /plans/{plan_id}/sensitivity"
        raise NotFound(msg) from exc


def _solving(doc: bytes) -> bool:
    return b'"status":"solving"' in doc[:300]


WAIT_POLL_S = 0.05
"""How often a wait (`Prefer: wait=N`) reads the stored run when the run is not this server's
to follow (a worker's, with PostgreSQL, or another server's): a read is a moment."""


def _retrieved(future: asyncio.Future[object]) -> None:
    """Take a run's outcome off `future` (its failure is stored and logged by the run)."""
    if not future.cancelled():
        future.exception()


async def _waited(store: Store, solver: Solver, plan_id: str, seconds: float) -> bytes:
    """The plan's stored run once it is no longer solving, or after `seconds`: a run of this
    server's is followed to its end (`Solver.leased`, no polling: the answer leaves as the run
    is stored); any other is read every WAIT_POLL_S."""
    deadline = time.monotonic() + seconds
    here: Future[object] | None = solver.leased(COLLECTION, plan_id)
    if here is not None:
        ended = asyncio.wrap_future(here)
        ended.add_done_callback(_retrieved)
        await asyncio.wait({ended}, timeout=seconds)
        return _stored(store, plan_id)
    doc = _stored(store, plan_id)
    while _solving(doc) and time.monotonic() < deadline:
        await asyncio.sleep(WAIT_POLL_S)
        doc = _stored(store, plan_id)
    return doc


async def _within(
    store: Store, solver: Solver, plan_id: str, answer: Response[Any], prefer: str | None
) -> Response[Any]:
    """A POST's `answer`, or, when it is a 202 and the client said `Prefer: wait=N`, the run
    as stored once finished within N seconds (200), else as stored then (202)."""
    wait = wait_seconds(prefer, default=0.0)
    if answer.status_code != HTTP_202_ACCEPTED or wait <= 0:
        return answer
    doc = await _waited(store, solver, plan_id, wait)
    response = stored_json(doc, dict(answer.headers))
    response.status_code = HTTP_202_ACCEPTED if _solving(doc) else HTTP_200_OK
    return response


def _kept(store: Store, plan_id: str, options: SensitivityOptions) -> Response[Sensitivity] | None:
    """The stored run a POST answers instead of starting one: the run with the same settings
    (200 when done, 202 while solving); None when there is none, it failed (POST again runs
    it again) or it had other settings and is finished (a new run replaces it).

    Raises:
        Conflict: a run with other settings is solving (one run per plan at a time).
    """
    try:
        stored = msgspec.json.decode(store.document(COLLECTION, plan_id), type=Sensitivity)
    except (NotFound, msgspec.ValidationError):
        return None  # none yet, or stored by older code: run it afresh
    same = stored.options == options
    # A run stored before its targets' proofs were checked may call `verified` what a
    # re-solve stopped on its time limit found (probe 13), and one stored before the limits
    # were answered has none (probe 14a): run it again.
    current = stored.proofs_checked and stored.limits_run
    answered = stored.status == "solving" or (stored.status == "done" and current)
    if same and answered:
        code = HTTP_200_OK if stored.status == "done" else HTTP_202_ACCEPTED
        location = f"/plans/{plan_id}/sensitivity"
        return Response(stored, status_code=code, headers={"Location": location})
    if stored.status == "solving":
        msg = (
            f"a sensitivity of plan {plan_id} with other settings is running: GET it until it "
            "is done, then POST these settings again"
        )
        raise Conflict(msg)
    return None


def _claim(
    store: Store, plan_id: str, options: SensitivityOptions, pending: bytes, owner: str
) -> Response[Sensitivity] | None:
    """Store the pending run, leased to server `owner` (None: this POST runs it). A run stored
    since `_kept` looked (a POST at the same moment on another API process, PostgreSQL) is
    answered as `_kept` answers it: the same settings, that run (202, not a 409 and not a
    second run); other settings running, a 409; finished or failed, replaced, only while it
    is still not running (a compare-and-set: two processes that both found it finished
    both answered 202 and one run was never made, probe 16b F1).

    Raises:
        Conflict: a run with other settings is solving.
    """
    try:
        store.insert_document(
            COLLECTION,
            plan_id,
            pending,
            parent_id=plan_id,
            status="solving",
            owner=owner,
            lease_s=LEASE_S,
        )
        return None
    except KeyTaken:
        pass
    for _ in range(_CLAIM_TRIES):
        kept = _kept(store, plan_id, options)
        if kept is not None:
            return kept
        keep_finished(store, plan_id)
        if store.lease_anew(COLLECTION, plan_id, pending, owner, LEASE_S):
            return None
        # Another process's run was stored since `_kept` read: answer it as `_kept` does.
    msg = f"the sensitivity of plan {plan_id} is being replaced by other requests: POST again"
    raise Conflict(msg)


class SensitivityController(Controller):
    """A plan's sensitivity and target prices."""

    path = "/plans/{plan_id:str}"
    tags = ["plans"]

    @post(
        "/sensitivity",
        operation_id="createSensitivity",
        status_code=HTTP_202_ACCEPTED,
        responses={
            **problems(400, 401, 403, 404, 409, 422),
            200: ResponseSpec(
                data_container=Sensitivity,
                description="The stored run with these settings, finished: not re-solved",
                generate_examples=False,
            ),
        },
        summary="Re-solve a plan for its sensitivity and target prices",
        description=(
            "202 at once with `Location`: the plan is re-solved with each eligible offer's "
            "price and each workload's demand changed by each step (default -25%, -10%, +10%, "
            "+25%), and every eligible offer's target price is found and verified by "
            "re-solves, within the run's time budget `max_seconds` (default 600 s): what it "
            "leaves is stored as such (`finished` false, responses `not_run`, targets "
            "`unfinished` with the bracket each has, and a warning); POST with a larger "
            "budget for the rest. Poll GET /plans/{id}/sensitivity. Send `{}` for the "
            "defaults. The plan and its catalog revision are fixed, so a POST with the "
            "settings of the "
            "stored run answers that run (200 when finished, 202 while it runs) and never "
            "throws it away; other settings replace a finished or failed run (202), and are "
            "a 409 while a run with other settings is going. 422 for a plan that is not "
            "solved or does not minimise cost. With `Prefer: wait=N` (at most 300 s; none "
            "unless asked) the answer waits for the run: 200 with it once finished within N "
            "seconds, else 202 as it stands."
        ),
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        store: NamedDependency[Store],
        solver: NamedDependency[Solver],
        plan_id: FromPath[str],
        data: JSONBody[SkipValidation[SensitivityOptions]],
        prefer: Prefer = None,
    ) -> Response[Sensitivity]:
        options = decode_body(data, SensitivityOptions)
        check_options(options)
        plan = load_plan(store, plan_id)
        check_sensitivity(plan)
        kept = _kept(store, plan.id, options)
        if kept is not None:
            return await _within(store, solver, plan.id, kept, prefer)
        catalog = store.catalog(plan.catalog_revision)
        client = client_of(request)
        solver.reserve(client)
        pending = Sensitivity(
            plan_id=plan.id, status="solving", created_at=now(), options=options, finished=False
        )
        try:
            kept = _claim(store, plan.id, options, msgspec.json.encode(pending), solver.owner)
        except BaseException:
            solver.cancel(client)
            raise
        if kept is not None:
            solver.cancel(client)
            return await _within(store, solver, plan.id, kept, prefer)
        if isinstance(solver, QueuedSolver):  # PostgreSQL: a worker runs it
            try:
                solver.defer_sensitivity(plan.id, catalog.revision, pending.created_at, client)
            except Exception as exc:
                solver.cancel(client)
                log.exception("the sensitivity of plan %s could not be queued", plan.id)
                error = f"the sensitivity could not be queued ({type(exc).__name__}); POST again"
                pending = store_failed(store, pending, error)
        else:
            run = functools.partial(
                run_and_store,
                store,
                catalog,
                plan,
                options,
                pending.created_at,
                solver.owner,
                slots=solver.slots,
            )
            solver.run_leased(COLLECTION, plan.id, client, run)
        location = f"/plans/{plan.id}/sensitivity"
        headers = {"Location": location, "Retry-After": "5"}
        started = Response(pending, status_code=HTTP_202_ACCEPTED, headers=headers)
        return await _within(store, solver, plan.id, started, prefer)

    @post(
        "/sensitivity/cancel",
        operation_id="cancelSensitivity",
        status_code=HTTP_200_OK,
        responses={
            **problems(401, 403, 404, 409),
            202: ResponseSpec(
                data_container=Sensitivity,
                description="Still stopping after the wait: poll Location",
                generate_examples=False,
            ),
        },
        summary="Cancel a running sensitivity",
        description=(
            "Ends the run's time budget at once: a solver run under way is interrupted within "
            "a quarter second (its plan so far kept, unproven), no other starts, and the run is "
            "stored `done` with what it has (`finished` false, the "
            "responses left `not_run`, the targets left `unfinished` with the bracket each "
            "has, and a warning saying it was cancelled); a run cancelled before it began is "
            "stored `failed`, and a finished run it replaced is kept. 200 with the run once "
            "stored within `Prefer: wait=N` (default 10 s), else 202. 409 when the run is not "
            "solving."
        ),
    )
    async def cancel(
        self,
        store: NamedDependency[Store],
        solver: NamedDependency[Solver],
        plan_id: FromPath[str],
        prefer: Prefer = None,
    ) -> Response[Sensitivity]:
        try:
            status = store.request_cancel(plan_id, collection=COLLECTION)
        except NotFound as exc:
            msg = f"plan {plan_id} has no sensitivity yet: POST /plans/{plan_id}/sensitivity"
            raise NotFound(msg) from exc
        if status != "solving":
            msg = f"the sensitivity of plan {plan_id} is {status}: only a running one is cancelled"
            raise Conflict(msg)

        def stored_failed() -> None:
            pending = msgspec.json.decode(_stored(store, plan_id), type=Sensitivity)
            store_failed(store, pending, "the run was cancelled before it began", solver.owner)

        # Waiting for a slot here: stored at once (probe 14c: it waited for the slot first).
        solver.cancel_queued_run(COLLECTION, plan_id, stored_failed)
        location = f"/plans/{plan_id}/sensitivity"
        return await stopped(lambda: _stored(store, plan_id), location, prefer)

    @get(
        "/sensitivity",
        operation_id="getSensitivity",
        responses=problems(404),
        summary="A plan's sensitivity (status `solving` until done)",
        description=(
            "With `Prefer: wait=N` (at most 300 s; none unless asked) a run still solving is "
            "waited for: answered once finished, or as it stands after N seconds."
        ),
    )
    async def read(
        self,
        store: NamedDependency[Store],
        solver: NamedDependency[Solver],
        plan_id: FromPath[str],
        prefer: Prefer = None,
    ) -> Response[Sensitivity]:
        doc = _stored(store, plan_id)
        wait = wait_seconds(prefer, default=0.0)
        if _solving(doc) and wait > 0:
            doc = await _waited(store, solver, plan_id, wait)
        return stored_json(doc, {"Retry-After": "5"} if _solving(doc) else None)


def _report_handler(fmt: str) -> HTTPRouteHandler:
    media_type, render = REPORTS[fmt]

    async def handler(store: NamedDependency[Store], plan_id: FromPath[str]) -> Response[str]:
        result = msgspec.json.decode(_stored(store, plan_id), type=Sensitivity)
        if result.status != "done":
            raise Conflict(f"the sensitivity of plan {plan_id} is {result.status}")
        content = await to_thread.run_sync(render, result, limiter=rendering())
        filename = f"{plan_id}-sensitivity.{fmt}"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"', **PAGE_HEADERS}
        return Response(content, media_type=media_type, headers=headers)

    return get(
        f"/plans/{{plan_id:str}}/sensitivity.{fmt}",
        operation_id=f"getSensitivityReport{fmt.capitalize()}",
        responses=problems(404, 409),
        summary=f"A plan's sensitivity as {fmt.upper()}"
        + (" with its tornado chart" if fmt == "html" else ""),
        media_type=media_type,
        name=f"sensitivity-{fmt}",
        tags=["reports"],
    )(handler)


SENSITIVITY_REPORTS = [_report_handler(fmt) for fmt in REPORTS]
