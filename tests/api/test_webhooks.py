"""Issue 16 item 4: webhooks. Subscriptions, deliveries signed per Standard Webhooks and
verified with the receiver's copy of the secret, retries with backoff and their log, secret
rotation with both secrets valid meanwhile, and `catalog.revised`."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient
from standardwebhooks import Webhook, WebhookVerificationError

from service.config import Settings
from service.store import Store
from service.store_pg import open_store
from service.webhook_attempt import attempt_delivery
from service.webhooks import Secret, Subscription, new_secret
from tests.apps import app_for, fresh_app
from tests.bodies import QUICK
from tests.problems import assert_problem
from tests.webhook_receiver import receiver

Client = AsyncTestClient[Litestar]


async def _subscribe(client: Client, url: str, events: list[str]) -> dict[str, Any]:
    response = await client.post("/webhooks", json={"url": url, "events": events})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _log(client: Client, webhook_id: str, status: str) -> list[dict[str, Any]]:
    """The delivery log once every delivery in it has `status`."""
    for _ in range(200):
        items: list[dict[str, Any]] = (
            await client.get(f"/webhooks/{webhook_id}/deliveries")
        ).json()["items"]
        if items and all(item["status"] == status for item in items):
            return items
        await asyncio.sleep(0.05)
    raise AssertionError(f"deliveries not {status}: {items}")


async def test_a_finished_plan_is_delivered_signed_and_verifies(client: Client) -> None:
    """plan.completed reaches the receiver with headers whose signature verifies under the
    secret it was given, and the log says delivered."""
    with receiver() as hook:
        subscription = await _subscribe(client, hook.url, ["plan.completed"])
        assert subscription["secret"].startswith("whsec_")
        listed = (await client.get(f"/webhooks/{subscription['id']}")).json()
        assert (listed["secret"] is None and "secrets" not in listed) or not listed["secrets"]
        plan = (await client.post("/plans", json=QUICK)).json()
        [(headers, body)] = hook.wait_for(1)
    payload = Webhook(subscription["secret"]).verify(body, headers)
    assert payload["type"] == "plan.completed"
    assert payload["data"]["id"] == plan["id"] and payload["data"]["status"] == "optimal"
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 32).verify(body, headers)
    [delivery] = await _log(client, subscription["id"], "delivered")
    assert delivery["id"] == headers["webhook-id"]
    assert [a["status_code"] for a in delivery["attempts"]] == [204]


async def test_a_password_in_the_url_is_sent_but_never_shown(client: Client) -> None:
    """Probe 19: `https://user:password@host/` (basic authentication at the receiver) was
    answered whole by POST and GET /webhooks, to every reader. It is shown as `user:***@`;
    the deliveries still carry it (httpx sends it as basic authentication)."""
    with receiver() as hook:
        url = hook.url.replace("http://", "http://hooks:s3cret-pw@", 1)
        made = await _subscribe(client, url, ["plan.completed"])
        shown = url.replace("s3cret-pw", "***")
        assert made["url"] == shown
        answers = [
            await client.get(f"/webhooks/{made['id']}"),
            await client.get("/webhooks"),
            await client.get(f"/webhooks/{made['id']}/deliveries"),
        ]
        for answer in answers:
            assert answer.status_code == 200 and "s3cret-pw" not in answer.text, answer.text
        assert (await client.get(f"/webhooks/{made['id']}")).json()["url"] == shown
        await client.post("/plans", json=QUICK)
        [(headers, _)] = hook.wait_for(1)
    assert headers["authorization"] == httpx.BasicAuth("hooks", "s3cret-pw")._auth_header


async def test_a_failing_receiver_is_retried_with_backoff_and_logged(client: Client) -> None:
    """Two 500s, then success: three attempts, each in the log with its status code."""
    with receiver([500, 503]) as hook:
        subscription = await _subscribe(client, hook.url, ["catalog.revised"])
        await client.post(f"/webhooks/{subscription['id']}/rotate")  # two secrets now
        store: Store = client.app.state.store
        offer = store.catalog().offers[0]
        store.write_catalog([_renamed(offer)], "renamed", lambda _: None)
        arrived = hook.wait_for(3)
    assert len({headers["webhook-id"] for headers, _ in arrived}) == 1  # one message, retried
    [delivery] = await _log(client, subscription["id"], "delivered")
    assert [a["status_code"] for a in delivery["attempts"]] == [500, 503, 204]
    assert delivery["attempts"][0]["error"] == "HTTP 500"
    assert delivery["payload"]["data"]["message"] == "renamed"


def _renamed(offer: Any) -> Any:
    from service.store import CatalogChange

    return CatalogChange("offers", offer.id, msgspec.structs.replace(offer, source="renamed"))


async def test_a_rotated_secret_keeps_signing_until_receivers_switch(client: Client) -> None:
    """After a rotation each delivery verifies under the old secret and under the new one."""
    with receiver() as hook:
        subscription = await _subscribe(client, hook.url, ["plan.completed", "plan.failed"])
        rotated = (await client.post(f"/webhooks/{subscription['id']}/rotate")).json()
        assert rotated["secret"] != subscription["secret"] and rotated["rotating_until"]
        await client.post("/plans", json=QUICK)
        [(headers, body)] = hook.wait_for(1)
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (subscription["secret"], rotated["secret"]):
        assert Webhook(secret).verify(body, headers)["type"] == "plan.completed"


async def test_subscriptions_are_validated_listed_and_deleted(client: Client) -> None:
    """A bad URL (a host label over 63 characters included) or event is a 422 naming the
    field; DELETE unsubscribes (then 404)."""
    bad_url = await client.post("/webhooks", json={"url": "ftp://x"})
    assert_problem(bad_url, 422, "url")
    bad_event = await client.post("/webhooks", json={"url": "http://x", "events": ["plan.x"]})
    assert_problem(bad_event, 422)
    assert "events" in bad_event.text
    long_label = await client.post("/webhooks", json={"url": f"http://{'a' * 64}.com/hook"})
    assert_problem(long_label, 422, "url")
    made = await _subscribe(client, "http://127.0.0.1:9/hook", ["plan.failed"])
    listed = (await client.get("/webhooks")).json()["items"]
    assert [item["id"] for item in listed] == [made["id"]] and listed[0]["secret"] is None
    assert (await client.delete(f"/webhooks/{made['id']}")).status_code == 204
    assert_problem(await client.delete(f"/webhooks/{made['id']}"), 404)
    assert_problem(await client.get(f"/webhooks/{made['id']}/deliveries"), 404)


@pytest.fixture
async def guarded(tmp_path: Path) -> AsyncIterator[Client]:
    """A client of an app with the default settings: no webhooks to internal addresses."""
    settings = Settings(db_path=str(tmp_path / "guarded.db"), webhook_backoff_s=0.01)
    with app_for(settings) as app:
        async with AsyncTestClient(app=app) as client:
            yield client


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def refusing(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Client]:
    """`guarded`, one app for the module's refusals (mark them `asyncio(loop_scope="module")`):
    a refused subscription stores nothing, and each refusal checks that none is listed."""
    db_path = str(tmp_path_factory.mktemp("refusing") / "guarded.db")
    with app_for(Settings(db_path=db_path, webhook_backoff_s=0.01)) as app:
        async with AsyncTestClient(app=app) as client:
            yield client


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "http://localhost:8000/hook",
        "http://10.1.2.3/hook",
        "http://192.168.1.1/hook",
        "http://172.16.0.1/hook",
        "http://100.64.0.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[fe80::1]/hook",
        "http://[fd00::1]/hook",
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_webhooks_to_internal_addresses_are_refused_naming_url(
    refusing: Client, url: str
) -> None:
    """A URL whose host is or resolves to a loopback, private, shared, link-local (cloud
    metadata), unspecified or multicast address is a 422 naming `url`, and nothing is stored."""
    problem = assert_problem(await refusing.post("/webhooks", json={"url": url}), 422, "url")
    assert "TOKENPLAN_WEBHOOK_ALLOW_INTERNAL" in problem["errors"][0]["message"]
    assert (await refusing.get("/webhooks")).json()["items"] == []


async def test_a_public_address_is_accepted_without_the_setting(guarded: Client) -> None:
    """A public IP literal subscribes as before (201): only internal targets are refused."""
    response = await guarded.post("/webhooks", json={"url": "https://8.8.8.8/hook"})
    assert response.status_code == 201, response.text


async def test_a_name_that_now_resolves_inside_is_not_delivered_to(guarded: Client) -> None:
    """A subscription whose host resolves to an internal address by the time an event comes
    (stored when it did not) gets no request: each attempt is logged as refused."""
    store: Store = guarded.app.state.store
    hook = Subscription(
        id="wh_rebound",
        url="http://localhost:9/hook",
        events=("catalog.revised",),
        created_at="2026-11-29T00:00:00Z",
        secrets=(Secret(value=new_secret()),),
    )
    store.insert_document("webhooks", hook.id, msgspec.json.encode(hook))
    store.write_catalog([_renamed(store.catalog().offers[0])], "renamed", lambda _: None)
    [delivery] = await _log(guarded, hook.id, "failed")
    [error] = {attempt["error"] for attempt in delivery["attempts"]}
    assert error.startswith("refused: the host resolves to an internal address (")
    assert all(attempt["status_code"] is None for attempt in delivery["attempts"])


async def test_a_retry_left_pending_by_a_stopped_server_is_sent_by_the_next(
    store_settings: Settings,
) -> None:
    """The first attempt fails (503) and the next is 30 s away when the server stops; a new
    server on the same store sends it at once: one message, two attempts in the log, and the
    receiver's copy of the secret verifies the retry."""
    with receiver([503]) as hook:
        first = fresh_app(
            dataclasses.replace(store_settings, webhook_backoff_s=30, webhook_allow_internal=True)
        )
        async with AsyncTestClient(app=first) as client:
            subscription = await _subscribe(client, hook.url, ["catalog.revised"])
            store: Store = first.state.store
            store.write_catalog([_renamed(store.catalog().offers[0])], "renamed", lambda _: None)
            hook.wait_for(1)
            for _ in range(100):  # the attempt is logged just after the receiver answers
                [pending] = await _log(client, subscription["id"], "pending")
                if pending["attempts"]:
                    break
                await asyncio.sleep(0.05)
            assert [a["status_code"] for a in pending["attempts"]] == [503]
        first.state.store.close()
        second = fresh_app(dataclasses.replace(store_settings, webhook_allow_internal=True))
        async with AsyncTestClient(app=second) as client:
            arrived = hook.wait_for(2)
            [delivery] = await _log(client, subscription["id"], "delivered")
        second.state.store.close()
    assert [a["status_code"] for a in delivery["attempts"]] == [503, 204]
    (headers, body), (again, same) = arrived
    assert again["webhook-id"] == headers["webhook-id"] == delivery["id"] and same == body
    assert Webhook(subscription["secret"]).verify(same, again)["type"] == "catalog.revised"


