"""API keys: writes need one when `TOKENPLAN_API_KEYS` is set; reads only when configured."""

from __future__ import annotations

import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from service.config import Settings
from service.errors import Forbidden, Unauthorized

__all__ = ["require_key"]

_READS = {"GET", "HEAD", "OPTIONS"}


def _presented(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return connection.headers.get("x-api-key")


def require_key(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard: 401 without a key, 403 with a wrong one, when keys are configured."""
    settings: Settings = connection.app.state.settings
    if not settings.api_keys:
        return
    if connection.scope.get("method", "GET") in _READS and not settings.protect_reads:
        return
    key = _presented(connection)
    if key is None:
        msg = "this request needs an API key (Authorization: Bearer <key> or X-API-Key)"
        raise Unauthorized(msg)
    if not any(hmac.compare_digest(key, known) for known in settings.api_keys):
        raise Forbidden("the API key is not valid")
