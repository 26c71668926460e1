"""A MILP with some of its columns fixed, solved as its independent parts: once the units
that link months (long-term contracts) are fixed, each month's blocks and month-to-month
units share no row with another month's, and HiGHS solves thirty small MILPs far faster than
their sum as one (its search multiplies the months' roundings)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt

from optimizer.highs_sink import highs_seconds
from optimizer.model import Formulation

__all__ = ["FEASIBILITY", "Linking", "linking", "rounded_fleet", "solve_by_parts"]

FEASIBILITY = 1e-6
"""How far a row left with fixed columns only may pass its bounds (HiGHS's own primal
feasibility tolerance is 1e-7, on rows scaled to about 1)."""

PART_OPTIONS: dict[str, Any] = {"mip_allow_restart": False}
"""HiGHS options of each part's solve: its restarts cost more than they save there (the
fleet start's 36 months of caps 100x36x20 solved to their gaps: 19.6-20.8 CPU s against 27.7
with them, the same plans within 0.5%; clones 100x36x20 3.1 against 3.5; loaded machine)."""

WHOLE = 1e-6
"""How far from a whole number a relaxation's value may be and still count as whole."""

NARROW_SHARE = 0.03
"""A part solved narrowed (`solve_by_parts`' `narrow`) first holds at its lower bound every
integer column its own relaxation leaves there at a reduced cost above this share of that
relaxation's optimum, and searches the rest (the part unnarrowed when that finds no plan).
Curves 100x36x20's 36 months (1,932 integer columns each; the fleet at `rounded_fleet`,
every root closed in one node) 288.25 M in 14.6-16.7 CPU s against 288.14 M in 33-39 whole;
a share of 0.02 288.48 M in 13.8 (two months then without a plan), 0.1 288.24 in 26.5
(bench/solve.py, round of large27)."""

_INTEGER: Any = highspy.HighsVarType.kInteger  # untyped in highspy's stubs
_FEASIBLE_SOLUTION = 2

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Linking:
    """Columns of a model (as HiGHS numbers them) for a start from its fleet, and for the
    neighbourhoods of `optimizer.fix_optimize`."""

    fleet: list[int]
    """The integer units that link months: the active units of contracts running to the
    horizon's end, and the contracts of the horizon with a term of more than a month. Once
    they are fixed, every month's rows share no free column with another month's."""
    offer_columns: dict[int, list[int]] = field(default_factory=dict)
    """offer -> every column of its own: contracts, active units, minimum flags, units not
    renewed in the tail, blocks."""
    offer_serving: dict[int, list[int]] = field(default_factory=dict)
    """offer -> its blocks (the GPUs serving a workload in a month)."""
    workloads: dict[int, set[int]] = field(default_factory=dict)
    """offer -> the workloads it may serve."""
    months: list[list[int]] = field(default_factory=list)
    """Each month of the horizon's own columns (`optimizer.fix_optimize.month_windows`): its
    active units, the contracts signed in it (with their minimum flags and units not renewed)
    its blocks and its API purchases; the last month's with the tail's columns and the
    existing commitments' units not renewed."""
    to_last: dict[int, int] = field(default_factory=dict)
    """The column of an offer's active units in a month before the horizon's last -> the
    column of its active units in the last month (`rounded_fleet`): the former cost a month
    each, the latter the months of the tail too."""


def rounded_fleet(linked: Linking, values: Any) -> dict[int, float]:
    """`linked.fleet` rounded from a relaxation's `values`: an offer's active units in the
    months before the last rounded up (never past the last month's), every other fleet
    column (the last month's units, paid through the tail; contracts of more than a month,
    paid for their term) to the nearest. A month's unit costs a month of its price where a
    whole replica short of it is topped up month to month at an on-demand price: from the
    fleet rounded to the nearest, caps 100x36x20's parts cost 416.29 M (1.74% above the cut
    relaxation) in 19.6 CPU s, rounded so 415.73 M in 13.2; clones 100x36x20's 418.86 M in
    5.2, rounded so 416.58 M in 3.7 (bench/solve.py, round of large18)."""
    nearest = {j: float(round(values[j] - WHOLE)) for j in linked.fleet}
    for j, last in linked.to_last.items():
        if j in nearest and last in nearest:
            nearest[j] = float(min(math.ceil(values[j] - WHOLE), nearest[last]))
    return nearest


