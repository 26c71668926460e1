"""The "not bought just above its target" checks of several offers the plan does not buy, made
by one re-solve instead of one each.

Why one re-solve proves each: lower every such offer to just above the price its search
expects it to enter at (where the cheapest plan known that buys it crosses the plan's line),
all at once, and re-solve. When the optimum there buys none of them, take any one of them, A:
raise each of the others back to today's price. The optimum's cost does not move (it buys
none of them, and existing units keep the prices they were signed at), and no other plan's
falls, so it stays optimal: at A's lowered price and
every other price today's, an optimum buys none of A, which is A's check. (An offer's price
raised never brings an offer in that the optimum did not buy: monotonicity, not an estimate.)
The re-solve starts from the plan and stops at the first plan better than it (which buys
some of them: at these prices no plan that buys none beats the plan); each offer that plan
buys is left to its own search's plain re-solves, knowing that plan, and the round is made
again for the others. Such a round costs a few hundredths of a second, where the optimum
far from the plan can cost several plans' time."""

from __future__ import annotations

from optimizer.dominance import dominates, served_by
from optimizer.instance import Instance
from optimizer.price_curve import Point, PriceCurve, floor_of, line_of
from optimizer.price_search import TrialFn
from optimizer.target_prices import LOWEST_SHARE
from optimizer.trials import Lever

__all__ = ["check_group", "joint_groups", "like_checked"]

MAX_ROUNDS = 4
"""Joint re-solves of a group before the offers still open are left to their own searches."""
SAME_PRICE = 1e-9
"""Relative difference within which offers' expected prices are the same price (a group): the
lines of one plan moved between like offers cross the plan's at prices that differ in their
last digits, which rounding to nine significant digits split across a rounding boundary (the
seed example's B200 offers at 1.1300006250000003 and 1.1300006249999999: two joint checks of
one question, 0.03 CPU s each)."""


def _prices(
    instance: Instance, curves: dict[Lever, PriceCurve], tolerance: float
) -> dict[Lever, float]:
    """The price just above each offer's expected entering price, for the offers whose
    expected price is known, above the floor of its search and below today's."""
    prices = {}
    for lever, curve in curves.items():
        crossing, today = curve.entering(), lever.price(instance)
        if crossing is not None and LOWEST_SHARE * today <= crossing:
            above = crossing * (1.0 + tolerance)
            if above < today:
                prices[lever] = above
    return prices


def check_group(
    instance: Instance, curves: dict[Lever, PriceCurve], trial: TrialFn, tolerance: float
) -> int:
    """Make the joint re-solves (see the module's docstring) of one group of offers
    (`joint_groups`: each the curve of an offer the plan does not buy, with its plans found
    so far), recording on each offer's curve a point `joint` at its price when one proves
    it; returns the number of re-solves made."""
    open_ = dict(curves)
    made = 0
    for _ in range(MAX_ROUNDS):
        prices = _prices(instance, open_, tolerance)
        if len(prices) < 2:
            break
        changed = instance
        for lever, price in prices.items():
            changed = lever.at(changed, price)
        made += 1
        result = trial(changed, None, None)
        if result.solution is None:
            break
        solution = result.solution
        bought = [lever for lever in prices if lever.bought(instance, solution)]
        if result.status == "optimal" and not bought:
            floor = floor_of(solution)
            for lever, price in prices.items():
                line = line_of(instance, solution, lever)
                point = Point(price=price, line=line, buys=False, floor=floor, how="joint")
                open_[lever].add(point)
            break
        if not bought:
            break
        for lever in bought:  # its own search takes it from here, knowing this plan
            open_[lever].inside.append(line_of(instance, solution, lever))
            del open_[lever]
    return made


def joint_groups(
    instance: Instance, curves: dict[Lever, PriceCurve], tolerance: float
) -> list[dict[Lever, PriceCurve]]:
    """The groups of offers of `curves` (each the curve of an offer the plan does not buy,
    with its plans found so far) to check together (`check_group`): those expected to enter
    at the same price (within `SAME_PRICE` of the first of them), two or more. Offers alike
    but for their price,
    whose expected price is the one that brings them level with the offer the plan buys,
    are most likely right; lowered together with offers expected elsewhere (from plans that
    need not be the best that buy them), the optimum moves far from the plan and the round
    fails at a cost. An offer alone is left to its search's plain re-solve."""
    groups: list[tuple[float, dict[Lever, PriceCurve]]] = []
    for lever, price in _prices(instance, curves, tolerance).items():
        same = (g for at, g in groups if abs(price - at) <= SAME_PRICE * abs(at))
        group = next(same, None)
        if group is None:
            groups.append((price, group := {}))
        group[lever] = curves[lever]
    return [group for _price, group in groups if len(group) >= 2]


def like_checked(
    instance: Instance,
    lever: Lever,
    proven: PriceCurve,
    curves: dict[Lever, PriceCurve],
    tolerance: float,
) -> list[Lever]:
    """The offers of `curves` (each the curve of an offer the plan does not buy, with its plans
    found so far) whose check just above their expected price the points of `proven` (the
    curve of `lever`'s offer, searched) already make: each recorded on its curve as a point
    `joint`; returns them. Why: let a point of `proven` at price p be an optimum x* that buys
    none of `lever`'s offer A (a plain re-solve, a joint check or dominance, proven), and let
    A at p replace another offer B at p in any plan at no higher cost (`dominates`: an
    on-demand GB200 rack for a reserved one, month for month). With A and B both at p, any
    plan that buys B is beaten or matched by the same plan with A's units for B's, a plan that
    buys no B, whose cost does not depend on B's price: a plan of x*'s re-solve, no cheaper
    than x*. So x*, which buys none of either, is an optimum with both at p, and raising A back
    to today's price keeps it one (the argument of `check_group`): B's check at p, without a
    solver run. On the seed example the GB200 joint check (three reserved or owned offers at
    1.42, 0.10 CPU s and 151 nodes) and the B200 one (0.03) were such. Prices are the same to
    `SAME_PRICE` (each offer's expected price is its own to its last digits): within the
    re-solves' gap."""
    if lever.kind != "gpu":
        return []
    points = [p for p in proven.points if not p.buys and p.floor is not None]
    served = served_by(instance)
    made = []
    for other, price in _prices(instance, curves, tolerance).items():
        if other.kind != "gpu" or other == lever:
            continue
        point = next((p for p in points if abs(p.price - price) <= SAME_PRICE * p.price), None)
        if point is None:
            continue
        both = lever.at(other.at(instance, price), price)
        if not dominates(both, served, lever.index, other.index):
            continue
        # x* buys neither offer: its cost, A's point's line, does not move with B's price.
        curves[other].add(
            Point(price=price, line=point.line, buys=False, floor=point.floor, how="joint")
        )
        made.append(other)
    return made
