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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from optimizer.phases import Clock
from optimizer.solver import Model, build, solve

__all__ = ["INFEASIBLE", "TOLERANCE", "Resolver", "Sides", "share_costs"]

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


@dataclass
class Resolver:
    """Re-solves a solved relaxation with some rows' right-hand sides moved, each time from its
    optimal basis, within the plan's clock; the model is left as it was solved."""

    model: Model
    clock: Clock
    unsolved: int = 0
    """Steps not solved (the plan's time ran out, or HiGHS stopped short)."""
    _h: Any = field(init=False)
    _basis: Any = field(init=False)
    _costs: Any = field(init=False)
    base: float = field(init=False)

    def __post_init__(self) -> None:
        self._h = self.model.problem.solverModel
        self._basis = self._h.getBasis()
        self._costs = _cost_vector(self.model, self._h.getNumCol())
        self.base = self._cost()

    def _cost(self) -> float:
        return float(self._costs @ np.asarray(self._h.getSolution().col_value))

    def _set(self, row: Any, value: float) -> None:
        import highspy

        if row.sense <= 0:
            self._h.changeRowBounds(row.index, -highspy.kHighsInf, value)
        else:
            self._h.changeRowBounds(row.index, value, highspy.kHighsInf)

    def cost(self, moved: Sequence[tuple[Any, float]]) -> float | None:
        """The relaxation's cost with each row's right-hand side set to its value; None when
        not solved in time."""
        if not moved:
            return self.base
        if self.clock.expired:
            self.unsolved += 1
            return None
        import highspy

        try:
            for row, value in moved:
                self._set(row, value)
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

    def sides(
        self, rows: Sequence[Any], up: Sequence[float], down: Sequence[float] | None
    ) -> Sides:
        """The costs with `rows` set to the values `up`, then `down` (None: no step down)."""
        after_up = self.cost(list(zip(rows, up, strict=True)))
        after_down = None if down is None else self.cost(list(zip(rows, down, strict=True)))
        return Sides(self.base, after_up, after_down)

    def finish(self) -> None:
        """Leave the model at its optimal basis again."""
        self._h.setBasis(self._basis)


def tight(row: Any, step: float) -> bool:
    """Whether a `<=` row solved is within `step` of its bound (one step down could cut the
    solution; a row slacker than that neither saves nor costs anything either way)."""
    return float(row.slack or 0.0) < step * (1.0 - 1e-9)


def share_costs(model: Model, share: float, clock: Clock, gap: float, base: float) -> Sides:
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
