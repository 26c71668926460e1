"""Ctrl-C on `tokenplan plan` and `tokenplan sensitivity` cancels the work, prints what it
has and exits 130 (service/cli_interrupt.py): solved here, the plan keeps the best found and
the run the cells it made; solved by a service, the command cancels it there and prints what
the service stored. Before, a traceback lost it all, and the service's run went on."""

from __future__ import annotations

import json
import math
import os
import signal
import threading
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import httpx
import pytest

from service import cli_sensitivity, entry
from service.cli import main
from service.cli_interrupt import INTERRUPTED
from service.config import Settings
from tests.bodies import SLOW
from tests.golden import GOLDEN, golden_plan, store_plan
from tests.live import serving

# The portfolio valued over its horizon: an incumbent in about a second, far from proven in 40.
LONG = {**SLOW, "options": {"time_limit_s": 40, "commitment_accounting": "in_horizon"}}
GROWING = golden_plan("growing-power-capped")  # a sensitivity run of 100+ re-solves


@contextmanager
def _ctrl_c_when(ready: Callable[[], bool], after_s: float) -> Iterator[list[float]]:
    """SIGINT to this process from a thread once `ready()` holds and `after_s` more passed
    (the time it was sent is yielded's first item). The test's own handler stands behind
    whatever the command installs: while the block runs it raises KeyboardInterrupt, as
    Python's does; after it, a signal is only recorded, never a KeyboardInterrupt in pytest."""
    running = [True]
    sent: list[float] = []

    def behind(signum: int, frame: FrameType | None) -> None:
        if running[0]:
            raise KeyboardInterrupt

    def watch() -> None:
        deadline = time.monotonic() + 120
        while not ready() and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(after_s)
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    previous = signal.signal(signal.SIGINT, behind)
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield sent
    finally:
        running[0] = False
        thread.join(120)
        signal.signal(signal.SIGINT, previous)


def _handler_installed() -> bool:
    """Whether the command has put its own SIGINT handler in (the work is under way)."""
    handler = signal.getsignal(signal.SIGINT)
    return getattr(handler, "__name__", "") == "first"


def test_ctrl_c_on_a_local_plan_prints_the_best_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 40 s solve told Ctrl-C once its search has an incumbent (HiGHS's callback showed a
    finite one; two seconds after the handler could come before it on a loaded machine): exit
    130 within seconds, and the plan printed is the incumbent, `feasible` with its gap, marked
    cancelled."""
    import optimizer

    request = tmp_path / "long.json"
    request.write_text(json.dumps(LONG))
    incumbents: list[float] = []
    solve = optimizer.make_plan

    def heard(*args: Any, on_progress: Any, **kwargs: Any) -> Any:
        def progress(seconds: float, incumbent: float, bound: float) -> bool:
            if math.isfinite(incumbent):
                incumbents.append(incumbent)
            return bool(on_progress(seconds, incumbent, bound))

        return solve(*args, on_progress=progress, **kwargs)

    monkeypatch.setattr(optimizer, "make_plan", heard)
    with _ctrl_c_when(lambda: _handler_installed() and bool(incumbents), 0.3) as sent:
        assert main(["plan", str(request), "--json"]) == INTERRUPTED
    took = time.monotonic() - sent[0]
    out = capsys.readouterr()
    plan = json.loads(out.out)
    assert plan["status"] == "feasible" and plan["solver"]["cancelled"] is True
    assert plan["solver"]["gap"] > 0 and plan["summary"]["total_cost"] > 0
    assert "cancelling the plan (Ctrl-C again to quit at once)" in out.err
    assert took < 20, took


def test_ctrl_c_on_a_local_sensitivity_prints_what_it_made(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The growing example's run told Ctrl-C once past its base (its second solver run
    started; a cancel before it fails the run, as a loaded machine's second would): exit
    130, the run printed with `finished` false and the cells it did not reach `not_run`,
    said to be cancelled."""
    plan_file = str(GOLDEN / "growing-power-capped.json")
    started: list[int] = []
    run = cli_sensitivity.sensitivity

    def counted(*args: Any, **kwargs: Any) -> Any:
        return run(*args, **kwargs, on_step=started.append)

    monkeypatch.setattr(cli_sensitivity, "sensitivity", counted)
    with _ctrl_c_when(lambda: _handler_installed() and len(started) >= 2, 0.3) as sent:
        code = main(["sensitivity", plan_file, "--json", "--max-seconds", "600"])
    took = time.monotonic() - sent[0]
    assert code == INTERRUPTED
    out = capsys.readouterr()
    run = json.loads(out.out)
    assert run["finished"] is False and run["plan_id"] == GROWING.id
    notes = [c["note"] for o in run["offers"] for c in o["responses"] if c["status"] == "not_run"]
    assert notes and all("cancel" in note for note in notes), notes[:3]
    assert "cancelling the sensitivity run" in out.err
    assert took < 30, took


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running service holding the growing example's golden plan."""
    db = tmp_path_factory.mktemp("interrupt") / "tokenplan.db"
    store_plan(str(db), GROWING)
    with serving(Settings(db_path=str(db), solvers=1)) as url:
        yield url


