"""POST /plans/{id}/cancel and GET /plans/{id}/events: stop a solving plan (it keeps the best
plan found, `feasible` with its gap, or ends `cancelled`), and follow a plan's progress as
server-sent events until it is finished."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath
from litestar.response import ServerSentEvent, ServerSentEventMessage
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from catalog import Conflict
from optimizer import Plan, Progress
from service.errors import problems
from service.http_common import stored_json
from service.jobs import Solver
from service.plans_api import Prefer, wait_seconds
from service.store import Store

__all__ = ["PlanEventsController"]

POLL_S = 0.5
"""How often the event stream looks for new progress."""
CANCEL_POLL_S = 0.05
"""How often a cancel that waits looks for the stopped plan: a cancel this process takes
stops its solve within about a tenth of a second, and a solving plan's document is small."""


def _solving(doc: bytes) -> bool:
    return b'"status":"solving"' in doc[:200]


async def stopped(read: Callable[[], bytes], location: str, prefer: str | None) -> Response[Any]:
    """What a cancel answers: the stored document `read` gives once it is no longer solving,
    within `Prefer: wait=N` (200), else as it is (202, with `location` to poll)."""
    deadline = time.monotonic() + wait_seconds(prefer)
    doc = read()
    while _solving(doc) and time.monotonic() < deadline:
        await asyncio.sleep(CANCEL_POLL_S)
        doc = read()
    if _solving(doc):
        response = stored_json(doc, {"Location": location, "Retry-After": "1"})
        response.status_code = HTTP_202_ACCEPTED
        return response
    return stored_json(doc)


class _Progress(msgspec.Struct, frozen=True):
    status: str
    progress: Progress | None = None


class PlanEventsController(Controller):
    """A solving plan's cancel and its event stream."""

    path = "/plans/{plan_id:str}"
    tags = ["plans"]

    @post(
        "/cancel",
        operation_id="cancelPlan",
        status_code=HTTP_200_OK,
        responses={
            **problems(401, 403, 404, 409),
            202: ResponseSpec(
                data_container=Plan,
                description="Still stopping after the wait: poll Location",
                generate_examples=False,
            ),
        },
        summary="Cancel a solving plan",
        description=(
            "Stops the solve: the plan keeps the best plan found so far (status `feasible`, "
            "with its gap) or, when none was found yet, ends `cancelled`. 200 with the plan "
            "once stopped within `Prefer: wait=N` (default 10 s), else 202. 409 when the plan "
            "is not solving."
        ),
    )
    async def cancel(
        self,
        store: NamedDependency[Store],
        solver: NamedDependency[Solver],
        plan_id: FromPath[str],
        prefer: Prefer = None,
    ) -> Response[Plan]:
        status = store.request_cancel(plan_id)
        if status != "solving":
            raise Conflict(f"plan {plan_id} is {status}; only a solving plan can be cancelled")
        solver.cancel_queued(plan_id)
        return await stopped(lambda: store.document("plans", plan_id), f"/plans/{plan_id}", prefer)

    @get(
        "/events",
        operation_id="planEvents",
        responses=problems(404),
        summary="A plan's progress as server-sent events",
        description=(
            "`progress` events (`{status, progress: {phase, incumbent_cost, best_bound, gap, "
            "seconds}}`) while the plan solves, then one `plan` event with the finished plan."
        ),
        media_type="text/event-stream",
    )
    async def events(
        self, store: NamedDependency[Store], plan_id: FromPath[str]
    ) -> ServerSentEvent:
        first = store.document("plans", plan_id)  # a 404 before the stream starts

        async def stream() -> AsyncIterator[ServerSentEventMessage]:
            doc, last = first, b""
            while _solving(doc):
                now = msgspec.json.decode(doc, type=_Progress)
                seen = msgspec.json.encode(now)
                if seen != last:
                    last = seen
                    yield ServerSentEventMessage(data=seen.decode(), event="progress")
                await asyncio.sleep(POLL_S)
                doc = store.document("plans", plan_id)
            yield ServerSentEventMessage(data=doc.decode(), event="plan")

        return ServerSentEvent(stream())
