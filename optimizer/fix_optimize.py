"""Fix-and-optimize on a plan of a MILP: re-solve neighbourhoods of it, each a sub-MIP in which
the columns of one month (every offer's active units, contracts and blocks then) or of two
offers (every month's contracts, active units and blocks of each) are free and every other
column is held at the plan's value, from the plan (feasible in it); a cheaper plan found
replaces it. The plan returned is never dearer than the one given and is checked
against every row of the whole model."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt

from optimizer.components import FEASIBILITY, Linking, _entries, solved_values, sub_highs
from optimizer.highs_sink import give_start

__all__ = [
    "IMPROVE_GAP",
    "PART_SECONDS",
    "Improved",
    "Neighbourhoods",
    "improve",
    "month_windows",
    "offer_pairs",
    "solve_sub",
]

PART_SECONDS = 1.0
"""Most a neighbourhood's sub-MIP may take (availability 100x36x20: 0.1-1.1 s each)."""

IMPROVE_GAP = 1e-4
"""Relative gap each sub-MIP is solved to (of the two offers' own cost)."""

SUB_OPTIONS: dict[str, Any] = {"presolve": "off", "mip_allow_restart": False}
"""HiGHS options of each sub-MIP. Presolve off: HiGHS 1.16 scores a start in the presolved
model without its objective's offset (`optimizer.solver.solve`), and with presolve on the
sub-MIPs reported plans 0.1-0.5% cheaper than their start while returning the start itself."""

WHOLE = 1e-6
"""How far from a whole number an integer column's value may be and still count as whole."""

_INTEGER: Any = highspy.HighsVarType.kInteger  # untyped in highspy's stubs

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


@dataclass
class Improved:
    """What `improve` did: the plan's objective before and after, its columns' values, and
    how many sub-MIPs were solved and how many of them found a cheaper plan."""

    start: float
    objective: float
    values: list[float]
    solved: int = 0
    kept: int = 0


def offer_pairs(
    linked: Linking, plan: Sequence[float], guide: Sequence[float], cost: Any
) -> list[list[int]]:
    """The neighbourhoods to search, as lists of columns: each pair of offers that may serve a
    workload in common, one of them bought by `plan` (the dearest first) and the other bought
    by it or used by `guide` (the relaxation's values)."""
    x = np.asarray(plan, dtype=np.float64)
    spent = {
        o: float(np.dot(cost[columns], x[columns]))
        for o, columns in linked.offer_columns.items()
        if columns
    }
    bought = sorted((o for o, s in spent.items() if s > 0.0), key=lambda o: (-spent[o], o))
    used = {
        o for o, columns in linked.offer_serving.items() if any(guide[j] > WHOLE for j in columns)
    }
    pool = sorted(set(bought) | used)
    pairs: list[list[int]] = []
    seen: set[tuple[int, int]] = set()
    for a in bought:
        for b in pool:
            key = (min(a, b), max(a, b))
            shared = linked.workloads.get(a, set()) & linked.workloads.get(b, set())
            if b == a or key in seen or not shared:
                continue
            seen.add(key)
            pairs.append(sorted(linked.offer_columns[a] + linked.offer_columns[b]))
    return pairs


def month_windows(
    linked: Linking, plan: Sequence[float], guide: Sequence[float], cost: Any
) -> list[list[int]]:
    """The neighbourhoods of single months: each month's own columns (`Linking.months`: its
    active units, contracts and blocks; the last month's with the tail's), every other month
    held. A month's active units move between the month before's and the month after's (the
    rows that keep units from leaving), so its fleet and its blocks are chosen together,
    where the fleet's start fixed the fleet at the relaxation's rounding and solved the
    blocks alone. The months whose cost in `plan` is furthest above their cost in `guide`
    (the relaxation's values) come first: a start whose parts stopped early is far off in a
    few months."""
    x = np.asarray(plan, dtype=np.float64)
    relaxed = np.asarray(guide, dtype=np.float64)
    excess = {
        t: float(np.dot(cost[columns], x[columns] - relaxed[columns]))
        for t, columns in enumerate(linked.months)
        if columns
    }
    return [linked.months[t] for t in sorted(excess, key=lambda t: (-excess[t], t))]


