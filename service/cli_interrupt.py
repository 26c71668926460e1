"""Ctrl-C on a long CLI command cancels the work and prints what it has, as the service's
cancel routes do, instead of a traceback that loses it (session 14 left the sensitivity run's
Ctrl-C alone: a 10-minute run printed nothing, and a run the service made went on there).

Solved here, the first Ctrl-C sets an event the work polls (a plan stops at its solver's next
callback and keeps the best found, a sensitivity run within a quarter second, inside its running
solver run, and keeps what it has); a second one interrupts at once. Solved by a service,
Ctrl-C cancels the run there and waits for what it stored. Either way the command prints the
result and exits `INTERRUPTED`."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["INTERRUPTED", "cancel_on_interrupt", "interrupted", "say_cancelled"]

INTERRUPTED = 130
"""The exit status of a command Ctrl-C cancelled (128 + SIGINT, as shells report it)."""


def interrupted() -> int:
    """Say a Ctrl-C the command did not turn into a cancel ended it (one line, not a
    traceback); the exit status to return."""
    print("\ninterrupted", file=sys.stderr)
    return INTERRUPTED


def say_cancelled(what: str) -> None:
    print(f"\ncancelling {what}: it keeps what it has found", file=sys.stderr)


@contextmanager
def cancel_on_interrupt(what: str) -> Iterator[threading.Event]:
    """Within: the first Ctrl-C sets the event yielded, saying so on stderr; a second one
    raises KeyboardInterrupt as usual. Off the main thread (where no signal handler can be
    set) the event is never set."""
    event = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield event
        return

    def first(signum: int, frame: FrameType | None) -> None:
        event.set()
        signal.signal(signal.SIGINT, previous)
        say_cancelled(f"{what} (Ctrl-C again to quit at once)")

    previous = signal.signal(signal.SIGINT, first)
    try:
        yield event
    finally:
        signal.signal(signal.SIGINT, previous)
