"""Checks of "the optimum at this price buys none of the offer" by dominance instead of a
re-solve: another offer replaces it in any plan strictly cheaper (`optimizer.dominance`).

Why it proves the claim: let offer `a` dominate the offer `b` asked about when `b` is priced
a little below the price `p` asked (`dominates`: `a` can take the place of `b`'s units in any
plan at no higher cost, nothing in the request telling them apart). At `p`, `b`'s units cost
strictly more than at that lower price, so any plan that buys some of `b` is beaten by the same
plan with them replaced by `a`: no optimum at `p` buys any. The optimum at `p` is then the best
plan that buys none of `b`, which does not depend on `b`'s price: the `out` line of the search
(`optimizer.price_curve.PriceCurve.out`), proven optimal by a solver run (the plan itself, or
the re-solve with the offer forced out). The check costs no solver run of its own; its cost is
that line's at `p`. On the seed example: nebius-b200-od not bought at 6.692 (lambda-b200-od's
B200s at 6.69), a re-solve of 0.2 CPU s and 213 nodes, the near tie being what HiGHS had to
prove."""

from __future__ import annotations

from optimizer.dominance import dominates, served_by
from optimizer.instance import Instance
from optimizer.price_curve import Point, PriceCurve
from optimizer.trials import Lever

__all__ = ["STRICT", "dominated_at", "dominated_point"]

STRICT = 1e-9
"""How far below the price asked (relative) the offer must already be dominated: at the price
asked, every unit of it then costs strictly more than its replacement."""


def dominated_at(instance: Instance, lever: Lever, price: float) -> str | None:
    """The id of an offer that replaces `lever`'s GPU offer in any plan strictly cheaper when
    it is priced at `price` (see the module's docstring); None without one (an API offer has
    none: its prices are per token)."""
    if lever.kind != "gpu":
        return None
    b = lever.index
    below = lever.at(instance, price * (1.0 - STRICT))
    served = served_by(below)
    for a in sorted(served):
        if a != b and dominates(below, served, a, b):
            return instance.offers[a].id
    return None


def dominated_point(
    instance: Instance, lever: Lever, curve: PriceCurve, price: float
) -> Point | None:
    """A point of `curve` at `price` that buys none of `lever`'s offer, proven by dominance
    (`dominated_at`) and by the solver run that proved `curve.out` optimal; None when either
    is missing."""
    if curve.out is None or curve.out_floor is None:
        return None
    if dominated_at(instance, lever, price) is None:
        return None
    return Point(price=price, line=curve.out, buys=False, floor=curve.out_floor, how="dominated")
