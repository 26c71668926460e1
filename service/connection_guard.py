"""The connections `tokenplan serve` accepts: a request's head (its line and headers) must be
all in within `Settings.head_s` of the connection opening, or of the first byte of the next
request on a kept-alive connection, else a 408 and the connection is closed; and one client
address holds at most `Settings.connections_per_client` connections at once, more are answered
a 503 with Retry-After as they open, and closed. Without these, one address holding about
20,000 half-sent heads (a header line every 5 s, never the blank line) took every file
descriptor of the server: /health went
unanswered and the log grew by 41 MB of "Too many open files" in 40 s (probe 14b, finding 3).
The body has its own deadline (`service.body_deadline`), once the head is in.

uvicorn's HTTP/1.1 protocol (h11) with these two checks added; `uvicorn_config` is how the
CLI and the tests' live server make theirs."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Any, ClassVar

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from service.config import Settings

__all__ = ["guarded_protocol", "uvicorn_config"]


def _problem(status: int, title: str, detail: str, *headers: str) -> bytes:
    """A whole RFC 9457 response, written before (or instead of) reading a request."""
    body = json.dumps(
        {"type": "about:blank", "title": title, "status": status, "detail": detail}
    ).encode()
    head = "".join(
        [
            f"HTTP/1.1 {status} {title}\r\ncontent-type: application/problem+json\r\n",
            *(f"{h}\r\n" for h in headers),
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n",
        ]
    )
    return head.encode() + body


def _late_head(head_s: float) -> bytes:
    detail = f"the request's head was not all in within {head_s:g} s: send it at once"
    return _problem(408, "Request Timeout", detail)


def _too_many(per_client: int) -> bytes:
    detail = f"this address holds {per_client} connections already: close one, or retry"
    return _problem(503, "Service Unavailable", detail, "retry-after: 1")


class _Guarded(H11Protocol):
    """`H11Protocol` with a deadline on each request's head and a cap on one address's
    connections (the class attributes: `guarded_protocol` makes one per setting)."""

    head_s: ClassVar[float] = 20.0
    per_client: ClassVar[int] = 0
    held: ClassVar[Counter[str]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._counted: str | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        host = self.client[0] if self.client else None
        if host is not None and self.per_client:
            if self.held[host] >= self.per_client:
                # Answered before its request (probe 14b: a reset told the client nothing).
                transport.write(_too_many(self.per_client))
                transport.close()
                return
            self.held[host] += 1
            self._counted = host
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._counted is not None:
            self.held[self._counted] -= 1
            if self.held[self._counted] <= 0:
                del self.held[self._counted]
            self._counted = None
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:
            self._arm()  # the first byte of a request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # its head is in (or the connection is done)

    def _arm(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.head_s, self._head_late)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_late(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        self.transport.write(_late_head(self.head_s))
        self.transport.close()


def guarded_protocol(settings: Settings) -> type[H11Protocol]:
    """uvicorn's h11 protocol with `settings`' head deadline and per-address cap."""
    attributes = {
        "head_s": settings.head_s,
        "per_client": settings.connections_per_client,
        "held": Counter[str](),
    }
    return type("GuardedH11Protocol", (_Guarded,), attributes)


def uvicorn_config(
    app: Any, settings: Settings, host: str, port: int, log_level: str = "info"
) -> uvicorn.Config:
    """How `tokenplan serve` serves `app`: h11 with the guard above."""
    protocol = guarded_protocol(settings)
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, http=protocol)
