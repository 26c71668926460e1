"""A start from the relaxation's fleet, month by month: each month of the horizon in turn (the
last with the tail) is solved with every column of its own free, its fleet (active units and
contracts of more than a month) between the relaxation's value rounded down and up, and every
other month held: the months before at what they chose, the months after at the relaxation's
fleet rounded (`optimizer.components.rounded_fleet`: an offer's units up in the months before
the last, the last month's to the nearest). Where `optimizer.components.solve_by_parts` fixes
the whole fleet at that rounding and solves each month's blocks alone, here a month's fleet
and blocks are chosen together (clones 100x36x20, CPU s of a loaded machine, the months after
held at the nearest rounding: 415.06 M in 6.3-6.7 s against the parts' 418.86 M in 4.4 s and
416.3 M after 4 s of `optimizer.fix_optimize.month_windows` from them; the relaxation with the
cuts 409.28 M; held at `rounded_fleet`'s since large18: 414.69 M in 5.8 s against 415.06 M in
6.6-7.0, load 8-10). Months left when the time runs short are solved as the parts are, their
fleet at the rounding."""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from optimizer.components import Linking, rounded_fleet, solve_by_parts
from optimizer.fix_optimize import Neighbourhoods, solve_sub

__all__ = ["MONTH_INTEGERS", "PART_COST", "WHOLE", "chosen", "month_by_month"]

WHOLE = 1e-6
"""How far from a whole number a relaxation's value may be and still count as whole."""

MONTH_INTEGERS = 1_000
"""Most integer columns a month may have for the months to be solved in turn (`chosen`):
clones 100x36x20's months have 299, and month by month its start took 6.3-6.7 CPU s against
the parts' 4.4 for a plan 0.9% cheaper; caps 100x36x20's have 1,932, and month by month
took 88 CPU s (414.08 M) against the parts' 18.5 (416.29 M), past its 30 s."""

PART_COST = 0.7
"""A month solved as a part (its fleet fixed) against one solved here, in time: clones
100x36x20's 36 months took 4.4 CPU s as parts, 6.3-6.7 here. The months stop while the time
left still holds the months after as parts."""


def chosen(main: Any, linked: Linking) -> bool:
    """Whether the start of `main` (a built HiGHS MILP) is solved month by month: every integer
    column is in a month of `linked` (not so in a scenario model, whose `Linking` is its first
    scenario's), and no month has more than `MONTH_INTEGERS` of them."""
    integer = Neighbourhoods.integers(main)
    placed = np.zeros(len(integer), dtype=bool)
    for columns in linked.months:
        placed[columns] = True
    return (
        bool(linked.months)
        and not np.any(integer & ~placed)
        and all(
            int(np.count_nonzero(integer[columns])) <= MONTH_INTEGERS for columns in linked.months
        )
    )


def month_by_month(
    main: Any,
    linked: Linking,
    values: list[float],
    deadline: float,
    slack: float,
    threads: int,
) -> list[float] | None:
    """Every column's value in a plan of `main` (a built HiGHS MILP) from its relaxation's
    `values`, the months solved in turn by `deadline` (perf_counter seconds; `math.inf`: no
    limit, each month solved to `optimizer.fix_optimize.IMPROVE_GAP`), while the time
    left holds the next month at the pace so far and the months after it as parts
    (`PART_COST`), each within the time left but what the months after it take as parts (a
    later month is larger: its demand grows; on a loaded machine an equal share left the last
    months' sub-MIPs stopped at poor plans); the months not reached, solved as parts
    (each within `slack`, an absolute gap shared out) with their fleet at the nearest
    rounding. None when neither finds a plan, or the plan breaks a row of the whole model."""
    model = Neighbourhoods(main)
    relaxed = np.asarray(values, dtype=np.float64)
    x = np.zeros(len(model.cost), dtype=np.float64)
    fleet = np.asarray(linked.fleet, dtype=np.int64)
    for j, units in rounded_fleet(linked, values).items():
        x[j] = units
    low = np.maximum(model.lower[fleet], np.floor(relaxed[fleet] + WHOLE))
    high = np.minimum(model.upper[fleet], np.ceil(relaxed[fleet] - WHOLE))
    box = {int(j): (float(lo), float(hi)) for j, lo, hi in zip(fleet, low, high, strict=True)}
    months = [np.asarray(columns, dtype=np.int64) for columns in linked.months if columns]
    solved: list[np.ndarray[Any, np.dtype[np.int64]]] = []
    began = time.perf_counter()
    for n, columns in enumerate(months):
        now = time.perf_counter()
        left = deadline - now
        after = len(months) - n - 1
        # What the months after take as parts at the pace so far (before the first month, all
        # but twice an equal share of the time). With no deadline (inf) nothing is kept back
        # and each month is solved without a limit: a share of inf is inf - inf, NaN, which
        # HiGHS's least limit (`sub_highs`) made 0.01 s for the first month.
        if math.isinf(left):
            kept = 0.0
        else:
            kept = PART_COST * (now - began) / n * after if n else left * after / (after + 2)
        if left <= 0 or (n and left < kept + (now - began) / n):
            break
        part = model.sub_mip(x, columns)
        lower = np.asarray(part.col_lower_, dtype=np.float64).copy()
        upper = np.asarray(part.col_upper_, dtype=np.float64).copy()
        for i, j in enumerate(columns):
            if int(j) in box:
                lower[i], upper[i] = box[int(j)]
        part.col_lower_, part.col_upper_ = lower, upper
        found = solve_sub(part, x[columns], left - kept, threads)
        if found is None:
            break
        x[columns] = found
        solved.append(columns)
    x[model.integer] = np.round(x[model.integer])
    if len(solved) < len(months):
        fixed = {int(j): float(x[j]) for j in fleet}
        for columns in solved:
            fixed.update((int(j), float(x[j])) for j in columns)
        rest = solve_by_parts(main, fixed, deadline, slack, threads)
        if rest is None:
            return None
        x = np.asarray(rest, dtype=np.float64)
    if not model.feasible(x) or not math.isfinite(model.objective(x)):
        return None
    return list(x)
