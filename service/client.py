"""A typed Python client of the tokenplan API (httpx, sync and async), answering with the
service's own msgspec types.

>>> from service.client import Client
>>> with Client(BASE_URL) as api:
...     api.health()["status"]
'ok'

A plan, solved and read back, and its reports (`BASE_URL` is the server, for example
`http://127.0.0.1:8000`; run from the repository for the example files):

>>> import json, pathlib
>>> request = json.loads(pathlib.Path("examples/seed-deepseek-r1.json").read_text())
>>> with Client(BASE_URL) as api:
...     plan = api.submit_plan(request, wait_s=60)
...     (plan.status, plan.catalog_revision, api.plan(plan.id).id == plan.id)
...     api.report(plan.id, "xlsx")[:2]
('optimal', 1, True)
b'PK'

A plan's sensitivity and target prices: started (202, `solving`), then waited for. Here a
two-month plan over two vendors' offers, so that its re-solves take seconds:

>>> narrow = {"options": {"commitment_accounting": "in_horizon"}, "forecast": {
...     "name": "narrow", "start": "2027-01", "months": 2, "workloads": [{
...         "id": "reasoning", "model": "deepseek-r1-0528", "isl": 8192, "osl": 1024,
...         "slo": {"min_interactivity": 150}, "tokens_per_second": [800000, 1000000],
...         "vendors": ["Nscale", "On-prem"], "bases": ["measured"]}]}}
>>> with Client(BASE_URL) as api:
...     plan = api.submit_plan(narrow, wait_s=60)
...     api.submit_sensitivity(plan.id).status
...     result = api.wait_sensitivity(plan.id)
...     (result.status, all(offer.target.verified for offer in result.offers))
'solving'
('done', True)

Errors are `ApiError`s carrying the RFC 9457 problem:

>>> with Client(BASE_URL) as api:
...     api.plan("plan_nope")
Traceback (most recent call last):
...
service.client.ApiError: 404 Not found: no plan 'plan_nope'

The same, without blocking an event loop:

>>> import asyncio
>>> async def cheapest() -> str:
...     async with AsyncClient(BASE_URL) as api:
...         ranking = await api.ranking({"workload": {"model": "deepseek-r1-0528",
...             "isl": 8192, "osl": 1024, "slo": {"min_interactivity": 150}}})
...         return ranking.offers[0].offer_id
>>> asyncio.run(cheapest())
'onprem-gb300'
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx
import msgspec

from optimizer import ApiQuote, Plan, Progress, Quote, Ranking, Sensitivity
from service.catalog_api import CatalogView
from service.forecasts_api import StoredForecast
from service.webhooks import Delivery, WebhookOut

__all__ = ["ApiError", "AsyncClient", "Client"]

T = TypeVar("T")
OnProgress = Callable[[Progress], None]
FINISHED = ("optimal", "feasible", "infeasible", "failed", "cancelled")
POLL_S = 0.5
"""How often a wait asks again when the service answered before the end."""
SENSITIVITY_WAIT_S = 30.0
"""How long one GET of a sensitivity run asks the service to wait for its end (`Prefer:
wait`): the answer comes as the run is stored, not at the client's next poll (sens25)."""


def _ask_for(deadline: float) -> float:
    """The wait one GET asks for, `deadline` (monotonic) allowing."""
    return min(SENSITIVITY_WAIT_S, max(0.0, deadline - time.monotonic()))