class Neighbourhoods:
    """The arrays of one model (`main`, a built HiGHS MILP) that every sub-MIP is cut from."""

    def __init__(self, main: Any) -> None:
        lp = main.getLp()
        self.cost = np.asarray(lp.col_cost_, dtype=np.float64)
        self.offset = float(lp.offset_)
        self.lower = np.asarray(lp.col_lower_, dtype=np.float64)
        self.upper = np.asarray(lp.col_upper_, dtype=np.float64)
        self.row_lower = np.asarray(lp.row_lower_, dtype=np.float64)
        self.row_upper = np.asarray(lp.row_upper_, dtype=np.float64)
        self.rows, self.columns, self.values = _entries(lp)
        self.integer = Neighbourhoods.integers(main)

    @staticmethod
    def integers(main: Any) -> npt.NDArray[np.bool_]:
        """Which columns of `main` (a built HiGHS model) are integer."""
        lp = main.getLp()
        kinds = list(lp.integrality_)
        if not kinds:
            return np.zeros(lp.num_col_, dtype=bool)
        return np.array([kind == _INTEGER for kind in kinds], dtype=bool)

    def objective(self, x: Floats) -> float:
        return self.offset + float(self.cost @ x)

    def feasible(self, x: Floats) -> bool:
        """Whether `x` meets every row and bound of the model, its integers whole."""
        held = np.bincount(
            self.rows, weights=self.values * x[self.columns], minlength=len(self.row_lower)
        )
        row_slack = FEASIBILITY * np.maximum(1.0, np.abs(held))
        column_slack = FEASIBILITY * np.maximum(1.0, np.abs(x))
        whole = x[self.integer]
        return bool(
            np.all(held >= self.row_lower - row_slack)
            and np.all(held <= self.row_upper + row_slack)
            and np.all(x >= self.lower - column_slack)
            and np.all(x <= self.upper + column_slack)
            and np.all(np.abs(whole - np.round(whole)) <= WHOLE)
        )

    def sub_mip(self, x: Floats, columns: Ints) -> Any:
        """The model on `columns`, every other column held at `x`'s values."""
        inside = np.zeros(len(self.cost), dtype=bool)
        inside[columns] = True
        entry = inside[self.columns]
        held = np.bincount(
            self.rows[~entry],
            weights=(self.values * x[self.columns])[~entry],
            minlength=len(self.row_lower),
        )
        rows_of = np.unique(self.rows[entry])
        row_at = np.full(len(self.row_lower), -1, dtype=np.int64)
        row_at[rows_of] = np.arange(len(rows_of))
        column_at = np.full(len(self.cost), -1, dtype=np.int64)
        column_at[columns] = np.arange(len(columns))
        local_rows = row_at[self.rows[entry]]
        order = np.argsort(local_rows, kind="stable")
        part = highspy.HighsLp()
        part.num_col_ = len(columns)
        part.num_row_ = len(rows_of)
        part.col_cost_ = self.cost[columns]
        part.col_lower_ = self.lower[columns]
        part.col_upper_ = self.upper[columns]
        part.row_lower_ = self.row_lower[rows_of] - held[rows_of]
        part.row_upper_ = self.row_upper[rows_of] - held[rows_of]
        part.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        part.a_matrix_.start_ = np.searchsorted(
            local_rows[order], np.arange(len(rows_of) + 1)
        ).astype(np.int32)
        part.a_matrix_.index_ = column_at[self.columns[entry]][order].astype(np.int32)
        part.a_matrix_.value_ = self.values[entry][order]
        kinds = highspy.HighsVarType
        part.integrality_ = [
            kinds.kInteger if whole else kinds.kContinuous for whole in self.integer[columns]
        ]
        return part


def solve_sub(part: Any, start: Floats, time_limit: float, threads: int) -> Floats | None:
    """The plan of sub-MIP `part` from `start` (its columns' values; ignored by HiGHS where it
    breaks a row), to `IMPROVE_GAP`, within `time_limit` seconds; None when it finds none."""
    h = sub_highs(part, time_limit, threads, {**SUB_OPTIONS, "mip_rel_gap": IMPROVE_GAP})
    give_start(h, start)
    return solved_values(h)


def improve(
    model: Neighbourhoods,
    x: Sequence[float],
    neighbourhoods: Sequence[Sequence[int]],
    deadline: float,
    threads: int,
    enough: Callable[[float], bool] | None = None,
) -> Improved:
    """`x` (a feasible plan of `model`) improved by re-solving each of `neighbourhoods` (the
    columns each frees) in turn, each within `PART_SECONDS` and by `deadline` (perf_counter
    seconds), pass after pass until one finds nothing cheaper, or until `enough` (told the
    plan's objective before each sub-MIP) says to stop. A sub-MIP's plan is kept only when
    the whole plan then costs less and meets every row of the model."""
    plan = np.asarray(x, dtype=np.float64).copy()
    best = model.objective(plan)
    result = Improved(start=best, objective=best, values=list(plan))
    better = bool(neighbourhoods)
    while better:
        better = False
        for freed in neighbourhoods:
            left = deadline - time.perf_counter()
            if left <= 0.0 or (enough is not None and enough(best)):
                better = False
                break
            columns = np.asarray(freed, dtype=np.int64)
            sub = model.sub_mip(plan, columns)
            found = solve_sub(sub, plan[columns], min(PART_SECONDS, left), threads)
            result.solved += 1
            if found is None:
                continue
            trial = plan.copy()
            trial[columns] = found
            trial[model.integer] = np.round(trial[model.integer])
            cost = model.objective(trial)
            if cost < best - 1e-9 * max(1.0, abs(best)) and model.feasible(trial):
                plan, best, better = trial, cost, True
                result.kept += 1
    result.objective, result.values = best, list(plan)
    return result