async def test_a_delivery_under_way_at_shutdown_is_stored_before_the_store_closes(
    store_settings: Settings,
) -> None:
    """The server stops while a finished plan's delivery waits for its receiver's answer:
    the shutdown waits for it, and the log says delivered. (The solver sent plan events
    through webhooks nobody stopped: the delivery wrote to the closed store, an exception in
    its thread, and the log stayed pending; CI, session 12.)"""
    settings = dataclasses.replace(store_settings, webhook_allow_internal=True, queue_workers=1)
    with receiver(delay_s=0.5) as hook:
        app = fresh_app(settings)
        async with AsyncTestClient(app=app) as client:
            subscription = await _subscribe(client, hook.url, ["plan.completed"])
            assert (await client.post("/plans", json=QUICK)).status_code == 201
            await asyncio.to_thread(hook.wait_for, 1)  # answered 0.5 s from now
        app.state.store.close()
    store = open_store(settings)
    try:
        [(_, doc)] = store.documents("deliveries", parent_id=subscription["id"])
    finally:
        store.close()
    delivery = msgspec.json.decode(doc)
    assert delivery["status"] == "delivered"
    assert [a["status_code"] for a in delivery["attempts"]] == [204]


@pytest.mark.parametrize("url", ["http://k[1/hook", "http://[::1/hook", "http://[not-ip]/hook"])
@pytest.mark.asyncio(loop_scope="module")
async def test_a_broken_ipv6_literal_is_refused_naming_url(refusing: Client, url: str) -> None:
    """An unclosed or invalid [IPv6] host (schemathesis found the first a 500, urlsplit's
    ValueError): 422 naming `url`, nothing stored."""
    problem = assert_problem(await refusing.post("/webhooks", json={"url": url}), 422, "url")
    assert problem["errors"][0]["message"] == f"{url!r} has no valid host"
    assert (await refusing.get("/webhooks")).json()["items"] == []


