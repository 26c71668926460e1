"""One plan solved in a child process that is stopped when its wall-clock cap passes: a thread
cannot be stopped, and HiGHS does not always honour its own time limit (presolve of a large
model, or many solves of one plan), so the cap is held from outside.

Children fork from a forkserver that has imported the optimizer once, so a solve starts in
milliseconds and never inherits the server's threads or open database. A child that answered
is kept for the next plan (`_serve`), with the catalog it was sent: a child per plan cost
0.02-0.03 CPU s beyond the solve (its start, the 400 kB catalog decoded again, cold caches, its
end), a tenth of the power-capped example's plan (session 24, api24). One stopped at its cap,
cancelled, crashed, or near its memory cap is ended, never kept.
"""

from __future__ import annotations

import atexit
import functools
import logging
import math
import multiprocessing
import resource
import signal
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Literal, Protocol

import msgspec

from catalog import Catalog, TokenplanError
from optimizer import CANCELLED_EARLY, Forecast, Plan, PlanRequest, Step, make_plan

__all__ = [
    "CONTEXT",
    "PRELOAD",
    "Outcome",
    "SolveJob",
    "Tick",
    "Watch",
    "cap_seconds",
    "idle_pids",
    "ignore_group_signals",
    "solve_capped",
    "spent_starting",
    "stop_child",
    "stop_idle",
    "warm_up",
]

CONTEXT = multiprocessing.get_context("forkserver")
"""Where solves and sensitivity runs (service/sensitivity_process.py) fork from."""
PRELOAD = [
    "optimizer",
    "catalog",
    "service.solve_process",
    "service.sensitivity_process",
    "service.cli",
]
"""What the forkserver imports once, so that no child imports it again: the optimizer, this
module (its job decoder, `_JOB`, built), and the service's entry point. Every child runs its
parent's main module before its target (multiprocessing's spawn preparation: `tokenplan
serve` and `tokenplan worker` run `service.cli`, `python -m service.cli` runs it again as
`__mp_main__`), and Python 3.11's forkserver never preloads `__main__` itself (it looks for
a `main_path` key the preparation data names `init_main_from_path`): service.cli's imports
cost each child 0.07 CPU s, and a cold `SolveJob` decoder 0.01-0.03 s more (session 23, api23:
20 concurrent plans of the power-capped example, 0.08 s of each plan's 0.52 s on its slot).
service.sensitivity_process likewise, for a sensitivity run's child (its module and job
decoder, sens25)."""
CONTEXT.set_forkserver_preload(PRELOAD)
log = logging.getLogger("tokenplan")
WARM_UP_S = 60.0
"""The longest start-up waits for the forkserver's first fork (it takes 1-4 s, loaded)."""


