"""Ties at equal cost (DESIGN section 8.1): to the smaller obligation, then lower power. Dominance
pruning settles them when nothing in the request tells the offers apart and the offer owing
less draws no more; otherwise the cheapest plan is re-solved at its cost for the least
obligation, then power (`optimizer.model.tie_terms`), the plain plan's and the two-stage
plan's alike."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from optimizer.dominance import dominates, served_by
from optimizer.highs_sink import give_start
from optimizer.incumbent import FEASIBLE_SOLUTION, highs_copy
from optimizer.instance import Instance, OfferSpec
from optimizer.model import Formulation, tie_terms
from optimizer.solver import (
    SOLVER_THREADS,
    MipProgress,
    Model,
    Solution,
    progress_relay,
    read_values,
    watch_progress,
)

__all__ = [
    "COST_SLACK",
    "REACH_MARGIN",
    "TIE_MIN_SECONDS",
    "CostReach",
    "Switch",
    "break_ties",
    "break_ties_of",
    "cost_reach",
    "polish",
    "pulp_column",
    "tie_seconds",
    "tied_offers",
    "used_offers",
]

COST_SLACK = 0.005
"""$ the re-solved plan may cost above the cheapest (solver tolerance): half a cent, so the
plan's cost is the same to the cent."""

TIE_MIN_SECONDS = 1.0
"""The least wall-clock time a tie re-solve gets (the plan's clock permitting). Its models
are those of plans solved in milliseconds, but the floor was once `MIN_SOLVE_SECONDS`
(0.05 s), which a loaded machine stretched past: the re-solve stopped before its first plan
and the tie stayed unbroken, so one request signed 665,760.00 or 1,716,960.00 by the load
(tests/solver/test_equal_cost_ties.py failed under load, session 12)."""


REACH_MARGIN = 1e-6
"""Share of a polish's cost (`cheapest`) added to the room its reduced costs are read against
(`CostReach`): more than the LP's tolerances could take from it (shipped 3x12 whole: $47 of a
room of $80,076)."""

_INTEGER: Any = highspy.HighsVarType.kInteger  # untyped in highspy's stubs
_CONTINUOUS: Any = highspy.HighsVarType.kContinuous
_OPTIMAL: Any = highspy.HighsModelStatus.kOptimal
_SIGNIFICANT = 1e-9
"""Least reduced cost (in $ a unit) read as one (`CostReach.bounds`)."""


def pulp_column(var: Any) -> int:
    """A PuLP variable's column: the index PuLP's HiGHS interface gave it."""
    return int(var.index)


@dataclass(frozen=True)
class CostReach:
    """The cost LP of a tie polish's model (`cost_reach`: its cost terms as the objective, its
    integer columns relaxed, its rows and cuts kept): its least cost `least`, its plan and
    reduced costs. For any plan of the model, cost - `least` >= sum over the columns of
    reduced cost times (value - the LP's value), each term at least 0: a plan costing at most
    `cheapest` moves an integer column at a bound of reduced cost d > 0 (< 0) by at most
    (`cheapest` - `least`) / |d| from it (`bounds`). Every plan a polish looks for (its cost
    row: at most the cheapest plan's cost) is within those bounds, so the polish finds the same
    least tie term within them, sooner: HiGHS's own reduced-cost fixing in the polish works
    from its tie term, not from the cost (shipped 3x12 whole: 298 of 681 free columns
    narrowed, 111 fixed; bench/solve.py, round of speed27)."""

    least: float
    values: Any
    reduced: Any
    integer: Any

    def bounds(self, lower: Any, upper: Any, cheapest: float) -> tuple[Any, Any]:
        """`lower` and `upper` (a polish's column bounds) narrowed for the plans costing at
        most `cheapest`."""
        room = cheapest - self.least + REACH_MARGIN * abs(cheapest)
        lower, upper = np.array(lower, dtype=float), np.array(upper, dtype=float)
        if room < 0:
            return lower, upper
        d, x = self.reduced, self.values
        at_lower = self.integer & (d > _SIGNIFICANT) & (np.abs(x - lower) <= 1e-9)
        at_upper = self.integer & (d < -_SIGNIFICANT) & (np.abs(x - upper) <= 1e-9)
        moved = at_lower | at_upper
        steps = np.floor(room / np.abs(d[moved]) + 1e-9)
        below, above = lower[moved], upper[moved]
        up, down = at_lower[moved], at_upper[moved]
        upper[moved] = np.where(up, np.minimum(above, below + steps), above)
        lower[moved] = np.where(down, np.maximum(below, above - steps), below)
        return lower, upper


