"""Whether the plan's whole objective is one offer's, in a model where no plan costs less than
nothing: then the plan is optimal at every lower price of that offer, no re-solve needed
(`optimizer.price_curve.PriceCurve.lowest`).

Why: with every column's cost and lower bound non-negative, every plan's objective at any
price p of the offer is rest(x) + p * k(x), both terms non-negative (rest: the columns of the
other offers and of the rest of the model; k: the offer's own units, costed in proportion to
its price). Let the plan x0 be optimal at today's price p0 and rest(x0) = 0. At a price
p <= p0, a plan x with k(x) >= k(x0) costs rest(x) + p k(x) >= p k(x0), the plan's objective
at p; a plan with k(x) < k(x0) cost no less than the plan at p0, so rest(x) >= (k(x0) - k(x))
p0, and rest(x) + p k(x) >= p k(x0) + (k(x0) - k(x)) (p0 - p) >= p k(x0). So the plan is
optimal on [0, p0], to the gap it was proven at. In the language of `optimizer.price_curve`:
the optimum is concave in p and at least the plan's line at p = 0 (nothing costs less than
the plan does there, nothing), and equal to it at p0, so it is that line between.

On the seed example the plan buys onprem-gb300 alone: its -25% response (0.02 CPU s a re-solve,
the plan's cost at 1.989) and its -10% follow."""

from __future__ import annotations

from optimizer.direct import DirectModel
from optimizer.starts import offer_of

__all__ = ["ROUNDING", "all_its_own", "base_own"]

ROUNDING = 1e-9
"""Relative share of the plan's objective that its other columns may hold and still count as
none (the sum's rounding): far below the sensitivity's gap (1e-6)."""


def all_its_own(model: DirectModel, columns: dict[str, float], o: int) -> bool:
    """True when `model` (the plan's instance, unpruned, at today's prices) has no column of
    negative cost or lower bound, and the plan's non-zero `columns` (by name) cost nothing in
    it but offer `o`'s own (see the module's docstring); False when a column of the plan is
    not in `model`."""
    sink = model.sink
    if any(c < 0.0 for c in sink.cost) or any(low < 0.0 for low in sink.lower):
        return False
    position = {name: j for j, name in enumerate(sink.names)}
    total = rest = 0.0
    for name, value in columns.items():
        j = position.get(name)
        if j is None:
            return False
        term = sink.cost[j] * value
        total += term
        if offer_of(name) != o:
            rest += abs(term)
    return rest <= ROUNDING * max(1.0, abs(total))


def base_own(columns: dict[str, float], o: int) -> bool:
    """Whether every non-zero column of the plan (`columns`, by name) is one of offer `o`'s
    own (`optimizer.starts.offer_of`): the plan buys, serves with and flags nothing else, the
    first condition of `all_its_own`, read without a model (a plan holding another column
    is left to re-solves, whatever that column costs)."""
    return all(offer_of(name) == o for name in columns)