class SolveJob(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a child needs to solve one plan, sent as msgspec bytes."""

    catalog: Catalog | None
    """None: the catalog the child was sent last (`_Worker.job_bytes`, which compares them)."""
    request: PlanRequest
    forecast: Forecast
    plan_id: str
    created_at: str
    forecast_id: str | None
    memory_mb: int = 0
    asked_at: float = 0.0
    """When the solve was asked (`time.monotonic()`, one clock for every process of the
    machine; 0: not said): the child's start-up counts in the plan's `time_limit_s`, as it
    counts in the wall-clock cap (`solve_capped`)."""
    cap_s: float = 0.0
    """The wall-clock cap counted from `asked_at` (0: none said)."""


_JOB = msgspec.json.Decoder(SolveJob)
"""A child's job decoder, built in the forkserver (`PRELOAD`): built in each child, it took
10 ms of CPU, 25 ms loaded, before the first byte was read."""

STARTED_LATE = 0.1
"""Share of its time limit a solve's start-up may take before the plan says so."""


def spent_starting(job: SolveJob, now: float) -> float:
    """Seconds of the plan's `time_limit_s` its start-up took, as `make_plan` is told: what
    passed since `asked_at`, but never so much that less than half of what the cap still
    allows is left to solve (review 17a R2: a start-up that ate the limit handed HiGHS its
    least slice, and the same input came back optimal, failed with no plan, or at 2.4 times
    the optimum, with a second of the cap unused)."""
    if job.asked_at <= 0:
        return 0.0
    spent = max(0.0, now - job.asked_at)
    limit = job.request.options.time_limit_s
    if job.cap_s > 0:
        spare = max(0.0, job.cap_s - spent)
        spent = min(spent, max(0.0, limit - spare / 2))
    return spent


STARTED_LATE_S = 0.05
"""Start-up seconds below which a plan says nothing of them, whatever its limit."""


def _late(spent: float, limit: float) -> str | None:
    """The plan's warning when its start-up took a share of its limit worth saying."""
    if spent < max(STARTED_LATE * limit, STARTED_LATE_S):
        return None
    return (
        f"the solve started {spent:.1f} s after it was asked (its process's start, reading "
        f"the catalog, and the server's other work), and that counted in its {limit:g} s time "
        "limit: a longer time_limit_s may find a better plan"
    )


class Outcome(msgspec.Struct, frozen=True, kw_only=True, tag=True):
    """What came back: the plan, or why there is none."""

    kind: Literal["plan", "invalid", "crashed", "capped", "stopped", "cancelled"]
    plan: Plan | None = None
    error: str = ""
    fit: bool = False
    """Whether the child that answered takes another plan (`_fit`); only between a child and
    `solve_capped`, which returns it False."""


class Tick(msgspec.Struct, frozen=True, kw_only=True, tag=True):
    """The main solve's progress, sent by the child from HiGHS's callback."""

    seconds: float
    incumbent: float | None
    bound: float | None
    step: Step = "cost"
    """The plan's solve step: `incumbent` and `bound` are of its objective (kW-months for
    `power`), not always a cost."""


class Watch(Protocol):
    """Who hears a solve's progress and may cancel it."""

    def tick(self, tick: Tick) -> None: ...

    def cancelled(self) -> bool: ...


TICK_S = 0.5
"""The child reports progress at most this often."""
LOOK_S = 0.05
"""The child looks for a cancel at most this often (a poll of its pipe)."""
CANCEL_GRACE_S = 20.0
"""After a cancel, how long the rest of the plan (baselines, marginals) may take to finish."""
ANSWER_S = 2.0
"""After a cancel of a solve no tick has told of a plan, how long it is given to answer with
one found since its last tick (it hears the cancel at its next callback, within `LOOK_S`)."""


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) and abs(value) < 1e300 else None


class _Relay:
    """The child's side of the plan's progress: HiGHS's callback out, a cancel in. Once a
    cancel has come it is heard for good, by every later step of the plan (`heard`)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.last = 0.0
        self.looked = 0.0
        self.cancelled = False
        self.step: Step = "cost"

    def on_step(self, name: Step) -> None:
        """The plan's main solve starts step `name`: its ticks are of that step."""
        self.step = name

    def heard(self) -> bool:
        """Whether a cancel has come (the pipe is read at most every `LOOK_S`)."""
        now = time.monotonic()
        if not self.cancelled and now - self.looked >= LOOK_S:
            self.looked = now
            self.cancelled = self.conn.poll()
        return self.cancelled

    def __call__(self, seconds: float, incumbent: float, bound: float) -> bool:
        """Progress sent at most every `TICK_S`; True once a cancel has come: the solve stops
        with its incumbent."""
        if self.heard():
            return True
        now = time.monotonic()
        if now - self.last >= TICK_S:
            self.last = now
            tick = Tick(
                seconds=seconds,
                incumbent=_finite(incumbent),
                bound=_finite(bound),
                step=self.step,
            )
            self.conn.send_bytes(msgspec.json.encode(tick))
        return False


def _capped(cap_s: float, grace: bool) -> str:
    """Why a solve was stopped from outside: its cancel grace or its wall-clock cap."""
    if grace:
        return f"cancelled, and the solve did not stop within the {CANCEL_GRACE_S:.0f} s grace"
    return (
        f"the solve was stopped at its wall-clock cap of {cap_s:.1f} s, counted from when it "
        "was asked (its start on a busy server counts too), with no plan: give a larger "
        "`options.time_limit_s`"
    )


@functools.cache
def warm_up() -> None:
    """Start the forkserver (it imports the optimizer once) and wait until it has forked a
    child, once per process, so that the first solve starts in milliseconds. (Started in the
    background, or with PostgreSQL's workers not at all, it made the first solve after
    start-up wait for it in `child.start()`: 3.5 s, loaded, past that solve's cap.)"""
    ready = CONTEXT.Process(target=time.sleep, args=(0,), daemon=True)
    ready.start()
    ready.join(WARM_UP_S)
    if ready.is_alive():  # start up anyway: the first solve waits for it, within its cap
        log.warning("the solver's forkserver took over %.0f s to fork; starting anyway", WARM_UP_S)


