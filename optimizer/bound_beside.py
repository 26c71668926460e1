"""The months' bound (`optimizer.month_bound`) computed in a child process beside the solve
that needs it, at the least CPU priority: it takes a core only where one is idle.

A process, not a thread: a thread of the least priority that holds the GIL (its months'
models built, HiGHS's callbacks) and is preempted on a busy core holds the solve's thread up
until it runs again. Beside availability 100x36x20's fix-and-optimize at load 3-3.7 (round of
large26 in bench/solve.py) the thread left the windows 1-3 s less of the 30 (their start
came later: 15.6-19.0 s of windows against 17.7-20.8 s alone), about what its bound gained."""

from __future__ import annotations

import math
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from typing import IO, Any

import highspy
import numpy as np
import numpy.typing as npt

from optimizer.month_bound import MonthBound

__all__ = [
    "BESIDE_NICE",
    "PARENT_POLL_S",
    "BoundBeside",
    "Reports",
    "bound_of",
    "serve",
    "watch_parent",
]

BESIDE_NICE = 19
"""The child's nice value: the least priority, so that on a machine whose cores are all busy
it takes (almost) no time from the solve it runs beside."""

PARENT_POLL_S = 0.2
"""How often the child looks whether the process that began it is still there."""

_CHILD = """import os, pickle, sys
os.nice(int(sys.argv[1]))
job = pickle.load(sys.stdin.buffer)
sys.path[:0] = job.pop("path")
from optimizer.bound_beside import serve, watch_parent
watch_parent(int(sys.argv[2]))
serve(job)
"""
"""The child's program: its priority lowered before anything is imported, then its job read
from its stdin, and it ends itself should the process that began it end first."""

Floats = npt.NDArray[np.float64]


class BoundBeside:
    """The months' bound of the MILP whose relaxation `relaxation` (a HighsLp, with any valid
    inequalities) was solved to `optimum` with row duals `duals` (`integer`: which columns
    are integer in the MILP; `months`: each month's columns), computed in a child process
    until `deadline` (perf_counter seconds) with `threads` HiGHS threads. `finish` ends it
    and gives the bound it had reached: its reports (the priced months, each rise of a
    month's bound) arrive on a pipe and are read then, each a valid bound whenever it was
    sent."""

    def __init__(
        self,
        relaxation: Any,
        duals: Sequence[float],
        optimum: float,
        integer: npt.NDArray[np.bool_],
        months: Sequence[Sequence[int]],
        deadline: float,
        threads: int,
    ) -> None:
        matrix = relaxation.a_matrix_
        job = {
            "path": [os.path.abspath(entry) for entry in sys.path],
            "lp": {
                "col_cost": np.asarray(relaxation.col_cost_, dtype=np.float64),
                "col_lower": np.asarray(relaxation.col_lower_, dtype=np.float64),
                "col_upper": np.asarray(relaxation.col_upper_, dtype=np.float64),
                "row_lower": np.asarray(relaxation.row_lower_, dtype=np.float64),
                "row_upper": np.asarray(relaxation.row_upper_, dtype=np.float64),
                "offset": float(relaxation.offset_),
                "rowwise": matrix.format_ == highspy.MatrixFormat.kRowwise,
                "start": np.asarray(matrix.start_, dtype=np.int32),
                "index": np.asarray(matrix.index_, dtype=np.int32),
                "value": np.asarray(matrix.value_, dtype=np.float64),
            },
            "duals": np.asarray(duals, dtype=np.float64),
            "optimum": optimum,
            "integer": np.asarray(integer, dtype=bool),
            "months": [np.asarray(own, dtype=np.int64) for own in months],
            "seconds": deadline - time.perf_counter(),
            "threads": threads,
        }
        self._process = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(BESIDE_NICE), str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        # Written from a thread: a starved child reads its job slowly, and the solve goes on.
        self._writer = threading.Thread(
            target=_write, args=(self._process.stdin, payload), name="bound-job", daemon=True
        )
        self._writer.start()
        self.solved = 0
        """Months whose root ran to its end, as last reported."""
        self.value: float | None = None
        """The bound reached, once `finish` or `wait` has read it (None: none reported)."""

    def finish(self) -> float | None:
        """The child ended and its reports read: the bound it had reached (None when it had
        not yet priced the months)."""
        self._process.kill()
        return self._read()

    def wait(self) -> float | None:
        """As `finish`, the child let run to its end (its deadline, or every month solved)."""
        self._process.wait()
        return self._read()

    def _read(self) -> float | None:
        stdout = self._process.stdout
        assert stdout is not None
        reports = stdout.read().decode()
        stdout.close()
        self._process.wait()
        self._writer.join()
        self.value, self.solved = bound_of(reports)
        return self.value


