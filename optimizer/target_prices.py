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

from collections.abc import Callable

import msgspec

from optimizer.dominated_checks import dominated_point
from optimizer.instance import Instance
from optimizer.plan import Out
from optimizer.price_curve import CheckKind, Point, PriceCurve, floor_of, line_of
from optimizer.solver import Solution
from optimizer.trials import BOUGHT_UNITS, Force, Lever, Trial

__all__ = [
    "AskFn",
    "CertifyFn",
    "GuessFn",
    "PriceCheck",
    "TargetPrice",
    "TrialFn",
    "answered",
    "base_curve",
    "in_horizon",
    "prices_only_in_objective",
    "target_price",
    "unproven_why",
]

MAX_NEWTON = 6
MAX_BISECTIONS = 12
MAX_WIDENINGS = 7
ROUNDING = 1e-6
"""Relative slack on "2 * tolerance apart": Newton's checks land on it to rounding."""
LOWEST_SHARE = 0.01
"""Targets below 1% of today's price are reported as `never_enters`: no vendor cuts 99%."""
TrialFn = Callable[[Instance, Lever | None, Force | None], Trial]
"""Re-solves an instance; with a lever, for that offer's price, optionally forcing the offer
into or out of the plan (see `run_trial`)."""
GuessFn = Callable[[Instance, Lever], list[Solution]]
"""Plans that buy the lever's offer on the instance, found without a re-solve: any such plan's
line starts the search as a forced re-solve's would (the highest crossing of them)."""
CertifyFn = Callable[[Instance, Lever, float], Trial | None]
"""A plan that buys the lever's offer on the instance with an objective below the bound given,
checked by a solver run (`optimizer.certificates`); None without one."""
AskFn = Callable[[Instance, Lever, float], Trial]
"""A plain re-solve of the instance (the lever's offer at the price asked) stopped at its first
plan whose objective is below the bound given (`answered`), else run to its optimum as a
`TrialFn` would: "is there a plan cheaper than every plan that buys none of the offer?"."""


def answered(result: Trial, below: float) -> bool:
    """True when `result` was stopped early at a plan whose objective is below `below`
    (status `feasible`: a plan, not an optimum)."""
    solution = result.solution
    return (
        result.status == "feasible"
        and solution is not None
        and solution.objective is not None
        and solution.objective < below
    )


def in_horizon(instance: Instance, lever: Lever, solution: Solution) -> bool:
    """True when `solution` buys the lever's offer in a month of the horizon (a contract or
    a month's use the buyer signs), not only in the tail after it (under `demand_continues`
    the tail's month-to-month units value the demand that continues: nothing is signed)."""
    if lever.kind == "gpu":
        return any(
            units > BOUGHT_UNITS and s < instance.horizon
            for (o, s), units in solution.starts.items()
            if o == lever.index
        )
    return any(
        tps > BOUGHT_UNITS and t < instance.horizon
        for (a, _w, t), tps in solution.buy.items()
        if a == lever.index
    )


def _gap_of(result: Trial) -> float | None:
    return None if result.solution is None else result.solution.achieved_gap


class PriceCheck(Out, frozen=True, kw_only=True):
    """One check at one price, made as `how` says: whether the optimum there buys the offer,
    and `cost`: the optimum's for a `re-solve` or `joint` check run to its optimum; for a
    `certificate` (or a re-solve answered early, also `certificate`) the cost of the plan
    that proves the offer bought, an upper bound on the optimum's, not the optimum."""

    price: float
    """In the offer's unit: per GPU-hour, or the scale of an API offer's per-token prices."""
    bought: bool
    cost: float | None
    """The optimum's cost, or for a `certificate` an upper bound on it (see above); None when
    the solve found no plan."""
    how: CheckKind = "re-solve"
    """`re-solve`: the optimum of a plain re-solve at that price (its cost); `certificate`: a
    plan that buys the offer, checked feasible at that price by a solver run, whose cost
    (given) is below every plan's that buys none, so that every optimum there buys it (see
    `optimizer.certificates`), or a plain re-solve answered early at such a plan found by
    HiGHS's search (`answered`); `joint`: not bought by the optimum of one re-solve with this
    and other offers the plan does not buy all lowered, none of which it bought, which raising
    the others back to today's prices keeps optimal (`optimizer.joint_checks`); `dominated`:
    not bought, another offer replacing it strictly cheaper at that price, and its cost the
    best plan's without it, proven by a solver run (`optimizer.dominated_checks`)."""
    proven: bool = True
    """True when every solver run the check rests on was proven to the sensitivity's gap (a
    certificate, dominance and a joint check rest only on proven runs); false when its
    re-solve stopped (on its time limit) at a plan it did not prove optimal, or found none:
    `bought` and `cost` are then that plan's, not the optimum's, and prove nothing."""
    gap: float | None = None
    """For a check not proven: the gap its re-solve stopped at (None when it found no plan
    or reported no gap)."""
    in_horizon: bool | None = None
    """For a check that buys the offer: whether its plan (the optimum's for a re-solve, the
    certifying plan's for a certificate) buys it in a month of the horizon, something the
    buyer signs, rather than only in the tail after it (`in_horizon`)."""


