"""HEAD answers as GET, without the body (RFC 9110 section 9.3.2), and `Allow` names HEAD
wherever it names GET (probe 14b, finding 11: every HEAD was a 405)."""

from __future__ import annotations

import asyncio
import time

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from litestar.types import Message, Receive, ReceiveMessage, Scope, Send

from service.head_requests import answer_head
from tests.bodies import QUICK, SLOW

Client = AsyncTestClient[Litestar]
pytestmark = pytest.mark.one_store
ASYNC = {"Prefer": "respond-async"}


@pytest.mark.parametrize(
    "path", ["/health", "/catalog", "/catalog/offers/coreweave-h100-od", "/catalog/offers.csv"]
)
async def test_head_is_the_get_without_its_body(client: Client, path: str) -> None:
    """The status and headers of the GET (its ETag, type, length), and no body."""
    got = await client.get(path)
    head = await client.head(path)
    assert got.status_code == head.status_code == 200, head.text
    assert head.content == b""
    for name in ("content-type", "content-length", "etag"):
        assert head.headers.get(name) == got.headers.get(name), name
    assert int(head.headers["content-length"]) == len(got.content) > 0


async def test_head_of_a_report_validates_a_download(client: Client) -> None:
    """A report's HEAD names its file and length, as a download manager needs; the
    catalog's, with its ETag, answers 304; an unknown plan is the GET's 404, without a body."""
    plan_id = (await client.post("/plans", json=QUICK)).json()["id"]
    path = f"/plans/{plan_id}/report.xlsx"
    got = await client.get(path)
    head = await client.head(path)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-disposition"] == got.headers["content-disposition"]
    assert int(head.headers["content-length"]) == len(got.content)
    catalog = await client.get("/catalog")
    fresh = await client.head("/catalog", headers={"If-None-Match": catalog.headers["etag"]})
    assert fresh.status_code == 304 and fresh.content == b""
    missing = await client.head("/plans/plan_nope/report.html")
    assert missing.status_code == 404 and missing.content == b""
    assert missing.headers["content-type"] == "application/problem+json"


async def test_allow_names_head_beside_get(client: Client) -> None:
    """OPTIONS and a 405 list HEAD where GET is allowed, and not where it is not."""
    options = await client.options("/health")
    assert {m.strip() for m in options.headers["allow"].split(",")} == {"GET", "HEAD", "OPTIONS"}
    refused = await client.delete("/health")
    assert refused.status_code == 405 and "HEAD" in refused.headers["allow"]
    post_only = await client.get("/plans/plan_nope/cancel")
    assert post_only.status_code == 405 and "HEAD" not in post_only.headers["allow"]


async def test_head_of_a_solving_plans_events_ends_at_once(client: Client) -> None:
    """The events of a plan still solving are a stream; its HEAD sends the stream's head and
    ends, instead of streaming to nobody until the plan is done."""
    long = {**SLOW, "options": {"time_limit_s": 30, "commitment_accounting": "in_horizon"}}
    plan_id = (await client.post("/plans", json=long, headers=ASYNC)).json()["id"]
    began = time.monotonic()
    head = await asyncio.wait_for(client.head(f"/plans/{plan_id}/events"), timeout=20)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"].startswith("text/event-stream")
    assert time.monotonic() - began < 10
    assert (await client.get(f"/plans/{plan_id}")).json()["status"] == "solving"
    await client.post(f"/plans/{plan_id}/cancel", headers={"Prefer": "wait=30"})


async def test_a_stream_that_ends_at_the_disconnect_still_ends_its_response() -> None:
    """A stream that sends its head, hears the client gone and returns without a body (as
    Litestar's streams do) is ended by the HEAD with an empty last body: without it uvicorn
    logged "ASGI callable returned without completing response" and dropped the connection
    (review 15a H1)."""
    sent: list[Message] = []

    async def stream(scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["method"] == "GET"  # type: ignore[typeddict-item]
        await send({"type": "http.response.start", "status": 200, "headers": []})
        assert (await receive())["type"] == "http.disconnect"

    async def receive() -> ReceiveMessage:
        raise AssertionError("the client is not asked: the HEAD answers for it")

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "HEAD", "path": "/events", "headers": []}
    await answer_head(stream)(scope, receive, send)  # type: ignore[arg-type]
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[-1] == {"type": "http.response.body", "body": b"", "more_body": False}
