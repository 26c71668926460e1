"""A run's process is forked before its run asks for it (service/sensitivity_process.py,
`_fork_spare`): once a run has ended, the next run's process waits for its job, so that the
fork is off that run's path; the spare is used once, replaced when it died while it waited,
not forked by a server that stops, and ended at exit (`stop_spare`)."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator

import msgspec
import pytest

from optimizer import Sensitivity
from optimizer.slots import Slots
from service import sensitivity_process
from service.sensitivity_process import run_in_child, spare_pids, stop_spare
from tests.api.test_sensitivity_child import _forked, _job, _until
from tests.processes import alive


@pytest.fixture(autouse=True)
def _no_spare() -> Iterator[None]:
    stop_spare()  # another test's run in this process may have left one
    yield
    stop_spare()


def _run(stop: threading.Event | None = None) -> tuple[Sensitivity | None, int | None]:
    """The seed's run on two slots (one held), and the process id it ran in."""
    slots = Slots(2)
    ran_in: list[int | None] = []
    started = sensitivity_process._started

    def watched(payload: bytes) -> tuple[object, object]:
        child, receive = started(payload)
        ran_in.append(child.pid)
        return child, receive

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sensitivity_process, "_started", watched)
        with slots.held():
            result = run_in_child(_job("seed-deepseek-r1", 2), slots, stop or threading.Event())
    assert slots.used == 0
    [pid] = ran_in
    return result, pid


def test_the_next_run_takes_the_process_forked_when_the_last_ended() -> None:
    """The first run forks its own; as it ends, the next one's is forked and waits; the next
    run runs in it (the same table), and leaves a new one for the run after."""
    assert spare_pids() == set()
    first, first_pid = _run()
    assert first is not None and first.status == "done"
    _until(lambda: len(spare_pids()) == 1)
    [spare] = spare_pids()
    assert spare != first_pid
    second, second_pid = _run()
    assert second_pid == spare
    assert second is not None and second.status == "done"
    untimed = msgspec.structs.replace
    assert untimed(second, seconds=0.0) == untimed(first, seconds=0.0)
    _until(lambda: spare_pids() - {spare} != set())
    [after] = spare_pids()
    assert after not in (spare, first_pid)


def test_a_spare_that_died_while_it_waited_is_replaced() -> None:
    """SIGTERM to the group (a service manager's stop) ends an idle spare: the next run forks
    a process of its own and is done."""
    _run()
    _until(lambda: len(spare_pids()) == 1)
    [spare] = spare_pids()
    os.kill(spare, signal.SIGTERM)
    _until(lambda: spare not in _forked() | spare_pids() or not alive(spare))
    result, pid = _run()
    assert pid != spare
    assert result is not None and result.status == "done"


def test_a_stopping_server_forks_no_spare_and_none_is_left_at_exit() -> None:
    """A run stopped by a drain leaves no process forked ahead; `stop_spare` (run at exit)
    ends the one a finished run left, and no process of the runs is left."""
    before = _forked()
    stop = threading.Event()
    stop.set()
    result, _ = _run(stop)
    assert result is None  # the drain: stopped at once
    assert spare_pids() == set()
    _run()
    _until(lambda: len(spare_pids()) == 1)
    [spare] = spare_pids()
    stop_spare()
    assert spare_pids() == set()
    assert not alive(spare)
    assert _forked() <= before
