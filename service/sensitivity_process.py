"""A sensitivity run of the solver pool in a child process, forked from the forkserver a plan's
solve uses (service/solve_process.py), its re-solves side by side on the server's free solver
slots: the run holds one, and its threads ask the server for another before each solver run
beyond the first at once (`optimizer.slots.Lanes`, over the pipe), given back when that solver
run ends, so that a plan arriving waits for one solver run at most.

In a child rather than in threads of the server: the run's Python (model writes, starts, plans
costed: about a fifth of its CPU) holds the GIL, and with two re-solving threads in the
server's process GET /health's p99 rose from 30-50 ms to 330-420 ms on the loaded machine
(bench/api.py --sensitivity); a drain also stops a child at once, where a thread stopped only
at its next re-solve.

Each run's process is forked before its run asks for it: once a run has ended, the next one's
is forked (`_fork_spare`) and waits, idle, for its job; a fork took a run 11-27 ms of its
wall time before its first line (the forkserver's fork, the main module run again; traced at
load 1.5-2), now off its path from the server's second run on (sens25).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import os
import queue
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Literal

import msgspec

from catalog import Catalog, TokenplanError
from optimizer import Plan, Sensitivity, SensitivityOptions, sensitivity
from optimizer.slots import Slots
from service.solve_process import CONTEXT, ignore_group_signals, stop_child

__all__ = ["RunJob", "out_of_collection", "run_in_child", "spare_pids", "stop_spare"]

log = logging.getLogger("tokenplan")
BORROW, GIVE, YES, NO = b"borrow", b"give", b"1", b"0"
"""The child's questions (a slot, please; this one back) and the server's answers."""
CANCEL = b"cancel"
"""The server's one word unasked: the run is cancelled (it reports what it has)."""
STEP = b"step:"
"""The child's word before each solver run, with how many it has started (its progress)."""
CANCEL_LOOK_S = 0.5
"""How often the server asks whether the run was cancelled while the child runs."""
LOOK_S = 0.05
"""How often the server looks for a drain while the child runs."""
NICE = 10
"""The run's process's niceness over the server's: a plan's solve and the server's requests
come first on a busy CPU (a plan's process weighs about nine times a run's thread), and an
idle CPU is the run's all the same."""


def out_of_collection() -> None:
    """Move every object the run's process holds before the run (the forkserver's modules,
    the job's catalog and plan, all alive until the process ends) out of the garbage
    collector's reach: its collections then walk only what the run makes. On the seed's run
    (sens23, a fresh process as the service forks it, two workers) the one full collection a
    run made, 42-54 ms with the GIL held (every thread waits on it), is gone; the younger
    collections 24-41 ms either way."""
    gc.freeze()


