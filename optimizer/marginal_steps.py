"""Marginals checked by re-solving the relaxation with the limit moved one step each way (probe
13 finding 3): at a degenerate vertex a dual is one subgradient, not what the step it names
saves (the seed example at `max_vendor_share` 0.5: the duals said 101,378.02 per 0.01, one more
point saves 95,500.70 and one fewer costs 138,533.82). Each figure a plan shows is the step's
saving; where the step down costs something else, that is given beside it, and the note names
the limit as sitting at a breakpoint.

Row limits (power caps, budgets, capex budgets, `max_units`, demand) are re-solved in the model
already solved, its rows' bounds moved and its optimal basis as the start (milliseconds); the
vendor share, whose coefficients depend on it (and whose idle-unit bounds too), by building the
relaxation again at the moved share."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from optimizer.phases import MIN_SOLVE_SECONDS, Clock
from optimizer.solver import Model, build, solve

__all__ = ["CHECK_SHARE", "INFEASIBLE", "TOLERANCE", "Budget", "Resolver", "Sides", "share_costs"]

INFEASIBLE = math.inf
"""The cost of a step no plan meets (a limit that cannot be lowered)."""

TOLERANCE = 0.005
"""Two figures of a step this close ($) are the same figure (half a cent)."""


@dataclass(frozen=True)
class Sides:
    """The relaxation's cost with a limit moved one step up and one step down (None: not
    solved in the plan's time, or the step cannot be taken; `INFEASIBLE`: no plan meets it)."""

    base: float
    up: float | None
    down: float | None

    def tolerance(self) -> float:
        """Solver noise in a difference of two costs of this size (at least half a cent)."""
        return max(TOLERANCE, 1e-9 * abs(self.base))


def _cost_vector(model: Model, columns: int) -> Any:
    costs = np.zeros(columns)
    for var, coefficient in model.formulation.cost_terms.items():
        costs[var.index] += coefficient
    return costs


def _rhs(row: Any) -> float:
    """The right-hand side of a PuLP row (`<=` rows have an upper bound, `>=` rows a lower)."""
    bound = row.getUb() if row.sense <= 0 else row.getLb()
    return float(bound)


CHECK_SHARE = 0.25
"""Share of the plan's time left that the checks may take (the baselines come after them)."""


