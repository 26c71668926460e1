"""The whole tail's least cost over a box of final fleets, beside the horizon's relaxation: a
bound for `optimizer.fleet_search` on the model whose tail is whole (probe 16a F1).

Under `demand_continues` the model's columns fall into the horizon's, the tail's (its
month-to-month units, replica blocks and API purchases) and the fleet's: the horizon's
long-term units that serve tail months. Where every row holding a tail column holds no other
horizon column than the fleet's (`split`), the objective separates: a fleet column's cost is
split into the tail months it serves (`month_cost * months`) and the rest, and

    least plan cost over a box >= least horizon cost over the box (its relaxation)
                                  + least tail cost over the box (the tail's MILP),

each side minimised over its own fleet within the box: any plan of the box is feasible for
both. The tail's MILP is small (one month of columns per tail block), and at a fixed fleet it
is the tail's exact cost."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from optimizer.highs_sink import highs_seconds
from optimizer.incumbent import FEASIBLE_SOLUTION
from optimizer.model import Formulation
from optimizer.solver import SOLVER_THREADS

__all__ = ["ROOT_OPTIONS", "TAIL_OPTIONS", "Split", "split", "tail_least"]

TAIL_OPTIONS: dict[str, Any] = {
    "mip_heuristic_run_feasibility_jump": False,
    "presolve": "off",
}
"""HiGHS options of the tail's MILP (`Split.tail`), whose bound is what the search reads,
mostly below a cutoff (`tail_least`). Without the feasibility jump the tail's MILPs of a
search took 0.06 CPU s against 0.15 (power-capped, 56 of them) and 0.18 against 0.30 (shipped
3x12, 43). Without presolve too: a model of one month of columns a tail block, re-solved at
each box's bounds, that HiGHS's root solves faster than presolve reduces it; shipped 3x12
whole's 42 replayed 0.095 CPU s against 0.130, each the same status, bound and fleet
(bench/solve.py, round of speed26)."""

ROOT_OPTIONS: dict[str, Any] = {"mip_heuristic_run_root_reduced_cost": False}
"""HiGHS options of the tail's MILP at the search's root box (`tail_least`'s `root`), on top of
`TAIL_OPTIONS`, for that run alone: without its root's reduced-cost sub-MIP. The plan's root
tail MILP runs beside the floors and ends after them (shipped 3x12 whole, round of speed29:
0.041-0.088 s against the floors' 0.042-0.082), before the first fleet's start. Shipped 3x12
whole's, replayed 20 times alternated: 29.9 ms CPU median against 38.1, the same bound and
fleet; in `make_plan`, 16 plans alternated twice (load 1.8-2.9): 32.5 and 26.6 ms against 36.3
and 33.5; power-capped whole's 26.7 against 26.7. The 13 root tail MILPs of tests/golden's 9
requests and the bench's 6 rows: the same bound (to 1e-15) and fleet (rounded), every plan the
same. The other tail MILPs keep the sub-MIP: three of them replayed without it, 4.6, 3.6 and
27.1 ms median against 4.3, 3.6 and 24.3 (bench/solve.py, round of speed30)."""

_CONTINUOUS: Any = highspy.HighsVarType.kContinuous  # untyped in highspy's stubs
_OPTIMAL: Any = highspy.HighsModelStatus.kOptimal
_FINISHED: Any = (
    _OPTIMAL,
    highspy.HighsModelStatus.kInfeasible,
    highspy.HighsModelStatus.kObjectiveBound,
)


def _tail_columns(f: Formulation, index: Any) -> set[int] | None:
    """The columns of the tail's own variables; None where a renewal is the model's choice
    (its units not renewed are held by the horizon's starts month by month: not the fleet)."""
    if f.not_renewed or f.held_not_renewed:
        return None
    horizon = f.instance.horizon
    columns: set[int] = set()
    for (_o, s), var in [*f.starts.items(), *f.binaries.items()]:
        if s >= horizon:  # its month-to-month units, and their `min_units` flags
            columns.add(index(var))
    for key, var in [*f.serve.items(), *f.buy.items()]:
        if key[2] >= horizon:
            columns.add(index(var))
    for (_w, t), var in f.short.items():
        if t >= horizon:
            columns.add(index(var))
    return columns


def _fleet_costs(f: Formulation, index: Any, tail: set[int]) -> dict[int, float]:
    """Column -> cost of the tail months it serves, for each horizon column that serves one:
    its offer's month cost per unit times the tail months it covers (its coefficient there)."""
    instance = f.instance
    costs: dict[int, float] = {}
    for (o, t), pairs in f.covering.items():
        if t < instance.horizon:
            continue
        price = instance.offers[o].month_cost_per_unit
        for var, coefficient in pairs:
            j = index(var)
            if j not in tail:
                costs[j] = costs.get(j, 0.0) + price * coefficient
    return costs


@dataclass
class Split:
    """The model cut in two at the fleet: `horizon`, its relaxation without the tail's rows and
    columns and with the fleet's tail months taken off its costs; `tail`, the MILP of the
    tail's rows over the tail's columns and the fleet's, costing the fleet's tail months."""

    horizon: Any
    tail: Any
    fleet: list[int]
    """The fleet's columns (those the tail's rows hold)."""
    position: dict[int, int]
    """A fleet column of the whole model -> its column in `tail`."""
    twin: Callable[[], Any] = field(compare=False)
    """A new HiGHS built as `tail` was, never solved: what the search's root may solve on
    another thread (`optimizer.fleet_search`) and then take as `tail`."""


def split(f: Formulation, lp: Any, index: Any) -> Split | None:
    """The two halves of the model `lp` (a HighsLp of the whole integer model, `index` giving
    a variable's column), or None where it does not separate: a renewal chosen in the tail,
    no tail, or a row holding a tail column and a horizon column that serves no tail month;
    or where a cost is not finite (a price of 1e308: its tail months overflow too)."""
    instance = f.instance
    if instance.accounting != "demand_continues" or not instance.tail:
        return None
    tail = _tail_columns(f, index)
    if tail is None:
        return None
    fleet_cost = _fleet_costs(f, index, tail)
    cost = np.asarray(lp.col_cost_, dtype=np.float64)
    if not np.all(np.isfinite(cost)) or not all(map(math.isfinite, fleet_cost.values())):
        return None  # a price that overflows: the plain solve fails the plan, saying which
    n_rows, n_cols = lp.num_row_, lp.num_col_
    kind = np.zeros(n_cols, dtype=np.int8)  # 0 horizon, 1 fleet, 2 tail
    kind[list(fleet_cost)] = 1
    kind[list(tail)] = 2
    row_of, col_of = _entries(lp.a_matrix_, n_rows, n_cols)
    has_tail = np.zeros(n_rows, dtype=bool)
    has_horizon = np.zeros(n_rows, dtype=bool)
    has_tail[row_of[kind[col_of] == 2]] = True
    has_horizon[row_of[kind[col_of] == 0]] = True
    if np.any(has_tail & has_horizon):
        return None
    tail_rows = [i for i in range(n_rows) if not has_horizon[i]]
    horizon_rows = [i for i in range(n_rows) if not has_tail[i]]
    fleet = sorted(fleet_cost)
    tail_part = np.zeros(n_cols)
    for j, c in fleet_cost.items():
        tail_part[j] = c
    horizon_cost = np.where(kind == 2, 0.0, cost - tail_part)
    tail_cost = np.where(kind == 0, 0.0, np.where(kind == 1, tail_part, cost))
    h = _copy(lp, horizon_rows, horizon_cost)
    h.changeColsBounds(int(np.sum(kind == 2)), *_zeros(kind == 2))
    every = h.getNumCol()
    h.changeColsIntegrality(every, list(range(every)), [_CONTINUOUS] * every)
    horizon = np.flatnonzero(kind == 0).astype(np.int32)
    twin = functools.partial(_tail_half, lp, tail_rows, tail_cost, horizon)
    kept = np.flatnonzero(kind != 0)
    position = {int(j): k for k, j in enumerate(kept)}
    return Split(horizon=h, tail=twin(), fleet=fleet, position=position, twin=twin)


def _tail_half(lp: Any, tail_rows: list[int], tail_cost: Any, horizon: Any) -> Any:
    """The tail's MILP (`Split.tail`): `lp`'s rows `tail_rows` at the costs `tail_cost`, its
    `horizon` columns taken out."""
    t = _copy(lp, tail_rows, tail_cost)
    t.changeObjectiveOffset(0.0)
    for name, value in TAIL_OPTIONS.items():
        t.setOptionValue(name, value)
    # Only the tail's and the fleet's columns: the horizon's are in none of its rows.
    if len(horizon):
        t.deleteCols(len(horizon), horizon)
    _bound_unbounded(t)
    return t


def _bound_unbounded(t: Any) -> None:
    """Each column of `t` (the tail's MILP) with no upper bound, a positive cost and only a
    negative coefficient in rows bounded above alone (the tail's month-to-month units: units
    at least the replicas they run) bounded by the most those rows can ask of it: a plan with
    more costs more for nothing, so the least cost and a fleet where it is found are the same
    within that bound. Without one HiGHS's root reduced-cost fixing lists a thousand values
    of such a column after each of its LPs: shipped 3x12 whole's tail MILPs replayed, 0.143
    CPU s against 0.154, the root's 0.033 against 0.042, each the same bound and fleet
    (bench/solve.py, round of speed27)."""
    lp = t.getLp()
    n, m = lp.num_col_, lp.num_row_
    upper = np.asarray(lp.col_upper_, dtype=np.float64)
    lower = np.asarray(lp.col_lower_, dtype=np.float64)
    cost = np.asarray(lp.col_cost_, dtype=np.float64)
    loose = np.flatnonzero(~np.isfinite(upper) & (cost > 0))
    if not len(loose):
        return
    row_of, col_of = _entries(lp.a_matrix_, m, n)
    value = np.asarray(lp.a_matrix_.value_, dtype=np.float64)
    row_lower = np.asarray(lp.row_lower_, dtype=np.float64)
    row_upper = np.asarray(lp.row_upper_, dtype=np.float64)
    # The most each entry adds to its row's activity.
    with np.errstate(invalid="ignore"):
        most = np.where(value > 0, value * upper[col_of], value * lower[col_of])
    for j in loose:
        mine = np.flatnonzero(col_of == j)
        rows = row_of[mine]
        if not len(rows) or np.any(value[mine] >= 0) or np.any(np.isfinite(row_lower[rows])):
            continue
        need = 0.0
        for r, a in zip(rows, value[mine], strict=True):
            others = (row_of == r) & (col_of != j)
            asked = float(np.sum(most[others])) - row_upper[r]
            need = max(need, asked / -a) if math.isfinite(asked) else math.inf
        if math.isfinite(need):
            t.changeColBounds(int(j), float(lower[j]), float(max(lower[j], math.ceil(need - 1e-9))))


def _zeros(mask: Any) -> tuple[Any, Any, Any]:
    """(columns, zeros, zeros) of the columns of `mask`: their bounds fixed at 0."""
    columns = np.flatnonzero(mask).astype(np.int32)
    return columns, np.zeros(len(columns)), np.zeros(len(columns))


def _entries(matrix: Any, n_rows: int, n_cols: int) -> tuple[Any, Any]:
    """(row, column) of each entry of a HiGHS matrix, by columns or by rows."""
    starts = np.asarray(matrix.start_, dtype=np.int64)
    index = np.asarray(matrix.index_, dtype=np.int64)
    lengths = np.diff(starts)
    if matrix.format_ == highspy.MatrixFormat.kColwise:
        return index, np.repeat(np.arange(n_cols), lengths)
    return np.repeat(np.arange(n_rows), lengths[:n_rows]), index


def _copy(lp: Any, keep: list[int], cost: Any) -> Any:
    """A HiGHS of `lp` with only the rows `keep` and the costs `cost`."""
    make: Any = highspy.Highs  # untyped in highspy's stubs
    h = make()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", SOLVER_THREADS)
    h.passModel(lp)
    drop = sorted(set(range(lp.num_row_)) - set(keep))
    if drop:
        h.deleteRows(len(drop), np.array(drop, dtype=np.int32))
    n = lp.num_col_
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(cost, dtype=np.float64))
    return h


def tail_least(
    halves: Split,
    columns: list[int],
    lower: list[float],
    upper: list[float],
    seconds: float,
    above: float = math.inf,
    root: bool = False,
) -> tuple[float, list[float] | None]:
    """The tail's least whole cost with the fleet's `columns` (the whole model's) within
    `lower`..`upper`, and the fleet where its MILP found it (None when not proven): its MILP's
    proven bound; -inf when it proved none in `seconds`; `above` when it proved none below
    `above` (HiGHS's `objective_bound`: the search needs no more), inf when there is no plan.
    `root`: the search's root box, solved with `ROOT_OPTIONS`."""
    h = halves.tail
    mine = [halves.position[j] for j in columns]
    h.changeColsBounds(len(mine), mine, lower, upper)
    h.setOptionValue("time_limit", highs_seconds(seconds))
    h.setOptionValue("objective_bound", above)
    if root:
        before = {name: h.getOptionValue(name)[1] for name in ROOT_OPTIONS}
        for name, value in ROOT_OPTIONS.items():
            h.setOptionValue(name, value)
        try:
            h.run()
        finally:
            for name, value in before.items():
                h.setOptionValue(name, value)
    else:
        h.run()
    info = h.getInfo()
    found = info.primal_solution_status == FEASIBLE_SOLUTION
    objective = float(info.objective_function_value) if found else math.inf
    if h.getModelStatus() not in _FINISHED:
        bound = float(info.mip_dual_bound)  # stopped by the time: what it proved
        return bound if math.isfinite(bound) else -math.inf, None
    if objective < above:
        values = h.getSolution().col_value
        return min(float(info.mip_dual_bound), objective), [values[j] for j in mine]
    # Nothing below `above` (HiGHS 1.16 prunes at it and may still call the search optimal,
    # its bound then the root's): `above` is what is proven, inf when no plan at all.
    return above, None
