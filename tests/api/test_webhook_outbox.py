"""Webhooks durable and fair (probe 17b). F1, F2: an event waited in the dispatcher's memory
after its write was answered, so a server killed, or stopped with a backlog, lost it for good
(183 of 300 catalog writes after a SIGTERM). It is stored now in the write's transaction, and
the next server makes it into deliveries. F3: one receiver that never answers held every other
subscriber's events behind its attempts (21 minutes). L2: every secret rotated out in the last
24 hours signed each delivery (401 signatures, a 19 KB header)."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import msgspec
import psycopg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from standardwebhooks import Webhook

from service import webhooks as webhooks_module
from service.config import Settings
from service.store import CatalogChange, Store
from service.store_pg import PostgresStore
from service.webhook_attempt import rfc3339
from service.webhooks import Webhooks
from tests.bodies import QUICK
from tests.postgres import PostgresServer
from tests.webhook_receiver import Receiver, receiver, subscribe

Client = AsyncTestClient[Litestar]


def _renamed(store: Store, name: str) -> CatalogChange:
    offer = store.catalog().offers[0]
    return CatalogChange("offers", offer.id, msgspec.structs.replace(offer, source=name))


def _silenced(hooks: Webhooks) -> None:
    """End the threads `hooks` started with the app (its start-up sweep wakes its
    dispatcher, which a loaded machine may run only after the test's writes: it then sent
    them, 1 clean-clone run in 5 on PostgreSQL; there the embedded worker's own did too,
    after this was done for the app's alone), as a killed server's end: nothing released,
    nothing sent, the store untouched."""
    with hooks._lock:
        hooks._stopping.set()
        hooks._wake.notify_all()
        hooks._turn.notify_all()
        threads = [*hooks._threads, hooks._sweeper]
    for thread in threads:
        if thread.is_alive():
            thread.join(30)
        assert not thread.is_alive(), thread


@pytest.mark.parametrize("ending", ["killed", "stopped"])
async def test_an_answered_write_is_announced_though_its_server_ends_at_once(
    client: Client, monkeypatch: pytest.MonkeyPatch, ending: Literal["killed", "stopped"]
) -> None:
    """Three catalog writes and a plan, each answered while the server's webhook threads
    never get to their events (as when it is killed -9 after the answer, or stopped with a
    backlog): the next server sends all four, each with its event's own time. Before, they
    waited in memory and were lost, nothing in the store saying they were owed."""
    app = client.app
    store: Store = app.state.store
    settings: Settings = app.state.settings
    _silenced(app.state.webhooks)
    embedded = getattr(app.state.solver, "_embedded", None)
    if embedded is not None:  # PostgreSQL's worker in the app: its plans' events too
        _silenced(embedded.worker.webhooks)
    with receiver() as hook:
        subscribe(store, "wh_1", hook.url, ("catalog.revised", "plan.completed"))
        with monkeypatch.context() as held:
            held.setattr(Webhooks, "_started", lambda self, **_: None)  # no thread ever runs
            held.setattr(Webhooks, "wake", lambda self: None)
            written = time.time()
            revisions = [
                store.write_catalog([_renamed(store, f"n{n}")], f"write {n}", lambda _: None)
                for n in range(3)
            ]
            answer = await client.post("/plans", json=QUICK, headers={"Prefer": "wait=30"})
            assert answer.json()["status"] == "optimal", answer.text
            answered = time.time()
            if ending == "stopped":  # a stop with the events stored leaves them stored
                app.state.webhooks.stop()
        await asyncio.sleep(2.1)  # the next server starts later: the events keep their time
        assert hook.received == []
        following = Webhooks(store, settings)
        following.start()
        try:
            arrived = await asyncio.to_thread(hook.wait_for, 4)
        finally:
            following.stop()
    payloads = [msgspec.json.decode(body) for _, body in arrived]
    assert sorted(p["data"].get("revision", 0) for p in payloads) == [
        0,
        *(c.revision for c in revisions),
    ]
    [plan_event] = [p for p in payloads if p["type"] == "plan.completed"]
    assert plan_event["data"]["id"] == answer.json()["id"]
    for payload in payloads:  # when it happened, not when the next server sent it
        assert rfc3339(written) <= payload["timestamp"] <= rfc3339(answered), payload


@contextmanager
def _healthy_and_hanging(
    store: Store, store_settings: Settings
) -> Iterator[tuple[Webhooks, Receiver, Receiver]]:
    """Webhooks on `store` (retries 60 s apart) with one subscription on a healthy receiver,
    the oldest, and twelve on a receiver that answers none in time; stopped when done."""
    settings = dataclasses.replace(
        store_settings, webhook_allow_internal=True, webhook_backoff_s=60.0
    )
    hooks = Webhooks(store, settings)
    with receiver() as healthy, receiver(delay_s=5.0) as hanging:
        subscribe(store, "wh_00", healthy.url, ("catalog.revised",))
        for n in range(1, 13):
            subscribe(store, f"wh_{n:02d}", hanging.url, ("catalog.revised",))
        try:
            yield hooks, healthy, hanging
        finally:
            hooks.stop()


def _until_failing(hooks: Webhooks, webhook_ids: list[str]) -> None:
    """Wait (60 s at most: a bound for a hang) until each of `webhook_ids` stands failing
    here, its last attempt timed out (a fixed half second could end first on a loaded
    machine, and the next event then met subscriptions not yet failing)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with hooks._lock:
            if all(hooks._failures.get(w, 0) > 0 for w in webhook_ids):
                return
        time.sleep(0.02)
    raise AssertionError("the hanging subscriptions' attempts never failed")


async def test_a_receiver_that_never_answers_does_not_hold_the_others(
    store: Store, store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twelve subscriptions on a receiver that never answers (each attempt times out) and
    one healthy, the oldest. After a first event, the second reaches the healthy one before
    more than `SENDERS` attempts at the hanging one: those whose last attempt failed hold at
    most `FAILING_SENDERS` senders, and the subscriptions take turns. Before, one queue held
    the healthy delivery behind every hanging attempt due before it (probe 17b F3: 21 min)."""
    monkeypatch.setattr(webhooks_module, "SENDERS", 4)
    monkeypatch.setattr(webhooks_module, "FAILING_SENDERS", 2, raising=False)  # new here
    monkeypatch.setattr(webhooks_module, "TIMEOUT_S", 0.3)
    with _healthy_and_hanging(store, store_settings) as (hooks, healthy, hanging):
        hooks.emit("catalog.revised", {"revision": 2, "message": "first"})
        healthy.wait_for(1)
        hanging.wait_for(12)
        _until_failing(hooks, [f"wh_{n:02d}" for n in range(1, 13)])
        before = len(hanging.received)
        hooks.emit("catalog.revised", {"revision": 3, "message": "second"})
        healthy.wait_for(2)
        ahead = len(hanging.received) - before
    assert ahead <= 4, f"{ahead} attempts at the hanging receiver before the healthy one"


async def test_at_most_three_secrets_sign_however_often_it_is_rotated(client: Client) -> None:
    """Five rotations: a delivery carries three signatures (the newest secret and the two
    before it), each of which verifies; the first two secrets no longer sign. Before, all six
    signed for 24 hours (probe 17b L2: 401 rotations, a 19,247-byte header)."""
    store: Store = client.app.state.store
    with receiver() as hook:
        made = await client.post("/webhooks", json={"url": hook.url, "events": ["catalog.revised"]})
        secrets_ = [made.json()["secret"]]
        for _ in range(5):
            rotated = await client.post(f"/webhooks/{made.json()['id']}/rotate")
            secrets_.append(rotated.json()["secret"])
        store.write_catalog([_renamed(store, "rotated")], "rotated", lambda _: None)
        [(headers, body)] = await asyncio.to_thread(hook.wait_for, 1)
    assert len(headers["webhook-signature"].split(" ")) == 3
    for secret in secrets_[-3:]:
        assert Webhook(secret).verify(body, headers)["type"] == "catalog.revised"
    for secret in secrets_[:2]:
        with pytest.raises(Exception, match="signature"):
            Webhook(secret).verify(body, headers)


async def test_failing_subscriptions_retries_do_not_fill_the_backlog(
    store: Store, store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 17b R1: the deliveries held counted against `BACKLOG` whoever they were for, so
    retries to receivers that hang (due hours away) filled it, and every later event waited
    in the outbox: a healthy subscriber heard nothing for 7 minutes and counting. Here twelve
    hanging subscriptions' retries fill a backlog of twelve; the healthy subscription still
    hears the next events, as the failing ones' deliveries no longer count."""
    monkeypatch.setattr(webhooks_module, "BACKLOG", 12)
    monkeypatch.setattr(webhooks_module, "TIMEOUT_S", 0.3)
    with _healthy_and_hanging(store, store_settings) as (hooks, healthy, hanging):
        _stored(store, hooks, 2)
        healthy.wait_for(1)
        hanging.wait_for(12)
        time.sleep(0.5)  # the hanging attempts time out: 12 retries held, 60 s away
        for revision in (3, 4, 5):
            _stored(store, hooks, revision)
        got = healthy.wait_for(4, timeout_s=20.0)
    revisions = sorted(msgspec.json.decode(body)["data"]["revision"] for _, body in got)
    assert revisions == [2, 3, 4, 5]


def _stored(store: Store, hooks: Webhooks, revision: int) -> None:
    """A catalog revision's event stored and the dispatcher told, as a catalog write does."""
    store.add_event(hooks.revised(revision, f"revision {revision}"))
    hooks.wake()


def test_processes_make_different_events_at_once_on_postgresql(
    postgres: PostgresServer,
) -> None:
    """Review 17b F5: every process read the same oldest event, made its deliveries, and all
    but one waited on the winner's lock to throw theirs away. While another process holds
    the oldest event, one making deliveries now takes the next (`FOR UPDATE SKIP LOCKED`)."""
    url = postgres.fresh_database()
    store = PostgresStore(url)
    other = psycopg.connect(url)
    try:
        first, second = (Webhooks.event("catalog.revised", {"revision": r}) for r in (2, 3))
        store.add_event(first)
        store.add_event(second)
        other.execute(
            "SELECT id FROM documents WHERE collection = 'events' AND id = %s FOR UPDATE",
            (first[0],),
        )  # its transaction stays open: another process making the first event
        asked: list[str] = []
        asked_once = threading.Event()

        def expand(event_id: str, doc: bytes) -> list[tuple[str, bytes, str | None]]:
            asked.append(event_id)
            asked_once.set()
            return [(f"msg_{event_id}", doc, None)]

        making = threading.Thread(
            target=store.expand_event,
            args=(expand,),
            kwargs={"into": "deliveries", "owner": "here", "lease_s": 0.0},
        )
        making.start()
        assert asked_once.wait(30)
        taken = list(asked)
        other.rollback()  # the other process lets go (the old code waited for it)
        making.join(30)
        assert taken == [second[0]], f"made {taken}, the event another process holds"
        assert [i for i, _ in store.statuses("events").items()] == [first[0]]
        assert store.document("deliveries", f"msg_{second[0]}") == second[1]
    finally:
        other.close()
        store.close()
        postgres.drop_database(url)
