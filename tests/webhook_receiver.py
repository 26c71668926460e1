"""A webhook receiver for the tests: an HTTP server on 127.0.0.1 that records each delivery
and answers with the status codes it is given (then 204), after `delay_s` when asked."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import msgspec

from service.store import Store
from service.webhooks import Secret, Subscription, new_secret

__all__ = ["Receiver", "receiver", "subscribe"]


def subscribe(store: Store, webhook_id: str, url: str, events: tuple[Any, ...]) -> None:
    """Store a subscription of `url` to `events` with one new secret, as POST /webhooks
    would (none of its checks)."""
    subscription = Subscription(
        id=webhook_id,
        url=url,
        events=events,
        created_at="2026-12-01T00:00:00Z",
        secrets=(Secret(value=new_secret()),),
    )
    store.insert_document("webhooks", webhook_id, msgspec.json.encode(subscription))


class Receiver:
    """What arrived: (headers, body) per request, and the codes still to answer with."""

    def __init__(self, codes: list[int]) -> None:
        self.codes = codes
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.arrived = threading.Condition()
        self.url = ""
        self.under_way = 0
        self.most_at_once = 0
        """The most requests under way at one time."""

    def wait_for(self, count: int, timeout_s: float = 30.0) -> list[tuple[dict[str, str], bytes]]:
        """The first `count` requests, waiting up to `timeout_s` for them."""
        with self.arrived:
            ok = self.arrived.wait_for(lambda: len(self.received) >= count, timeout_s)
        assert ok, f"{len(self.received)} of {count} deliveries arrived"
        return self.received[:count]


@contextmanager
def receiver(codes: list[int] | None = None, *, delay_s: float = 0.0) -> Iterator[Receiver]:
    """A running receiver; stopped when the block ends. With `delay_s`, each request is
    recorded when it arrives and answered `delay_s` later (a delivery under way meanwhile);
    without, it is recorded once answered."""
    state = Receiver(list(codes or []))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            code = state.codes.pop(0) if state.codes else 204
            if delay_s:
                with state.arrived:
                    state.under_way += 1
                    state.most_at_once = max(state.most_at_once, state.under_way)
                self._record(body)
                time.sleep(delay_s)
                with state.arrived:
                    state.under_way -= 1
            self.send_response(code)
            self.send_header("content-length", "0")
            self.end_headers()
            if not delay_s:
                self._record(body)

        def _record(self, body: bytes) -> None:
            with state.arrived:
                state.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                state.arrived.notify_all()

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
