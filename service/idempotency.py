"""Idempotency-Key, honoured alike by every POST that creates (plans, forecasts, webhooks,
catalog items): the same key and the same request (compared decoded, not byte for byte) return
the first result, marked `Idempotent-Replayed: true`; the same key with another request is a
422; of concurrent requests under one key, the one that stores first wins and the others
answer its result. Each route keeps the key in the transaction that creates (KeyTaken when
another request stored it first)."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import msgspec
from litestar.connection import ASGIConnection
from litestar.params import HeaderParameter

from catalog import Conflict, InvalidInput, Stale
from service.auth import client_of
from service.store import KeyTaken, Store

__all__ = [
    "REPLAYED",
    "IdempotencyKey",
    "create_once",
    "fingerprint",
    "key_of",
    "replay",
    "scoped",
    "winner",
]

IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        min_length=1,
        max_length=200,
        description="the same key and request return the first result",
    ),
]


R = TypeVar("R")

REPLAYED = {"Idempotent-Replayed": "true"}
"""The header of an answer replayed for an Idempotency-Key."""


def scoped(connection: ASGIConnection[Any, Any, Any, Any], key: str | None) -> str | None:
    """The Idempotency-Key as kept: where API keys are configured (TOKENPLAN_API_KEYS),
    prefixed with the hash of the API key presented, so that a retry is answered only to the
    holder of the key that made the first request (with every holder sharing one scope, the
    replay of POST /webhooks handed whoever sent it the subscription's secret: probe 16b F7).
    Without API keys, as given."""
    if key is None or not connection.app.state.settings.api_keys:
        return key
    return f"{client_of(connection)}/{key}"


def fingerprint(request: msgspec.Struct) -> str:
    """A digest of the decoded request: the same JSON re-serialised (spacing, key order)
    has the same fingerprint."""
    return "v2:" + hashlib.sha256(msgspec.json.encode(request, order="sorted")).hexdigest()


def replay(store: Store, scope: str, key: str | None, request: msgspec.Struct) -> str | None:
    """The resource id stored for this Idempotency-Key and request, or None for a new key.

    Raises:
        InvalidInput: the key was used with another request (422).
    """
    if key is None:
        return None
    found = store.idempotent(scope, key)
    if found is None:
        return None
    stored, resource_id = found
    # Keys stored before v2 hashed the raw bytes, which no decoded request can be compared
    # with: for those the key alone decides.
    if stored.startswith("v2:") and stored != fingerprint(request):
        raise InvalidInput.one(
            "Idempotency-Key", "this key was used with another request; use a new key"
        )
    return resource_id


def key_of(key: str | None, request: msgspec.Struct) -> tuple[str, str] | None:
    """What the store keeps for an Idempotency-Key: (key, request fingerprint), or None when
    the request has no key."""
    return None if key is None else (key, fingerprint(request))


def winner(store: Store, scope: str, key: str | None, request: msgspec.Struct) -> str:
    """The resource id of the request that stored `key` first, after this one lost the race
    (KeyTaken).

    Raises:
        InvalidInput: the winner sent another request under the key (422).
    """
    found = replay(store, scope, key, request)
    assert found is not None, "KeyTaken is raised only for a key that is stored"
    return found


async def create_once(
    store: Store,
    scope: str,
    key: str | None,
    request: msgspec.Struct,
    create: Callable[[tuple[str, str] | None], Awaitable[R]],
    again: Callable[[str], R],
) -> R:
    """`create(key_of(key, request))`, which stores the new resource and the key in one
    transaction; or, when the key was stored before (a retry) or meanwhile (a concurrent
    request that won), `again(resource id)`: the first result again.

    A create refused for what the winner did (its item now exists: Conflict; the catalog
    moved past an If-Match: Stale) is answered the same way when the key is stored by then:
    the refusal is the race, not the request (review 12 finding 2: the loser got 409).

    Raises:
        InvalidInput: the key was used with another request (422).
    """
    first = replay(store, scope, key, request)
    if first is not None:
        return again(first)
    try:
        return await create(key_of(key, request))
    except (KeyTaken, Conflict, Stale):
        won = None if key is None else replay(store, scope, key, request)
        if won is None:  # refused for itself, not for a race under its key
            raise
        return again(won)
