"""POST /forecasts, GET /forecasts, GET /forecasts/{id}: demand forecasts, stored immutable."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, SkipValidation
from litestar.status_codes import HTTP_201_CREATED

from optimizer import Forecast
from service.errors import decode_body, problems
from service.http_common import Cursor, Limit, Page, page, stored_json
from service.idempotency import REPLAYED, IdempotencyKey, create_once, scoped
from service.jobs import new_id, now
from service.store import Store

__all__ = ["ForecastController", "StoredForecast"]


class StoredForecast(msgspec.Struct, frozen=True, kw_only=True):
    """A forecast as stored: immutable, with its id."""

    id: str
    created_at: str
    forecast: Forecast


class ForecastPage(Page, frozen=True, kw_only=True):
    """A page of stored forecasts."""

    items: list[StoredForecast]


def _as_stored(doc: bytes) -> msgspec.Raw:
    """A stored forecast sent as it was stored: no decode, so one written by older code that
    no longer validates is still listed, never a 500."""
    return msgspec.Raw(doc)


class ForecastController(Controller):
    """Demand forecasts: stored, immutable."""

    path = "/forecasts"
    tags = ["forecasts"]

    @post(
        "/",
        operation_id="createForecast",
        responses=problems(400, 401, 403, 422),
        summary="Store a demand forecast",
        status_code=HTTP_201_CREATED,
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        store: NamedDependency[Store],
        data: JSONBody[SkipValidation[Forecast]],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[StoredForecast]:
        forecast = decode_body(data, Forecast)
        idempotency_key = scoped(request, idempotency_key)

        async def store_new(key: tuple[str, str] | None) -> Response[StoredForecast]:
            stored = StoredForecast(id=new_id("fc"), created_at=now(), forecast=forecast)
            doc = msgspec.json.encode(stored)
            store.insert_document("forecasts", stored.id, doc, idempotency=key)
            headers = {"Location": f"/forecasts/{stored.id}"}
            return Response(stored, status_code=HTTP_201_CREATED, headers=headers)

        def again(forecast_id: str) -> Response[StoredForecast]:
            headers = {"Location": f"/forecasts/{forecast_id}", **REPLAYED}
            response = stored_json(store.document("forecasts", forecast_id), headers)
            response.status_code = HTTP_201_CREATED
            return response

        return await create_once(store, "forecasts", idempotency_key, forecast, store_new, again)

    @get(
        "/",
        operation_id="listForecasts",
        responses=problems(422),
        summary="Stored forecasts, newest first",
    )
    async def list_forecasts(
        self,
        request: Request[Any, Any, Any],
        store: NamedDependency[Store],
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> Response[ForecastPage]:
        rows = store.documents("forecasts", before=cursor, limit=limit + 1)
        return page(request, rows, limit, _as_stored, ForecastPage)

    @get(
        "/{forecast_id:str}",
        operation_id="getForecast",
        responses=problems(404),
        summary="One stored forecast",
    )
    async def read(
        self, store: NamedDependency[Store], forecast_id: FromPath[str]
    ) -> Response[StoredForecast]:
        return stored_json(store.document("forecasts", forecast_id))
