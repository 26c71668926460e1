"""Target prices: the price at which an offer the plan does not buy enters an optimal plan,
or at which an offer it buys leaves, found by re-solves and verified just below and above.

Any one plan's cost is a line in the offer's price q (fixed + GPU-hours counted * q); the best
plan that buys the offer is the lower envelope of such lines, concave in q, and the best plan
without it is one line. Their crossing is the target. Starting from a line on the right side of
the crossing, each forced re-solve at the current estimate either confirms it (the envelope
meets the line there) or gives a lower line whose crossing is strictly closer: a Newton
iteration on a concave piecewise-linear function, which ends in a few solves. It is then
verified by two plain re-solves, at the target times (1 - tolerance) and (1 + tolerance).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from optimizer.instance import Instance
from optimizer.plan import Out
from optimizer.trials import Force, Lever, Trial, cost_of

__all__ = ["PriceCheck", "TargetPrice", "TrialFn", "target_price"]

MAX_NEWTON = 6
MAX_BISECTIONS = 12
MAX_WIDENINGS = 7
LOWEST_SHARE = 0.01
"""Targets below 1% of today's price are reported as `never_enters`: no vendor cuts 99%."""
TrialFn = Callable[[Instance, "tuple[Lever, Force] | None"], Trial]
"""Re-solves an instance, optionally with one offer forced in or out (see `run_trial`)."""


class PriceCheck(Out, frozen=True, kw_only=True):
    """A plain re-solve at one price: whether the plan then buys the offer, and its cost."""

    price: float
    """In the offer's unit: per GPU-hour, or the scale of an API offer's per-token prices."""
    bought: bool
    cost: float | None


class TargetPrice(Out, frozen=True, kw_only=True):
    """The price at which the offer enters (`enters_below`) or leaves (`leaves_above`) an
    optimal plan, or why there is none: `never_enters` (not bought at any positive price, or
    not at all: a cap, availability or minimum contract), `never_leaves` (no plan meets the
    demand without it)."""

    kind: str
    price: float | None = None
    change: float | None = None
    """The target against today's price, as a fraction (-0.2: 20% below)."""
    tolerance: float = 0.0
    verified: bool = False
    """True when the plan buys the offer at `below` and not at `above`."""
    below: PriceCheck | None = None
    above: PriceCheck | None = None
    solves: int = 0
    note: str = ""


@dataclass(frozen=True)
class _Line:
    """One plan's cost as a function of the offer's price: fixed + slope * price."""

    fixed: float
    slope: float

    def at(self, price: float) -> float:
        return self.fixed + self.slope * price


def _line(instance: Instance, trial: Trial, lever: Lever) -> _Line:
    """The line of `trial`'s plan, read off its cost at the offer's price and at twice it."""
    assert trial.solution is not None
    price = lever.price(instance)
    at_price = cost_of(instance, trial.solution)
    doubled = cost_of(lever.at(instance, 2.0 * price), trial.solution)
    slope = (doubled - at_price) / price
    return _Line(fixed=at_price - slope * price, slope=slope)


def _crossing(with_offer: _Line, without: _Line) -> float | None:
    steeper = with_offer.slope - without.slope
    if steeper <= 1e-12:
        return None
    return (without.fixed - with_offer.fixed) / steeper


def _newton(
    run: Callable[[float, Force | None], Trial],
    instance: Instance,
    lever: Lever,
    with_offer: _Line,
    without: _Line,
    gap: float,
) -> float | None:
    """The crossing of the best plan with the offer and the best without it, by forced
    re-solves from a line of a plan with the offer; None below `LOWEST_SHARE` of the price.
    Every estimate is a plan with the offer at least as cheap as the best without it there."""
    price = lever.price(instance)
    floor = LOWEST_SHARE * price
    estimate: float | None = None
    for _ in range(MAX_NEWTON):
        crossing = _crossing(with_offer, without)
        if crossing is None:
            return estimate
        if crossing < floor:
            if estimate == floor:
                return None  # not bought even at the floor
            crossing = floor  # a tangent far from the crossing: try the floor itself
        estimate = crossing
        forced = run(estimate, "in")
        if forced.cost is None:
            return estimate
        slack = gap * abs(without.at(estimate)) + 0.01
        if forced.cost >= without.at(estimate) - slack:
            return None if estimate == floor else estimate  # the envelope meets the line
        with_offer = _line(instance, forced, lever)
    return estimate


