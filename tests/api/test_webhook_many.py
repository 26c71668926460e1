"""Many webhook subscriptions (probe 16b F3): 1,050 of them (5.6 s of POSTs) held every catalog
write 45-95 s, every other request waiting behind it, and the 50 oldest heard nothing. Now: a
stated cap, every subscription read, the write answered before any delivery is stored, and
the attempts made by a bounded pool of senders."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service import webhooks as webhooks_module
from service import webhooks_api
from service.config import Settings
from service.store import CatalogChange, Store
from service.webhooks import (
    UNSUBSCRIBED,
    Delivery,
    Secret,
    Subscription,
    Webhooks,
    new_secret,
)
from tests.problems import assert_problem
from tests.webhook_receiver import receiver

Client = AsyncTestClient[Litestar]


def _subscribe_directly(store: Store, count: int, url: str) -> None:
    """`count` subscriptions to `url`, stored as POST /webhooks stores them (unsealed)."""
    for n in range(count):
        subscription = Subscription(
            id=f"wh_{n:05d}",
            url=url,
            events=("catalog.revised",),
            created_at="2026-12-01T00:00:00Z",
            secrets=(Secret(value=new_secret()),),
        )
        store.insert_document("webhooks", subscription.id, msgspec.json.encode(subscription))


def _renamed(store: Store) -> CatalogChange:
    offer = store.catalog().offers[0]
    return CatalogChange("offers", offer.id, msgspec.structs.replace(offer, source="renamed"))


async def test_subscriptions_past_the_cap_are_a_422_naming_it(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stated cap (here 3): the POST past it is a 422 naming it, nothing stored; one
    deleted makes room again."""
    monkeypatch.setattr(webhooks_api, "MAX_SUBSCRIPTIONS", 3)
    made = []
    for n in range(3):
        answer = await client.post("/webhooks", json={"url": f"http://127.0.0.1:9/{n}"})
        assert answer.status_code == 201, answer.text
        made.append(answer.json()["id"])
    refused = await client.post("/webhooks", json={"url": "http://127.0.0.1:9/3"})
    problem = assert_problem(refused, 422, "webhooks")
    assert "at most 3 webhook subscriptions" in problem["detail"]
    assert len((await client.get("/webhooks")).json()["items"]) == 3
    assert (await client.delete(f"/webhooks/{made[0]}")).status_code == 204
    again = await client.post("/webhooks", json={"url": "http://127.0.0.1:9/3"})
    assert again.status_code == 201, again.text


def test_every_subscription_hears_an_event_past_a_thousand(
    store: Store, store_settings: Settings
) -> None:
    """1,001 subscriptions: every one gets the event's delivery (the oldest went without:
    at most 1,000 were read)."""
    _subscribe_directly(store, 1001, "http://127.0.0.1:9/hook")
    hooks = Webhooks(store, dataclasses.replace(store_settings, webhook_allow_internal=True))
    assert len(hooks.subscriptions()) == 1001
    hooks.stop()  # stored for the next server: nothing is sent from the test
    ids = hooks.emit("catalog.revised", {"revision": 2, "message": "x"})
    assert len(ids) == 1001
    stored = {msgspec.json.decode(doc)["webhook_id"] for _, doc in _all_deliveries(store)}
    assert stored == {f"wh_{n:05d}" for n in range(1001)}


def _all_deliveries(store: Store) -> list[tuple[int, bytes]]:
    rows: list[tuple[int, bytes]] = []
    while True:
        more = store.documents("deliveries", before=rows[-1][0] if rows else None, limit=500)
        rows += more
        if len(more) < 500:
            return rows


def test_a_catalog_write_answers_before_its_webhooks_are_stored(
    store: Store, store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write's request handed the event to the webhooks and waited while each delivery
    was stored and started: with the making of its deliveries held, the write still
    answers (its event stored), and the delivery is made and sent once it goes on."""
    settings = dataclasses.replace(store_settings, webhook_allow_internal=True)
    hooks = Webhooks(store, settings)
    store.outbox = hooks
    gate = threading.Event()
    expand = Webhooks._expand
    gave_up: list[bool] = []

    def held(self: Webhooks) -> tuple[str, list[Delivery]] | None:
        gave_up.append(not gate.wait(5))  # opened below, once the write answered
        return expand(self)

    monkeypatch.setattr(Webhooks, "_expand", held)
    with receiver() as hook:
        _subscribe_directly(store, 1, hook.url)
        store.write_catalog([_renamed(store)], "renamed", lambda _: None)
        answered_while_held = not gate.is_set()
        gate.set()
        [(_, body)] = hook.wait_for(1)
    hooks.stop()
    assert answered_while_held and gave_up[0] is False
    assert msgspec.json.decode(body)["data"]["message"] == "renamed"


def test_many_deliveries_are_sent_a_few_at_a_time(store: Store, store_settings: Settings) -> None:
    """Each subscription's delivery had a thread of its own (1,050 at once); a bounded pool
    sends them now: the receiver never has more than `SENDERS` under way, and gets all."""
    settings = dataclasses.replace(store_settings, webhook_allow_internal=True)
    hooks = Webhooks(store, settings)
    with receiver(delay_s=0.2) as hook:
        _subscribe_directly(store, 3 * webhooks_module.SENDERS, hook.url)
        hooks.emit("catalog.revised", {"revision": 2, "message": "x"})
        arrived: list[Any] = hook.wait_for(3 * webhooks_module.SENDERS)
        most = hook.most_at_once
    hooks.stop()
    assert len({headers["webhook-id"] for headers, _ in arrived}) == 3 * webhooks_module.SENDERS
    assert 1 <= most <= webhooks_module.SENDERS


async def test_a_deleted_subscription_gets_no_more_retries(client: Client) -> None:
    """Probe 16b F4: DELETE /webhooks/{id} left its pending retries going (signed deliveries
    for 31 s more). Each attempt reads its subscription first: gone, nothing more is sent
    and the delivery ends `failed`, saying why."""
    store: Store = client.app.state.store
    with receiver([500] * 6) as hook:
        answer = await client.post(
            "/webhooks", json={"url": hook.url, "events": ["catalog.revised"]}
        )
        webhook_id = answer.json()["id"]
        store.write_catalog([_renamed(store)], "renamed", lambda _: None)
        await asyncio.to_thread(hook.wait_for, 1)
        assert (await client.delete(f"/webhooks/{webhook_id}")).status_code == 204
        sent = len(hook.received)
        for _ in range(200):
            [(_, doc)] = store.documents("deliveries", parent_id=webhook_id)
            delivery = msgspec.json.decode(doc)
            if delivery["status"] != "pending":
                break
            await asyncio.sleep(0.05)
        arrived = len(hook.received)
    assert delivery["status"] == "failed" and delivery["ended"] == UNSUBSCRIBED, delivery
    assert arrived <= sent + 1 and arrived < 6  # at most the one under way at the DELETE
