"""Ctrl-C on `tokenplan serve` (SIGINT) and a service manager's stop (SIGTERM to the whole
group, systemd's default) reach every process of the group, solve children included: they died
of it at once and the plan was stored `crashed` (SIGINT) or `failed` (SIGTERM: "the solve
process ended without a result"), before the server's drain (which lets running solves finish,
DESIGN) could act. A solve's child ignores both: the server decides (review 13 found it for the
sensitivity's child and SIGINT; session 14 for SIGTERM)."""

from __future__ import annotations

import os
import signal
import threading

import msgspec
import pytest

from optimizer import PlanRequest
from service.solve_process import Outcome, SolveJob, Tick, solve_capped
from tests.api.test_sensitivity_child import _forked, _until
from tests.bodies import SLOW
from tests.slow_job import slow_job


class _Ticks:
    def __init__(self) -> None:
        self.heard = threading.Event()

    def tick(self, tick: Tick) -> None:
        self.heard.set()

    def cancelled(self) -> bool:
        return False


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_group_signals_do_not_end_a_solve(signum: int) -> None:
    """A 3 s solve told SIGINT (or SIGTERM) ten times once it reports progress still answers
    with its plan."""
    request = msgspec.convert({**SLOW, "options": {"time_limit_s": 3}}, PlanRequest)
    job: SolveJob = msgspec.structs.replace(slow_job("plan_sigint"), request=request)
    watch = _Ticks()
    before = _forked()
    ended: list[Outcome] = []
    thread = threading.Thread(
        target=lambda: ended.append(solve_capped(job, 60.0, threading.Event(), watch))
    )
    thread.start()
    _until(lambda: watch.heard.is_set() and len(_forked() - before) == 1)
    [child] = _forked() - before
    for _ in range(10):  # now and then: one that lands in HiGHS's C code waits for Python
        if not thread.is_alive():
            break
        os.kill(child, signum)
        thread.join(0.2)
    thread.join(60)
    [outcome] = ended
    assert outcome.kind == "plan", outcome.error
