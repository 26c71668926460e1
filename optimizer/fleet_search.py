"""The least-cost MILP of a small model solved as a search over the horizon's final fleet
(issue 12): under `demand_continues` the last month's long-term units are paid for the whole
tail, and once they are fixed HiGHS proves the rest at its first node, where from nothing it
needs three roots and a tree to prove which fleet is cheapest."""

from __future__ import annotations

import heapq
import math
import time
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np
import pulp

from optimizer.incumbent import FEASIBLE_SOLUTION, SEED_MIN_INTEGERS
from optimizer.model import Formulation, tie_terms
from optimizer.rounding_cuts import cut_rows, demand_cuts
from optimizer.solver import (
    SOLVER_THREADS,
    MipProgress,
    Model,
    Solution,
    read_values,
    silence_banner,
    watch_progress,
)
from optimizer.ties import COST_SLACK, polish, tie_seconds

__all__ = [
    "FLEET_COLUMNS",
    "LEAF_LIMIT",
    "RELAXATION_LIMIT",
    "Searched",
    "chosen",
    "final_fleet",
    "renewed_through_tail",
    "search_fleet",
]

FLEET_COLUMNS = 16
"""Most final-fleet columns the search is chosen for (shipped 3x12: 10, the power-capped
example: 8)."""

LEAF_LIMIT = 40
"""Fixed fleets solved as MILPs after which the search stops and the plain solve takes the
time left (shipped 3x12 solves 6, the power-capped example 1): a model whose final fleet is not
its decision (`in_horizon` prices the last month like any other: 12,675 fleets on the
power-capped example) is left to HiGHS. A count, not seconds: the path a plan takes must not
depend on the load."""

RELAXATION_LIMIT = 2_000
"""Boxes' relaxations after which the search stops likewise (shipped 3x12 solves 81)."""

_CONTINUOUS: Any = highspy.HighsVarType.kContinuous  # untyped in highspy's stubs
_OPTIMAL: Any = highspy.HighsModelStatus.kOptimal
_INFEASIBLE: Any = highspy.HighsModelStatus.kInfeasible
_FINISHED: Any = (_OPTIMAL, _INFEASIBLE, highspy.HighsModelStatus.kObjectiveBound)
EQUAL = 1e-9
"""Relative margin above the incumbent within which a box stays open (`_Search.cutoff`): a
plan of the same cost may owe less or draw less power (DESIGN section 8.1's ties), a
difference about 1e-13 of the objective's (the tie term's weight, `optimizer.model.TIE_SHARE`,
times a power difference), which HiGHS's objective values do not resolve; such plans are
compared by their cost and tie terms (`_Search.better`)."""
WHOLE = 1e-6
"""How far from a whole number a relaxation's fleet column may be and still count as whole."""


def final_fleet(f: Formulation) -> list[Any]:
    """The variables of the horizon's last month's long-term units (`f.running`), by offer."""
    last = f.instance.horizon - 1
    return [var for (_o, t), var in sorted(f.running.items()) if t == last]


def chosen(model: Model) -> bool:
    """Whether the least-cost solve of `model` goes through `search_fleet`: the integer model
    of fractional replicas under `demand_continues` whose final fleet (1 to `FLEET_COLUMNS`
    columns) is renewed through the tail (`renewed_through_tail`), with fewer integer columns
    than the seeded path of large models takes (`optimizer.incumbent.SEED_MIN_INTEGERS`:
    there a fixed fleet is a MILP of a tenth of a second, not of several)."""
    f = model.formulation
    if f.instance.replicas == "whole":
        # The tail's month-to-month units and blocks are whole there (probe 16a F1, merged
        # after this search was made): a box's relaxation leaves the tail's rounding, 48
        # months of it, out of its bound, and the search gave up after 40 fleets on both rows
        # it was made for (power-capped whole 0.44 CPU s, shipped 3x12 13.5 s, then the plain
        # solve; session 16). Left to the plain solve until a box bound holds the whole tail.
        return False
    fleet = final_fleet(f)
    if model.relaxed or not 0 < len(fleet) <= FLEET_COLUMNS or not renewed_through_tail(f):
        return False
    integers = sum(1 for v in model.problem.variables() if v.cat == pulp.LpInteger)
    return integers < SEED_MIN_INTEGERS


