"""The progress line of a plan solved from a terminal: phase, incumbent cost, best bound, gap
and seconds, redrawn in place on stderr while HiGHS searches (or while a service solves it),
and wiped when the plan is done. Nothing is drawn when stderr is not a terminal, or with
`--quiet`."""

from __future__ import annotations

import math
import time
from typing import TextIO

from optimizer import Progress, Step
from service.progress import progress_of
from service.solve_process import Tick

__all__ = ["ProgressLine"]

REDRAW_S = 0.1
"""The line is redrawn at most this often (HiGHS calls back far more often)."""
BAR = 20


def _money(value: float | None, currency: str | None) -> str:
    """To the cent, `$` before US dollars, another currency's code after; no unit where the
    request names no currency (the catalog's decides, unknown until the plan is made)."""
    if value is None:
        return "-"
    if currency == "USD":
        return f"${value:,.2f}"
    return f"{value:,.2f} {currency or ''}".strip()


def render(progress: Progress, time_limit_s: float, currency: str | None = None) -> str:
    """One line: `search  $9,301,234.56 >= $9,300,100.00  gap 0.012%  [####......]  3.2 s of
    60 s` (money in the request's `currency`); the bar fills with the time limit's share used
    (a solve ends by then). In a step whose objective is not the cost, the step's name in
    place of the phase, and no money (`service.progress.progress_of`)."""
    gap = "-" if progress.gap is None else f"{progress.gap:.3%}"
    used = min(max(progress.seconds / time_limit_s, 0.0), 1.0) if time_limit_s > 0 else 0.0
    filled = math.floor(used * BAR)
    label = progress.phase if progress.step == "cost" else progress.step
    return (
        f"{label:<8} incumbent {_money(progress.incumbent_cost, currency)}  bound "
        f"{_money(progress.best_bound, currency)}  gap {gap}  "
        f"[{'#' * filled}{'.' * (BAR - filled)}]  {progress.seconds:.1f} s of {time_limit_s:g} s"
    )


class ProgressLine:
    """Draws a solving plan's progress on `stream` when it is a terminal and not `quiet`.

    Use `show(progress)` for a plan a service solves (`Client.wait(on_progress=...)`), or the
    instance itself as the optimizer's `on_progress` for a plan solved here; `done()` wipes
    the line before the answer is printed."""

    def __init__(
        self,
        stream: TextIO,
        time_limit_s: float,
        *,
        quiet: bool = False,
        currency: str | None = None,
    ) -> None:
        self.stream = stream
        self.time_limit_s = time_limit_s
        self.currency = currency
        self.enabled = not quiet and stream.isatty()
        self._drawn_at = -math.inf
        self._drawn = False
        self.step: Step = "cost"

    def on_step(self, name: Step) -> None:
        """The optimizer's `on_step`: the plan's solve starts step `name`."""
        self.step = name

    def show(self, progress: Progress) -> None:
        now = time.monotonic()
        if not self.enabled or now - self._drawn_at < REDRAW_S:
            return
        self._drawn_at = now
        self._drawn = True
        self.stream.write("\r" + render(progress, self.time_limit_s, self.currency) + "\x1b[K")
        self.stream.flush()

    def __call__(self, seconds: float, incumbent: float, bound: float) -> bool:
        """HiGHS's MIP callback (`optimizer.solver.MipProgress`): draw, never stop."""
        if self.enabled:
            finite = [v if math.isfinite(v) else None for v in (incumbent, bound)]
            tick = Tick(seconds=seconds, incumbent=finite[0], bound=finite[1], step=self.step)
            self.show(progress_of(tick))
        return False

    def done(self) -> None:
        """Wipe the line (when one was drawn)."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
