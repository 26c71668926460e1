"""Forecasts in, plans out: stored, immutable, idempotent creates, 201 or 202 by `Prefer: wait`.

Real (not string) annotations: Litestar reads the handler types at runtime.
"""

import asyncio
import hashlib
import re
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, SkipValidation
from litestar.status_codes import HTTP_201_CREATED, HTTP_202_ACCEPTED

from catalog import InvalidInput, NotFound
from optimizer import Forecast, Plan, PlanRequest, SolverInfo, Summary, precheck
from service.auth import require_key
from service.errors import IdempotencyInFlight, decode_body, problems
from service.jobs import Solver, new_id, now
from service.store import Store

__all__ = ["ForecastController", "PlanController", "StoredForecast"]

IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        max_length=200,
        description="the same key and body return the first result",
    ),
]
Prefer = Annotated[
    str | None,
    HeaderParameter(name="Prefer", required=False, description="wait=N seconds (RFC 7240)"),
]
Limit = Annotated[int, FromQuery[int], msgspec.Meta(ge=1, le=200)]
Cursor = Annotated[int | None, FromQuery[int | None], msgspec.Meta(ge=1)]
DEFAULT_WAIT_S = 10.0
MAX_WAIT_S = 300.0


class StoredForecast(msgspec.Struct, frozen=True, kw_only=True):
    """A forecast as stored: immutable, with its id."""

    id: str
    created_at: str
    forecast: Forecast


class PlanListItem(msgspec.Struct, frozen=True, kw_only=True):
    """A plan in a listing: everything but the months, commitments and baselines."""

    id: str
    status: str
    created_at: str
    forecast_id: str | None
    catalog_revision: int
    name: str | None
    solver: SolverInfo | None
    summary: Summary | None
    error: str | None


def _store(request: Request[Any, Any, Any]) -> Store:
    store: Store = request.app.state.store
    return store


def _encode(
    content: object, status: int = 200, headers: dict[str, str] | None = None
) -> Response[Any]:
    return Response(
        content=msgspec.json.encode(content),
        status_code=status,
        headers=headers,
        media_type="application/json",
    )


def _body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _replay(store: Store, scope: str, key: str | None, body: bytes) -> str | None:
    """The resource id stored for this Idempotency-Key and body, or None for a new key.

    Raises:
        InvalidInput: the key was used with another body (422).
    """
    if key is None:
        return None
    found = store.idempotent(scope, key)
    if found is None:
        return None
    body_hash, resource_id = found
    if body_hash != _body_hash(body):
        raise InvalidInput.one(
            "Idempotency-Key", "this key was used with another body; use a new key"
        )
    return resource_id


def _link(request: Request[Any, Any, Any], cursor: int, limit: int) -> str:
    query = {k: v for k, v in request.query_params.items() if k not in ("cursor", "limit")}
    query.update({"cursor": str(cursor), "limit": str(limit)})
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    return f'<{request.url.path}?{qs}>; rel="next"'


def _page(
    request: Request[Any, Any, Any], rows: list[tuple[int, bytes]], limit: int
) -> tuple[list[bytes], dict[str, str], int | None]:
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1][0] if more and rows else None
    headers = {"Link": _link(request, next_cursor, limit)} if next_cursor else {}
    return [doc for _, doc in rows], headers, next_cursor