class RunJob(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the child needs for one run, sent as msgspec bytes."""

    catalog: Catalog
    plan: Plan
    options: SensitivityOptions
    created_at: str
    workers: int


_JOB = msgspec.json.Decoder(RunJob)
"""The run's job decoder, built in the forkserver (`service.solve_process.PRELOAD`): a child
that built it decoded its job in 6-14 ms (the Catalog's and the Plan's types made each time)
against about 1 ms warm (sens25)."""


class Ended(msgspec.Struct, frozen=True, kw_only=True, tag=True):
    """What came back: the run, or why there is none (`detail`: the error a client sees;
    `trace`: the traceback for the server's log, when not a refusal)."""

    kind: Literal["done", "failed"]
    result: Sensitivity | None = None
    detail: str = ""
    trace: str = ""


class Orphaned(Exception):
    """The server went away (its end of the pipe closed): the run is for no one."""


class _Server:
    """The child's side of the pipe: slots borrowed from the server (`optimizer.slots.Borrow`),
    whether it is still there, whether the run was cancelled, its progress, and the run's end,
    from any of the run's threads."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.lock = threading.Lock()
        self.cancel_heard = False

    def _heard(self) -> None:
        """Read what the server said unasked (under `lock`): a cancel, else (the pipe
        closed) it is gone.

        Raises:
            Orphaned: the server's end of the pipe is closed.
        """
        while self.conn.poll():
            try:
                said = self.conn.recv_bytes()
            except EOFError:
                raise Orphaned from None
            if said == CANCEL:
                self.cancel_heard = True

    def still_there(self, solves: int) -> None:
        """Before each solver run (`on_step`): tell the server how many have started; a
        server that died (killed, no drain) left the child running; it stops here.

        Raises:
            Orphaned: the server's end of the pipe is closed.
        """
        with self.lock:
            self._heard()
            try:
                self.conn.send_bytes(STEP + str(solves).encode())
            except (BrokenPipeError, ConnectionResetError, OSError):
                raise Orphaned from None

    def cancelled(self) -> bool:
        """Whether the server said the run is cancelled (asked before each solver run)."""
        with self.lock:
            self._heard()
        return self.cancel_heard

    def try_borrow(self) -> bool:
        with self.lock:
            self.conn.send_bytes(BORROW)
            while True:  # a cancel may come before the answer
                answer = self.conn.recv_bytes()
                if answer == CANCEL:
                    self.cancel_heard = True
                    continue
                return answer == YES

    def give_back(self) -> None:
        with self.lock:
            self.conn.send_bytes(GIVE)

    def end(self, ended: Ended) -> None:
        with self.lock:
            self.conn.send_bytes(msgspec.json.encode(ended))


def _child(conn: Connection, payload: bytes | None = None) -> None:
    """A run's process: the run of the job `payload` (None: a spare, which reads its job
    from `conn` first, and ends with nothing done when the pipe closes before one comes).
    Idle, a spare leaves SIGINT and SIGTERM as they are: a service manager's stop ends it."""
    if payload is None:
        try:
            payload = conn.recv_bytes()
        except (EOFError, OSError, KeyboardInterrupt):  # its server let it go, or went away
            return
    ignore_group_signals()
    os.nice(NICE)
    server = _Server(conn)
    try:
        job = _JOB.decode(payload)
        out_of_collection()
        result = sensitivity(
            job.catalog,
            job.plan,
            job.options,
            created_at=job.created_at,
            on_step=server.still_there,
            workers=job.workers,
            slots=server,
            cancelled=server.cancelled,
        )
        ended = Ended(kind="done", result=result)
    except (Orphaned, EOFError, BrokenPipeError, ConnectionResetError):  # no one to tell
        return
    except TokenplanError as exc:
        ended = Ended(kind="failed", detail=exc.detail)
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}"
        ended = Ended(kind="failed", detail=detail, trace=traceback.format_exc())
    with contextlib.suppress(OSError):  # the server went away meanwhile
        server.end(ended)
    conn.close()


