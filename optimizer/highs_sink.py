"""The model written straight into highspy's arrays, one `passModel`: about a tenth of PuLP's
memory and build time a column, for models too large to build through PuLP (the relaxation of
`optimizer.large`), the models the fleet search takes (`optimizer.fleet_search.search_written`)
and the benchmark's comparison with PuLP."""

from __future__ import annotations

import math
from typing import Any

import highspy
import numpy as np

from optimizer.model import GE

__all__ = ["LEAST_SECONDS", "HighsSink", "give_start", "highs_seconds"]

LEAST_SECONDS = 0.01
"""The least time limit handed to HiGHS: a deadline already passed still gets a run this long
(it returns at once with what its presolve found)."""


def highs_seconds(time_limit: float) -> float:
    """`time_limit` as HiGHS's `time_limit` option: at least `LEAST_SECONDS` (HiGHS refuses a
    negative limit and keeps the one it had, by default none: a deadline passed would have
    solved without a limit), inf for no limit.

    Raises:
        ValueError: `time_limit` is NaN (HiGHS takes it and never stops; `max(0.01, nan)` is
            0.01, so a share of an infinite time, inf - inf, once ran for 10 ms unseen:
            `optimizer.month_start`, session 21), with a message naming it.
    """
    if math.isnan(time_limit):
        msg = f"a solver time limit must be a number of seconds or inf, got {time_limit!r}"
        raise ValueError(msg)
    return max(LEAST_SECONDS, time_limit)


def give_start(h: Any, values: Any) -> None:
    """`values` (every column's, in order) handed to HiGHS `h` as the start of its next solve
    (`setSolution`: a MIP's first incumbent where it meets every row)."""
    given = highspy.HighsSolution()
    given.col_value = list(values)
    given.value_valid = True
    h.setSolution(given)


class HighsSink:
    """A `optimizer.model.Sink` whose variable and row handles are column and row numbers."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.starts: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []
        self.row_lower: list[float] = []
        self.row_upper: list[float] = []
        self.origin: HighsSink | None = None
        """The sink this one was copied from (`optimizer.written_models.copied`): a model a
        run wrote once, whose arrays `optimizer.starts` reads once for its copies."""
        self.derived: Any = None
        """What `optimizer.starts` derived from this sink's lists, for its copies."""

    def variable(self, name: str, low: float, up: float | None, integer: bool) -> Any:
        self.names.append(name)
        self.cost.append(0.0)
        self.lower.append(low)
        self.upper.append(highspy.kHighsInf if up is None else up)
        self.integer.append(1 if integer else 0)
        return len(self.cost) - 1

    def row(self, pairs: list[tuple[Any, float]], sense: int, rhs: float, name: str) -> Any:
        for column, coefficient in pairs:
            self.index.append(column)
            self.value.append(coefficient)
        self.starts.append(len(self.index))
        inf = highspy.kHighsInf
        self.row_lower.append(rhs if sense == GE else -inf)
        self.row_upper.append(inf if sense == GE else rhs)
        return len(self.row_lower) - 1

    def minimize(self, pairs: list[tuple[Any, float]]) -> None:
        for column, coefficient in pairs:
            self.cost[column] += coefficient

    def order(self, like_pulp: bool) -> list[int]:
        """Columns in the order they are handed to HiGHS: as written, or sorted by name as
        PuLP hands them (so that both solve the very same model)."""
        if like_pulp:
            return sorted(range(len(self.names)), key=self.names.__getitem__)
        return list(range(len(self.names)))

    def lp(self) -> tuple[Any, Any]:
        """The model as PuLP's HiGHS interface hands it over (`pulp.HiGHS.buildSolverModel`),
        array for array: its columns sorted by name, its rows in order, each row's non-zero
        coefficients as written, row-wise; and each column's position in it (a numpy array,
        by column number). A search on it solves the very model PuLP's would
        (`optimizer.fleet_search.search_fleet_sink`)."""
        order = self.order(True)
        position = np.empty(len(order), dtype=np.int32)
        position[order] = np.arange(len(order), dtype=np.int32)
        value = np.array(self.value, dtype=float)
        index = position[np.array(self.index, dtype=np.int32)]
        kept = value != 0.0  # PuLP leaves out a row's zero coefficients
        before = np.concatenate(([0], np.cumsum(kept, dtype=np.int64)))  # kept before each
        lp = self._frame(order)
        lp.a_matrix_.start_ = before[np.array(self.starts, dtype=np.int64)].astype(np.int32)
        lp.a_matrix_.index_ = index[kept]
        lp.a_matrix_.value_ = value[kept]
        kinds = highspy.HighsVarType
        lp.integrality_ = [kinds.kInteger if self.integer[i] else kinds.kContinuous for i in order]
        return lp, position

    def _frame(self, order: Any) -> Any:
        """A HighsLp of the model's columns (costs and bounds, in `order`) and rows (bounds),
        its matrix row-wise and not yet given."""
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.cost)
        lp.num_row_ = len(self.row_lower)
        lp.col_cost_ = np.array(self.cost)[order]
        lp.col_lower_ = np.array(self.lower)[order]
        lp.col_upper_ = np.array(self.upper)[order]
        lp.row_lower_ = np.array(self.row_lower)
        lp.row_upper_ = np.array(self.row_upper)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        return lp

    def highs(
        self,
        time_limit: float,
        gap: float,
        threads: int,
        *,
        integer: bool = True,
        like_pulp: bool = False,
    ) -> Any:
        """A HiGHS holding the model (`integer`: with its integer columns, else its LP
        relaxation), its columns in `order(like_pulp)`."""
        order = self.order(like_pulp)
        position = np.empty(len(order), dtype=np.int32)
        position[order] = np.arange(len(order), dtype=np.int32)
        lp = self._frame(order)
        lp.a_matrix_.start_ = np.array(self.starts, dtype=np.int32)
        lp.a_matrix_.index_ = position[np.array(self.index, dtype=np.int32)]
        lp.a_matrix_.value_ = np.array(self.value)
        if integer:
            kinds = highspy.HighsVarType
            lp.integrality_ = [
                kinds.kInteger if self.integer[i] else kinds.kContinuous for i in order
            ]
        make: Any = highspy.Highs  # untyped in highspy's stubs
        h = make()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("time_limit", highs_seconds(float(time_limit)))
        h.setOptionValue("mip_rel_gap", gap)
        h.setOptionValue("threads", threads)
        h.passModel(lp)
        return h