def cost_reach(
    model: Any, cost: dict[Any, float], index: Callable[[Any], int] = pulp_column
) -> CostReach | None:
    """The `CostReach` of `model` (a HiGHS of a tie polish's MILP, left untouched) for `cost`
    (variable -> coefficient, `index` its column: by default a PuLP variable's); None where
    its LP does not end optimal and dual feasible."""
    h = highs_copy(model, math.inf, SOLVER_THREADS)
    n = h.getNumCol()
    lp = h.getLp()
    integer = np.array([kind == _INTEGER for kind in lp.integrality_], dtype=bool)
    if len(integer) != n:
        integer = np.zeros(n, dtype=bool)
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, _CONTINUOUS))
    costs = np.zeros(n)
    for var, c in cost.items():
        costs[index(var)] += c
    h.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
    h.changeObjectiveOffset(0.0)
    h.run()
    info = h.getInfo()
    if h.getModelStatus() != _OPTIMAL or info.num_dual_infeasibilities > 0:
        return None
    solution = h.getSolution()
    return CostReach(
        least=float(info.objective_function_value),
        values=np.array(solution.col_value, dtype=float),
        reduced=np.array(solution.col_dual, dtype=float),
        integer=integer,
    )


class Switch:
    """A polish's stop that HiGHS hears only once it is thrown (`throw`): its MIP callback set
    but not started until then, so that a polish nothing can cancel takes the GIL at none of
    its interrupt checks (about 400 a polish on shipped 3x12 whole, each waiting for the GIL
    while another thread runs Python: 0.013-0.024 s of its wall asleep, 0.002-0.003 without;
    bench/solve.py, round of speed27). Thrown before the polish's HiGHS is held, that HiGHS
    hears it at its first check."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thrown = False
        self._held: Any = None

    def hold(self, h: Any, on_progress: MipProgress | None) -> None:
        """`on_progress` set as `h`'s MIP callback (`h` not yet solving), heard once thrown."""
        if on_progress is None:
            return
        h.setCallback(progress_relay(on_progress), None)
        with self._lock:
            self._held = h
            if self._thrown:
                h.startCallback(highspy.cb.kCallbackMipInterrupt)

    def throw(self) -> None:
        """The polish's HiGHS told to hear its callback (from any thread, while it solves)."""
        with self._lock:
            if not self._thrown and self._held is not None:
                self._held.startCallback(highspy.cb.kCallbackMipInterrupt)
            self._thrown = True


def _owes_less(a: OfferSpec, b: OfferSpec) -> bool:
    """At the same price per GPU-hour, or per unit-month, `a` owes less over its term or, owing
    the same, draws less power (per GPU, or per unit)."""
    by_gpu = a.offer.price_per_gpu_hour == b.offer.price_per_gpu_hour
    by_unit = a.month_cost_per_unit == b.month_cost_per_unit
    return (by_gpu and (a.term, a.kw_per_gpu) < (b.term, b.kw_per_gpu)) or (
        by_unit and (a.term, a.kw_per_unit) < (b.term, b.kw_per_unit)
    )