def target_price(
    instance: Instance, lever: Lever, base: Trial, trial: TrialFn, *, tolerance: float, gap: float
) -> TargetPrice:
    """The target price of the offer `lever` moves, on `instance` whose optimal plan is `base`.

    `tolerance` is relative: the target is bracketed by plain re-solves at most
    2 * `tolerance` apart, the offer bought at the lower (`below`) and not at the upper
    (`above`). `gap` is the solves' relative gap: costs within it count as equal.
    """
    assert base.solution is not None
    price = lever.price(instance)
    solves = 0

    def run(at: float, force: Force | None) -> Trial:
        nonlocal solves
        solves += 1
        return trial(lever.at(instance, at), None if force is None else (lever, force))

    def check(at: float) -> PriceCheck:
        result = run(at, None)
        takes = result.solution is not None and lever.bought(instance, result.solution)
        return PriceCheck(price=at, bought=takes, cost=result.cost)

    buys = lever.bought(instance, base.solution)
    if buys:
        alone = run(price, "out")
        if alone.cost is None:
            note = "no plan meets the demand without it at this catalog's other prices"
            return TargetPrice(kind="never_leaves", solves=solves, note=note)
        without, with_offer = _line(instance, alone, lever), _line(instance, base, lever)
    else:
        forced = run(price, "in")
        if forced.cost is None:
            note = "no plan can buy it (a power cap, its availability or its minimum contract)"
            return TargetPrice(kind="never_enters", solves=solves, note=note)
        without, with_offer = _line(instance, base, lever), _line(instance, forced, lever)
    guess = _newton(run, instance, lever, with_offer, without, gap)
    if guess is None:
        note = f"not bought even at {LOWEST_SHARE:.0%} of its price"
        return TargetPrice(kind="never_enters", solves=solves, note=note)
    # Bracket by plain re-solves around the guess, bisecting when a check disagrees.
    below, above = check(guess * (1.0 - tolerance)), check(guess * (1.0 + tolerance))
    low: PriceCheck | None = below if below.bought else None
    high: PriceCheck | None = None if above.bought else above
    floor = PriceCheck(price=price, bought=True, cost=base.cost) if buys else None
    ceiling = None if buys else PriceCheck(price=price, bought=False, cost=base.cost)
    low = low or (above if above.bought else floor)
    high = high or (below if not below.bought else ceiling)
    for _ in range(MAX_WIDENINGS):
        if low is not None and high is not None:
            break
        if low is None:  # an offer not bought: halve until it is, down to the floor
            assert high is not None
            if high.price < 2 * LOWEST_SHARE * price:
                break
            probe = check(0.5 * high.price)
            low, high = (probe, high) if probe.bought else (None, probe)
        else:  # an offer bought: double until it leaves
            probe = check(2.0 * low.price)
            low, high = (low, probe) if not probe.bought else (probe, None)
    if low is None:
        note = f"not bought even at {LOWEST_SHARE:.0%} of its price"
        return TargetPrice(kind="never_enters", solves=solves, note=note)
    for _ in range(MAX_BISECTIONS):
        if high is None:
            break
        if high.price <= low.price * (1.0 + 2.0 * tolerance) + 1e-9:
            break
        middle = check(0.5 * (low.price + high.price))
        low, high = (middle, high) if middle.bought else (low, middle)
    if high is None:
        note = f"still bought at {low.price:.4g}, the highest price tried"
        return TargetPrice(kind="never_leaves", below=low, solves=solves, note=note)
    target = 0.5 * (low.price + high.price)
    return TargetPrice(
        kind="leaves_above" if buys else "enters_below",
        price=target,
        change=target / price - 1.0,
        tolerance=tolerance,
        verified=low.bought
        and not high.bought
        and high.price <= low.price * (1.0 + 2.0 * tolerance) + 1e-9,
        below=low,
        above=high,
        solves=solves,
    )
