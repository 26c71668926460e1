"""Webhook secrets sealed at rest (service/secret_box.py): with TOKENPLAN_SECRET_KEY the store
holds no secret in plain text, and deliveries still verify under the secret the subscriber was
given, across a rotation; secrets stored before the key was set still sign."""

from __future__ import annotations

import dataclasses

import msgspec
import pytest
from cryptography.fernet import Fernet
from litestar.testing import AsyncTestClient
from standardwebhooks import Webhook

from service.config import Settings
from service.secret_box import SEALED, SecretBox, SecretUnreadable
from service.store import CatalogChange, Store
from service.webhooks import Secret, Subscription, new_secret
from tests.apps import fresh_app
from tests.webhook_receiver import receiver

KEY = Fernet.generate_key().decode()


def _sealed_settings(store_settings: Settings) -> Settings:
    return dataclasses.replace(store_settings, secret_key=KEY, webhook_allow_internal=True)


def _revise(store: Store) -> None:
    """A catalog revision, so that `catalog.revised` goes out."""
    offer = store.catalog().offers[0]
    changed = msgspec.structs.replace(offer, source="revised")
    store.write_catalog([CatalogChange("offers", offer.id, changed)], "revised", lambda _: None)


async def test_sealed_secrets_are_not_in_the_store_and_still_sign(
    store_settings: Settings,
) -> None:
    """With a key, the stored subscription holds `sealed:v1:` values only, never the secret
    answered; after a rotation both secrets sign a delivery that verifies under each."""
    app = fresh_app(_sealed_settings(store_settings))
    async with AsyncTestClient(app=app) as client:
        with receiver() as hook:
            made = await client.post(
                "/webhooks", json={"url": hook.url, "events": ["catalog.revised"]}
            )
            first = made.json()["secret"]
            second = (await client.post(f"/webhooks/{made.json()['id']}/rotate")).json()["secret"]
            store: Store = app.state.store
            stored = store.document("webhooks", made.json()["id"])
            values = [s.value for s in msgspec.json.decode(stored, type=Subscription).secrets]
            assert all(value.startswith(SEALED) for value in values) and len(values) == 2
            assert first.encode() not in stored and second.encode() not in stored
            _revise(store)
            [(headers, body)] = hook.wait_for(1)
    app.state.store.close()
    for secret in (first, second):
        assert Webhook(secret).verify(body, headers)["type"] == "catalog.revised"


async def test_a_secret_stored_before_the_key_still_signs(store_settings: Settings) -> None:
    """A subscription stored in plain text (older code, or no key then) is delivered and
    verifies once a key is set."""
    app = fresh_app(_sealed_settings(store_settings))
    async with AsyncTestClient(app=app) as client:
        with receiver() as hook:
            secret = new_secret()
            plain = Subscription(
                id="wh_plain",
                url=hook.url,
                events=("catalog.revised",),
                created_at="2026-11-29T00:00:00Z",
                secrets=(Secret(value=secret),),
            )
            store: Store = app.state.store
            store.insert_document("webhooks", plain.id, msgspec.json.encode(plain))
            assert (await client.get("/webhooks/wh_plain")).status_code == 200
            _revise(store)
            [(headers, body)] = hook.wait_for(1)
    app.state.store.close()
    assert Webhook(secret).verify(body, headers)["type"] == "catalog.revised"


def test_a_malformed_key_stops_the_service_saying_how_to_make_one() -> None:
    """A key that is not 32 url-safe base64 bytes is refused at start-up, naming the setting."""
    with pytest.raises(ValueError, match="TOKENPLAN_SECRET_KEY must be 32 url-safe"):
        SecretBox("not-a-key")


def test_a_sealed_secret_opens_only_with_its_key() -> None:
    """Sealing is reversible with the key, refused without it or with another key."""
    sealed = SecretBox(KEY).seal("whsec_abc")
    assert sealed.startswith(SEALED) and SecretBox(KEY).open(sealed) == "whsec_abc"
    with pytest.raises(SecretUnreadable, match="not set"):
        SecretBox("").open(sealed)
    with pytest.raises(SecretUnreadable, match="another"):
        SecretBox(Fernet.generate_key().decode()).open(sealed)
