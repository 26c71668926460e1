"""Review 17b F1: the subscriptions' standings (whose last attempt succeeded, failed, or was
never made) lived in each process's memory. After a restart, and in every other process, a
healthy subscription was served as never tried, behind every never-tried receiver that hangs
(192.9 s with 300 of them). And never-tried subscriptions could hold every sender, so an
answered one waited up to an attempt's timeout (8.3-9.3 s)."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import msgspec
import pytest

from service import webhooks as webhooks_module
from service.config import Settings
from service.store import CatalogChange, Store
from service.webhooks import Delivery, Webhooks
from tests.webhook_receiver import Receiver, receiver, subscribe


def _settings(store_settings: Settings) -> Settings:
    """Retries a minute apart: none comes due during a test."""
    return dataclasses.replace(store_settings, webhook_allow_internal=True, webhook_backoff_s=60.0)


@contextmanager
def _started(store: Store, settings: Settings) -> Iterator[Webhooks]:
    """Webhooks on `store` as a server starts them, stopped when the block ends."""
    hooks = Webhooks(store, settings)
    hooks.start()
    try:
        yield hooks
    finally:
        hooks.stop()


def _logged(store: Store, webhook_ids: list[str]) -> list[Delivery]:
    """The deliveries to `webhook_ids` with an attempt logged."""
    found = []
    for webhook_id in webhook_ids:
        for _, doc in store.documents("deliveries", parent_id=webhook_id):
            delivery = msgspec.json.decode(doc, type=Delivery)
            if delivery.attempts:
                found.append(delivery)
    return found


def _until(condition: Any, what: str) -> None:
    """Wait for `condition`, 30 s at most."""
    for _ in range(600):
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(what)


@pytest.fixture
def small_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Four senders: failing subscriptions hold two at most, and one is kept for answered
    ones."""
    monkeypatch.setattr(webhooks_module, "SENDERS", 4)
    monkeypatch.setattr(webhooks_module, "FAILING_SENDERS", 2)
    monkeypatch.setattr(webhooks_module, "KEPT_SENDERS", 1, raising=False)  # new here


@pytest.mark.usefixtures("small_pool")
def test_an_answered_subscription_is_served_as_answered_after_a_restart(
    store: Store, store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twelve subscriptions on a receiver that never answers in time and one healthy, the
    newest, each tried once by a first server. The next server (a restart, or another
    process on the store) sends the healthy one its next event before more than `SENDERS`
    attempts at the hanging receiver, the hanging ones' retries (released to it) and their
    new deliveries included. Before, it knew none of them: the twelve retries and the
    twelve new deliveries came first, as never tried, ahead of the healthy one."""
    monkeypatch.setattr(webhooks_module, "TIMEOUT_S", 0.3)
    settings = _settings(store_settings)
    hanging_ids = [f"wh_{n:02d}" for n in range(12)]
    with receiver() as healthy, receiver(delay_s=5.0) as hanging:
        for webhook_id in hanging_ids:
            subscribe(store, webhook_id, hanging.url, ("catalog.revised",))
        subscribe(store, "wh_healthy", healthy.url, ("catalog.revised",))
        with _started(store, settings) as first:
            first.emit("catalog.revised", {"revision": 2, "message": "first"})
            healthy.wait_for(1)
            hanging.wait_for(12)
            _until(lambda: len(_logged(store, hanging_ids)) == 12, "hanging attempts not logged")
        before = len(hanging.received)
        with _started(store, settings) as following:
            following.emit("catalog.revised", {"revision": 3, "message": "after the restart"})
            healthy.wait_for(2)
            ahead = len(hanging.received) - before
    assert ahead <= 4, f"{ahead} attempts at the hanging receiver before the healthy one"


@pytest.mark.usefixtures("small_pool")
def test_never_tried_receivers_leave_senders_to_an_answered_one(
    store: Store, store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A healthy subscription has answered; then twelve new subscriptions on a receiver that
    hangs are each sent an event. While their first attempts hang, the healthy one's next
    event is sent at once: no hanging attempt has ended (none is logged) when it arrives.
    Before, the never-tried ones held every sender, and it waited for one of them to time
    out (review 17b: 8.3-9.3 s)."""
    monkeypatch.setattr(webhooks_module, "TIMEOUT_S", 5.0)
    hanging_ids = [f"wh_{n:02d}" for n in range(12)]
    with receiver() as healthy, receiver(delay_s=6.0) as hanging:
        subscribe(store, "wh_healthy", healthy.url, ("catalog.revised",))
        with _started(store, _settings(store_settings)) as hooks:
            hooks.emit("catalog.revised", {"revision": 2, "message": "first"})
            healthy.wait_for(1)
            for webhook_id in hanging_ids:
                subscribe(store, webhook_id, hanging.url, ("plan.completed",))
            hooks.emit("plan.completed", {"id": "plan_1", "status": "optimal"})
            _hold_every_free_sender(hanging)
            hooks.emit("catalog.revised", {"revision": 3, "message": "second"})
            healthy.wait_for(2)
            ended = _logged(store, hanging_ids)
    assert ended == [], f"{len(ended)} hanging attempts ended before the healthy one was sent"


def _hold_every_free_sender(hanging: Receiver) -> None:
    """Wait until the never-tried subscriptions hold as many senders as they may."""
    hanging.wait_for(webhooks_module.SENDERS - webhooks_module.KEPT_SENDERS)


async def test_a_deleted_subscription_s_standing_goes_with_it(client: Any) -> None:
    """The standing stored when a subscription is first answered is deleted with it."""
    store: Store = client.app.state.store
    standings = webhooks_module.STANDINGS
    with receiver() as hook:
        made = await client.post("/webhooks", json={"url": hook.url, "events": ["catalog.revised"]})
        webhook_id = made.json()["id"]
        offer = store.catalog().offers[0]
        change = CatalogChange("offers", offer.id, msgspec.structs.replace(offer, source="x"))
        store.write_catalog([change], "renamed", lambda _: None)
        await asyncio.to_thread(hook.wait_for, 1)
        await asyncio.to_thread(
            _until, lambda: store.statuses(standings) == {webhook_id: "answered"}, "no standing"
        )
    assert (await client.delete(f"/webhooks/{webhook_id}")).status_code == 204
    assert store.statuses(standings) == {}


def test_an_attempt_ending_after_its_subscription_was_deleted_stores_no_standing(
    store: Store, store_settings: Settings
) -> None:
    """Review 18 R9: an attempt under way while its subscription is deleted stored the
    standing again after the delete, a row every process then read for ever."""
    hooks = Webhooks(store, _settings(store_settings))
    subscribe(store, "wh_gone", "http://127.0.0.1:9/", ("catalog.revised",))
    store.delete_document("webhooks", "wh_gone")
    hooks._answered("wh_gone", True)
    assert store.statuses(webhooks_module.STANDINGS) == {}
    subscribe(store, "wh_here", "http://127.0.0.1:9/", ("catalog.revised",))
    hooks._answered("wh_here", True)
    assert store.statuses(webhooks_module.STANDINGS) == {"wh_here": "answered"}