def cap_seconds(time_limit_s: float) -> float:
    """The wall-clock cap of a solve with time limit `time_limit_s`: 5% and 1 s over it, so
    that a solve stops within 10% of its limit plus 2 s, storing included."""
    return time_limit_s * 1.05 + 1.0


def ignore_group_signals() -> None:
    """In a solve's or a sensitivity run's child: Ctrl-C on `tokenplan serve` (SIGINT) and a
    service manager's stop (SIGTERM to the whole group: systemd's default `KillMode`) reach
    every process of the group, and the server drains its children and stops them itself
    (`stop_child`). Killed at once, a plan was stored `crashed` and a run `failed` (review 13
    for SIGINT; session 14 for SIGTERM: a restart lost every plan being solved). Only where a
    signal can be set: a test runs a child's function in a thread."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def stop_child(child: BaseProcess) -> None:
    """End `child` (a solve's or a sensitivity run's process) and reap it: a kill, as it
    ignores SIGTERM (`ignore_group_signals`)."""
    if child.is_alive():
        child.kill()
    child.join()


MEMORY_SHARE = 0.75
"""An exception raised under the memory cap once the child's peak address space reached this
share of it is put down to the cap."""


def _status_bytes(field: str) -> int | None:
    """A size this process's /proc status gives (Linux: `VmPeak`, `VmRSS`), or None where it
    is not known."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _peak_bytes() -> int | None:
    """This process's peak address space (Linux's VmPeak), or None where it is not known."""
    return _status_bytes("VmPeak")


def _size_bytes() -> int | None:
    """This process's address space (Linux's VmSize), or None where it is not known."""
    return _status_bytes("VmSize")


def _resident_bytes() -> int | None:
    """This process's resident memory (Linux's VmRSS), or None where it is not known."""
    return _status_bytes("VmRSS")


def _ran_out(exc: Exception, limit: int) -> bool:
    """Whether an exception raised under a memory cap of `limit` bytes is the cap: under
    RLIMIT_AS the C extensions seldom raise MemoryError (probe 16b F9: highspy's SystemError
    "error return without exception set"; HiGHS's kMemoryLimit status, which PuLP meets as a
    KeyError; PuLP unable to start a solver program), so the words are read, and the peak
    the child reached."""
    said = f"{type(exc).__name__}: {exc}".lower()
    if isinstance(exc, SystemError) or "memory" in said:
        return True
    peak = _peak_bytes()
    return peak is not None and peak >= MEMORY_SHARE * limit


def _outcome(conn: Connection, job: SolveJob, catalog: Catalog) -> Outcome:
    """Solve `job` on `catalog` in this child, its progress sent on `conn`."""
    try:
        relay = _Relay(conn)
        spent = spent_starting(job, time.monotonic())
        plan = make_plan(
            catalog,
            job.request,
            job.forecast,
            plan_id=job.plan_id,
            created_at=job.created_at,
            forecast_id=job.forecast_id,
            on_progress=relay,
            cancelled=relay.heard,
            on_step=relay.on_step,
            spent=spent,
        )
        late = _late(spent, job.request.options.time_limit_s)
        if late is not None:
            plan = msgspec.structs.replace(plan, warnings=(*plan.warnings, late))
        return Outcome(kind="plan", plan=plan)
    except TokenplanError as exc:
        return Outcome(kind="invalid", error=exc.detail)
    except MemoryError:
        return Outcome(kind="crashed", error=f"the solve ran out of its {job.memory_mb} MB")
    except Exception as exc:
        said = f"{type(exc).__name__}: {exc}"
        if job.memory_mb and _ran_out(exc, job.memory_mb * 1024 * 1024):
            error = (
                f"the solve ran out of its {job.memory_mb} MB (TOKENPLAN_SOLVE_MEMORY_MB); "
                f"it ended in {said}"
            )
        else:
            error = f"the solve failed: {said}"
        return Outcome(kind="crashed", error=error)


KEEP_PLANS = 200
"""A solve child answers at most this many plans, then ends (a new one is forked): whatever
a long life could gather (the allocator's fragments, a cache) stays bounded."""
KEEP_RESIDENT_MB = 400
"""A solve child holding more resident memory than this after a plan ends rather than wait
for the next: a large plan's memory, which the allocator may keep, is not held while idle
(the power-capped example's child holds about 50 MB)."""