def linking(f: Formulation, column: Callable[[Any], int]) -> Linking:
    """`f`'s `Linking`, `column` giving a variable's column in HiGHS (none in a relaxation)."""
    if f.relax:
        return Linking(fleet=[])
    instance = f.instance
    fleet = [column(var) for var in f.running.values()]
    for (o, s), var in f.starts.items():
        if instance.offers[o].term > 1 and s < instance.horizon:
            fleet.append(column(var))
    own: dict[int, list[int]] = {}
    serving: dict[int, list[int]] = {}
    for (o, _s), var in (
        *f.starts.items(),
        *f.running.items(),
        *f.binaries.items(),
        *f.not_renewed.items(),
        *f.renewal_flags.items(),
    ):
        own.setdefault(o, []).append(column(var))
    for k, var in (*f.held_not_renewed.items(), *f.held_flags.items()):
        own.setdefault(instance.held[k].o, []).append(column(var))
    for (o, _w, _t), var in f.serve.items():
        own.setdefault(o, []).append(column(var))
        serving.setdefault(o, []).append(column(var))
    workloads: dict[int, set[int]] = {}
    for o, w in instance.rates:
        workloads.setdefault(o, set()).add(w)
    last = instance.horizon - 1
    months: list[list[int]] = [[] for _ in range(instance.horizon)]
    for key, var in (
        *f.starts.items(),
        *f.running.items(),
        *f.binaries.items(),
        *f.not_renewed.items(),
        *f.renewal_flags.items(),
        *f.serve.items(),
        *f.buy.items(),
    ):
        months[min(key[-1], last)].append(column(var))
    held = (*f.held_not_renewed.values(), *f.held_flags.values())
    months[last].extend(column(var) for var in held)
    to_last = {
        column(var): column(f.running[(o, last)])
        for (o, t), var in f.running.items()
        if t < last and (o, last) in f.running
    }
    return Linking(
        fleet=fleet,
        to_last=to_last,
        offer_columns=own,
        offer_serving=serving,
        workloads=workloads,
        months=[sorted(columns) for columns in months],
    )


def _entries(lp: Any) -> tuple[Ints, Ints, Floats]:
    """The matrix of `lp` as (row, column, value) of each entry."""
    matrix = lp.a_matrix_
    start = np.asarray(matrix.start_, dtype=np.int64)
    index = np.asarray(matrix.index_, dtype=np.int64)
    value = np.asarray(matrix.value_, dtype=np.float64)
    outer = np.repeat(np.arange(len(start) - 1, dtype=np.int64), np.diff(start))
    if matrix.format_ == highspy.MatrixFormat.kColwise:
        return index, outer, value
    return outer, index, value


def _labels(rows: Ints, columns: Ints, free: npt.NDArray[np.bool_], row_count: int) -> Ints:
    """Each column's part: the least column it is linked to through rows of free columns
    (fixed columns link nothing)."""
    keep = free[columns]
    rows, columns = rows[keep], columns[keep]
    label = np.arange(len(free), dtype=np.int64)
    big = np.iinfo(np.int64).max
    while True:
        least = np.full(row_count, big, dtype=np.int64)
        np.minimum.at(least, rows, label[columns])
        new = label.copy()
        np.minimum.at(new, columns, least[rows])
        new = new[new]  # pointer jumping: a path's length halves each round
        if np.array_equal(new, label):
            return label
        label = new