def bound_of(reports: str) -> tuple[float | None, int]:
    """The bound a child's `reports` (its stdout, `Reports`' lines) give, None before it
    priced the months, and how many months it solved. Only whole lines are read: a child
    killed as it wrote leaves at most a last line cut short, which is dropped."""
    constant, by_month, solved = math.nan, np.zeros(0), 0
    for line in reports[: reports.rfind("\n") + 1].splitlines():
        kind, *fields = line.split()
        if kind == "p":
            constant, by_month = float(fields[0]), np.array([float(v) for v in fields[1:]])
        elif kind == "r" and len(by_month):
            month, bound = int(fields[0]), float(fields[1])
            by_month[month] = max(by_month[month], bound)
        elif kind == "s":
            solved = int(fields[0])
    total = constant + float(np.sum(by_month))
    return (total if math.isfinite(total) else None), solved


def watch_parent(parent: int) -> None:
    """This process ended (at once, without cleaning up) as soon as its parent is no longer
    `parent`: a plan's solve killed at its cap or cancel (service/solve_process.py kills its
    child) would otherwise leave the months' bound running to its deadline, up to the plan's
    time limit, with its memory (124-219 MiB on the bench's 100x36x20 rows). Watched from a
    daemon thread every `PARENT_POLL_S`; the parent's pid is passed in, not read here, so
    that a parent gone before the child began is seen too."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _write(pipe: IO[bytes] | None, payload: bytes) -> None:
    """The child's job written to its stdin, which is then closed; nothing when the child
    was ended before it read it all."""
    assert pipe is not None
    try:
        pipe.write(payload)
        pipe.close()
    except OSError:  # the child killed first (BrokenPipeError)
        pass


class Reports:
    """A `MonthBound`'s listener that writes each report as a line to `out`, at once."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out

    def _line(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()

    def priced(self, constant: float, by_month: Floats) -> None:
        self._line(" ".join(["p", repr(constant), *(repr(float(v)) for v in by_month)]))

    def raised(self, month: int, bound: float) -> None:
        self._line(f"r {month} {bound!r}")

    def solved(self, count: int) -> None:
        self._line(f"s {count}")


def serve(job: dict[str, Any]) -> None:
    """The child's work (`_CHILD`): the months' bound of `job`'s relaxation, reported on
    stdout line by line; anything else written to stdout (HiGHS's banner) goes to
    /dev/null."""
    out = os.fdopen(os.dup(1), "w")
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    lp = highspy.HighsLp()
    arrays = job["lp"]
    lp.num_col_, lp.num_row_ = len(arrays["col_cost"]), len(arrays["row_lower"])
    lp.col_cost_, lp.offset_ = arrays["col_cost"], arrays["offset"]
    lp.col_lower_, lp.col_upper_ = arrays["col_lower"], arrays["col_upper"]
    lp.row_lower_, lp.row_upper_ = arrays["row_lower"], arrays["row_upper"]
    kinds = highspy.MatrixFormat
    lp.a_matrix_.format_ = kinds.kRowwise if arrays["rowwise"] else kinds.kColwise
    lp.a_matrix_.start_ = arrays["start"]
    lp.a_matrix_.index_ = arrays["index"]
    lp.a_matrix_.value_ = arrays["value"]
    bound = MonthBound(
        lp, job["duals"], job["optimum"], job["integer"], job["months"], Reports(out)
    )
    bound.run(time.perf_counter() + job["seconds"], job["threads"])