def run_in_child(
    job: RunJob,
    slots: Slots,
    stop: threading.Event,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Sensitivity | None:
    """Run `job` in a child process, lending it `slots`' free slots one solver run at a time;
    return the run (`failed`, with the error a client sees, when it could not be computed),
    or None when `stop` was set (the server drains): the child is then stopped at once.
    `cancelled`, asked every CANCEL_LOOK_S, tells the child once it answers True (the run
    then reports what it has); `progress` hears the solver runs started.
    (Imports no more than the forkserver has, so the child starts in milliseconds.)"""
    child, receive = _started(msgspec.json.encode(job))
    lent = 0  # slots the child has borrowed and not given back
    told = False  # the child was told of a cancel
    looked = time.monotonic() - CANCEL_LOOK_S  # asked at once, then every CANCEL_LOOK_S
    try:
        while not stop.is_set():
            if cancelled is not None and not told and time.monotonic() - looked >= CANCEL_LOOK_S:
                looked = time.monotonic()
                if cancelled():
                    with contextlib.suppress(OSError):
                        receive.send_bytes(CANCEL)
                    told = True
            if not receive.poll(LOOK_S):
                continue
            try:
                message = receive.recv_bytes()
                if message == BORROW:
                    taken = slots.try_borrow()
                    lent += taken
                    receive.send_bytes(YES if taken else NO)
            except (EOFError, OSError):  # it died without a word: killed, or out of memory
                break
            if message == BORROW:
                continue
            if message.startswith(STEP):
                if progress is not None:
                    progress(int(message.removeprefix(STEP)))
                continue
            if message == GIVE:
                lent -= 1
                slots.give_back()
            else:
                ended = msgspec.json.decode(message, type=Ended)
                if ended.trace:
                    log.error("sensitivity of plan %s failed:\n%s", job.plan.id, ended.trace)
                if ended.result is not None:
                    return ended.result
                return _failed(job, ended.detail)
        else:
            return None
        child.join(5)
        error = f"the run's process ended without a result (exit code {child.exitcode})"
        log.error("sensitivity of plan %s: %s", job.plan.id, error)
        return _failed(job, error)
    finally:
        for _ in range(lent):
            slots.give_back()
        receive.close()
        if stop.is_set():
            stop_child(child)
        else:  # beside the storing of this run, not before it
            _end_later(child)


_ended: queue.Queue[BaseProcess] = queue.Queue()
"""The ended runs' processes, to stop and reap (`_ending`)."""
ENDED_S = 5.0
"""How long `stop_spare` waits for the ended runs' processes to be reaped (a kill and a reap:
milliseconds) and the spare they fork."""
_ender: list[threading.Thread] = []
_ender_lock = threading.Lock()


def _end_later(child: BaseProcess) -> None:
    """Hand the ended run's process to `_ending` (started once): its stop and reap (3.5-6.6
    ms, the process's teardown: sens25) and the next run's fork no longer come before the
    run's result is stored and answered, nor a thread's start (0.4-3.4 ms)."""
    with _ender_lock:
        if not _ender or not _ender[0].is_alive():
            _ender[:] = [threading.Thread(target=_ending, name="run-ender", daemon=True)]
            _ender[0].start()
    _ended.put(child)


def _ending() -> None:
    """Stop and reap each ended run's process as it comes, then fork the next run's
    (`_fork_spare`)."""
    while True:
        child = _ended.get()
        try:
            stop_child(child)
            _fork_spare()
        except Exception:  # a fork refused (out of memory): the next run forks its own
            log.exception("the ended run's process or the next one's fork")
        finally:
            _ended.task_done()


_spare: list[tuple[BaseProcess, Connection]] = []
"""The next run's process, forked ahead and waiting for its job (at most one)."""
_spare_lock = threading.Lock()


def _started(payload: bytes) -> tuple[BaseProcess, Connection]:
    """A run's process, sent the job `payload`, and the server's end of its pipe: the spare
    when there is one (`_fork_spare`), else one forked now (also when the spare died while it
    waited: a signal to the group ends an idle spare)."""
    with _spare_lock:
        spare = _spare.pop() if _spare else None
    if spare is not None:
        child, receive = spare
        try:
            receive.send_bytes(payload)
            return child, receive
        except OSError:
            receive.close()
            stop_child(child)
    receive, send = CONTEXT.Pipe(duplex=True)
    child = CONTEXT.Process(target=_child, args=(send, payload), daemon=True)
    child.start()
    send.close()
    return child, receive


def _fork_spare() -> None:
    """Fork the next run's process now that a run has ended, unless one waits already: it
    waits for its job on its pipe, idle. In a thread of its own (`_ending`): forked before
    the run was stored, the fork took the run's end 5.8-11.1 ms against 3.3-6.6 (sens25)."""
    with _spare_lock:
        if _spare:
            return
        receive, send = CONTEXT.Pipe(duplex=True)
        child = CONTEXT.Process(target=_child, args=(send,), daemon=True)
        child.start()
        send.close()
        _spare.append((child, receive))


def spare_pids() -> set[int]:
    """The process ids of the runs' processes forked ahead and waiting for a job."""
    with _spare_lock:
        return {child.pid for child, _ in _spare if child.pid is not None}


@atexit.register
def stop_spare() -> None:
    """Stop the run's process waiting for a job, once the ended runs' processes are reaped
    and the spare they fork is forked (`_ending`); at exit too (it ends anyway when this
    process's end of its pipe closes, or on SIGTERM)."""
    with _ended.all_tasks_done:  # `Queue.join`, bounded: an exit does not hang on a fork
        _ended.all_tasks_done.wait_for(lambda: not _ended.unfinished_tasks, ENDED_S)
    with _spare_lock:
        spares = list(_spare)
        _spare.clear()
    for child, receive in spares:
        receive.close()
        stop_child(child)


def _failed(job: RunJob, error: str) -> Sensitivity:
    return Sensitivity(
        plan_id=job.plan.id,
        status="failed",
        created_at=job.created_at,
        options=job.options,
        error=error,
    )