def test_ctrl_c_on_a_service_run_cancels_it_there(
    service: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sensitivity PLAN --url` told Ctrl-C while the service runs it: the command cancels
    the run there and prints the run as the service stored it (`finished` false), exit 130;
    the service holds the same run, no longer solving."""
    path = f"{service}/plans/{GROWING.id}/sensitivity"

    def past_its_base() -> bool:
        """Solving, the plan re-solved (its second run started): a cancel before that fails
        the run ("cancelled before it began"), as a loaded CI run's 1-s Ctrl-C did."""
        response = httpx.get(path)
        run = response.json() if response.status_code == 200 else {}
        return run.get("status") == "solving" and run.get("solves", 0) >= 2

    with _ctrl_c_when(past_its_base, 0.3):
        code = main(["sensitivity", GROWING.id, "--url", service, "--json"])
    assert code == INTERRUPTED
    out = capsys.readouterr()
    printed = json.loads(out.out)
    stored = httpx.get(path).json()
    assert printed["status"] == stored["status"] == "done" and printed == stored
    assert stored["finished"] is False
    assert "cancelling the service's sensitivity run" in out.err


def test_ctrl_c_on_a_service_plan_cancels_it_there(
    service: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`plan FILE --url` told Ctrl-C while the service searches (an incumbent in its
    progress): cancelled there, printed as stored (the best found, `feasible`, cancelled),
    exit 130."""
    request = tmp_path / "long.json"
    request.write_text(json.dumps(LONG))

    def searching() -> bool:
        """Solving with an incumbent in its progress (two seconds after `solving` could come
        before the first on a loaded machine: a cancel then keeps no plan)."""
        plans = httpx.get(f"{service}/plans").json()["items"]
        for listed in plans:
            if listed["status"] == "solving":
                plan = httpx.get(f"{service}/plans/{listed['id']}").json()
                if (plan.get("progress") or {}).get("incumbent_cost") is not None:
                    return True
        return False

    with _ctrl_c_when(searching, 0.3):
        code = main(["plan", str(request), "--url", service, "--json"])
    assert code == INTERRUPTED
    out = capsys.readouterr()
    printed = json.loads(out.out)
    stored = httpx.get(f"{service}/plans/{printed['id']}").json()
    assert printed["status"] == stored["status"] == "feasible"
    assert stored["solver"]["cancelled"] is True
    assert f"cancelling plan {printed['id']} at the service" in out.err


def test_a_second_ctrl_c_is_a_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KeyboardInterrupt the command does not turn into a cancel (a second Ctrl-C, or one
    before the work began) ends the command with one line and 130 (review 15a C2: a
    traceback)."""
    import optimizer

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(optimizer, "make_plan", interrupted)
    request = tmp_path / "long.json"
    request.write_text(json.dumps(LONG))
    assert main(["plan", str(request)]) == INTERRUPTED
    assert capsys.readouterr().err.endswith("\ninterrupted\n")


def test_a_ctrl_c_while_the_command_loads_is_held_then_ends_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A Ctrl-C while the command's modules load (PuLP swallowed one in its import of
    highspy: the command ran on, or failed with HiGHS half-loaded, review 15a C0) is held
    until they have loaded, then ends the command with one line and 130, running nothing."""
    ran: list[str] = []
    command = types.ModuleType("cli")
    command.console = lambda: ran.append("ran") or 0  # type: ignore[attr-defined]

    def load() -> types.ModuleType:
        # To this thread (a command has no other while it loads; a test process may):
        # held, nothing is raised in the import.
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        time.sleep(0.05)
        return command

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        assert entry.console(load) == INTERRUPTED
    finally:
        signal.signal(signal.SIGINT, previous)
    assert ran == [] and capsys.readouterr().err == "\ninterrupted\n"
    assert entry.console(lambda: command) == 0 and ran == ["ran"]


def test_a_ctrl_c_while_the_reports_load_ends_the_command_with_a_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Probe 16b F5: `main` imports service.reports first, after the console script's held
    window and outside any catch: a Ctrl-C then was a traceback and exit -2. The console
    script now loads it in the held window, and `main` ends such a Ctrl-C with one line and
    130."""
    import importlib.abc
    import sys

    class CtrlC(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: object, target: object = None) -> None:
            if name == "service.reports":
                raise KeyboardInterrupt

    monkeypatch.delitem(sys.modules, "service.reports", raising=False)
    monkeypatch.setattr(sys, "meta_path", [CtrlC(), *sys.meta_path])
    assert main(["quote", "--price", "2", "--throughput", "1000"]) == INTERRUPTED
    assert capsys.readouterr().err == "\ninterrupted\n"
    monkeypatch.undo()
    loaded = entry._cli()
    assert loaded.__name__ == "service.cli" and "service.reports" in sys.modules