def renewed_through_tail(f: Formulation) -> bool:
    """Whether every unit of the final fleet is paid past its term (renewed in the tail of
    `demand_continues`): each then costs the tail's months on top of the horizon's last (49
    months of a 48-month tail), which makes the final fleet the decision (bench/solve.py,
    round of fleet16). Where the tail is shorter than the terms, a unit costs its term
    whichever month it is signed in: the shipped examples of that shape (growing-power-capped
    and portfolio-three-models, tail 24) prove at HiGHS's first node in 0.1-0.6 s, and the
    search broke a full tie of the first differently (the same cost, obligation and power;
    another split of its GB300 racks between two vendors)."""
    instance = f.instance
    if instance.accounting != "demand_continues" or instance.span <= instance.horizon:
        return False
    last = instance.horizon - 1
    terms = {instance.offers[o].term for (o, t) in f.running if t == last}
    return all(instance.paid_months(last, term) > term for term in terms)


@dataclass(order=True)
class _Box:
    """Bounds on the final fleet's columns, and the least cost of a plan within them that
    the relaxation proves (`bound`), with the relaxation's fleet there."""

    bound: float
    order: int
    lower: list[float] = field(compare=False)
    upper: list[float] = field(compare=False)
    fleet: list[float] = field(compare=False)
    reduced: list[float] = field(compare=False, default_factory=list)
    """The relaxation's reduced costs of the fleet's columns (none when it did not finish)."""


@dataclass
class Searched:
    """How a search ended: the boxes and fixed fleets it solved, and whether it stopped at
    `LEAF_LIMIT` or `RELAXATION_LIMIT` (its plan then left to the plain solve)."""

    relaxations: int = 0
    leaves: int = 0
    gave_up: bool = False