KEEP_ROOM = 0.9
"""Under a memory cap, a solve child is kept only while the room its address space leaves
under the cap is at least this share of a new child's: the next plan is not refused memory
a child of its own would have had (the allocator may keep what a plan freed)."""


def _fit(memory_mb: int, answered: int, started: int | None) -> bool:
    """Whether this child may take another plan after its `answered`-th under a cap of
    `memory_mb` (0: none), its address space `started` bytes when it started: below
    `KEEP_PLANS` and `KEEP_RESIDENT_MB`; under a cap, its peak below `MEMORY_SHARE` of it (so
    that a later plan's failure is put down to the cap, `_ran_out`, only when that plan
    reached it) and `KEEP_ROOM` of a new child's room left."""
    resident = _resident_bytes()
    if answered >= KEEP_PLANS or resident is None or resident > KEEP_RESIDENT_MB * 1024 * 1024:
        return False
    if not memory_mb:
        return True
    limit = memory_mb * 1024 * 1024
    peak, size = _peak_bytes(), _size_bytes()
    if peak is None or size is None or started is None:
        return False
    return peak < MEMORY_SHARE * limit and limit - size >= KEEP_ROOM * (limit - started)


def _serve(conn: Connection, memory_mb: int) -> None:
    """A solve child's life: plans read from `conn` and answered one at a time under a cap of
    `memory_mb` (0: none), until the parent closes the pipe, or a plan's outcome leaves it
    unfit (`Outcome.fit`). It holds the last catalog it was sent; a job without one is solved
    on it. Idle, it leaves SIGINT and SIGTERM as they are: a service manager's stop, and
    multiprocessing's own at exit, end it; solving, it ignores them (`ignore_group_signals`)."""
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    started = _size_bytes()
    held: Catalog | None = None
    answered = 0
    while True:
        try:
            payload = conn.recv_bytes()
        except EOFError:
            return
        ignore_group_signals()
        job = _JOB.decode(payload)
        held = job.catalog or held
        if held is None:  # a parent's bug: say so rather than solve on nothing
            outcome = Outcome(kind="crashed", error="the solve process was sent no catalog")
        else:
            outcome = _outcome(conn, job, held)
        answered += 1
        fit = outcome.kind in ("plan", "invalid") and _fit(memory_mb, answered, started)
        conn.send_bytes(msgspec.json.encode(msgspec.structs.replace(outcome, fit=fit)))
        if not fit:
            conn.close()
            return
        _group_signals_default()


def _group_signals_default() -> None:
    """An idle child: SIGINT and SIGTERM end it again."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


class _Worker:
    """A solve child in the parent: its process, its pipe, and the catalog it holds."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.conn, send = CONTEXT.Pipe(duplex=True)
        self.process = CONTEXT.Process(target=_serve, args=(send, memory_mb), daemon=True)
        self.process.start()
        send.close()
        self.held: Catalog | None = None
        """The catalog it was sent last (kept referenced here, so `is` cannot match another
        object at its address)."""

    def job_bytes(self, job: SolveJob) -> bytes:
        """`job` as sent to this child: without its catalog when the child holds an equal one
        (the same revision, and equal in every field)."""
        catalog = job.catalog
        assert catalog is not None
        held = self.held
        if held is catalog or (
            held is not None and held.revision == catalog.revision and held == catalog
        ):
            return msgspec.json.encode(msgspec.structs.replace(job, catalog=None))
        self.held = catalog
        return msgspec.json.encode(job)

    def stop(self) -> None:
        """End the child (killed, as it may be solving) and reap it."""
        self.conn.close()
        stop_child(self.process)


_idle: list[_Worker] = []
"""Solve children waiting for a plan (each came back `fit`), newest last."""
_idle_lock = threading.Lock()


def _take(memory_mb: int, catalog: Catalog | None) -> _Worker:
    """An idle child under a cap of `memory_mb` that is still alive, one holding `catalog`
    first, else a new one."""
    with _idle_lock:
        alive = [w for w in _idle if w.process.is_alive()]
        dead = [w for w in _idle if w not in alive]
        _idle[:] = alive
        mine = [w for w in alive if w.memory_mb == memory_mb]
        holding = [w for w in mine if w.held is catalog]
        worker = (holding or mine)[-1] if mine else None
        if worker is not None:
            _idle.remove(worker)
    for gone in dead:
        gone.stop()
    return worker if worker is not None else _Worker(memory_mb)


