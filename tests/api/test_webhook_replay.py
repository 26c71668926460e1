"""Replaying POST /webhooks under its Idempotency-Key (probe 16b F7): it handed out the
subscription's current secret, after any number of rotations, to whoever sent the first
request again, and every API key holder shared the keys' scope."""

from __future__ import annotations

import dataclasses

from litestar.testing import AsyncTestClient

from service.config import Settings
from service.webhooks_api import WITHHELD_ROTATED
from tests.apps import fresh_app


async def test_a_replay_after_a_rotation_shows_no_secret(store_settings: Settings) -> None:
    """Before any rotation, the replay answers the secret the first answer gave; once
    rotated, the subscription without any secret, saying why."""
    app = fresh_app(dataclasses.replace(store_settings, webhook_allow_internal=True))
    body = {"url": "http://127.0.0.1:9/hook"}
    key = {"Idempotency-Key": "wh-1"}
    async with AsyncTestClient(app=app) as client:
        first = (await client.post("/webhooks", json=body, headers=key)).json()
        again = await client.post("/webhooks", json=body, headers=key)
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.json()["secret"] == first["secret"]
        rotated = (await client.post(f"/webhooks/{first['id']}/rotate")).json()
        replay = await client.post("/webhooks", json=body, headers=key)
    assert replay.status_code == 201 and replay.json()["id"] == first["id"]
    assert replay.json()["secret"] is None, replay.json()
    assert replay.json()["secret_withheld"] == WITHHELD_ROTATED
    assert rotated["secret"] not in replay.text and first["secret"] not in replay.text


async def test_an_idempotency_key_is_scoped_per_api_key(store_settings: Settings) -> None:
    """With API keys configured, one Idempotency-Key under two API keys is two requests:
    the second holder gets a subscription of its own, never the first's (nor its secret)."""
    settings = dataclasses.replace(
        store_settings, webhook_allow_internal=True, api_keys=frozenset({"alice", "bob"})
    )
    app = fresh_app(settings)
    body = {"url": "http://127.0.0.1:9/hook"}
    async with AsyncTestClient(app=app) as client:
        alice = await client.post(
            "/webhooks", json=body, headers={"Idempotency-Key": "k", "X-API-Key": "alice"}
        )
        bob = await client.post(
            "/webhooks", json=body, headers={"Idempotency-Key": "k", "X-API-Key": "bob"}
        )
        alice_again = await client.post(
            "/webhooks", json=body, headers={"Idempotency-Key": "k", "X-API-Key": "alice"}
        )
    assert alice.status_code == bob.status_code == alice_again.status_code == 201
    assert "Idempotent-Replayed" not in bob.headers
    assert bob.json()["id"] != alice.json()["id"]
    assert bob.json()["secret"] != alice.json()["secret"]
    assert alice_again.json()["id"] == alice.json()["id"]
    assert alice_again.headers["Idempotent-Replayed"] == "true"
