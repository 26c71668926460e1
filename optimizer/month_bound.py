"""A lower bound on a MILP whose months share few rows: those rows priced at the relaxation's
duals (a Lagrangian relaxation), each month then solved as a MILP of its own to its root's
bound. The months' bounds and the priced rows' constant add up to a bound on every plan, the
relaxation's when each month's root stops at its first LP, more as its cuts round the month's
whole units and replicas."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence
from typing import Any, Protocol

import highspy
import numpy as np
import numpy.typing as npt

from optimizer.components import _entries, _part_lp, sub_highs

__all__ = ["BOUND_OPTIONS", "BOUND_RATE", "Listener", "MonthBound", "month_bound"]

BOUND_RATE = 1e-5
"""A month's root is stopped at the first cut round that lifts its bound by less than this
share of the relaxation's optimum a CPU second of its thread: availability 100x36x20
(relaxation 504.70 M), every month's root to its end 506.53 M in 26.2 CPU s, stopped so
(5 k$ a CPU second) 506.06 M in 10.3-11.1, at 100 k$ a second 505.83 M in 7.1
(bench/solve.py, rounds of large25 and large26). CPU, not wall: beside another solve the
bound's thread gets what the machine leaves it, and a wall rate stops its roots early
there."""

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


class Listener(Protocol):
    """Told what a `MonthBound` finds as it finds it (`optimizer.bound_beside`: a child
    process's reports to the solve it runs beside)."""

    def priced(self, constant: float, by_month: Floats) -> None:
        """The priced rows' constant and each month's bound from the duals."""

    def raised(self, month: int, bound: float) -> None:
        """Month `month`'s bound raised to `bound`."""

    def solved(self, count: int) -> None:
        """`count` months' roots have run to their end."""


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
    and any valid inequalities, every column continuous) was solved to `optimum` with row
    duals `duals`, `integer` saying which of its columns are integer in the MILP, `months`
    each month's columns (every column in one month): `MonthBound`'s, its months solved in
    turn until `deadline` (perf_counter seconds). None when a column is in no month or more
    than one, or when a month's bound is not finite (a column unbounded in the direction its
    priced cost favours, and no root bound for it)."""
    bound = MonthBound(relaxation, duals, optimum, integer, months)
    bound.run(deadline, threads)
    return bound.value()


class MonthBound:
    """The months' bound of a MILP from its relaxation (`month_bound`'s arguments). The rows
    with columns of more than one month are priced at their duals and dropped; every month's
    MILP on its own rows is then bounded from the duals of those rows (weak duality: about
    its share of the relaxation's optimum, without a solve), and `run` solves the months in
    turn, the first first (the fewest units, the cheapest roots: availability 100x36x20's
    months 0-17 lift it by 0.5 M$ in 2 CPU s, months 18-35 by 1.1 M$ in 9), each to its
    root's bound, stopped once a cut round lifts it by less than `BOUND_RATE` of `optimum` a
    CPU second.

    Each month's bound only rises, and each is valid whenever it is read: a month's root is
    read at each of its cut rounds, `listener` told each rise, so that a bound computed beside
    another solve (`optimizer.bound_beside`) is read at that solve's end whatever it reached;
    `stop` ends `run` at its next callback."""

    def __init__(
        self,
        relaxation: Any,
        duals: Sequence[float],
        optimum: float,
        integer: npt.NDArray[np.bool_],
        months: Sequence[Sequence[int]],
        listener: Listener | None = None,
    ) -> None:
        self._relaxation, self._duals, self._integer = relaxation, duals, integer
        self._months, self._listener = months, listener
        self._rate = BOUND_RATE * abs(optimum)
        self._stopped = threading.Event()
        self._by_month: Floats | None = None  # set by `_prepare`, each month's bound
        self.solved = 0
        """Months whose root ran to its end (or to its rate's stop)."""

    def _prepare(self) -> bool:
        """The priced rows' constant, the months' priced costs and their bounds from the
        duals (weak duality); False when a column is in no month or more than one."""
        relaxation, months = self._relaxation, self._months
        rows, columns, values = self._entries = _entries(relaxation)
        column_count, row_count = relaxation.num_col_, relaxation.num_row_
        month = np.full(column_count, -1, dtype=np.int64)
        placed = np.zeros(column_count, dtype=np.int64)
        for t, own in enumerate(months):
            month[np.asarray(own, dtype=np.int64)] = t
            placed[np.asarray(own, dtype=np.int64)] += 1
        if np.any(placed != 1):
            return False
        first = np.full(row_count, len(months), dtype=np.int64)
        last = np.full(row_count, -1, dtype=np.int64)
        np.minimum.at(first, rows, month[columns])
        np.maximum.at(last, rows, month[columns])
        shared = first != last
        row_lower = np.asarray(relaxation.row_lower_, dtype=np.float64)
        row_upper = np.asarray(relaxation.row_upper_, dtype=np.float64)
        every = _signed(np.asarray(self._duals, dtype=np.float64), row_lower, row_upper)
        priced = np.where(shared, every, 0.0)
        cost = np.asarray(relaxation.col_cost_, dtype=np.float64)
        reduced = cost - np.bincount(columns, weights=values * priced[rows], minlength=column_count)
        # The months' MILPs (`components._part_lp`): the columns at their priced costs.
        self._whole = {
            "cost": reduced,
            "lower": np.asarray(relaxation.col_lower_, dtype=np.float64),
            "upper": np.asarray(relaxation.col_upper_, dtype=np.float64),
            "integrality": [_INTEGER if whole else _CONTINUOUS for whole in self._integer],
            "lower_rows": row_lower,
            "upper_rows": row_upper,
        }
        self._constant = float(relaxation.offset_) + _dual_side(row_lower, row_upper, priced)
        self._home = np.where(shared, -1, first)
        self._by_month = _dual_bounds(
            cost, self._whole, self._entries, every, self._home, month, len(months)
        )
        if self._listener is not None:
            self._listener.priced(self._constant, self._by_month.copy())
        return True

    def value(self) -> float | None:
        """The bound so far: None before `run` has priced the months, or where
        `month_bound` gives none."""
        by_month = self._by_month
        if by_month is None:
            return None
        total = self._constant + float(np.sum(by_month))
        return total if math.isfinite(total) else None

    def stop(self) -> None:
        """End `run` at its next callback (or before its next month)."""
        self._stopped.set()

    def run(self, deadline: float, threads: int) -> None:
        """Price the months, then solve their roots, the first first, until `deadline`
        (perf_counter seconds) or `stop`."""
        if self._stopped.is_set() or not self._prepare():
            return
        for t in range(len(self._months)):
            left = deadline - time.perf_counter()
            if left <= 0.0 or self._stopped.is_set():
                break
            rows, columns, values = self._entries
            own = self._home[rows] == t  # the entries of the month's own rows
            part = _part_lp(
                self._whole,
                np.asarray(self._months[t], dtype=np.int64),
                np.nonzero(self._home == t)[0],
                (rows[own], columns[own], values[own]),
            )
            if self._root_bound(t, part, left, threads):
                self.solved += 1
                if self._listener is not None:
                    self._listener.solved(self.solved)

    def _raise(self, t: int, found: float) -> None:
        by_month = self._by_month
        if by_month is not None and math.isfinite(found) and found > by_month[t]:
            by_month[t] = found
            if self._listener is not None:
                self._listener.raised(t, found)

    def _root_bound(self, t: int, part: Any, time_limit: float, threads: int) -> bool:
        """Month `t`'s bound raised to HiGHS's on `part` at each of its root's callbacks,
        the root stopped at the first cut round that lifts it by less than the rate a
        second, or at `stop`; whether it ended of itself."""
        # Imported here: optimizer.solver imports the seeding, which imports this module.
        from optimizer.solver import watch_progress

        h = sub_highs(part, time_limit, threads, BOUND_OPTIONS)
        last: list[float] = []  # [time, bound] of the last callback with a finite bound

        def stop(_seconds: float, _incumbent: float, bound: float) -> bool:
            if self._stopped.is_set():
                return True
            now = time.thread_time()
            if not math.isfinite(bound):
                return False
            self._raise(t, bound)
            if last and now > last[0] and (bound - last[1]) / (now - last[0]) < self._rate:
                return True
            last[:] = [now, bound]
            return False

        watch_progress(h, stop)
        h.run()
        if any(kind == _INTEGER for kind in part.integrality_):
            self._raise(t, float(h.getInfo().mip_dual_bound))
        elif h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            # A month without integers is an LP: HiGHS gives no MIP bound (0.0) for it.
            self._raise(t, float(h.getInfo().objective_function_value))
        return not self._stopped.is_set()


def _signed(duals: Floats, lower: Floats, upper: Floats) -> Floats:
    """`duals` with the signs a dual bound needs: none positive on a row without a lower
    bound, none negative on one without an upper bound (HiGHS returns such duals of 1e-10
    or so, within its tolerances: availability 100x36x20's relaxation, three rows)."""
    signed = np.where(np.isfinite(lower), duals, np.minimum(duals, 0.0))
    return np.where(np.isfinite(upper), signed, np.maximum(signed, 0.0))


def _dual_side(lower: Floats, upper: Floats, duals: Floats) -> float:
    """The rows' part of a dual bound: each row's dual times the bound it holds at (`lower`
    or `upper`: a >= row's dual is positive and a <= row's negative, HiGHS's signs when
    minimising); -inf where a dual is on an infinite side."""
    held = np.where(duals > 0.0, lower, np.where(duals < 0.0, upper, 0.0))
    if not np.all(np.isfinite(held)):
        return -math.inf
    return float(duals @ held)


def _dual_bounds(
    cost: Floats,
    whole: dict[str, Any],
    entries: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], Floats],
    duals: Floats,
    home: npt.NDArray[np.int64],
    month: npt.NDArray[np.int64],
    count: int,
) -> Floats:
    """Each month's MILP (its columns at their priced costs, its own rows) bounded from the
    relaxation's duals of those rows: the rows' part (`_dual_side`) and each column at the
    bound its reduced cost favours (weak duality, valid whatever the duals' accuracy);
    -inf where that bound is infinite. `cost`: the relaxation's costs; `whole`: its columns'
    and rows' bounds, as `MonthBound._whole`."""
    rows, columns, values = entries
    reduced = cost - np.bincount(columns, weights=values * duals[rows], minlength=len(cost))
    lower, upper = whole["lower"], whole["upper"]
    at = np.where(reduced > 0.0, lower, np.where(reduced < 0.0, upper, 0.0))
    with np.errstate(invalid="ignore"):
        columns_part = np.where(reduced == 0.0, 0.0, reduced * at)
    found = np.bincount(month, weights=columns_part, minlength=count).astype(np.float64)
    row_lower, row_upper = whole["lower_rows"], whole["upper_rows"]
    for t in range(count):
        own = home == t
        found[t] += _dual_side(row_lower[own], row_upper[own], duals[own])
    return found