class _Search:
    """Best-first branch and bound over the final fleet's columns. A box's bound is the
    relaxation with the demand rows' rounding cuts (`optimizer.rounding_cuts.demand_cuts`)
    within its bounds; a box of one fleet is solved as the MILP with that fleet fixed (to the
    gap, as the plain solve), with the incumbent's objective as its cutoff (HiGHS then proves
    most such fleets dearer at its root). A box is closed once its bound reaches the
    incumbent's objective (`EQUAL` above it): the search is exact between fleets, as HiGHS's
    root is on the small models that prove at their first node."""

    def __init__(
        self,
        main: Any,
        columns: list[int],
        terms: tuple[dict[Any, float], dict[Any, float]],
        cuts: list[tuple[list[tuple[Any, float]], float]],
        deadline: float,
        gap: float,
        on_progress: MipProgress | None,
    ) -> None:
        self.columns = columns
        self.deadline = deadline
        self.gap = gap
        self.on_progress = on_progress
        self.began = time.perf_counter()
        self.model = main.getLp()
        self.relaxation = self._highs(integer=False)
        cut_rows(self.relaxation, cuts, lambda var: int(var.index))
        self.cost_terms, self.tie_terms = terms
        self.incumbent = math.inf
        """The best plan's objective (HiGHS's: its cost and tie term)."""
        self.values: list[float] | None = None
        self.cost = math.inf
        self.tie = math.inf
        self.open: list[_Box] = []
        self.unfinished: list[float] = []
        """Bounds of the fixed fleets whose MILP stopped before its proof."""
        self.closed = math.inf
        """The least bound of the boxes and fixed fleets closed so far."""
        self.count = 0
        self.searched = Searched()
        self.stopped = False
        self.cancelled = False
        """Stopped by `on_progress` (a cancel), not by the time."""

    def _highs(self, *, integer: bool) -> Any:
        make: Any = highspy.Highs  # untyped in highspy's stubs
        h = make()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", SOLVER_THREADS)
        h.passModel(self.model)
        if not integer:
            n = h.getNumCol()
            h.changeColsIntegrality(n, list(range(n)), [_CONTINUOUS] * n)
        return h

    def _left(self) -> float:
        return self.deadline - time.perf_counter()

    def cutoff(self) -> float:
        """Boxes whose bound reaches this hold no better plan."""
        if not math.isfinite(self.incumbent):
            return math.inf
        return self.incumbent + EQUAL * abs(self.incumbent)

    @staticmethod
    def total(values: list[float], terms: dict[Any, float]) -> float:
        """The sum of `terms` (PuLP variable -> coefficient) at `values`."""
        return float(sum(c * values[var.index] for var, c in terms.items()))

    def better(self, values: list[float]) -> bool:
        """Whether the plan of `values` costs less than the incumbent by more than
        `optimizer.ties.COST_SLACK`, or as much (within it) with a smaller tie term (the
        obligation, then the power: `optimizer.model.tie_terms`)."""
        cost, tie = self.total(values, self.cost_terms), self.total(values, self.tie_terms)
        if cost < self.cost - COST_SLACK or (
            cost <= self.cost + COST_SLACK and tie < self.tie - EQUAL * abs(self.tie)
        ):
            self.cost, self.tie = cost, tie
            return True
        return False

    def least(self) -> float:
        """The least cost any plan may have that the search has not ruled out."""
        bounds = [box.bound for box in self.open] + self.unfinished
        return min([self.incumbent, self.closed, *bounds])

    def _heard(self) -> bool:
        """Whether the time is up or a cancel asks the search to stop."""
        if self.on_progress is not None:
            seconds = time.perf_counter() - self.began
            if self.on_progress(seconds, self.incumbent, self.least()):
                self.stopped = self.cancelled = True
        if self._left() <= 0:
            self.stopped = True
        return self.stopped

    def bound(self, lower: list[float], upper: list[float], parent: float) -> _Box | None:
        """The box within `lower` and `upper`, bounded by its relaxation (`parent`, the
        enclosing box's bound, when the relaxation does not finish); None when it holds no
        plan."""
        h = self.relaxation
        n = len(self.columns)
        h.changeColsBounds(n, self.columns, lower, upper)
        h.setOptionValue("time_limit", max(0.01, self._left()))
        h.run()
        self.searched.relaxations += 1
        status = h.getModelStatus()
        if status == _INFEASIBLE:
            return None
        self.count += 1
        if status != _OPTIMAL:
            return _Box(parent, self.count, lower, upper, list(lower))
        solution = h.getSolution()
        values, duals = solution.col_value, solution.col_dual
        objective = max(parent, h.getInfo().objective_function_value)
        fleet = [values[j] for j in self.columns]
        reduced = [duals[j] for j in self.columns]
        return _Box(objective, self.count, lower, upper, fleet, reduced)

    def tightened(self, box: _Box) -> None:
        """`box`'s bounds narrowed by its relaxation's reduced costs: a fleet column at its
        lower bound with reduced cost d > 0 cannot rise more than (cutoff - bound) / d
        within the box without every plan there reaching the cutoff (at its upper bound,
        d < 0, likewise down). The relaxation's own fleet stays inside."""
        room = self.cutoff() - box.bound
        if not box.reduced or not math.isfinite(room):
            return
        for i, d in enumerate(box.reduced):
            if d > WHOLE and box.fleet[i] <= box.lower[i] + WHOLE:
                steps = math.floor(room / d + WHOLE)
                box.upper[i] = min(box.upper[i], box.lower[i] + steps)
            elif d < -WHOLE and box.fleet[i] >= box.upper[i] - WHOLE:
                steps = math.floor(room / -d + WHOLE)
                box.lower[i] = max(box.lower[i], box.upper[i] - steps)

    def leaf(self, box: _Box) -> None:
        """Solve the MILP with the fleet fixed at `box`'s (one fleet)."""
        h = self._highs(integer=True)
        n = len(self.columns)
        h.changeColsBounds(n, self.columns, box.lower, box.upper)
        h.setOptionValue("mip_rel_gap", self.gap)
        h.setOptionValue("time_limit", max(0.01, self._left()))
        cutoff = self.cutoff()
        if math.isfinite(cutoff):
            # With the cutoff, HiGHS's presolve costs more than it saves: its root proves a
            # dearer fleet dearer in 0.02-0.07 s without it, 0.06-0.13 s with (shipped 3x12).
            h.setOptionValue("objective_bound", cutoff)
            h.setOptionValue("presolve", "off")
        if self.on_progress is not None:
            watch_progress(h, self._relay())
        began = time.perf_counter()
        h.run()
        self.searched.leaves += 1
        info = h.getInfo()
        found = info.primal_solution_status == FEASIBLE_SOLUTION
        objective = info.objective_function_value if found else math.inf
        if found:
            values = list(h.getSolution().col_value)
            if self.total(values, self.cost_terms) <= self.cost + COST_SLACK:
                seconds = tie_seconds(self._left(), time.perf_counter() - began)
                polished = self.polished(h, seconds)
                if polished is not None:
                    # The plan kept is the polished one: its objective (its tie term less).
                    values = polished
                    objective = float(np.dot(self.model.col_cost_, values)) + self.model.offset_
            if self.better(values):
                self.incumbent, self.values = objective, values
        # Below the cutoff, HiGHS's bound is the fleet's; at or above it, HiGHS proved only
        # that nothing there costs less than the cutoff (its bound may then be its plan's).
        proven = min(info.mip_dual_bound, objective) if objective < cutoff else cutoff
        proven = max(box.bound, proven)
        if h.getModelStatus() in _FINISHED:
            self.closed = min(self.closed, proven)
        else:
            self.unfinished.append(proven)  # stopped (time or cancel): left open

    def polished(self, h: Any, seconds: float) -> list[float] | None:
        """The plan `h` found for its fleet re-solved within that fleet for the least tie term
        at its cost (`optimizer.ties.polish`, to a gap of 0: the ties are about 1e-5 of the
        tie term, which a gap of 1e-4 leaves unresolved), or None when none owes less.
        Within a fleet HiGHS's own search leaves such ties as its path finds them (the power-
        capped example with a 24-month tail: 605 kW-months more than the plain solve's plan,
        at the same cost); across fleets `better` settles them."""
        return polish(h, self.cost_terms, self.tie_terms, seconds, 0.0, self._relay_or_none())

    def _relay_or_none(self) -> MipProgress | None:
        return None if self.on_progress is None else self._relay()

    def _relay(self) -> MipProgress:
        """A fixed fleet's MILP callback, told as the search's progress (its incumbent and
        bound the search's own), stopping that MILP when the search is stopped."""
        assert self.on_progress is not None
        tell = self.on_progress

        def relay(_seconds: float, incumbent: float, _bound: float) -> bool:
            seconds = time.perf_counter() - self.began
            if tell(seconds, min(self.incumbent, incumbent), self.least()):
                self.stopped = self.cancelled = True
            return self.stopped

        return relay

    def run(self, upper: list[float]) -> None:
        root = self.bound([0.0] * len(upper), upper, -math.inf)
        if root is not None:
            heapq.heappush(self.open, root)
        while self.open and not self._heard():
            if self.open[0].bound >= self.cutoff():
                self.closed = min(self.closed, self.open[0].bound)
                self.open.clear()  # every box left is closed by the incumbent
                break
            if self.searched.leaves >= LEAF_LIMIT or self.searched.relaxations >= RELAXATION_LIMIT:
                self.searched.gave_up = True
                return
            box = heapq.heappop(self.open)
            self.tightened(box)
            for child in self._children(box):
                if child is None:
                    continue  # no plan within it
                if child.bound < self.cutoff():
                    heapq.heappush(self.open, child)
                else:
                    self.closed = min(self.closed, child.bound)

    def _children(self, box: _Box) -> list[_Box | None]:
        """`box` split on its most fractional fleet column, at its relaxation's value; with
        a whole relaxed fleet, its first column not yet fixed split into below, at and above
        that value; a box of one fleet solved (`leaf`), leaving no child."""
        free = [i for i, (a, b) in enumerate(zip(box.lower, box.upper, strict=True)) if a < b]
        if not free:
            self.leaf(box)
            return []
        fractions = [(abs(box.fleet[i] - round(box.fleet[i])), -i) for i in free]
        most, minus_i = max(fractions)
        i = -minus_i
        value = box.fleet[i]
        if most > WHOLE:
            below = float(math.floor(value))
            splits = [(box.lower[i], below), (below + 1.0, box.upper[i])]
        else:
            i = free[0]
            at = float(round(box.fleet[i]))
            at = min(max(at, box.lower[i]), box.upper[i])
            splits = [(at, at), (box.lower[i], at - 1.0), (at + 1.0, box.upper[i])]
        children: list[_Box | None] = []
        for low, high in splits:
            if low > high:
                continue
            lower, upper = list(box.lower), list(box.upper)
            lower[i], upper[i] = low, high
            children.append(self.bound(lower, upper, box.bound))
        return children


