"""The solve phases of DESIGN section 3: cost (or power, then cost within its slack); when the
hard demand is infeasible, the least shortfall and then the cheapest plan at it."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Literal

from optimizer.direct import DirectModel, solve_direct
from optimizer.instance import Instance, estimated_columns
from optimizer.plan import PowerStep
from optimizer.request import Options
from optimizer.solver import MipProgress, Solution, build, solve
from optimizer.ties import break_ties

__all__ = [
    "DIRECT_COLUMNS",
    "PLAIN_COLUMNS",
    "Clock",
    "Objective",
    "Outcome",
    "OutcomeStatus",
    "solve_instance",
]

POWER_SLACK = 1e-3  # objective "power": cheapest plan within 0.1% of the least power
POWER_STEP_SHARE = 0.5
"""Objective `power`: the least-power step's share of the time left, the rest the cost step's
(probe 10 finding 1: given all of it, the power step left the cost step no time to find a plan,
and a plan meeting its demand was stored `infeasible`). One it proves early leaves the rest."""
SHORTFALL_SLACK = 1e-7
OutcomeStatus = Literal["optimal", "feasible", "infeasible", "failed"]
Objective = Literal["cost", "power"]


PLAIN_COLUMNS = 200_000
"""Largest model handed to HiGHS whole: it does not honour its time limit inside MIP presolve
beyond about 250,000 columns (DESIGN section 3). Larger ones go through `optimizer.large`."""

DIRECT_COLUMNS = 50_000
"""Models from this many columns have their least-cost solve written straight into highspy
(`optimizer.direct`), not through PuLP: there PuLP's build shows (15.6 us a column, issue 12)
and its memory (caps 100x36x20, 153,000 columns: 636 MiB through PuLP). The phases after
it (shortfall, power) still go through PuLP."""

MIN_SOLVE_SECONDS = 0.05
"""The least time limit handed to HiGHS (it needs a positive one); a plan's later solves are
skipped once its deadline has passed rather than given a floor of their own."""


class Clock:
    """The plan's deadline, shared by preprocessing and every solve of one plan."""

    def __init__(self, limit: float) -> None:
        self.deadline = time.perf_counter() + limit

    def remaining(self) -> float:
        """Seconds left before the deadline, at least `MIN_SOLVE_SECONDS`."""
        return max(MIN_SOLVE_SECONDS, self.deadline - time.perf_counter())

    def for_solve(self) -> float:
        """The time limit to hand HiGHS: what is left, less a margin for its overshoot (it
        checks its limit between root cut rounds, which take up to about 0.6 s on this model
        and a busy machine): a fifth of what is left, at most 1 s."""
        left = self.deadline - time.perf_counter()
        return max(MIN_SOLVE_SECONDS, left - min(1.0, 0.2 * left))

    def share(self, fraction: float) -> Clock:
        """A clock ending when `fraction` of the time left has passed: a step's own deadline,
        leaving the rest to the steps after it."""
        return Clock(fraction * max(0.0, self.deadline - time.perf_counter()))

    @property
    def expired(self) -> bool:
        return time.perf_counter() >= self.deadline


@dataclass
class Outcome:
    """A finished solve of an instance: the solution and how it was reached."""

    status: OutcomeStatus
    solution: Solution | None
    seconds: float
    solves: int
    solver: str
    achieved_gap: float | None
    message: str = ""
    power: PowerStep | None = None
    """Objective `power`: how its least-power step ended."""


def existing_kw_months(instance: Instance) -> float:
    """The kW-months of the existing units over the instance's span."""
    return sum(spec.kw_per_unit * sum(spec.existing) for spec in instance.offers)


def solve_instance(
    instance: Instance,
    objective: Objective,
    options: Options,
    clock: Clock,
    on_progress: MipProgress | None = None,
    plain_columns: int = PLAIN_COLUMNS,
) -> Outcome:
    """Solve the plan model; when the hard demand is infeasible, find the least shortfall and
    then the cheapest plan at that shortfall (status `infeasible`). A model of more than
    `plain_columns` columns is solved through its relaxation and a reduced model
    (`optimizer.large`), with its gap against the whole model's bound."""
    if estimated_columns(instance) > plain_columns:
        # Imported here: optimizer.large solves its reduced model through this function.
        from optimizer.large import solve_large

        def plain(reduced: Instance, progress: MipProgress | None) -> Outcome:
            return _solve_plain(reduced, objective, options, clock, progress)

        return solve_large(instance, objective, options, clock, on_progress, plain)
    return _solve_plain(instance, objective, options, clock, on_progress)