def unproven_why(check: PriceCheck, what: str = "the re-solve") -> str:
    """Why `check` proves nothing: "the re-solve at 4.98 stopped unproven (gap 3.10%)"."""
    gap = (
        "no plan found"
        if check.gap is None and check.cost is None
        else ("no gap reported" if check.gap is None else f"gap {check.gap:.2%}")
    )
    return f"{what} at {check.price:.4g} stopped before proving its plan optimal ({gap})"


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
    """True when the plan buys the offer at `below` and not at `above`, the two at most
    2 * `tolerance` apart, and every solver run they rest on proven (`proven`)."""
    proven: bool = True
    """False when a solver run the target rests on stopped before proving its plan optimal:
    a check (`PriceCheck.proven`), or the plan's re-solve (`Sensitivity.base_status`);
    `note` names it and its gap, and the target is not `verified`."""
    in_horizon: bool | None = None
    """For `enters_below` and `leaves_above`: whether the plan just below the target
    (`below`) buys the offer in a month of the horizon (true: something the buyer signs
    changes at the target), or only in the tail after it (false: under `demand_continues`,
    only the valuation of the demand after the horizon moves; nothing signed in the horizon
    changes at that price, `note` says so)."""
    below: PriceCheck | None = None
    above: PriceCheck | None = None
    solves: int = 0
    """Its own search's solver runs (a joint check, shared with other offers, is counted in
    the run's `solver_runs` only)."""
    note: str = ""


def _narrow(tolerance: float, low: PriceCheck, high: PriceCheck) -> bool:
    """True when `low` and `high` are at most 2 * tolerance apart around their middle."""
    return high.price - low.price <= tolerance * (high.price + low.price) * (1.0 + ROUNDING)


