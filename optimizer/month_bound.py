"""A lower bound on a MILP whose months share few rows: those rows priced at the relaxation's
duals (a Lagrangian relaxation), each month then solved as a MILP of its own to its root's
bound. The months' bounds and the priced rows' constant add up to a bound on every plan, the
relaxation's when each month's root stops at its first LP, more as its cuts round the month's
whole units and replicas."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt

from optimizer.components import _entries, sub_highs

__all__ = ["BOUND_OPTIONS", "BOUND_RATE", "month_bound"]

BOUND_RATE = 2e-4
"""A month's root is stopped at the first cut round that lifts its bound by less than this
share of the relaxation's optimum a second (wall): availability 100x36x20 (relaxation
504.70 M), every month's root to its end 506.59 M in about 28 CPU s, stopped so (100 k$ a
second) 505.82 M in 7.1 (bench/solve.py, round of large25)."""

BOUND_OPTIONS: dict[str, Any] = {
    "mip_max_nodes": 1,
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
}
"""HiGHS options of each month's MILP: its root only, and no search for plans (only its bound
is read)."""

_INTEGER: Any = highspy.HighsVarType.kInteger  # untyped in highspy's stubs
_CONTINUOUS: Any = highspy.HighsVarType.kContinuous

Floats = npt.NDArray[np.float64]


def month_bound(
    relaxation: Any,
    duals: Sequence[float],
    optimum: float,
    integer: npt.NDArray[np.bool_],
    months: Sequence[Sequence[int]],
    deadline: float,
    threads: int,
) -> float | None:
    """A lower bound on the MILP whose relaxation (`relaxation`, a HighsLp: the MILP's rows
    and any valid inequalities, every column continuous) was solved with row duals `duals`,
    `integer` saying which of its columns are integer in the MILP, `months` each month's
    columns (every column in one month). The rows with columns of more than one month are
    priced at their duals and dropped; each month is solved on its own rows to its root's
    bound, stopped once a cut round lifts it by less than `BOUND_RATE` of the relaxation's
    optimum a second. None when a column is in no month or more than one, when a month's
    root gives no finite bound (one unbounded once priced, or stopped before its first LP),
    or when the time runs out by `deadline` (perf_counter seconds) before the last month."""
    rows, columns, values = _entries(relaxation)
    column_count, row_count = relaxation.num_col_, relaxation.num_row_
    month = np.full(column_count, -1, dtype=np.int64)
    placed = np.zeros(column_count, dtype=np.int64)
    for t, own in enumerate(months):
        month[np.asarray(own, dtype=np.int64)] = t
        placed[np.asarray(own, dtype=np.int64)] += 1
    if np.any(placed != 1):
        return None
    first = np.full(row_count, len(months), dtype=np.int64)
    last = np.full(row_count, -1, dtype=np.int64)
    np.minimum.at(first, rows, month[columns])
    np.maximum.at(last, rows, month[columns])
    shared = first != last
    row_lower = np.asarray(relaxation.row_lower_, dtype=np.float64)
    row_upper = np.asarray(relaxation.row_upper_, dtype=np.float64)
    priced = np.where(shared, np.asarray(duals, dtype=np.float64), 0.0)
    # A >= row's dual is positive and a <= row's negative (HiGHS's signs, minimising).
    rhs = np.where(priced > 0.0, row_lower, np.where(priced < 0.0, row_upper, 0.0))
    if not np.all(np.isfinite(rhs)):
        return None
    cost = np.asarray(relaxation.col_cost_, dtype=np.float64)
    reduced = cost - np.bincount(columns, weights=values * priced[rows], minlength=column_count)
    bound = float(relaxation.offset_) + float(priced @ rhs)
    home = np.where(shared, -1, first)
    rate = BOUND_RATE * abs(optimum)
    entries = (rows, columns, values)
    for t, own in enumerate(months):
        left = deadline - time.perf_counter()
        if left <= 0.0:
            return None
        own_columns = np.asarray(own, dtype=np.int64)
        part = _month(relaxation, entries, own_columns, home == t, reduced, integer)
        month_found = _root_bound(part, left, threads, rate)
        if month_found is None:
            return None
        bound += month_found
    return bound


def _month(
    relaxation: Any,
    entries: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], Floats],
    own: npt.NDArray[np.int64],
    kept: npt.NDArray[np.bool_],
    reduced: Floats,
    integer: npt.NDArray[np.bool_],
) -> Any:
    """The MILP of one month: its columns `own` at their `reduced` costs, the rows `kept`
    (`entries`: the relaxation's matrix as (row, column, value) of each entry)."""
    rows, columns, values = entries
    row_ids = np.nonzero(kept)[0]
    row_at = np.full(relaxation.num_row_, -1, dtype=np.int64)
    row_at[row_ids] = np.arange(len(row_ids))
    column_at = np.full(relaxation.num_col_, -1, dtype=np.int64)
    column_at[own] = np.arange(len(own))
    entry = row_at[rows] >= 0
    local_rows = row_at[rows[entry]]
    order = np.argsort(local_rows, kind="stable")
    part = highspy.HighsLp()
    part.num_col_ = len(own)
    part.num_row_ = len(row_ids)
    part.col_cost_ = reduced[own]
    part.col_lower_ = np.asarray(relaxation.col_lower_, dtype=np.float64)[own]
    part.col_upper_ = np.asarray(relaxation.col_upper_, dtype=np.float64)[own]
    part.row_lower_ = np.asarray(relaxation.row_lower_, dtype=np.float64)[row_ids]
    part.row_upper_ = np.asarray(relaxation.row_upper_, dtype=np.float64)[row_ids]
    part.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    part.a_matrix_.start_ = np.searchsorted(
        local_rows[order], np.arange(len(row_ids) + 1)
    ).astype(np.int32)
    part.a_matrix_.index_ = column_at[columns[entry]][order].astype(np.int32)
    part.a_matrix_.value_ = values[entry][order]
    part.integrality_ = [_INTEGER if whole else _CONTINUOUS for whole in integer[own]]
    return part


def _root_bound(part: Any, time_limit: float, threads: int, rate: float) -> float | None:
    """HiGHS's bound on `part` after its root, stopped at the first cut round that lifts it
    by less than `rate` a second; None when it is not finite."""
    # Imported here: optimizer.solver imports the seeding, which imports this module.
    from optimizer.solver import watch_progress

    h = sub_highs(part, time_limit, threads, BOUND_OPTIONS)
    last: list[float] = []  # [time, bound] of the last callback with a finite bound

    def stop(_seconds: float, _incumbent: float, bound: float) -> bool:
        now = time.perf_counter()
        if not math.isfinite(bound):
            return False
        if last and now > last[0] and (bound - last[1]) / (now - last[0]) < rate:
            return True
        last[:] = [now, bound]
        return False

    watch_progress(h, stop)
    h.run()
    found = float(h.getInfo().mip_dual_bound)
    return found if math.isfinite(found) else None
