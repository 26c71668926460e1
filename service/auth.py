"""API keys, one app-level guard: writes need a key when `TOKENPLAN_API_KEYS` is set, and so
does every read when `TOKENPLAN_PROTECT_READS=1`, the OpenAPI document included (only routes
marked `opt={"public": True}` stay open: /health, for load balancers)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from service.config import Settings
from service.errors import Forbidden, Unauthorized

__all__ = ["client_of", "require_key"]

_READS = {"GET", "HEAD", "OPTIONS"}
# POST routes that read: they compute from the catalog and store nothing.
_READ_POSTS = {"createQuote", "createRanking"}


def _presented(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return connection.headers.get("x-api-key")


def client_of(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """Who is asking, for per-client limits: the API key presented (hashed), else the
    client's address."""
    key = _presented(connection)
    if key:
        return "key:" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return "addr:" + (connection.client.host if connection.client else "unknown")


def _is_read(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> bool:
    if connection.scope.get("method", "GET") in _READS:
        return True
    return getattr(handler, "operation_id", None) in _READ_POSTS


def require_key(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Guard: 401 without a key, 403 with a wrong one, when the request needs one."""
    settings: Settings = connection.app.state.settings
    if not settings.api_keys or handler.opt.get("public"):
        return
    if _is_read(connection, handler) and not settings.protect_reads:
        return
    key = _presented(connection)
    if key is None:
        msg = "this request needs an API key (Authorization: Bearer <key> or X-API-Key)"
        raise Unauthorized(msg)
    if not any(hmac.compare_digest(key, known) for known in settings.api_keys):
        raise Forbidden("the API key is not valid")