def _part_lp(
    whole: dict[str, Any], columns: Ints, rows: Ints, entries: tuple[Ints, Ints, Floats]
) -> Any:
    """The sub-model on `columns` and `rows` (ascending) of the model whose column arrays are
    `whole` (`cost`, `lower`, `upper`, `integrality`; row bounds `lower_rows`, `upper_rows`,
    net of the fixed columns here, `optimizer.month_bound`'s a month's priced costs), `entries`
    the part's own (row, column, value) in the model's numbering."""
    entry_rows, entry_columns, values = entries
    column_at = np.full(len(whole["cost"]), -1, dtype=np.int64)
    column_at[columns] = np.arange(len(columns))
    row_at = np.full(len(whole["lower_rows"]), -1, dtype=np.int64)
    row_at[rows] = np.arange(len(rows))
    order = np.argsort(entry_rows, kind="stable")
    part = highspy.HighsLp()
    part.num_col_ = len(columns)
    part.num_row_ = len(rows)
    part.col_cost_ = whole["cost"][columns]
    part.col_lower_ = whole["lower"][columns]
    part.col_upper_ = whole["upper"][columns]
    part.row_lower_ = whole["lower_rows"][rows]
    part.row_upper_ = whole["upper_rows"][rows]
    local_rows = row_at[entry_rows[order]]
    part.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    part.a_matrix_.start_ = np.searchsorted(local_rows, np.arange(len(rows) + 1)).astype(np.int32)
    part.a_matrix_.index_ = column_at[entry_columns[order]].astype(np.int32)
    part.a_matrix_.value_ = values[order]
    part.integrality_ = [whole["integrality"][int(c)] for c in columns]
    return part


def sub_highs(part: Any, time_limit: float, threads: int, options: dict[str, Any]) -> Any:
    """A quiet HiGHS holding `part` (a sub-model: a part here, a neighbourhood in
    `optimizer.fix_optimize`), limited to `time_limit` seconds, with `options` set."""
    make: Any = highspy.Highs  # untyped in highspy's stubs
    h = make()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", threads)
    h.setOptionValue("time_limit", highs_seconds(time_limit))
    for name, value in options.items():
        h.setOptionValue(name, value)
    h.passModel(part)
    return h


def solved_values(h: Any) -> Floats | None:
    """The plan `h` ran to, or None when it found none."""
    h.run()
    if h.getInfo().primal_solution_status != _FEASIBLE_SOLUTION:
        return None
    return np.asarray(h.getSolution().col_value, dtype=np.float64)


def _solve_part(
    part: Any, time_limit: float, slack: float, threads: int, narrow: bool = False
) -> Floats | None:
    options = {**PART_OPTIONS, "mip_abs_gap": slack}
    if not narrow:
        return solved_values(sub_highs(part, time_limit, threads, options))
    began = time.perf_counter()
    held = _held(part, time_limit, threads)
    if held is not None:
        narrowed = sub_highs(part, time_limit - (time.perf_counter() - began), threads, options)
        lower = np.asarray(part.col_lower_, dtype=np.float64)[held]
        narrowed.changeColsBounds(len(held), held, lower, lower)
        found = solved_values(narrowed)
        if found is not None:
            return found
    left = time_limit - (time.perf_counter() - began)
    return solved_values(sub_highs(part, left, threads, options)) if left > 0 else None


def _held(part: Any, time_limit: float, threads: int) -> npt.NDArray[np.int32] | None:
    """The integer columns of `part` that its relaxation leaves at their lower bound at a
    reduced cost above `NARROW_SHARE` of its optimum (`solve_by_parts`' `narrow`); None when
    it has no integer column, its relaxation does not solve in `time_limit`, or there are
    none."""
    integer = np.asarray(part.integrality_) == _INTEGER
    if not np.any(integer):
        return None
    relaxed = sub_highs(part, time_limit, threads, {})
    columns = np.flatnonzero(integer).astype(np.int32)
    continuous: Any = highspy.HighsVarType.kContinuous  # untyped in highspy's stubs
    relaxed.changeColsIntegrality(len(columns), columns, [continuous] * len(columns))
    relaxed.run()
    if relaxed.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    solution = relaxed.getSolution()
    value = np.asarray(solution.col_value, dtype=np.float64)
    reduced = np.asarray(solution.col_dual, dtype=np.float64)
    lower = np.asarray(part.col_lower_, dtype=np.float64)
    optimum = abs(float(relaxed.getInfo().objective_function_value))
    held = integer & (value <= lower + WHOLE) & (reduced > NARROW_SHARE * optimum)
    return np.flatnonzero(held).astype(np.int32) if np.any(held) else None


