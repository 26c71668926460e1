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
from tests.apps import app_for

__all__ = ["serving"]


@contextlib.contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The base URL of the app made from `settings`, served until the block ends."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with app_for(settings) as app:
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(60)