class ForecastController(Controller):
    """Demand forecasts: stored, immutable."""

    path = "/forecasts"
    tags = ["forecasts"]

    @post(
        "/",
        operation_id="createForecast",
        responses=problems(400, 401, 403, 422),
        summary="Store a demand forecast",
        guards=[require_key],
        status_code=HTTP_201_CREATED,
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[SkipValidation[Forecast]],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[StoredForecast]:
        body = await request.body()
        store = _store(request)
        replay = _replay(store, "forecasts", idempotency_key, body)
        if replay is not None:
            doc = store.document("forecasts", replay)
            return Response(
                content=doc,  # type: ignore[arg-type]
                status_code=HTTP_201_CREATED,
                media_type="application/json",
                headers={"Location": f"/forecasts/{replay}", "Idempotent-Replayed": "true"},
            )
        forecast = decode_body(data, Forecast)
        stored = StoredForecast(id=new_id("fc"), created_at=now(), forecast=forecast)
        store.insert_document(
            "forecasts",
            stored.id,
            msgspec.json.encode(stored),
            idempotency=(idempotency_key, _body_hash(body)) if idempotency_key else None,
        )
        return _encode(stored, HTTP_201_CREATED, {"Location": f"/forecasts/{stored.id}"})

    @get(
        "/",
        operation_id="listForecasts",
        responses=problems(422),
        summary="Stored forecasts, newest first",
    )
    async def list_forecasts(
        self, request: Request[Any, Any, Any], cursor: Cursor = None, limit: Limit = 50
    ) -> Response[dict[str, Any]]:
        rows = _store(request).documents("forecasts", before=cursor, limit=limit + 1)
        docs, headers, next_cursor = _page(request, rows, limit)
        items = [msgspec.json.decode(d, type=StoredForecast) for d in docs]
        return _encode({"items": items, "next_cursor": next_cursor}, headers=headers)

    @get(
        "/{forecast_id:str}",
        operation_id="getForecast",
        responses=problems(404),
        summary="One stored forecast",
    )
    async def read(
        self, request: Request[Any, Any, Any], forecast_id: FromPath[str]
    ) -> Response[StoredForecast]:
        doc = _store(request).document("forecasts", forecast_id)
        return Response(content=doc, media_type="application/json")  # type: ignore[arg-type]


def _wait_seconds(prefer: str | None) -> float:
    if prefer:
        match = re.search(r"\bwait\s*=\s*(\d+(?:\.\d+)?)", prefer)
        if match:
            return min(MAX_WAIT_S, float(match.group(1)))
    return DEFAULT_WAIT_S


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
        guards=[require_key],
        status_code=HTTP_201_CREATED,
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[SkipValidation[PlanRequest]],
        idempotency_key: IdempotencyKey = None,
        prefer: Prefer = None,
    ) -> Response[Plan]:
        body = await request.body()
        store = _store(request)
        wait = _wait_seconds(prefer)
        replay = _replay(store, "plans", idempotency_key, body)
        if replay is not None:
            plan = msgspec.json.decode(store.document("plans", replay), type=Plan)
            if plan.status == "solving":
                raise IdempotencyInFlight(
                    f"the first request with this key is still solving: GET /plans/{replay}"
                )
            return _encode(
                plan,
                HTTP_201_CREATED,
                {"Location": f"/plans/{plan.id}", "Idempotent-Replayed": "true"},
            )
        plan_request = decode_body(data, PlanRequest)
        forecast = plan_request.forecast
        if forecast is None:
            assert plan_request.forecast_id is not None
            try:
                stored = msgspec.json.decode(
                    store.document("forecasts", plan_request.forecast_id), type=StoredForecast
                )
            except NotFound as exc:
                raise InvalidInput.one(
                    "forecast_id", f"no forecast {plan_request.forecast_id!r}; see GET /forecasts"
                ) from exc
            forecast = stored.forecast
        catalog = store.catalog()
        # Bad input is a 422 now, before anything is stored.
        precheck(catalog, plan_request, forecast)
        pending = Plan(
            id=new_id("plan"),
            status="solving",
            created_at=now(),
            catalog_revision=catalog.revision,
            request=plan_request,
            forecast_id=plan_request.forecast_id,
        )
        store.insert_document(
            "plans",
            pending.id,
            msgspec.json.encode(pending),
            parent_id=pending.forecast_id,
            status="solving",
            idempotency=(idempotency_key, _body_hash(body)) if idempotency_key else None,
        )
        solver: Solver = request.app.state.solver
        future = solver.submit(pending, catalog, plan_request, forecast)
        location = {"Location": f"/plans/{pending.id}"}
        try:
            plan = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), wait)
        except TimeoutError:
            return _encode(pending, HTTP_202_ACCEPTED, {**location, "Retry-After": "2"})
        return _encode(plan, HTTP_201_CREATED, location)

    @get(
        "/", operation_id="listPlans", responses=problems(422), summary="Stored plans, newest first"
    )
    async def list_plans(
        self,
        request: Request[Any, Any, Any],
        forecast_id: Annotated[str | None, FromQuery[Any]] = None,
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> Response[dict[str, Any]]:
        rows = _store(request).documents(
            "plans", parent_id=forecast_id, before=cursor, limit=limit + 1
        )
        docs, headers, next_cursor = _page(request, rows, limit)
        items = []
        for doc in docs:
            plan = msgspec.json.decode(doc, type=Plan)
            items.append(
                PlanListItem(
                    id=plan.id,
                    status=plan.status,
                    created_at=plan.created_at,
                    forecast_id=plan.forecast_id,
                    catalog_revision=plan.catalog_revision,
                    name=plan.request.forecast.name if plan.request.forecast else None,
                    solver=plan.solver,
                    summary=plan.summary,
                    error=plan.error,
                )
            )
        return _encode({"items": items, "next_cursor": next_cursor}, headers=headers)

    @get(
        "/{plan_id:str}", operation_id="getPlan", responses=problems(404), summary="One stored plan"
    )
    async def read(self, request: Request[Any, Any, Any], plan_id: FromPath[str]) -> Response[Plan]:
        doc = _store(request).document("plans", plan_id)
        headers = {}
        if b'"status":"solving"' in doc[:200]:
            headers["Retry-After"] = "2"
        return Response(content=doc, media_type="application/json", headers=headers)  # type: ignore[arg-type]