def _solve_plain(
    instance: Instance,
    objective: Objective,
    options: Options,
    clock: Clock,
    on_progress: MipProgress | None,
) -> Outcome:
    solves = 0
    began = time.perf_counter()
    direct = estimated_columns(instance) >= DIRECT_COLUMNS
    stopped = False  # `on_progress` asked the search to stop (a cancel): no tie re-solve then

    def heard(seconds: float, incumbent: float, bound: float) -> bool:
        nonlocal stopped
        assert on_progress is not None
        stop = on_progress(seconds, incumbent, bound)
        stopped = stopped or stop
        return stop

    relay = heard if on_progress is not None else None

    def run(
        goal: Literal["cost", "power", "shortfall"],
        *,
        allow_shortfall: bool = False,
        shortfall_limit: float | None = None,
        power_limit: float | None = None,
        within: Clock = clock,
    ) -> Solution:
        nonlocal solves
        solves += 1
        least_cost = goal == "cost" and not allow_shortfall and power_limit is None
        if direct and least_cost and not options.relax:
            # PuLP would hold about ten times highspy's memory (issue 12: 1 GiB at 142k columns).
            model_direct = DirectModel(instance)
            limit = clock.for_solve()
            return solve_direct(model_direct, time_limit=limit, gap=options.gap, on_progress=relay)
        model = build(
            instance,
            relax=options.relax,
            goal=goal,
            allow_shortfall=allow_shortfall,
            shortfall_limit=shortfall_limit,
            power_limit=power_limit,
        )
        limit = within.for_solve()
        found = solve(model, time_limit=limit, gap_tolerance=options.gap, on_progress=relay)
        if goal != "cost" or allow_shortfall or options.relax or clock.expired or stopped:
            return found
        # A tie re-solved takes no longer than the cheapest plan's own solve.
        polish = min(clock.for_solve(), max(MIN_SOLVE_SECONDS, found.seconds))
        return break_ties(model, found, polish, options.gap)

    def outcome(status: OutcomeStatus, solution: Solution | None, message: str = "") -> Outcome:
        return Outcome(
            status=status,
            solution=solution,
            seconds=time.perf_counter() - began,
            solves=solves,
            solver=solution.solver if solution else "HiGHS",
            achieved_gap=solution.achieved_gap if solution else None,
            message=message,
        )

    if objective == "power":
        least = run("power", within=clock.share(POWER_STEP_SHARE))
        if least.status in ("optimal", "feasible") and least.objective is not None:
            # The slack is on the plan's MW-months, the existing units' included.
            fixed = existing_kw_months(instance)
            limit = (least.objective + fixed) * (1 + POWER_SLACK) - fixed + 1e-6
            cheapest = run("cost", power_limit=limit)
            step = _power_step(least, cheapest)
            if step.cost_step == "no plan":
                # The least-power plan meets the demand: kept, its cost gap unknown.
                kept = outcome("feasible", least)
                return replace(kept, achieved_gap=None, power=step)
            proven = step.proven and step.cost_step == "optimal"
            return replace(outcome("optimal" if proven else "feasible", cheapest), power=step)
        first = least
    else:
        first = run("cost")
        if first.status in ("optimal", "feasible"):
            return outcome(first.status, first)
    if first.status == "failed":
        return outcome("failed", None, f"the solver found no solution ({first.message})")

    phase_one = run("shortfall", allow_shortfall=True)
    if phase_one.status not in ("optimal", "feasible") or phase_one.objective is None:
        return outcome(
            "infeasible",
            None,
            "the constraints conflict even with no demand served: the existing commitments "
            "alone exceed a power cap, the budget or the vendor share",
        )
    phase_two = run(
        "cost", allow_shortfall=True, shortfall_limit=phase_one.objective + SHORTFALL_SLACK
    )
    final = phase_two if phase_two.status in ("optimal", "feasible") else phase_one
    return outcome("infeasible", final)


def _power_step(least: Solution, cheapest: Solution) -> PowerStep:
    """How the two steps of objective `power` ended, once the least-power one found a plan."""
    found = cheapest.status in ("optimal", "feasible")
    return PowerStep(
        gap=least.achieved_gap,
        proven=least.status == "optimal",
        cost_step="optimal" if cheapest.status == "optimal" else "feasible" if found else "no plan",
    )
