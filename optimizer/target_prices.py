"""Target prices: the price at which an offer the plan does not buy enters an optimal plan,
or at which an offer it buys leaves, found by re-solves and verified just below and above.

The parametric method (see `optimizer.price_curve`): the best plan that buys none of the offer
is one line in its price (`out`), the best plan that buys some the lower envelope of steeper
lines, and the target is where they cross. The crossing of `out` with any plan that buys the
offer is at most the target; a plain re-solve just above that crossing either buys none (the
target is bracketed) or buys some, and its plan is a lower line whose crossing is strictly
further: a Newton iteration on a concave piecewise-linear function, which ends in a few
solves. Every target is verified by two checks at most 2 * tolerance apart (`PriceCheck`), the
offer bought at the lower and not at the upper: the lower a plain re-solve, a certificate or
a re-solve answered early (stopped at its first plan cheaper than every plan that buys none),
the upper a plain re-solve or a joint check; bisection between plain re-solves takes over
when a check disagrees (a near-tie within the solves' gap).
"""

from __future__ import annotations

import msgspec

from optimizer.instance import Instance
from optimizer.price_curve import Point, PriceCurve, floor_of, line_of
from optimizer.price_search import (
    AskFn,
    CertifyFn,
    GuessFn,
    PriceSearch,
    SearchLog,
    TrialFn,
    gap_of,
    in_horizon,
    narrow,
)
from optimizer.target_price_result import PriceCheck, TargetPrice, unproven_why
from optimizer.trials import Lever, Trial

__all__ = [
    "LOWEST_SHARE",
    "UNFINISHED",
    "base_curve",
    "prices_only_in_objective",
    "target_price",
    "today_check",
    "unfinished",
]

LOWEST_SHARE = 0.01
"""Targets below 1% of today's price are reported as `never_enters`: no vendor cuts 99%."""


def base_curve(instance: Instance, lever: Lever, base: Trial, its_own: bool = False) -> PriceCurve:
    """The price curve of `lever`'s offer knowing the plan re-solved (`base`): a point of it
    when the re-solve proved its plan optimal (with `its_own`, the plan's whole objective
    the offer's where no plan costs less than nothing, `optimizer.own_cost`: optimal at every
    lower price too, `PriceCurve.lowest`); else only its plan's line, which guides the search
    and proves nothing (as a plan that buys the offer, or as `out`, unproven)."""
    assert base.solution is not None
    buys = lever.bought(instance, base.solution)
    line = line_of(instance, base.solution, lever)
    curve = PriceCurve()
    if base.status == "optimal":
        floor = floor_of(base.solution)
        point = Point(price=lever.price(instance), line=line, buys=buys, floor=floor)
        curve.add(point)
        if its_own and buys:
            curve.lowest = point
    elif buys:
        curve.inside.append(line)
    else:
        curve.out = line
    return curve


def prices_only_in_objective(instance: Instance) -> bool:
    """True when no row holds a price (no budget, vendor share or upfront limit): which plans
    are feasible does not then depend on any offer's price."""
    return (
        instance.monthly_budget is None
        and instance.max_vendor_share is None
        and instance.max_upfront is None
        and instance.max_upfront_by_month is None
    )


def _guessed(curve: PriceCurve, instance: Instance, lever: Lever, guess: GuessFn | None) -> bool:
    """Add the lines of the plans `guess` finds to `curve`; True when the curve then knows a
    price that brings the offer in."""
    plans = [] if guess is None else guess(instance, lever)
    curve.inside += [line_of(instance, plan, lever) for plan in plans]
    return curve.entering() is not None