class Budget:
    """The checks' own deadline: `CHECK_SHARE` of what is left of the plan's clock when they
    start (and never past it; a cancel of the plan ends it too)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        now = time.perf_counter()
        self.deadline = now + CHECK_SHARE * max(0.0, clock.deadline - now)

    @property
    def expired(self) -> bool:
        return self.clock.expired or time.perf_counter() >= self.deadline

    def remaining(self) -> float:
        """Seconds left, at least `MIN_SOLVE_SECONDS` (as `Clock.remaining`)."""
        return max(MIN_SOLVE_SECONDS, min(self.deadline, self.clock.deadline) - time.perf_counter())


@dataclass
class Resolver:
    """Re-solves a solved relaxation with some rows' right-hand sides moved, each time from its
    optimal basis, within the plan's clock; the model is left as it was solved."""

    model: Model
    clock: Budget
    unsolved: int = 0
    """Steps not solved (the plan's time ran out, or HiGHS stopped short)."""
    _h: Any = field(init=False)
    _basis: Any = field(init=False)
    _costs: Any = field(init=False)
    base: float = field(init=False)

    def __post_init__(self) -> None:
        self._h = self.model.problem.solverModel
        self._solved_basis = self._h.getBasis()
        self._basis = self._solved_basis
        self._costs = _cost_vector(self.model, self._h.getNumCol())
        self._bounded = _need_bounded(self.model)
        self.base = self._cost()
        if self._bounded and not self.clock.expired:
            # The units' bounds are what the demand as it is can use (`units_upper_bound`):
            # one more token/s can need one more than that, which a plan prepared for that
            # demand would allow. Without them the optimum is the same (they cut no optimal
            # plan), and every step is solved from it.
            import highspy

            for var in self._bounded:
                self._h.changeColBounds(var.index, float(var.lowBound or 0.0), highspy.kHighsInf)
            self._h.setOptionValue("time_limit", self.clock.remaining())
            self._h.run()
            if self._h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                self._basis = self._h.getBasis()
                self.base = self._cost()
            else:
                self._restore_bounds()
                self._bounded = []

    def _cost(self) -> float:
        with np.errstate(all="ignore"):  # a cost that overflows is not finite: no step then
            return float(self._costs @ np.asarray(self._h.getSolution().col_value))

    def _set(self, row: Any, value: float) -> None:
        import highspy

        if row.sense <= 0:
            self._h.changeRowBounds(row.index, -highspy.kHighsInf, value)
        else:
            self._h.changeRowBounds(row.index, value, highspy.kHighsInf)

    def cost(
        self, moved: Sequence[tuple[Any, float]], columns: Sequence[tuple[Any, float]] = ()
    ) -> float | None:
        """The relaxation's cost with each row's right-hand side set to its value (and each
        of `columns` given that upper bound); None when not solved in time."""
        if not moved:
            return self.base
        if self.clock.expired or not math.isfinite(self.base):
            self.unsolved += 1
            return None
        import highspy

        try:
            for row, value in moved:
                self._set(row, value)
            for var, upper in columns:
                self._h.changeColBounds(var.index, float(var.lowBound or 0.0), upper)
            self._h.setBasis(self._basis)
            self._h.setOptionValue("time_limit", self.clock.remaining())
            self._h.run()
            status = self._h.getModelStatus()
            if status == highspy.HighsModelStatus.kOptimal:
                return self._cost()
            if status == highspy.HighsModelStatus.kInfeasible:
                return INFEASIBLE
            self.unsolved += 1
            return None
        finally:
            for row, _value in moved:
                self._set(row, _rhs(row))
            for var, _upper in columns:
                self._h.changeColBounds(var.index, float(var.lowBound or 0.0), float(var.upBound))

    def sides(
        self,
        rows: Sequence[Any],
        up: Sequence[float],
        down: Sequence[float] | None,
        columns: tuple[list[tuple[Any, float]], list[tuple[Any, float]]] = ([], []),
    ) -> Sides:
        """The costs with `rows` set to the values `up`, then `down` (None: no step down);
        `columns`: the column bounds each step (up, down) moves with them."""
        after_up = self.cost(list(zip(rows, up, strict=True)), columns[0])
        after_down = (
            None if down is None else self.cost(list(zip(rows, down, strict=True)), columns[1])
        )
        return Sides(self.base, after_up, after_down)

    def _restore_bounds(self) -> None:
        for var in self._bounded:
            self._h.changeColBounds(var.index, float(var.lowBound or 0.0), float(var.upBound))

    def finish(self) -> None:
        """Leave the model as it was solved: its bounds and its optimal basis."""
        self._restore_bounds()
        self._h.setBasis(self._solved_basis)


def _need_bounded(model: Model) -> list[Any]:
    """The columns whose upper bounds come from the demand (units that can be useful, whole
    blocks a month's need takes, the units not renewed of a contract, at most its units by a
    row too, and the relaxed flags of `min_units`, whose rows repeat the bound): not limits
    of the request."""
    f = model.formulation
    columns = [
        *f.running.values(),
        *f.starts.values(),
        *f.serve.values(),
        *f.binaries.values(),
        *f.not_renewed.values(),
        *f.renewal_flags.values(),
        *f.held_flags.values(),
    ]
    return [var for var in columns if var.upBound is not None]


def tight(row: Any, step: float) -> bool:
    """Whether a `<=` row solved is within `step` of its bound (one step down could cut the
    solution; a row slacker than that neither saves nor costs anything either way)."""
    return float(row.slack or 0.0) < step * (1.0 - 1e-9)


def share_costs(model: Model, share: float, clock: Budget, gap: float, base: float) -> Sides:
    """The relaxation's cost at `max_vendor_share` +- 0.01, each built and solved again (the
    share is in the rows' coefficients and the idle-unit bounds); a share of 0 or less is no
    step down."""
    instance = model.instance

    def at(moved: float) -> float | None:
        if clock.expired:
            return None
        relaxed = build(dataclasses.replace(instance, max_vendor_share=moved), relax=True)
        solution = solve(relaxed, time_limit=clock.remaining(), gap_tolerance=gap)
        if solution.status == "infeasible":
            return INFEASIBLE
        if solution.status != "optimal":
            return None
        return sum(c * (var.value() or 0.0) for var, c in relaxed.formulation.cost_terms.items())

    down = share - 0.01
    return Sides(base, at(share + 0.01), at(down) if down > 1e-9 else None)
