"""Idempotency-Key: the same key and the same request (compared decoded, not byte for byte)
return the first result; the same key with another request is a 422."""

from __future__ import annotations

import hashlib
from typing import Annotated

import msgspec
from litestar.params import HeaderParameter

from catalog import InvalidInput
from service.store import Store

__all__ = ["IdempotencyKey", "fingerprint", "replay"]

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