def target_price(
    instance: Instance,
    lever: Lever,
    base: Trial,
    trial: TrialFn,
    *,
    tolerance: float,
    curve: PriceCurve | None = None,
    guess: GuessFn | None = None,
    certify: CertifyFn | None = None,
    responses_at: tuple[float, ...] = (),
    ask: AskFn | None = None,
    solved: dict[float, Trial] | None = None,
    near: GuessFn | None = None,
    log: SearchLog | None = None,
) -> TargetPrice:
    """The target price of the offer `lever` moves, on `instance` whose optimal plan is `base`.

    `tolerance` is relative: the target is bracketed by plain re-solves at most
    2 * `tolerance` apart, the offer bought at the lower (`below`) and not at the upper
    (`above`). Every re-solve's plan is recorded on `curve` (see `optimizer.price_curve`), to
    which the base plan must already be added when given. An offer the plan does not buy
    starts from the plans that buy it: those on `curve`, and those `guess` hands over (plans,
    not re-solves: every price the search reports is still checked by re-solves), always
    asked, since a plan found by a re-solve need not be the one that crosses the plan's line
    highest (on the seed example lambda-b200-od's found plans crossed at 5.13, an on-demand
    B200 plan moved to it at 5.50: one Newton step fewer, and its check just above joined the
    joint check of the B200 offers expected at 5.50); with no such plan, those `near` finds
    (`optimizer.neighbours`), or else the best one at today's price, re-solved with the
    offer forced in. `log` hears each check and solver run (what is left of a search the
    run's budget stops: `unfinished`).
    """
    assert base.solution is not None and base.cost is not None
    price = lever.price(instance)
    floor = LOWEST_SHARE * price
    if curve is None:
        curve = base_curve(instance, lever, base)
    buys = lever.bought(instance, base.solution)
    search = PriceSearch(
        instance, lever, trial, curve, certify, responses_at, None if buys else ask, solved, log
    )
    if buys:
        alone = search.run(price, "out")
        if alone.cost is None or alone.solution is None:
            note = "no plan meets the demand without it at this catalog's other prices"
            return _no_plan(
                TargetPrice(kind="never_leaves", solves=search.solves, note=note), alone, price
            )
        curve.out = line_of(instance, alone.solution, lever)
        curve.out_floor = floor_of(alone.solution)
    elif not _guessed(curve, instance, lever, guess) and not _guessed(curve, instance, lever, near):
        # No plan that buys it crosses the plan's line: the best one at today's price.
        forced = search.run(price, "in")
        if forced.cost is not None and forced.solution is not None:
            curve.inside.append(line_of(instance, forced.solution, lever))
        elif prices_only_in_objective(instance):
            note = "no plan can buy it (a power cap, its availability or its minimum contract)"
            return _no_plan(
                TargetPrice(kind="never_enters", solves=search.solves, note=note), forced, price
            )
        # Else a row holds its price (a budget): no plan buys it at today's price, but one
        # may at a lower one. The bisection below halves the price until one does.
    low, high = search.newton(tolerance, floor)
    if high is not None and high.price <= floor and low is None:
        note = f"not bought even at {LOWEST_SHARE:.0%} of its price"
        return _unproven(
            TargetPrice(kind="never_enters", above=high, solves=search.solves, note=note)
        )
    if high is not None and (low is None or not narrow(tolerance, low, high)):
        # Just below the crossing the Newton steps bracketed: bought, as the curve proves.
        below = high.price * (1.0 - tolerance) / (1.0 + tolerance)
        if buys:  # a certificate there, once the responses it would prove are re-solved
            search.responses_between(price, below)
        candidate = search.bought_at(below)
        if candidate.bought and (low is None or candidate.price > low.price):
            low = candidate
    today = today_check(instance, lever, base)
    if low is None and buys:
        low = today
    if high is None and not buys:
        high = today
    low, high = search.bisect(tolerance, low, high, floor)
    if low is None:
        note = f"not bought even at {LOWEST_SHARE:.0%} of its price"
        if high is not None and high.price >= 2.0 * floor:  # the widenings ran out first
            note = f"not bought at {high.price:.4g}, the lowest price tried"
        return _unproven(
            TargetPrice(kind="never_enters", above=high, solves=search.solves, note=note)
        )
    if high is None:
        note = f"still bought at {low.price:.4g}, the highest price tried"
        return _unproven(
            TargetPrice(kind="never_leaves", below=low, solves=search.solves, note=note)
        )
    target = 0.5 * (low.price + high.price)
    kind = "leaves_above" if buys else "enters_below"
    note = ""
    if low.in_horizon is False:
        shown = "enters" if kind == "enters_below" else "leaves"
        side = "below" if kind == "enters_below" else "above"
        note = (
            f"{shown} only the valuation of demand after the horizon {side} {target:.4g}: "
            "nothing signed in the horizon changes at that price"
        )
    return _unproven(
        TargetPrice(
            kind=kind,
            price=target,
            change=target / price - 1.0,
            tolerance=tolerance,
            verified=low.bought and not high.bought and narrow(tolerance, low, high),
            in_horizon=low.in_horizon,
            below=low,
            above=high,
            solves=search.solves,
            note=note,
        )
    )


