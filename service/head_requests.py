"""HEAD answers as GET does, without the body (RFC 9110 section 9.3.2: a general-purpose
server supports GET and HEAD), and every `Allow` that names GET names HEAD too. Litestar routes
HEAD only to handlers declared for it, so a HEAD to any GET route was a 405 (probe 14b,
finding 11): a link checker or a cache validating a report download was refused.

The request is routed, guarded and answered as its GET, headers and status included (a 404 or a
304 as the GET would be, `Content-Length` the GET body's), and the body is dropped. A stream
(the plan's events) is told the client has gone once its head is sent, so it ends instead of
running for nobody."""

from __future__ import annotations

from typing import cast

from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPScope, Message, Receive, ReceiveMessage, Scope, Send

__all__ = ["answer_head"]


def _with_head(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """`headers` with HEAD added to an `Allow` that names GET without it."""
    out = []
    for name, value in headers:
        if name.lower() == b"allow":
            methods = [m.strip() for m in value.split(b",")]
            if b"GET" in methods and b"HEAD" not in methods:
                value = b", ".join([*methods, b"HEAD"])
        out.append((name, value))
    return out


def answer_head(app: ASGIApp) -> ASGIApp:
    """`app`, answering HEAD as GET without the body, and naming HEAD wherever `Allow` names
    GET."""

    async def asgi(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        started = False
        ended = False

        async def send_head(message: Message) -> None:
            nonlocal started, ended
            if message["type"] == "http.response.start":
                started = True
                headers = _with_head(list(message.get("headers", [])))
                await send(cast("Message", {**message, "headers": headers}))
            elif message["type"] == "http.response.body" and head:
                if not ended:
                    ended = True
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
            else:
                await send(message)

        async def receive_head() -> ReceiveMessage:
            if head and started:  # a stream listening for the client: it has what it wants
                return {"type": "http.disconnect"}
            return await receive()

        if head:
            scope = cast("HTTPScope", {**scope, "method": "GET"})
        await app(scope, receive_head, send_head)
        if head and started and not ended:
            # A stream told the client had gone returns without a body message: end the
            # response, or the server drops the connection and logs an error (review 15a H1).
            await send({"type": "http.response.body", "body": b"", "more_body": False})

    return asgi
