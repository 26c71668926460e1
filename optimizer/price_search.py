"""One offer's target-price search (`PriceSearch`): its plain re-solves, certificates,
re-solves answered early and dominance checks, each recorded on the offer's price curve, and
the Newton steps and bisection that bracket the target (`optimizer.target_prices` runs it).
With the functions it is handed (`TrialFn`, `GuessFn`, `CertifyFn`, `AskFn`) and the tests
on their results (`answered`, `in_horizon`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from optimizer.certificates import CHECKED
from optimizer.dominated_checks import dominated_point
from optimizer.instance import Instance
from optimizer.price_curve import CheckKind, Point, PriceCurve, floor_of, line_of
from optimizer.run_budget import OutOfTime
from optimizer.solver import Solution
from optimizer.target_price_result import PriceCheck
from optimizer.trials import BOUGHT_UNITS, Force, Lever, Trial

__all__ = [
    "AskFn",
    "CertifyFn",
    "GuessFn",
    "PriceSearch",
    "SearchLog",
    "TrialFn",
    "answered",
    "gap_of",
    "in_horizon",
    "narrow",
]

MAX_NEWTON = 6
MAX_BISECTIONS = 12
MAX_WIDENINGS = 7
ROUNDING = 1e-6
"""Relative slack on "2 * tolerance apart": Newton's checks land on it to rounding."""
TrialFn = Callable[[Instance, Lever | None, Force | None], Trial]
"""Re-solves an instance; with a lever, for that offer's price, optionally forcing the offer
into or out of the plan (see `run_trial`)."""
GuessFn = Callable[[Instance, Lever], list[Solution]]
"""Plans that buy the lever's offer on the instance, found without a re-solve: any such plan's
line starts the search as a forced re-solve's would (the highest crossing of them)."""
CertifyFn = Callable[[Instance, Lever, float], Trial | None]
"""A plan that buys the lever's offer on the instance with an objective below the bound given,
checked feasible there (`optimizer.certificates`: row by row, or by a solver run near the
bound); None without one."""
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


def gap_of(result: Trial) -> float | None:
    """The gap `result`'s solve stopped at (None without a plan)."""
    return None if result.solution is None else result.solution.achieved_gap


def narrow(tolerance: float, low: PriceCheck, high: PriceCheck) -> bool:
    """True when `low` and `high` are at most 2 * tolerance apart around their middle."""
    return high.price - low.price <= tolerance * (high.price + low.price) * (1.0 + ROUNDING)


@dataclass
class SearchLog:
    """What one search made so far (`PriceSearch`): its checks, in order, and its solver runs;
    what is left of a search the run's time budget stopped (`optimizer.run_budget`)."""

    checks: list[PriceCheck] = field(default_factory=list)
    solves: int = 0


class PriceSearch:
    """One offer's target-price search: its re-solves, each recorded on `curve` and `log`."""

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
        log: SearchLog | None = None,
    ) -> None:
        self.instance, self.lever, self.trial, self.curve = instance, lever, trial, curve
        self.certify, self.responses_at, self.ask = certify, responses_at, ask
        self.log = SearchLog() if log is None else log
        self.solved = {} if solved is None else solved
        """Plain re-solves run to the end, by price (a response's price: no second one)."""

    @property
    def solves(self) -> int:
        return self.log.solves

    def _made(self, check: PriceCheck) -> PriceCheck:
        self.log.checks.append(check)
        return check

    def run(self, at: float, force: Force | None) -> Trial:
        lever = self.lever
        try:
            result = self.trial(lever.at(self.instance, at), lever, force)
        except OutOfTime as gone:  # not made, unless made and stopped on the budget
            self.log.solves += gone.ran
            raise
        self.log.solves += 1
        return result

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
        try:
            result = self.ask(self.lever.at(self.instance, at), self.lever, floor)
        except OutOfTime as gone:
            self.log.solves += gone.ran
            raise
        self.log.solves += 1
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
        return self._made(
            PriceCheck(
                price=at,
                bought=takes,
                cost=result.cost,
                how=how,
                proven=sure,
                gap=None if sure else gap_of(result),
                in_horizon=self._where(result.solution) if takes else None,
            )
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
                # No solver run when the plan was taken as checked (`certificates.CHECKED`).
                self.log.solves += found.solution is None or found.solution.solver != CHECKED
                where = self._where(found.solution)
                return self._made(
                    PriceCheck(
                        price=at, bought=True, cost=found.cost, how="certificate", in_horizon=where
                    )
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
        return self._made(
            PriceCheck(price=at, bought=False, cost=point.line.at(at), how="dominated")
        )

    def unbought_between(self, low: float, high: float) -> PriceCheck | None:
        """The lowest price from `low` to `high` at which a solve already proved an optimum
        that buys none of the offer (a point of the curve), as a check; None without one."""
        points = [p for p in self.curve.points if not p.buys and low <= p.price <= high]
        if not points:
            return None
        p = min(points, key=lambda p: p.price)
        return self._made(
            PriceCheck(price=p.price, bought=False, cost=p.line.at(p.price), how=p.how)
        )

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
            if low is None or high is None or narrow(tolerance, low, high):
                break
            middle = self.bought_at(0.5 * (low.price + high.price))
            low, high = (middle, high) if middle.bought else (low, middle)
        return low, high