def solve_by_parts(
    main: Any,
    fixed: dict[int, float],
    deadline: float,
    slack: float,
    threads: int,
    narrow: bool = False,
) -> list[float] | None:
    """Every column's value in a plan of `main` (a built HiGHS MILP) with the columns of
    `fixed` at their values, the independent parts of the rest solved by `deadline`
    (perf_counter seconds) each within `slack` of its optimum (an absolute gap, shared out
    among the parts with integer columns); with `narrow`, each part first with the integer
    columns its relaxation prices out held at their lower bound (`NARROW_SHARE`). None when
    a row of fixed columns alone is broken, or a part finds no plan in its time."""
    lp = main.getLp()
    row_lower = np.asarray(lp.row_lower_, dtype=np.float64)
    row_upper = np.asarray(lp.row_upper_, dtype=np.float64)
    rows, columns, values = _entries(lp)
    x = np.zeros(lp.num_col_, dtype=np.float64)
    free = np.ones(lp.num_col_, dtype=bool)
    for column, value in fixed.items():
        x[column], free[column] = value, False
    held = np.bincount(rows, weights=values * x[columns] * ~free[columns], minlength=len(row_lower))
    live = np.zeros(len(row_lower), dtype=bool)
    live[rows[free[columns]]] = True
    tolerance = FEASIBILITY * np.maximum(1.0, np.abs(held))
    broken = (held < row_lower - tolerance) | (held > row_upper + tolerance)
    if np.any(broken & ~live):
        return None
    label = _labels(rows, columns, free, len(row_lower))
    cost = np.asarray(lp.col_cost_, dtype=np.float64)
    lone = free.copy()
    lone[columns[free[columns]]] = False
    # A free column in no row sits at its cheaper bound (its upper one is finite where that
    # is the cheaper: the model's costs are never negative on an unbounded column).
    lower = np.asarray(lp.col_lower_, dtype=np.float64)
    upper = np.asarray(lp.col_upper_, dtype=np.float64)
    x[lone] = np.where(cost[lone] < 0, upper[lone], lower[lone])
    if not np.all(np.isfinite(x[lone])):
        return None
    entry_part = label[columns]
    keep = free[columns]
    parts = np.unique(label[free & ~lone])
    order = np.argsort(entry_part[keep], kind="stable")
    part_rows, part_columns = rows[keep][order], columns[keep][order]
    part_values, part_of = values[keep][order], entry_part[keep][order]
    bounds = np.searchsorted(part_of, np.append(parts, np.iinfo(np.int64).max))
    whole = {
        "cost": cost,
        "lower": lower,
        "upper": upper,
        "integrality": list(lp.integrality_),
        "lower_rows": row_lower - held,
        "upper_rows": row_upper - held,
    }
    integer = np.asarray(whole["integrality"]) == _INTEGER
    windows = [slice(bounds[n], bounds[n + 1]) for n in range(len(parts))]
    # The continuous parts (linear programs, milliseconds each) first, then those with
    # integer columns, each given an equal share of the time left.
    windows.sort(key=lambda w: bool(np.any(integer[part_columns[w]])))
    searched = sum(1 for w in windows if np.any(integer[part_columns[w]]))
    continuous = len(windows) - searched
    for n, window in enumerate(windows):
        own_rows, own_columns = part_rows[window], part_columns[window]
        part_row_ids = np.unique(own_rows)
        part_column_ids = np.unique(own_columns)
        own = (own_rows, own_columns, part_values[window])
        sub = _part_lp(whole, part_column_ids, part_row_ids, own)
        left = deadline - time.perf_counter()
        if left <= 0:
            return None
        waiting = max(1, searched - max(0, n - continuous))
        found = _solve_part(sub, left / waiting, slack / max(1, searched), threads, narrow)
        if found is None:
            return None
        x[part_column_ids] = found
    return list(x)
