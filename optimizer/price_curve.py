"""What the re-solves so far prove about the optimal cost as a function of one offer's price,
so that a sensitivity re-solves only what is not proven (DESIGN section 8.3).

Any one plan's cost is a line in the offer's price p (fixed + GPU-hours counted * p). The
optimum is the lower envelope of those lines: concave in p. Two facts follow, each used here:

- Every plan that buys no new units of the offer has the same slope, 0 (its existing units,
  if any, keep the prices they were signed at: `optimizer.held`), so the best of them
  (`out`) is one exact line once one of them is optimal anywhere; every plan that buys some
  is steeper, so once an optimum at price q buys none, none at any price above q does: the
  cost there is `out` (the `above` rule).
- A concave function lies above its chords: when the plans proven optimal at two prices have
  the same line, that plan is optimal at every price between them (the `between` rule).

"Proven" is to the re-solves' gap: each point is a solve HiGHS called optimal at that gap.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from typing import Literal

from optimizer.instance import Instance
from optimizer.solver import Solution
from optimizer.trials import Lever, cost_of

__all__ = ["CheckKind", "Line", "Point", "PriceCurve", "floor_of", "line_of"]

CheckKind = Literal["re-solve", "certificate", "joint", "dominated"]
"""How a price check was made (`optimizer.target_price_result.PriceCheck.how`)."""
SAME = 1e-9
"""Relative tolerance at which two plans' lines are the same line (one plan, or equal costs)."""


@dataclass(frozen=True)
class Line:
    """One plan's cost as a function of the offer's price: fixed + slope * price."""

    fixed: float
    slope: float

    def at(self, price: float) -> float:
        return self.fixed + self.slope * price

    def same(self, other: Line) -> bool:
        return math.isclose(self.fixed, other.fixed, rel_tol=SAME, abs_tol=1e-6) and (
            math.isclose(self.slope, other.slope, rel_tol=SAME, abs_tol=1e-9)
        )


def floor_of(solution: Solution) -> float | None:
    """A lower bound on the objective of every plan of the model `solution` was proven optimal
    in: its objective less the gap HiGHS left (with room for rounding); None when it was not
    proven optimal. The model's objective (cost and tie-breaks) leaves out what existing units
    cost, a constant: this bound is on the objective, never on the plan's counted cost."""
    if solution.status != "optimal" or solution.achieved_gap is None:
        return None
    if solution.objective is None:
        return None
    return solution.objective - (solution.achieved_gap + 1e-9) * max(1.0, abs(solution.objective))


def line_of(instance: Instance, solution: Solution, lever: Lever) -> Line:
    """The line of `solution`'s plan in the price `lever` moves, read off its cost on
    `instance` at the offer's price and at twice it (the cost is linear in the price). Each
    read once for one instance, plan and offer (`LINES`)."""
    key = (id(instance), id(solution), lever)
    kept = _lines.get(key)
    if kept is not None and kept[0]() is instance and kept[1]() is solution:
        return kept[2]
    price = lever.price(instance)
    at_price = cost_of(instance, solution)
    doubled = cost_of(lever.at(instance, 2.0 * price), solution)
    slope = (doubled - at_price) / price
    line = Line(fixed=at_price - slope * price, slope=slope)
    if len(_lines) >= LINES:
        _lines.clear()
    _lines[key] = (weakref.ref(instance), weakref.ref(solution), line)
    return line


LINES = 4096
"""Lines `line_of` keeps, each with weak references to its instance and plan (an id reused
by another object is told apart, and no plan is kept alive for its line): a sensitivity run
reads the lines of the plans it found again for each offer's curve, on the seed example 104
reads of 59 lines, two costings each (sens22)."""
_lines: dict[tuple[int, int, Lever], tuple[weakref.ref[Instance], weakref.ref[Solution], Line]] = {}


@dataclass(frozen=True)
class Point:
    """A plan proven optimal at `price` (a re-solve HiGHS called optimal), its line, and
    whether it buys new units of the offer."""

    price: float
    line: Line
    buys: bool
    floor: float | None = None
    """A lower bound on the objective of every plan at `price` (`floor_of`), when proven."""
    how: CheckKind = "re-solve"
    """`joint`: proven by a re-solve with other prices lowered too (`optimizer.joint_checks`);
    `dominated`: by another offer strictly cheaper in its place (`optimizer.dominated_checks`)."""


@dataclass
class PriceCurve:
    """The optimal cost in one offer's price, as far as the re-solves so far prove it."""

    points: list[Point] = field(default_factory=list)
    out: Line | None = None
    """The best plan that buys no new units of the offer, exact at every price, once known."""
    out_floor: float | None = None
    """A lower bound on the objective of every plan that buys no new units of the offer, at
    any price of it (such a plan's objective has no term in that price): the `floor_of` of the
    solve that proved `out`; None when `out` is not proven optimal. An objective, not a cost:
    compare it with objectives only (the objective leaves out what existing units cost)."""
    inside: list[Line] = field(default_factory=list)
    """Lines of plans that buy some (each above the best such plan at every price)."""
    plans_seen: int = 0
    """How many of a run's plans found so far (`optimizer.sensitivity_run.Known`) `inside`
    has looked at."""
    lowest: Point | None = None
    """A point whose plan is optimal at every price from 0 to its own: the plan's, when its
    whole objective is the offer's and no plan costs less than nothing
    (`optimizer.own_cost`)."""

    def add(self, point: Point) -> None:
        self.points.append(point)
        if point.buys:
            self.inside.append(point.line)
        elif self.out is None:
            self.out, self.out_floor = point.line, point.floor

    def entering(self) -> float | None:
        """The highest price known to bring the offer in: where the lowest plan that buys it
        crosses `out` (the offer is bought below it, perhaps up to a higher price); None
        without both lines, or when no plan that buys it ever beats `out`."""
        if self.out is None:
            return None
        out = self.out
        crossings = [
            (out.fixed - line.fixed) / (line.slope - out.slope)
            for line in self.inside
            if line.slope - out.slope > 1e-12
        ]
        return max(crossings, default=None)

    def proven(self, price: float) -> tuple[float, str] | None:
        """The optimal cost at `price` and why, when the points prove it; else None."""
        lowest = self.lowest
        if lowest is not None and 0.0 <= price <= lowest.price:
            note = (
                f"proven: the plan's whole cost at {lowest.price:.4g} is this offer's and no plan "
                "costs less than nothing, so at a lower price no plan costs less than it (the "
                "cost is concave, and at a price of 0 no lower than the plan's)"
            )
            return lowest.line.at(price), note
        below = [p for p in self.points if p.price <= price]
        above = [p for p in self.points if p.price >= price]
        for low in below:
            if not low.buys:
                note = (
                    f"proven: the optimum at {low.price:.4g} buys none of it, so none at a "
                    "higher price does (every plan that buys it gains more from the rise)"
                )
                return low.line.at(price), note
        for low in below:
            for high in above:
                if low.line.same(high.line):
                    note = (
                        f"proven: one plan is optimal at {low.price:.4g} and at "
                        f"{high.price:.4g}, so at every price between (the cost is concave)"
                    )
                    return low.line.at(price), note
        return None