class _Search:
    """One offer's target-price search: its re-solves, each recorded on `curve`."""

    def __init__(
        self,
        instance: Instance,
        lever: Lever,
        trial: TrialFn,
        curve: PriceCurve,
        certify: CertifyFn | None,
        responses_at: tuple[float, ...] = (),
        ask: AskFn | None = None,
        solved: dict[float, Trial] | None = None,
    ) -> None:
        self.instance, self.lever, self.trial, self.curve = instance, lever, trial, curve
        self.certify, self.responses_at, self.ask = certify, responses_at, ask
        self.solves = 0
        self.solved = {} if solved is None else solved
        """Plain re-solves run to the end, by price (a response's price: no second one)."""

    def run(self, at: float, force: Force | None) -> Trial:
        self.solves += 1
        lever = self.lever
        return self.trial(lever.at(self.instance, at), lever, force)

    def wanted(self, at: float) -> bool:
        """True when two of `responses_at` or more lie below `at`: the optimum at `at` (a
        point of the curve) may prove those between (`PriceCurve.proven`). Never for an
        offer the plan buys (`ask` None): the highest response left between today's price and
        its check just below is re-solved first (`responses_between`)."""
        return self.ask is not None and sum(price < at for price in self.responses_at) >= 2

    def responses_between(self, low: float, high: float) -> None:
        """Re-solve the highest of `responses_at` strictly between `low` and `high` that the
        curve does not prove: a point that proves those below it when its optimum is today's
        plan (`PriceCurve.proven`), after which a point at `high` would prove none."""
        left = [r for r in self.responses_at if low < r < high and self.curve.proven(r) is None]
        if left:
            self.check(max(left))

    def asked(self, at: float) -> tuple[Trial, bool]:
        """A plain re-solve at `at`, stopped early (`AskFn`) at its first plan whose objective
        is below every plan's that buys none (`curve.out_floor`), when it can be: such a plan
        beats every plan without the offer, so every optimum at `at` buys it (the argument
        of `optimizer.certificates`, the plan found by HiGHS's search). Returns the solve and
        whether it was so answered (a plan below the floor that buys the offer)."""
        floor = self.curve.out_floor
        if self.ask is None or floor is None or self.wanted(at):
            return self.run(at, None), False
        self.solves += 1
        result = self.ask(self.lever.at(self.instance, at), self.lever, floor)
        solution = result.solution
        if solution is None or not answered(result, floor):
            return result, False
        return result, self.lever.bought(self.instance, solution)

    def check(self, at: float, early: bool = False) -> PriceCheck:
        """A plain re-solve at `at` (`early`: answered early where it can be, see `asked`),
        its plan recorded on the curve: as a point when proven optimal, else (when it buys
        the offer) as a line of a plan that buys it."""
        result, proven = self.asked(at) if early else (self.run(at, None), False)
        if not early:
            self.solved[at] = result
        takes = result.solution is not None and self.lever.bought(self.instance, result.solution)
        if result.solution is not None:
            line = line_of(self.instance, result.solution, self.lever)
            if result.status == "optimal":
                floor = floor_of(result.solution)
                self.curve.add(Point(price=at, line=line, buys=takes, floor=floor))
            elif takes:  # not proven optimal, but a plan that buys it all the same
                self.curve.inside.append(line)
        how: CheckKind = "certificate" if proven else "re-solve"
        # Answered early, the plan beats the floor a proven solve set: a proof all the same.
        sure = proven or result.status in ("optimal", "infeasible")
        return PriceCheck(
            price=at,
            bought=takes,
            cost=result.cost,
            how=how,
            proven=sure,
            gap=None if sure else _gap_of(result),
            in_horizon=self._where(result.solution) if takes else None,
        )

    def _where(self, solution: Solution | None) -> bool | None:
        return None if solution is None else in_horizon(self.instance, self.lever, solution)

    def bought_at(self, at: float) -> PriceCheck:
        """Whether the optimum at `at` buys the offer: by a certificate when a plan found so
        far beats every plan that buys none there (`curve.out_floor`), else by `check`
        (answered early where it can be). A certificate leaves no point on the curve: where
        two of `responses_at` or more lie below `at` (`wanted`), the lowest is re-solved and
        a point at `at` may prove those between (`PriceCurve.proven`), so the plain re-solve
        is made instead."""
        floor = self.curve.out_floor
        if self.certify is not None and floor is not None and not self.wanted(at):
            found = self.certify(self.lever.at(self.instance, at), self.lever, floor)
            if found is not None:
                self.solves += 1
                where = self._where(found.solution)
                return PriceCheck(
                    price=at, bought=True, cost=found.cost, how="certificate", in_horizon=where
                )
        return self.check(at, early=True)

    def unbought_at(self, at: float) -> PriceCheck:
        """Whether the optimum at `at` buys the offer: not, by dominance, when another offer
        replaces it there strictly cheaper and the best plan without it is proven
        (`optimizer.dominated_checks`: no solver run, a point of the curve all the same),
        else by `check` (answered early where it can be)."""
        point = dominated_point(self.instance, self.lever, self.curve, at)
        if point is None:
            return self.check(at, early=True)
        self.curve.add(point)
        return PriceCheck(price=at, bought=False, cost=point.line.at(at), how="dominated")

    def unbought_between(self, low: float, high: float) -> PriceCheck | None:
        """The lowest price from `low` to `high` at which a solve already proved an optimum
        that buys none of the offer (a point of the curve), as a check; None without one."""
        points = [p for p in self.curve.points if not p.buys and low <= p.price <= high]
        if not points:
            return None
        p = min(points, key=lambda p: p.price)
        return PriceCheck(price=p.price, bought=False, cost=p.line.at(p.price), how=p.how)

    def newton(self, tolerance: float, floor: float) -> tuple[PriceCheck | None, PriceCheck | None]:
        """Plain re-solves just above the crossing the curve knows, until one buys none;
        returns the highest check that bought it and the lowest that did not (None when none
        did, or was tried)."""
        low: PriceCheck | None = None
        for _ in range(MAX_NEWTON):
            crossing = self.curve.entering()
            if crossing is None:
                break
            if crossing < floor:
                if low is not None and low.price <= floor:
                    break
                probe = self.check(floor, early=True)  # bought at 1% of its price, or never
                if not probe.bought:
                    return low, probe
                low = probe
                continue
            proven = self.unbought_between(crossing, crossing * (1.0 + tolerance))
            probe = proven or self.unbought_at(crossing * (1.0 + tolerance))
            if not probe.bought:
                return low, probe
            low = probe
        return low, None

    def bisect(
        self, tolerance: float, low: PriceCheck | None, high: PriceCheck | None, floor: float
    ) -> tuple[PriceCheck | None, PriceCheck | None]:
        """Widen until the offer is bought at `low` and not at `high`, then bisect to within
        2 * `tolerance`; either end None when the widening found none."""
        for _ in range(MAX_WIDENINGS):
            if low is not None and high is not None:
                break
            if low is None:  # not bought: halve until it is, down to the floor
                assert high is not None
                if high.price < 2 * floor:
                    break
                probe = self.bought_at(0.5 * high.price)
                low, high = (probe, high) if probe.bought else (None, probe)
            else:  # bought: double until it leaves
                probe = self.unbought_at(2.0 * low.price)
                low, high = (low, probe) if not probe.bought else (probe, None)
        for _ in range(MAX_BISECTIONS):
            if low is None or high is None or _narrow(tolerance, low, high):
                break
            middle = self.bought_at(0.5 * (low.price + high.price))
            low, high = (middle, high) if middle.bought else (low, middle)
        return low, high