class ApiError(Exception):
    """A refusal from the API: its status and RFC 9457 problem (`title`, `detail`, and
    `errors: [{field, message}]` naming each bad field)."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        self.status = status
        self.problem = problem
        super().__init__(f"{status} {problem.get('title', '')}: {problem.get('detail', '')}")


@dataclass(frozen=True)
class _Call(Generic[T]):
    """One request and the type its answer decodes to (None: the raw bytes)."""

    method: str
    path: str
    kind: type[T] | None
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)


def _answer(call: _Call[T], response: httpx.Response) -> T:
    if response.status_code >= 400:
        try:
            problem = response.json()
        except ValueError:
            problem = {"title": response.reason_phrase, "detail": response.text}
        raise ApiError(response.status_code, problem)
    if call.kind is None:
        return response.content  # type: ignore[return-value]
    return msgspec.json.decode(response.content, type=call.kind)


def _encode(body: Any) -> bytes | None:
    return None if body is None else msgspec.json.encode(body)


class _Calls:
    """The API's operations as requests: shared by the sync and the async client."""

    @staticmethod
    def quote(request: Any) -> _Call[Quote | ApiQuote]:
        # A tagged union (kind gpu or api) decodes as one type; mypy wants a class here.
        answer: Any = Quote | ApiQuote
        return _Call("POST", "/quotes", answer, request)

    @staticmethod
    def plan_create(request: Any, wait_s: float, key: str | None) -> _Call[Plan]:
        headers = {"Prefer": f"wait={wait_s:g}" if wait_s > 0 else "respond-async"}
        if key:
            headers["Idempotency-Key"] = key
        return _Call("POST", "/plans", Plan, request, headers)

    @staticmethod
    def cancel(plan_id: str, wait_s: float) -> _Call[Plan]:
        return _Call(
            "POST", f"/plans/{plan_id}/cancel", Plan, headers={"Prefer": f"wait={wait_s:g}"}
        )

    @staticmethod
    def sensitivity_create(plan_id: str, options: Any) -> _Call[Sensitivity]:
        body = {} if options is None else options
        return _Call("POST", f"/plans/{plan_id}/sensitivity", Sensitivity, body)

    @staticmethod
    def sensitivity(plan_id: str, wait_s: float = 0.0) -> _Call[Sensitivity]:
        headers = {"Prefer": f"wait={math.ceil(wait_s)}"} if wait_s > 0 else {}
        return _Call("GET", f"/plans/{plan_id}/sensitivity", Sensitivity, headers=headers)

    @staticmethod
    def sensitivity_cancel(plan_id: str, wait_s: float) -> _Call[Sensitivity]:
        path = f"/plans/{plan_id}/sensitivity/cancel"
        return _Call("POST", path, Sensitivity, headers={"Prefer": f"wait={wait_s:g}"})

    @staticmethod
    def rotate(webhook_id: str) -> _Call[WebhookOut]:
        return _Call("POST", f"/webhooks/{webhook_id}/rotate", WebhookOut)


class _Page(msgspec.Struct, Generic[T]):
    items: list[T]