def _rival(instance: Instance, served: dict[int, set[int]], a: int, b: int) -> bool:
    """`a` sells what `b` sells at `b`'s price (per GPU-hour and tokens/s per GPU, or per
    unit-month and tokens/s per unit, for every workload of `b`) with a shorter term or lower
    power: a plan may then owe as much with less power (on-demand units bought for three months
    against a 3-month contract), though `a` cannot replace `b` in every plan."""
    sa, sb = instance.offers[a], instance.offers[b]
    workloads = served.get(b, set())
    if not workloads or not workloads <= served.get(a, set()):
        return False
    rates = [(instance.rates[(a, w)].per_gpu, instance.rates[(b, w)].per_gpu) for w in workloads]
    by_gpu = sa.offer.price_per_gpu_hour == sb.offer.price_per_gpu_hour and all(
        ra == rb for ra, rb in rates
    )
    by_unit = sa.month_cost_per_unit == sb.month_cost_per_unit and all(
        ra * sa.gpus_per_unit == rb * sb.gpus_per_unit for ra, rb in rates
    )
    shorter = sa.term < sb.term
    return (by_gpu and (shorter or sa.kw_per_gpu < sb.kw_per_gpu)) or (
        by_unit and (shorter or sa.kw_per_unit < sb.kw_per_unit)
    )


def tied_offers(instance: Instance, used: set[int]) -> set[int]:
    """The offers of `used` that another offer of the instance could replace at no higher
    cost (`optimizer.dominance.dominates`, whatever the rules of the request and the power
    drawn) owing less, or owing the same and drawing less power, or that a `_rival` sells at
    the same price: the plan may hold them where the rival would do. Dominance pruning removes
    such an offer only where the rival draws no more power and no rule (a power cap, a vendor
    share, a capex budget) tells them apart."""
    served = served_by(instance)

    def ahead(a: int, b: int) -> bool:
        if _rival(instance, served, a, b):
            return True
        return _owes_less(instance.offers[a], instance.offers[b]) and dominates(
            instance, served, a, b, rules=False, power=False
        )

    return {b for b in used if any(ahead(a, b) for a in served if a != b)}


def used_offers(solution: Solution) -> set[int]:
    """The offers of which `solution` signs new units."""
    return {o for (o, _s), units in solution.starts.items() if units > 0.5}


def break_ties(
    model: Model,
    solution: Solution,
    time_limit: float,
    gap: float,
    on_progress: MipProgress | None = None,
) -> Solution:
    """`solution` (the cheapest plan of `model`, solved by HiGHS through PuLP) with its ties
    broken: when it holds a tied offer (`tied_offers`), its values replaced by `polish`'s
    (`on_progress` hears the re-solve and may stop it, see `polish`). Status, gap and
    objective stay those of the cheapest plan: the cost is the same."""
    main = getattr(model.problem, "solverModel", None)
    if main is None:
        return solution
    held: Any = main
    return break_ties_of(
        model.formulation, lambda: held, pulp_column, solution, time_limit, gap, on_progress
    )


def break_ties_of(
    f: Formulation,
    main: Callable[[], Any],
    index: Callable[[Any], int],
    solution: Solution,
    time_limit: float,
    gap: float,
    on_progress: MipProgress | None = None,
) -> Solution:
    """`break_ties` of the model `f`, whose HiGHS holding it with the plan as its solution
    `main` gives (asked only where the plan holds a tied offer), `index` its variables'
    columns there (`optimizer.fleet_search.search_written`'s model, written without PuLP)."""
    if solution.solver != "HiGHS" or solution.status not in ("optimal", "feasible"):
        return solution
    if not tied_offers(f.instance, used_offers(solution)):
        return solution
    found = polish(main(), f.cost_terms, tie_terms(f), time_limit, gap, on_progress, index=index)
    if found is not None:
        read_values(f, False, solution, lambda var: found[index(var)])
    return solution


