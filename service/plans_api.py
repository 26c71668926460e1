"""POST /plans, GET /plans, GET /plans/{id}: plans solved against one catalog revision, stored
immutable; idempotent creates; 201 when solved within `Prefer: wait`, else 202."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import Future
from typing import Annotated, Any, NoReturn

import msgspec
from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, HeaderParameter, JSONBody, QueryParameter, SkipValidation
from litestar.status_codes import HTTP_201_CREATED, HTTP_202_ACCEPTED

from catalog import Conflict, InvalidInput, NotFound
from optimizer import Forecast, Plan, PlanRequest, Status, precheck
from service.auth import client_of
from service.errors import IdempotencyInFlight, decode_body, problems
from service.forecasts_api import StoredForecast
from service.http_common import Cursor, Limit, Page, page, rendering, stored_json
from service.idempotency import REPLAYED, IdempotencyKey, key_of, replay, scoped, winner
from service.jobs import LEASE_S, Solver, new_id, now
from service.plan_docs import PlanListItem, list_item, load_plan, served_plan
from service.reports import FORMATS
from service.store import KeyTaken, Store

__all__ = ["PlanController", "PlanListItem", "Prefer", "wait_seconds"]

Prefer = Annotated[
    str | None,
    HeaderParameter(
        name="Prefer",
        required=False,
        max_length=200,
        description="`wait=N` seconds to wait for the solve (RFC 7240), or `respond-async` "
        "for a 202 at once",
    ),
]
DEFAULT_WAIT_S = 10.0
MAX_WAIT_S = 300.0


class PlanPage(Page, frozen=True, kw_only=True):
    """A page of stored plans."""

    items: list[PlanListItem]


def wait_seconds(prefer: str | None, default: float = DEFAULT_WAIT_S) -> float:
    """How long to wait for the solve: `Prefer: wait=N` (at most 300), 0 for
    `respond-async` alone (RFC 7240), else `default` (10 s)."""
    prefer = prefer or ""
    match = re.search(r"\bwait\s*=\s*(\d+(?:\.\d+)?)", prefer)
    if match:
        return min(MAX_WAIT_S, float(match.group(1)))
    if re.search(r"\brespond-async\b", prefer, re.IGNORECASE):
        return 0.0
    return default


def _report_links(plan_id: str) -> str:
    """RFC 8288 links from a plan to its reports."""
    return ", ".join(
        f'</plans/{plan_id}/report.{fmt}>; rel="alternate"; type="{media}"'
        for fmt, media in FORMATS.items()
    )


def _in_flight(plan_id: str) -> NoReturn:
    msg = f"the first request with this key is still solving: GET /plans/{plan_id}"
    raise IdempotencyInFlight(msg)


def _replay_or_retry(store: Store, plan_id: str) -> Response[Plan] | None:
    """The first answer under an Idempotency-Key; None when that plan failed (it is solved
    again under the same key).

    Raises:
        IdempotencyInFlight: the first plan is still solving (409).
    """
    try:
        plan = load_plan(store, plan_id)
    except Conflict:
        return None  # stored by older code and unreadable: solve it again
    if plan.status == "solving":
        _in_flight(plan_id)
    if plan.status == "failed":
        return None
    headers = {"Location": f"/plans/{plan.id}", **REPLAYED}
    return Response(plan, status_code=HTTP_201_CREATED, headers=headers)


async def _solved_within(future: Future[Plan], seconds: float) -> Plan | None:
    """The solved plan, or None when it is still solving after `seconds`."""
    if seconds <= 0:
        return None
    try:
        return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), seconds)
    except TimeoutError:
        return None


def _forecast_of(store: Store, request: PlanRequest) -> Forecast:
    """The forecast inline, or the stored one `forecast_id` names.

    Raises:
        InvalidInput: naming `forecast_id` when no such forecast is stored.
    """
    if request.forecast is not None:
        return request.forecast
    assert request.forecast_id is not None
    try:
        doc = store.document("forecasts", request.forecast_id)
    except NotFound as exc:
        msg = f"no forecast {request.forecast_id!r}; see GET /forecasts"
        raise InvalidInput.one("forecast_id", msg) from exc
    try:
        return msgspec.json.decode(doc, type=StoredForecast).forecast
    except msgspec.ValidationError as exc:
        msg = f"stored forecast {request.forecast_id!r} cannot be read ({exc}); store it again"
        raise InvalidInput.one("forecast_id", msg) from exc


class PlanController(Controller):
    """Plans: solved against one catalog revision, stored, immutable."""

    path = "/plans"
    tags = ["plans"]

    @post(
        "/",
        operation_id="createPlan",
        responses={
            **problems(400, 401, 403, 409, 422),
            202: ResponseSpec(
                data_container=Plan,
                description="Still solving after the wait: poll Location (status `solving`)",
                generate_examples=False,
            ),
        },
        summary="Solve a plan request",
        description=(
            "201 with the plan when it is solved within `Prefer: wait=N` seconds (default 10), "
            "else 202 with `Location` and `Retry-After`; poll GET /plans/{id}. Infeasible "
            "demand is not an error: the plan has status `infeasible` and a diagnosis."
        ),
        status_code=HTTP_201_CREATED,
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        store: NamedDependency[Store],
        solver: NamedDependency[Solver],
        data: JSONBody[SkipValidation[PlanRequest]],
        idempotency_key: IdempotencyKey = None,
        prefer: Prefer = None,
    ) -> Response[Plan]:
        plan_request = decode_body(data, PlanRequest)
        idempotency_key = scoped(request, idempotency_key)
        replayed = replay(store, "plans", idempotency_key, plan_request)
        if replayed is not None and (retried := _replay_or_retry(store, replayed)) is not None:
            return retried
        forecast = _forecast_of(store, plan_request)
        catalog = store.catalog()
        # Bad input is a 422 now, before anything is stored; off the event loop, as it is the
        # solve's whole preprocessing (seconds for a catalog of thousands of offers).
        await to_thread.run_sync(precheck, catalog, plan_request, forecast, limiter=rendering())
        client = client_of(request)
        solver.reserve(client)
        pending = Plan(
            id=new_id("plan"),
            status="solving",
            created_at=now(),
            catalog_revision=catalog.revision,
            request=plan_request,
            forecast_id=plan_request.forecast_id,
            forecast=forecast,
        )
        try:
            store.insert_document(
                "plans",
                pending.id,
                msgspec.json.encode(pending),
                parent_id=pending.forecast_id,
                status="solving",
                idempotency=key_of(idempotency_key, plan_request),
                rebinds=replayed,
                owner=solver.owner,
                lease_s=LEASE_S,
            )
        except KeyTaken:  # another request (or server) stored this key first: its answer
            solver.cancel(client)
            first = winner(store, "plans", idempotency_key, plan_request)
            return _replay_or_retry(store, first) or _in_flight(first)
        except BaseException:
            solver.cancel(client)
            raise
        future = solver.submit(pending, catalog, forecast, client)
        location = {"Location": f"/plans/{pending.id}", "Link": _report_links(pending.id)}
        wait = wait_seconds(prefer)
        solved = await _solved_within(future, wait)
        if solved is None:
            headers = {**location, "Retry-After": "2"}
            if wait <= 0:
                headers["Preference-Applied"] = "respond-async"
            return Response(pending, status_code=HTTP_202_ACCEPTED, headers=headers)
        return Response(solved, status_code=HTTP_201_CREATED, headers=location)

    @get(
        "/",
        operation_id="listPlans",
        responses=problems(422),
        summary="Stored plans, newest first",
        description="Filters: forecast_id, and status (one of the plan statuses; any other "
        "value is a 422 listing them).",
    )
    async def list_plans(
        self,
        request: Request[Any, Any, Any],
        store: NamedDependency[Store],
        forecast_id: Annotated[str | None, QueryParameter(required=False, max_length=200)] = None,
        status: Annotated[Status | None, QueryParameter(required=False)] = None,
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> Response[PlanPage]:
        rows = store.documents(
            "plans", parent_id=forecast_id, status=status, before=cursor, limit=limit + 1
        )
        return page(request, rows, limit, list_item, PlanPage)

    @get(
        "/{plan_id:str}", operation_id="getPlan", responses=problems(404), summary="One stored plan"
    )
    async def read(self, store: NamedDependency[Store], plan_id: FromPath[str]) -> Response[Plan]:
        doc = store.document("plans", plan_id)
        solving = b'"status":"solving"' in doc[:200]
        return stored_json(served_plan(doc), {"Retry-After": "2"} if solving else None)
