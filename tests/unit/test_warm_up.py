"""The forkserver is warmed up before a server or worker takes its first solve, and the warm-up
waits until it has forked a child: started in the background (or, for PostgreSQL's workers,
not at all), it made the first solve after start-up wait for it inside `child.start()`, 3.5 s
on a loaded machine, past that solve's wall-clock cap (CI-like runs, session 12)."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import pytest

from service import solve_process
from service import worker as worker_module
from service.worker import EmbeddedWorker


def test_the_warm_up_waits_for_a_child_of_the_forkserver(monkeypatch: pytest.MonkeyPatch) -> None:
    """`warm_up` starts a child of the solve's context and joins it before it returns."""
    events: list[str] = []

    class Child:
        def __init__(self, **_: Any) -> None:
            events.append("made")

        def start(self) -> None:
            events.append("started")

        def join(self, timeout: float | None = None) -> None:
            events.append(f"joined within {timeout}")

        def is_alive(self) -> bool:
            return False

    monkeypatch.setattr(solve_process, "CONTEXT", SimpleNamespace(Process=Child))
    solve_process.warm_up.__wrapped__()
    assert events == ["made", "started", f"joined within {solve_process.WARM_UP_S}"]


def test_a_forkserver_that_never_forks_delays_start_up_only_so_long(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A child still unborn after WARM_UP_S: the warm-up returns, saying so, rather than hold
    the server's start-up for ever."""

    class Unborn:
        def __init__(self, **_: Any) -> None:
            pass

        def start(self) -> None:
            pass

        def join(self, timeout: float | None = None) -> None:
            assert timeout == solve_process.WARM_UP_S

        def is_alive(self) -> bool:
            return True

    monkeypatch.setattr(solve_process, "CONTEXT", SimpleNamespace(Process=Unborn))
    solve_process.warm_up.__wrapped__()
    assert "forkserver took over 60 s to fork; starting anyway" in caplog.text


def test_an_embedded_worker_warms_up_before_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """`EmbeddedWorker.start` warms the forkserver up before its thread takes jobs."""
    events: list[str] = []
    monkeypatch.setattr(worker_module, "warm_up", lambda: events.append("warmed"))
    embedded = EmbeddedWorker.__new__(EmbeddedWorker)
    embedded._thread = SimpleNamespace(start=lambda: events.append("thread"))  # type: ignore[assignment]
    embedded._started = threading.Event()
    embedded._started.set()
    embedded.start()
    assert events == ["warmed", "thread"]
