"""A sensitivity run's overall time budget (`SensitivityOptions.max_seconds`), kept the way a
plan keeps its `time_limit_s` (`optimizer.phases.Clock`): each solver run's time limit is
clipped to what is left of the budget, less a margin for HiGHS's overshoot, and once the budget
is gone no solver run starts: `Budget.limit` raises `OutOfTime`, which the run catches where a
result is made (a cost response, a target's search) and reports as not run or unfinished."""

from __future__ import annotations

import time
from collections.abc import Callable

from optimizer.phases import MIN_SOLVE_SECONDS

__all__ = ["CANCEL_POLL_SECONDS", "Budget", "Limit", "OutOfTime", "seconds"]

Limit = float | Callable[[], float]
"""A solver run's time limit, or a function asked for it just before each run (`Budget.limit`
behind it: it may raise `OutOfTime`)."""


class OutOfTime(Exception):
    """The run's time budget is gone: the solver run asked for was not started, or (`ran`)
    started with what was left, it stopped without a plan; `cancelled`: a cancel ended the
    budget (what it leaves says so, not that the time ran out)."""

    def __init__(self, ran: bool = False, cancelled: bool = False) -> None:
        super().__init__("the run was cancelled" if cancelled else "the run's time budget is gone")
        self.ran = ran
        self.cancelled = cancelled


class Budget:
    """`seconds` from `began` (a `time.perf_counter()` reading; default: now). A cancel
    (`cancelled` answering True, asked before each solver run and, through `heard_cancel`,
    while one runs) ends it at once: the run then
    reports what it has, as when its time runs out (`was_cancelled` says which)."""

    def __init__(
        self,
        seconds: float,
        began: float | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.seconds = seconds
        self.deadline = (time.perf_counter() if began is None else began) + seconds
        self.cancelled = cancelled
        self.was_cancelled = False
        self._polled = 0.0

    def _left(self) -> float:
        if not self.was_cancelled and self.cancelled is not None and self.cancelled():
            self.was_cancelled = True
            self.deadline = time.perf_counter()
        return self.deadline - time.perf_counter()

    def heard_cancel(self, seconds: float, incumbent: float, bound: float) -> bool:
        """A solver run's progress callback (`optimizer.solver.MipProgress`): True, which
        interrupts the run, once a cancel has come. `cancelled` is asked at most every
        `CANCEL_POLL_SECONDS` (HiGHS calls back thousands of times a second; the service's
        answer is a message from the server). Without it a cancel was heard only between
        solver runs, each of up to the plan's `time_limit_s` (review 15a C1)."""
        if self.was_cancelled:
            return True
        if self.cancelled is None:
            return False
        now = time.perf_counter()
        if now - self._polled < CANCEL_POLL_SECONDS:
            return False
        self._polled = now
        self._left()
        return self.was_cancelled

    def end(self) -> None:
        """End the budget at once, as a cancel does (`was_cancelled`): no solver run starts,
        and those running stop at their next progress callback (`heard_cancel`)."""
        self.was_cancelled = True
        self.deadline = time.perf_counter()

    @property
    def spent(self) -> bool:
        """Whether no solver run may start any more (less than `MIN_SOLVE_SECONDS` left)."""
        return self._left() < MIN_SOLVE_SECONDS

    def limit(self, wanted: float) -> float:
        """The time limit for a solver run that wants `wanted` seconds: `wanted`, or what is
        left of the budget less a margin for HiGHS's overshoot (it checks its limit between
        root cut rounds: a fifth of what is left, at most 1 s, as `Clock.for_solve`), at
        least `MIN_SOLVE_SECONDS`.

        Raises:
            OutOfTime: less than `MIN_SOLVE_SECONDS` is left: no solver run starts.
        """
        left = self._left()
        if left < MIN_SOLVE_SECONDS:
            raise OutOfTime(cancelled=self.was_cancelled)
        return min(wanted, max(MIN_SOLVE_SECONDS, left - min(1.0, 0.2 * left)))


CANCEL_POLL_SECONDS = 0.25
"""How often a running solver run asks whether the sensitivity run was cancelled (the service
may ask its store: `service.sensitivity_jobs`)."""


def seconds(limit: Limit) -> float:
    """The time limit `limit` gives the solver run about to start.

    Raises:
        OutOfTime: from a function behind it, when the run's budget is gone.
    """
    return limit() if callable(limit) else limit