def _whole_bound(up: float | None) -> float:
    """An integer column's upper bound, whole (infinite when it has none)."""
    if up is None or not math.isfinite(up):
        return math.inf
    return float(math.floor(up + WHOLE))


def search_fleet(
    model: Model,
    *,
    time_limit: float,
    gap: float,
    on_progress: MipProgress | None = None,
) -> tuple[Solution | None, Searched]:
    """The least-cost plan of `model` (`chosen`) within `time_limit` seconds and the relative
    `gap`, by `_Search`; None when the search stopped at its limits (`Searched.gave_up`) with
    time left for the plain solve, or ran out of time before a first plan. Its status is
    `optimal` only when every box is closed (the incumbent proven within `gap` of every other
    fleet), else `feasible` with the gap against the least bound of the boxes left (`failed`:
    stopped by `on_progress` before a first plan; `infeasible`: no box holds a plan).
    `model.problem.solverModel` holds the whole model with the plan as its solution
    (`optimizer.ties.break_ties` re-solves from it); `on_progress` hears the search's
    incumbent and least bound, and True from it stops the search with what it found."""
    silence_banner()
    began = time.perf_counter()
    problem = model.problem
    f = model.formulation
    solver: Any = pulp.HiGHS(msg=False, threads=SOLVER_THREADS, gapRel=gap)
    solver.createAndConfigureSolver(problem)
    solver.buildSolverModel(problem)
    main = problem.solverModel
    fleet = final_fleet(f)
    columns = [int(var.index) for var in fleet]
    terms = (f.cost_terms, tie_terms(f))
    search = _Search(main, columns, terms, demand_cuts(f), began + time_limit, gap, on_progress)
    search.run([_whole_bound(var.upBound) for var in fleet])
    if search.searched.gave_up and not search.stopped:
        return None, search.searched
    solution = Solution(
        status="failed",
        solver="HiGHS",
        seconds=time.perf_counter() - began,
        achieved_gap=None,
        objective=None,
    )
    if search.values is None:
        proven = not search.open and not search.unfinished and not search.stopped
        if not proven and not search.cancelled:
            # The time ran out before a first plan: the plain solve gets what is left, and
            # finds one where the search's boxes did not (review 16 F2: 0.001-0.05 s limits
            # on power-capped fractional failed with no plan, the plain solve gave one).
            return None, search.searched
        solution.status = "infeasible" if proven else "failed"
        solution.message = "no plan in any fleet" if proven else "no plan found in the time"
        return solution, search.searched
    values = search.values
    for var in problem.variables():
        var.varValue = values[var.index]
    settled = highspy.HighsSolution()
    settled.col_value = values
    settled.value_valid = True
    main.setSolution(settled)
    least = search.least()
    solution.objective = pulp.value(problem.objective)
    incumbent = search.incumbent
    solution.achieved_gap = max(0.0, (incumbent - least) / abs(incumbent)) if incumbent else 0.0
    closed = not search.open and not search.unfinished
    solution.status = "optimal" if closed else "feasible"
    read_values(f, False, solution, lambda var: values[var.index])
    return solution, search.searched