def today_check(instance: Instance, lever: Lever, base: Trial) -> PriceCheck:
    """The plan's re-solve `base` as a check at today's price."""
    assert base.solution is not None
    buys = lever.bought(instance, base.solution)
    sure = base.status == "optimal"
    return PriceCheck(
        price=lever.price(instance),
        bought=buys,
        cost=base.cost,
        proven=sure,
        gap=None if sure else gap_of(base),
        in_horizon=in_horizon(instance, lever, base.solution) if buys else None,
    )


UNFINISHED = "unfinished"
"""The kind of a target whose search the run's time budget stopped (`unfinished`)."""


def unfinished(
    instance: Instance,
    lever: Lever,
    base: Trial,
    log: SearchLog,
    budget: float,
    cancelled: bool = False,
) -> TargetPrice:
    """The target of a search the run's time budget (`budget` seconds; `cancelled`: a cancel
    ended it) stopped, or never let start, after the checks and solver runs `log` holds: not
    verified, its bracket the highest proven check that buys the offer (`below`; today's
    price when the plan buys it) and the lowest proven one above it that does not (`above`;
    today's when the plan does not buy it), either None when no check found one, and its
    note saying so."""
    checks = [today_check(instance, lever, base), *log.checks]
    proven = [c for c in checks if c.proven]
    bought = [c for c in proven if c.bought]
    low = max(bought, key=lambda c: c.price) if bought else None
    unbought = [c for c in proven if not c.bought and (low is None or c.price > low.price)]
    high = min(unbought, key=lambda c: c.price) if unbought else None
    runs = f"{log.solves} solver run{'s' if log.solves != 1 else ''} of its own"
    ended = "ended" if log.checks or log.solves else "started"
    gone = "the run was cancelled" if cancelled else f"the run's time budget ({budget:g} s) ran out"
    why = f"{gone} before its search {ended} ({runs})"
    if low is not None and high is not None:
        found = (
            f"bought at {low.price:.4g}, not at {high.price:.4g}: the target lies between, "
            "not narrowed to the tolerance"
        )
    elif low is not None:
        found = f"bought at {low.price:.4g}; no price checked at which it leaves"
    elif high is not None:
        found = f"not bought at {high.price:.4g}; no price checked at which it enters"
    else:
        found = "no check proven: no bracket"
    return TargetPrice(
        kind=UNFINISHED,
        verified=False,
        below=low,
        above=high,
        solves=log.solves,
        note=f"{why}; {found}",
    )


def _no_plan(target: TargetPrice, result: Trial, price: float) -> TargetPrice:
    """`target`, resting on a forced re-solve that found no plan: proven only when it proved
    none exists (`infeasible`), not when it stopped on its time limit first."""
    if result.status == "infeasible":
        return target
    why = (
        f"the forced re-solve at {price:.4g} stopped ({result.status}) before finding a plan "
        "or proving there is none"
    )
    return msgspec.structs.replace(target, proven=False, note=f"{target.note}; {why}")


def _unproven(target: TargetPrice) -> TargetPrice:
    """`target`, not verified and saying why, when a check it rests on is not proven."""
    checks = [c for c in (target.below, target.above) if c is not None and not c.proven]
    if not checks:
        return target
    why = "; ".join(unproven_why(c) for c in checks)
    note = f"{target.note}; {why}" if target.note else why
    return msgspec.structs.replace(target, verified=False, proven=False, note=note)
