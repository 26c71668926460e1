"""A request body must keep arriving: each chunk within `Settings.body_idle_s` of the one
before, the whole body within `Settings.body_total_s` of the first read. A client that stops
sending (or trickles a byte at a time) gets a 408 problem and the connection is closed; without
this, every half-sent body of up to `max_body_bytes` was held open for ever (probe 13: 100
connections holding 3.9 MB each raised the server's memory by 190 MiB and were all still open a
minute later).

Only the body is bounded: once its last chunk has arrived (or the client has gone), `receive`
waits as long as the caller likes (a stream of events listens on it for the disconnect)."""

from __future__ import annotations

import time

import anyio
from litestar.exceptions import HTTPException
from litestar.types import Receive, ReceiveMessage

__all__ = ["BodyTimeout", "bounded_receive"]


class BodyTimeout(HTTPException):
    status_code = 408


def bounded_receive(receive: Receive, idle_s: float, total_s: float) -> Receive:
    """`receive`, refusing a body whose next chunk is more than `idle_s` late, or that is not
    all in `total_s` after the first read.

    Raises (from the returned callable):
        BodyTimeout: 408, saying which bound the body broke.
    """
    done = False
    deadline: float | None = None

    async def receive_bounded() -> ReceiveMessage:
        nonlocal done, deadline
        if done:
            return await receive()
        now = time.monotonic()
        deadline = deadline if deadline is not None else now + total_s
        wait = min(idle_s, deadline - now)
        message: ReceiveMessage | None = None
        with anyio.move_on_after(max(0.0, wait)):
            message = await receive()
        if message is None:
            done = True
            late = wait >= idle_s
            said = (
                f"no byte of the request body for {idle_s:g} s"
                if late
                else f"the request body took more than {total_s:g} s"
            )
            raise BodyTimeout(detail=f"{said}: send the whole body at once")
        if message["type"] != "http.request" or not message.get("more_body", False):
            done = True  # the body is complete, or the client has gone
        return message

    return receive_bounded