def tie_seconds(left: float, cheapest_seconds: float) -> float:
    """Seconds for a tie re-solve: no longer than the cheapest plan's own solve took (it
    doubled a time-limited plan's time, review 9 finding A), but at least `TIE_MIN_SECONDS`,
    and within the `left` of the plan's clock."""
    return min(left, max(TIE_MIN_SECONDS, cheapest_seconds))


def polish(
    main: Any,
    cost: dict[Any, float],
    tie: dict[Any, float],
    time_limit: float,
    gap: float,
    on_progress: MipProgress | None = None,
    options: dict[str, Any] | None = None,
    rows: int | None = None,
    start: list[float] | None = None,
    reach: CostReach | None = None,
    switch: Switch | None = None,
    index: Callable[[Any], int] = pulp_column,
) -> list[float] | None:
    """The column values of the plan of `main` (a solved HiGHS) re-solved within `time_limit`
    seconds, from its plan as the start, at no more than its `cost` (`COST_SLACK`) for the
    least `tie` (both: PuLP variable -> coefficient); `on_progress` True stops the re-solve
    (a cancel) with what it found. None when the re-solve finds nothing owing less.
    `options`: HiGHS options of the re-solve beside its own; `rows`: how many of `main`'s
    rows it holds, the first (every row by default: cuts added to `main` after them left
    out); `start`: the plan to re-solve (its column values), where `main` has not solved (by
    default `main`'s solution); `reach`: `main`'s cost LP, whose reduced costs narrow the
    re-solve's columns to the plans costing no more (`CostReach`); `switch`: where given,
    `on_progress` is heard only once it is thrown (`Switch`); `index`: a variable's column in
    `main` (by default a PuLP variable's)."""
    given = start is not None
    if start is None:
        start = list(main.getSolution().col_value)
    cost_pairs = [(index(v), c) for v, c in cost.items()]
    tie_pairs = [(index(v), c) for v, c in tie.items()]

    def total(values: list[float], terms: list[tuple[int, float]]) -> float:
        return sum(c * values[j] for j, c in terms)

    cheapest = total(start, cost_pairs)
    h = _polisher(main, time_limit, gap)
    if rows is not None and rows < h.getNumRow():
        extra = np.arange(rows, h.getNumRow(), dtype=np.int32)
        h.deleteRows(len(extra), extra)
    for name, value in (options or {}).items():
        h.setOptionValue(name, value)
    h.addRow(
        -highspy.kHighsInf,
        cheapest,
        len(cost_pairs),
        [j for j, _ in cost_pairs],
        [c for _, c in cost_pairs],
    )
    columns = h.getNumCol()
    if reach is not None:
        lp = h.getLp()
        lower, upper = reach.bounds(lp.col_lower_, lp.col_upper_, cheapest)
        h.changeColsBounds(columns, np.arange(columns, dtype=np.int32), lower, upper)
    weights = dict(tie_pairs)
    h.changeColsCost(columns, list(range(columns)), [weights.get(j, 0.0) for j in range(columns)])
    if given:
        give_start(h, start)
    else:
        h.setSolution(main.getSolution())
    if switch is None:
        watch_progress(h, on_progress)
    else:
        switch.hold(h, on_progress)
    h.run()
    if h.getInfo().primal_solution_status != FEASIBLE_SOLUTION:
        return None
    found = list(h.getSolution().col_value)
    if total(found, cost_pairs) > cheapest + COST_SLACK:
        return None
    if total(found, tie_pairs) >= total(start, tie_pairs):
        return None
    return found


def _polisher(main: Any, time_limit: float, gap: float) -> Any:
    """A separate HiGHS holding `main`'s model (its callbacks and progress untouched), with
    presolve off: HiGHS 1.16 mis-scores a start after presolve (see `optimizer.solver.solve`)."""
    h = highs_copy(main, time_limit, SOLVER_THREADS)
    h.setOptionValue("mip_rel_gap", gap)
    h.setOptionValue("presolve", "off")
    return h
