"""A solve's wall-clock cap counts from when the solve was asked, its child's start included:
the first solve after start-up waits for the forkserver, and that wait (up to 2 s on a loaded
machine) came on top of the cap, so a plan answered past its limit plus 2 s (CI-like runs,
session 12: 4.6 s against 3.1 s)."""

from __future__ import annotations

import threading
import time
from multiprocessing import forkserver

import msgspec
import pytest

from catalog import default_catalog
from optimizer import PlanRequest
from service import solve_process
from service.solve_process import SolveJob, solve_capped
from tests.bodies import SLOW

START_S = 1.0
"""How long the child's start waits for the forkserver."""
CAP_S = 0.5
"""The cap: the solve ends about when the start does (the cap has run out by then), half a
second before the start's wait plus the cap, where it ended before the fix (a margin a
loaded machine keeps: 0.2 and 0.3 s missed it by 0.026 s at load 16)."""


def test_the_cap_counts_the_childs_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child that takes 1 s to start under a 0.5 s cap is stopped once started: the solve
    ends before 1 + 0.5 s."""
    ready = solve_process._CONTEXT.Process(target=time.sleep, args=(0,))
    ready.start()  # the forkserver up (at once if this process has solved before)
    ready.join()
    running = forkserver._forkserver.ensure_running

    def starting() -> None:
        time.sleep(START_S)
        running()

    monkeypatch.setattr(forkserver._forkserver, "ensure_running", starting)
    request = msgspec.convert({**SLOW, "options": {"time_limit_s": 30}}, PlanRequest)
    assert request.forecast is not None
    job = SolveJob(
        catalog=default_catalog(),
        request=request,
        forecast=request.forecast,
        plan_id="plan_slow_start",
        created_at="2027-01-01T00:00:00Z",
        forecast_id=None,
    )
    began = time.monotonic()
    outcome = solve_capped(job, CAP_S, threading.Event())
    elapsed = time.monotonic() - began
    assert outcome.kind == "capped" and "wall-clock cap of 0.5 s" in outcome.error
    assert elapsed < START_S + CAP_S, elapsed
