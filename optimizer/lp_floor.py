"""A start for a re-solve at another price whose best start is far above its LP relaxation:
the relaxation's whole units rounded down, fixed, and the rest solved by HiGHS, its heuristics
on (a small MIP), kept when it beats that start. Between prices a search's re-solve starts from
the cheapest plan found so far (`optimizer.starts`), HiGHS's heuristics off: from a plan near
the optimum it proves it at once, from a plan far above it it searches. The seed example's
Newton step of coreweave-gb200-od at 1.339, after a probe at 1% of its price (six GB200 racks),
started from the plan (no GB200, 4.37% above the optimum: five racks, two B200 nodes, three
MI355X units; the start 9.2% above the relaxation) and took 541 nodes, 0.23 CPU s; the
relaxation's 5.39 racks rounded down to 5 and the rest solved give that optimum (0.04 CPU s),
from which the step takes 0.06. Where the start is already the optimum (most checks just above
a target), the gap to the relaxation is the model's own, 0.5-5% on the shipped examples: no
such start is made (`GAP`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from optimizer.demand_starts import FIXED_KINDS, fix_at_floor, solve_fixed
from optimizer.direct import DirectModel
from optimizer.run_budget import Limit, OutOfTime, seconds
from optimizer.solver import SOLVER_THREADS, MipProgress
from optimizer.starts import WHOLE, Starts
from optimizer.written_models import copied

__all__ = ["GAP", "add_lp_floor_start"]

GAP = (0.06, 0.5)
"""Relative gaps between the best start and the LP relaxation between which the relaxation's
floor is tried: below, the start is most likely the optimum; above, a probe at a price far
from today's (1% of it), whose start is any plan and whose search is short."""


def add_lp_floor_start(
    model: DirectModel,
    start: Any,
    starts: Starts,
    time_limit: Limit,
    on_run: Callable[[], None],
    on_progress: MipProgress | None = None,
) -> bool:
    """Add to `starts` the plan of `model` (a re-solve's, its start `start`) with the whole
    units of its LP relaxation rounded down and fixed, the rest solved, when `start` is
    between `GAP` above the relaxation and the plan beats it (see the module's docstring);
    `on_run` hears the solver run, made only then. True when a plan was added."""
    if start is None:
        return False
    sink = model.sink
    beat = float(sum(c * v for c, v in zip(sink.cost, start, strict=True)))
    try:
        h = sink.highs(seconds(time_limit), 0.0, SOLVER_THREADS, integer=False)
    except OutOfTime:  # the re-solve this start is for will say so itself
        return False
    h.run()
    if h.getInfo().primal_solution_status != 2:  # no LP optimum: nothing to round
        return False
    bound = float(h.getInfo().objective_function_value)
    low, high = GAP
    if not low * abs(beat) < beat - bound < high * abs(beat):
        return False
    relaxed = list(h.getSolution().col_value)
    fixed = copied(model)  # a sink of its own: its bounds are fixed below
    # Solved to its own optimum, its heuristics on: not stopped as the re-solve may be.
    fixed.stop_below, fixed.stop_at_improving, fixed.heuristics = None, False, True
    for j, name in enumerate(fixed.sink.names):
        if fixed.sink.integer[j] and name.startswith(FIXED_KINDS) and relaxed[j] > WHOLE:
            fix_at_floor(fixed, j, relaxed[j])
    try:
        limit = seconds(time_limit)
    except OutOfTime:
        return False
    return solve_fixed(fixed, beat, limit, starts, on_run, on_progress)
