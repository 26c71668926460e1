"""Target prices by blind bisection over plain re-solves: the independent check the
parametric search (`optimizer.target_prices`) is compared with on tiny instances; and the
instance of a drawn tiny case."""

from __future__ import annotations

from catalog import Catalog, InvalidInput
from optimizer.instance import Instance, prepare
from optimizer.request import PlanRequest
from optimizer.trials import Lever, run_trial

WIDEST = 128.0
"""The highest multiple of today's price blind bisection tries."""


def prepared(case: tuple[Catalog, PlanRequest]) -> Instance | None:
    """The instance of a drawn (catalog, request), None when the request is refused."""
    catalog, request = case
    assert request.forecast is not None
    try:
        return prepare(catalog, request, request.forecast)
    except InvalidInput:
        return None


def bisected_target(
    instance: Instance, lever: Lever, tolerance: float
) -> tuple[float, float, int] | None:
    """(a price at which the optimum buys the offer, a higher one at which it does not, the
    solves taken), at most 2 * `tolerance` apart around their middle; None when no bracket
    is found between 1% of today's price and 128 times it."""
    solves = 0

    def buys(price: float) -> bool:
        nonlocal solves
        solves += 1
        result = run_trial(lever.at(instance, price), time_limit=20, gap=0.0)
        if result.status == "infeasible":
            # No plan at this price (none goes without the offer's new units, and at this
            # price they break a budget): no optimum buys it.
            return False
        assert result.status == "optimal" and result.solution is not None
        return lever.bought(instance, result.solution)

    today = lever.price(instance)
    low, high = 0.01 * today, today
    if not buys(low):
        return None
    while buys(high):
        low, high = high, 2.0 * high
        if high > WIDEST * today:
            return None
    while high - low > tolerance * (high + low):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if buys(middle) else (low, middle)
    return low, high, solves