class Client:
    """The sync client: one httpx.Client, closed by `close()` or at the end of a `with`."""

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        *,
        api_key: str | None = None,
        timeout_s: float = 330.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(
            base_url=base_url, headers=headers, timeout=timeout_s, transport=transport
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _run(self, call: _Call[T]) -> T:
        headers = {"content-type": "application/json", **call.headers}
        response = self._http.request(
            call.method, call.path, content=_encode(call.body), headers=headers, params=call.params
        )
        return _answer(call, response)

    def health(self) -> dict[str, Any]:
        return self._run(_Call("GET", "/health", dict[str, Any]))

    def catalog(self, revision: int | None = None) -> CatalogView:
        params = {} if revision is None else {"revision": revision}
        return self._run(_Call("GET", "/catalog", CatalogView, params=params))

    def quote(self, request: Any) -> Quote | ApiQuote:
        return self._run(_Calls.quote(request))

    def ranking(self, request: Any) -> Ranking:
        return self._run(_Call("POST", "/rankings", Ranking, request))

    def store_forecast(self, forecast: Any) -> StoredForecast:
        return self._run(_Call("POST", "/forecasts", StoredForecast, forecast))

    def submit_plan(self, request: Any, *, wait_s: float = 10, key: str | None = None) -> Plan:
        """Submit a plan request; the plan, solved or still `solving` after `wait_s`."""
        return self._run(_Calls.plan_create(request, wait_s, key))

    def plan(self, plan_id: str) -> Plan:
        return self._run(_Call("GET", f"/plans/{plan_id}", Plan))

    def wait(
        self, plan_id: str, *, timeout_s: float = 300, on_progress: OnProgress | None = None
    ) -> Plan:
        """Poll until the plan is finished, telling `on_progress` each new progress."""
        deadline = time.monotonic() + timeout_s
        while True:
            plan = self.plan(plan_id)
            if plan.status in FINISHED or time.monotonic() > deadline:
                return plan
            if on_progress is not None and plan.progress is not None:
                on_progress(plan.progress)
            time.sleep(0.5)

    def cancel(self, plan_id: str, *, wait_s: float = 10) -> Plan:
        return self._run(_Calls.cancel(plan_id, wait_s))

    def report(self, plan_id: str, fmt: str = "html") -> bytes:
        return self._run(_Call("GET", f"/plans/{plan_id}/report.{fmt}", None))

    def submit_sensitivity(self, plan_id: str, options: Any = None) -> Sensitivity:
        """Start the sensitivity run of a solved plan (`options`: `{steps, tolerance,
        time_limit_s, max_seconds}`, default all); the run, `solving`, or the stored run with
        the same options (`done` when finished: it is not run again)."""
        return self._run(_Calls.sensitivity_create(plan_id, options))

    def sensitivity(self, plan_id: str) -> Sensitivity:
        """The plan's stored sensitivity run (`solving` until done)."""
        return self._run(_Calls.sensitivity(plan_id))

    def cancel_sensitivity(self, plan_id: str, *, wait_s: float = 10) -> Sensitivity:
        """Cancel the plan's running sensitivity run: stored with what it has (`finished`
        false) once stopped within `wait_s`, else still `solving`; an ApiError 409 when no
        run is solving."""
        return self._run(_Calls.sensitivity_cancel(plan_id, wait_s))

    def wait_sensitivity(self, plan_id: str, *, timeout_s: float = 600) -> Sensitivity:
        """Wait until the plan's sensitivity run is finished (or `timeout_s` passed): each
        GET asks the service to answer at the run's end (`Prefer: wait`); one that answered
        sooner is asked again after POLL_S."""
        deadline = time.monotonic() + timeout_s
        while True:
            asked = time.monotonic()
            result = self._run(_Calls.sensitivity(plan_id, _ask_for(deadline)))
            if result.status != "solving" or time.monotonic() > deadline:
                return result
            time.sleep(max(0.0, POLL_S - (time.monotonic() - asked)))

    def subscribe(self, url: str, events: list[str] | None = None) -> WebhookOut:
        body = {"url": url} if events is None else {"url": url, "events": events}
        return self._run(_Call("POST", "/webhooks", WebhookOut, body))

    def rotate_secret(self, webhook_id: str) -> WebhookOut:
        return self._run(_Calls.rotate(webhook_id))

    def unsubscribe(self, webhook_id: str) -> None:
        self._run(_Call("DELETE", f"/webhooks/{webhook_id}", None))

    def deliveries(self, webhook_id: str) -> list[Delivery]:
        path = f"/webhooks/{webhook_id}/deliveries"
        return self._run(_Call("GET", path, _Page[Delivery])).items


class AsyncClient:
    """The async client: the same methods as `Client`, awaited."""

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        *,
        api_key: str | None = None,
        timeout_s: float = 330.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.AsyncClient(
            base_url=base_url, headers=headers, timeout=timeout_s, transport=transport
        )

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _run(self, call: _Call[T]) -> T:
        headers = {"content-type": "application/json", **call.headers}
        response = await self._http.request(
            call.method, call.path, content=_encode(call.body), headers=headers, params=call.params
        )
        return _answer(call, response)

    async def health(self) -> dict[str, Any]:
        return await self._run(_Call("GET", "/health", dict[str, Any]))

    async def catalog(self, revision: int | None = None) -> CatalogView:
        params = {} if revision is None else {"revision": revision}
        return await self._run(_Call("GET", "/catalog", CatalogView, params=params))

    async def quote(self, request: Any) -> Quote | ApiQuote:
        return await self._run(_Calls.quote(request))

    async def ranking(self, request: Any) -> Ranking:
        return await self._run(_Call("POST", "/rankings", Ranking, request))

    async def submit_plan(
        self, request: Any, *, wait_s: float = 10, key: str | None = None
    ) -> Plan:
        return await self._run(_Calls.plan_create(request, wait_s, key))

    async def plan(self, plan_id: str) -> Plan:
        return await self._run(_Call("GET", f"/plans/{plan_id}", Plan))

    async def wait(
        self, plan_id: str, *, timeout_s: float = 300, on_progress: OnProgress | None = None
    ) -> Plan:
        deadline = time.monotonic() + timeout_s
        while True:
            plan = await self.plan(plan_id)
            if plan.status in FINISHED or time.monotonic() > deadline:
                return plan
            if on_progress is not None and plan.progress is not None:
                on_progress(plan.progress)
            await asyncio.sleep(0.5)

    async def cancel(self, plan_id: str, *, wait_s: float = 10) -> Plan:
        return await self._run(_Calls.cancel(plan_id, wait_s))

    async def report(self, plan_id: str, fmt: str = "html") -> bytes:
        return await self._run(_Call("GET", f"/plans/{plan_id}/report.{fmt}", None))

    async def submit_sensitivity(self, plan_id: str, options: Any = None) -> Sensitivity:
        return await self._run(_Calls.sensitivity_create(plan_id, options))

    async def sensitivity(self, plan_id: str) -> Sensitivity:
        return await self._run(_Calls.sensitivity(plan_id))

    async def cancel_sensitivity(self, plan_id: str, *, wait_s: float = 10) -> Sensitivity:
        return await self._run(_Calls.sensitivity_cancel(plan_id, wait_s))

    async def wait_sensitivity(self, plan_id: str, *, timeout_s: float = 600) -> Sensitivity:
        deadline = time.monotonic() + timeout_s
        while True:
            asked = time.monotonic()
            result = await self._run(_Calls.sensitivity(plan_id, _ask_for(deadline)))
            if result.status != "solving" or time.monotonic() > deadline:
                return result
            await asyncio.sleep(max(0.0, POLL_S - (time.monotonic() - asked)))