@pytest.mark.parametrize("url", ["http://" + "a" * 64 + ".example/hook", "http://a..b/hook"])
@pytest.mark.asyncio(loop_scope="module")
async def test_a_host_that_is_no_host_name_is_refused_naming_url(
    refusing: Client, url: str
) -> None:
    """A label over 63 characters or an empty one (schemathesis found the first leaking a
    UnicodeError from the delivery thread): 422 naming `url`, nothing stored."""
    problem = assert_problem(await refusing.post("/webhooks", json={"url": url}), 422, "url")
    assert "not a valid host name" in problem["errors"][0]["message"]
    assert (await refusing.get("/webhooks")).json()["items"] == []


async def test_an_event_after_the_stop_is_left_pending_for_the_next_server(
    client: Client,
) -> None:
    """Once the webhooks stopped (the server is going away; its store closes next), an event
    starts no delivery thread that could write to the closed store: the delivery is stored
    pending, leased, for the next server's sweep to send."""
    made = await _subscribe(client, "http://127.0.0.1:9/hook", ["catalog.revised"])
    webhooks = client.app.state.webhooks
    webhooks.stop()
    [delivery_id] = webhooks.emit("catalog.revised", {"revision": 2, "message": "late"})
    assert not any(thread.is_alive() for thread in webhooks._threads)
    [item] = (await client.get(f"/webhooks/{made['id']}/deliveries")).json()["items"]
    assert item["id"] == delivery_id and item["status"] == "pending" and item["attempts"] == []


@pytest.mark.parametrize("url", ["http://0177.0.0.1/hook", "http://011.1.1.1/hook"])
async def test_an_address_httpx_cannot_call_is_refused_naming_url(client: Client, url: str) -> None:
    """Probe 14b: an octal IPv4 form passed the internal-address check (read as inet_aton
    reads it), and with TOKENPLAN_WEBHOOK_ALLOW_INTERNAL each delivery died in httpx, which
    refuses it: never delivered, never failed. It is a 422 naming `url` now, with or without
    the setting (`client` has it), nothing stored."""
    problem = assert_problem(await client.post("/webhooks", json={"url": url}), 422, "url")
    assert "not a URL the service can call" in problem["errors"][0]["message"]
    assert (await client.get("/webhooks")).json()["items"] == []


def test_a_stored_url_httpx_refuses_is_a_failed_attempt_not_a_dead_thread() -> None:
    """A webhook stored before the check: its delivery attempt says what httpx said."""
    with httpx.Client() as http:
        attempt = attempt_delivery(
            http, "http://0177.0.0.1/hook", ["whsec_" + "A" * 32], "msg_1", "{}", True
        )
    assert attempt.status_code is None
    assert attempt.error is not None and "InvalidURL" in attempt.error