def base_curve(instance: Instance, lever: Lever, base: Trial) -> PriceCurve:
    """The price curve of `lever`'s offer knowing the plan re-solved (`base`): a point of it
    when the re-solve proved its plan optimal; else only its plan's line, which guides the
    search and proves nothing (as a plan that buys the offer, or as `out`, unproven)."""
    assert base.solution is not None
    buys = lever.bought(instance, base.solution)
    line = line_of(instance, base.solution, lever)
    curve = PriceCurve()
    if base.status == "optimal":
        floor = floor_of(base.solution)
        curve.add(Point(price=lever.price(instance), line=line, buys=buys, floor=floor))
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
    offer forced in.
    """
    assert base.solution is not None and base.cost is not None
    price = lever.price(instance)
    floor = LOWEST_SHARE * price
    if curve is None:
        curve = base_curve(instance, lever, base)
    buys = lever.bought(instance, base.solution)
    search = _Search(
        instance, lever, trial, curve, certify, responses_at, None if buys else ask, solved
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
    if high is not None and (low is None or not _narrow(tolerance, low, high)):
        # Just below the crossing the Newton steps bracketed: bought, as the curve proves.
        below = high.price * (1.0 - tolerance) / (1.0 + tolerance)
        if buys:  # a certificate there, once the responses it would prove are re-solved
            search.responses_between(price, below)
        candidate = search.bought_at(below)
        if candidate.bought and (low is None or candidate.price > low.price):
            low = candidate
    sure = base.status == "optimal"
    today = PriceCheck(
        price=price,
        bought=buys,
        cost=base.cost,
        proven=sure,
        gap=None if sure else _gap_of(base),
        in_horizon=in_horizon(instance, lever, base.solution) if buys else None,
    )
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
            verified=low.bought and not high.bought and _narrow(tolerance, low, high),
            in_horizon=low.in_horizon,
            below=low,
            above=high,
            solves=search.solves,
            note=note,
        )
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