def _sent(job: SolveJob) -> _Worker:
    """A child that has been sent `job`: an idle one (`_take`), or a new one when the idle
    one died since it was looked at (a signal to the group while it waited).

    Raises:
        OSError: a new child could not be sent it either (it is ended).
    """
    worker = _take(job.memory_mb, job.catalog)
    try:
        worker.conn.send_bytes(worker.job_bytes(job))
        return worker
    except OSError:
        worker.stop()
    worker = _Worker(job.memory_mb)
    try:
        worker.conn.send_bytes(worker.job_bytes(job))
    except BaseException:
        worker.stop()
        raise
    return worker


def _give_back(worker: _Worker) -> None:
    """Keep `worker`, which answered fit, for the next plan."""
    with _idle_lock:
        _idle.append(worker)


def idle_pids() -> set[int]:
    """The process ids of the solve children waiting for a plan."""
    with _idle_lock:
        return {w.process.pid for w in _idle if w.process.pid is not None}


@atexit.register
def stop_idle() -> None:
    """Stop the solve children waiting for a plan; at exit too (a child waiting ends anyway
    when this process's end of its pipe closes, or on SIGTERM)."""
    with _idle_lock:
        idle = list(_idle)
        _idle.clear()
    for worker in idle:
        worker.stop()


def solve_capped(
    job: SolveJob, cap_s: float, stop: threading.Event, watch: Watch | None = None
) -> Outcome:
    """Solve `job` in a child process; stop it when `cap_s` seconds have passed (`capped`),
    or at once when `stop` is set (`stopped`: the server is going away). `watch` hears its
    progress; once it says cancelled, the child is told and returns the plan found so far
    (`feasible`, or `cancelled` without one) within `CANCEL_GRACE_S` (`ANSWER_S` when no tick
    told of a plan: then `cancelled`); a solve that has not called back yet ends at once
    (`cancelled`)."""
    # The cap counts from here, the child's start included when there is no idle one (it
    # waits for the forkserver when this process has not warmed it up) and the job's sending
    # (400 kB with a catalog the child does not hold).
    asked_at = time.monotonic()
    deadline = capped_at = asked_at + cap_s
    # The plan's time limit counts from here too (probe 17a: at load 10 a 3-s and a 6-s plan
    # solved their whole limit after a start-up of a second or more, and were stopped at
    # their caps with no plan).
    job = msgspec.structs.replace(job, asked_at=asked_at, cap_s=cap_s)
    worker = _sent(job)
    receive = worker.conn
    reused = False
    found = ticked = False
    cancelling = False
    try:
        while True:
            if receive.poll(min(0.1, max(0.0, deadline - time.monotonic()))):
                try:
                    message = msgspec.json.decode(receive.recv_bytes(), type=Tick | Outcome)
                except EOFError:  # it died without a word: killed, or out of memory
                    break
                if isinstance(message, Outcome):
                    reused = message.fit and not cancelling and not stop.is_set()
                    return msgspec.structs.replace(message, fit=False)
                ticked = True
                found = found or message.incumbent is not None  # by any step of the plan
                if watch is not None:
                    watch.tick(message)
            if stop.is_set():
                return Outcome(kind="stopped", error="the server stopped during the solve")
            if time.monotonic() >= deadline:
                if cancelling and not found:
                    return Outcome(kind="cancelled", error=CANCELLED_EARLY)
                return Outcome(kind="capped", error=_capped(cap_s, deadline < capped_at))
            if watch is not None and not cancelling and watch.cancelled():
                if not ticked:  # not yet searching: nothing found, and nothing to hear it
                    return Outcome(kind="cancelled", error=CANCELLED_EARLY)
                # The child hears it at its next callback and keeps what it found since its
                # last tick; it is waited for a moment when no tick has told of a plan.
                cancelling = True
                receive.send_bytes(b"cancel")
                wait = CANCEL_GRACE_S if found else ANSWER_S
                deadline = min(deadline, time.monotonic() + wait)
        worker.process.join(5)
        msg = f"the solve process ended without a result (exit code {worker.process.exitcode})"
        return Outcome(kind="crashed", error=msg)
    finally:
        if reused:
            _give_back(worker)
        else:
            worker.stop()
