"""An app served by uvicorn on a free port of 127.0.0.1, in a thread, for tests of clients that
talk HTTP (the CLI's --url)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn

from service.config import Settings
from service.connection_guard import uvicorn_config
from tests.apps import app_for

__all__ = ["serving"]

START_S = 60.0
"""How long the server may take to start (a bound for a hang: it starts in a moment)."""


@contextlib.contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The base URL of the app made from `settings`, served until the block ends. The server
    is handed the socket bound here: a port found free, closed and bound again by uvicorn
    could be taken in between by any process's connection."""
    with socket.socket() as listening, app_for(settings) as app:
        listening.bind(("127.0.0.1", 0))
        port = listening.getsockname()[1]
        config = uvicorn_config(app, settings, "127.0.0.1", port, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, args=([listening],), daemon=True)
        thread.start()
        deadline = time.monotonic() + START_S
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        try:
            assert server.started, "the server did not start (its log says why)"
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(60)
