"""The solve phases of DESIGN section 3: cost (or power, then cost within its slack); when the
hard demand is infeasible, the least shortfall and then the cheapest plan at it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from optimizer import fleet_search
from optimizer.direct import DirectModel, solve_direct
from optimizer.highs_sink import HighsSink
from optimizer.instance import Instance, estimated_columns
from optimizer.model import Goal
from optimizer.plan import PowerStep
from optimizer.request import Options
from optimizer.rows import write_model
from optimizer.solver import MipProgress, Solution, build, solve
from optimizer.ties import break_ties, tie_seconds

__all__ = [
    "CANCELLED_EARLY",
    "DIRECT_COLUMNS",
    "PLAIN_COLUMNS",
    "Clock",
    "Objective",
    "Outcome",
    "OutcomeStatus",
    "beyond_plain",
    "listening",
    "out_of_time",
    "power_step",
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
beyond about 250,000 columns (DESIGN section 3). Larger ones go through `optimizer.large`, and
the steps after their solve that would build them whole again are not run (`beyond_plain`)."""


WRITTEN = True
"""Whether a least-cost model the fleet search takes is written into a `HighsSink` and
searched there (`optimizer.fleet_search.search_written`), PuLP's model built only where the
search gives up: shipped 3x12 whole's write and hand-over 25.6 CPU ms against 10, its
baselines' 6-7 against 3.5-4 (bench/solve.py, round of speed29). The tests turn it off to
compare."""


def _may_search(instance: Instance) -> bool:
    """Whether the fleet search may take `instance`'s least-cost model
    (`optimizer.fleet_search.may_choose`): elsewhere PuLP's model is built at once, not
    written twice."""
    return WRITTEN and fleet_search.may_choose(instance)


def beyond_plain(columns: int) -> bool:
    """Whether a model of `columns` columns is beyond `PLAIN_COLUMNS` (read when asked: one
    limit for the solve and the steps after it)."""
    return columns > PLAIN_COLUMNS


DIRECT_COLUMNS = 50_000
"""Models from this many columns have their least-cost solve written straight into highspy
(`optimizer.direct`), not through PuLP: there PuLP's build shows (15.6 us a column, issue 12)
and its memory (caps 100x36x20, 153,000 columns: 636 MiB through PuLP). The phases after
it (shortfall, power) still go through PuLP."""

CANCELLED_EARLY = "cancelled before a plan was found"
"""A cancelled plan's error when no step had found a plan yet."""

MIN_SOLVE_SECONDS = 0.05
"""The least time limit handed to HiGHS (it needs a positive one); a plan's later solves are
skipped once its deadline has passed rather than given a floor of their own."""


class Clock:
    """The plan's deadline, shared by preprocessing and every solve of one plan. A cancel ends
    it at once (`stop`, or `cancelled` answering True): every later step then skips, or
    solves for `MIN_SOLVE_SECONDS`, and keeps what was found so far."""

    def __init__(
        self,
        limit: float,
        cancelled: Callable[[], bool] | None = None,
        on_step: Callable[[Goal], None] | None = None,
        parent: Clock | None = None,
    ) -> None:
        self.deadline = time.perf_counter() + limit
        self.cancelled = cancelled
        self.on_step = on_step
        """Told which step the plan's main solve starts (its progress is that step's)."""
        self._stopped = False
        self._parent = parent
        """The plan's clock this one ends before (`ending`): a cancel heard by either is
        heard by both."""

    def ending(self, seconds: float) -> Clock:
        """A clock ending `seconds` before this one (and never after it), for a step that
        leaves those seconds to the steps after it; a cancel it hears stops this one too."""
        left = max(0.0, self.deadline - seconds - time.perf_counter())
        return Clock(left, self.cancelled, self.on_step, parent=self)

    def step(self, name: Goal) -> None:
        """The plan's main solve starts step `name`."""
        if self.on_step is not None:
            self.on_step(name)

    def stop(self) -> None:
        """A cancel was heard: the deadline is now."""
        self._stopped = True
        self.deadline = min(self.deadline, time.perf_counter())
        if self._parent is not None:
            self._parent.stop()

    def _listen(self) -> None:
        if self._stopped:
            return
        heard = self.cancelled is not None and self.cancelled()
        if heard or (self._parent is not None and self._parent.stopped):
            self.stop()

    @property
    def stopped(self) -> bool:
        """Whether the plan was cancelled."""
        self._listen()
        return self._stopped

    @property
    def cancellable(self) -> bool:
        """Whether a cancel can reach this plan other than through a solve's progress."""
        return self.cancelled is not None

    def remaining(self) -> float:
        """Seconds left before the deadline, at least `MIN_SOLVE_SECONDS`."""
        self._listen()
        return max(MIN_SOLVE_SECONDS, self.deadline - time.perf_counter())

    def for_solve(self) -> float:
        """The time limit to hand HiGHS: what is left, less a margin for its overshoot (it
        checks its limit between root cut rounds, which take up to about 0.6 s on this model
        and a busy machine): a fifth of what is left, at most 1 s."""
        self._listen()
        left = self.deadline - time.perf_counter()
        return max(MIN_SOLVE_SECONDS, left - min(1.0, 0.2 * left))

    def within(self, most: float, share: float = 1.0) -> float:
        """The seconds a step that needs at most `most` may take (its build included): `share`
        of what `for_solve` leaves (the rest to the steps after it; at least
        `MIN_SOLVE_SECONDS`), and 0.0 once the plan's time is up (the step is then skipped)."""
        if self.expired:
            return 0.0
        return min(most, max(MIN_SOLVE_SECONDS, share * self.for_solve()))

    def share(self, fraction: float) -> Clock:
        """A clock ending when `fraction` of the time left has passed: a step's own deadline,
        leaving the rest to the steps after it."""
        return Clock(fraction * max(0.0, self.deadline - time.perf_counter()), self.cancelled)

    @property
    def ended(self) -> str:
        """Why the plan's time is up, for the steps it skips: a cancel or its time limit."""
        return "the plan was cancelled" if self.stopped else "the plan's time limit ran out"

    @property
    def expired(self) -> bool:
        return self.stopped or time.perf_counter() >= self.deadline


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


def listening(clock: Clock, on_progress: MipProgress | None = None) -> MipProgress | None:
    """The callback of one solve of a plan: `on_progress` told (when the solve is the plan's
    main one), and True (stop with the incumbent) once the plan is cancelled, whether
    `on_progress` or `clock` heard it, so that every later solve stops at its first callback.
    None when no cancel can reach the plan."""
    if on_progress is None and not clock.cancellable:
        return None

    def heard(seconds: float, incumbent: float, bound: float) -> bool:
        if on_progress is not None and on_progress(seconds, incumbent, bound):
            clock.stop()
        return clock.stopped

    return heard


def existing_kw_months(instance: Instance) -> float:
    """The kW-months of the existing units over the instance's span."""
    return sum(spec.kw_per_unit * sum(spec.existing) for spec in instance.offers)


def solve_instance(
    instance: Instance,
    objective: Objective,
    options: Options,
    clock: Clock,
    on_progress: MipProgress | None = None,
    plain_columns: int | None = None,
    on_wait: Callable[[], None] | None = None,
    on_settle: Callable[[Solution], None] | None = None,
) -> Outcome:
    """Solve the plan model; when the hard demand is infeasible, find the least shortfall and
    then the cheapest plan at that shortfall (status `infeasible`). A model of more than
    `plain_columns` columns (default `PLAIN_COLUMNS`, see `beyond_plain`) is solved through
    its relaxation and a reduced model (`optimizer.large`), with its gap against the whole
    model's bound. `on_wait`: told once, on this thread, where a fleet search joins its first
    fixed fleet's MILP run aside (`optimizer.fleet_search.search_fleet`); `on_settle`: told
    once, on this thread, the least-cost plan a fleet search holds as it waits for its tie
    polishes (`search_fleet`), which the outcome's solution nearly always equals."""
    columns = estimated_columns(instance)
    large = beyond_plain(columns) if plain_columns is None else columns > plain_columns
    if large:
        # Imported here: optimizer.large solves its reduced model through this function.
        from optimizer.large import solve_large

        def plain(reduced: Instance, progress: MipProgress | None) -> Outcome:
            return _solve_plain(reduced, objective, options, clock, progress)

        return solve_large(instance, objective, options, clock, on_progress, plain)
    return _solve_plain(instance, objective, options, clock, on_progress, on_wait, on_settle)


def _no_plan(message: str, time_limit_s: float) -> str:
    """Why a solve that found no plan found none, and what to do (probe 18a F3: a plan out of
    time said "the solver found no solution (Optimal)", or a HiGHS status's name). Called
    once a cancel is ruled out: an interrupt is then the plan's clock's."""
    if "TimeLimit" in message or "Interrupt" in message:
        return out_of_time(time_limit_s)
    return f"the solver found no solution ({message})"


def out_of_time(time_limit_s: float) -> str:
    """A plan's error when its time ran out before any plan was found, and what to do."""
    return (
        f"no plan was found within the time limit ({time_limit_s:g} s): give a larger "
        "`options.time_limit_s`, or narrow the offers with `vendors`, `regions` or "
        "`precisions`"
    )


def _solve_plain(
    instance: Instance,
    objective: Objective,
    options: Options,
    clock: Clock,
    on_progress: MipProgress | None,
    on_wait: Callable[[], None] | None = None,
    on_settle: Callable[[Solution], None] | None = None,
) -> Outcome:
    solves = 0
    began = time.perf_counter()
    direct = estimated_columns(instance) >= DIRECT_COLUMNS
    relay = listening(clock, on_progress)

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
        if on_progress is not None:
            clock.step(goal)
        least_cost = goal == "cost" and not allow_shortfall and power_limit is None
        if direct and least_cost and not options.relax:
            # PuLP would hold about ten times highspy's memory (issue 12: 1 GiB at 142k columns).
            model_direct = DirectModel(instance)
            limit = clock.for_solve()
            return solve_direct(model_direct, time_limit=limit, gap=options.gap, on_progress=relay)
        searched = False
        if least_cost and not options.relax and _may_search(instance):
            # Written without PuLP where the fleet search takes it (`search_written`); PuLP's
            # model is built only for a search that gave up, for the plain solve.
            sink = HighsSink()
            written = write_model(instance, sink, goal=goal)
            if fleet_search.chosen_sink(written, sink):
                searched = True
                ended = fleet_search.search_written(
                    written,
                    sink,
                    time_limit=within.for_solve(),
                    gap=options.gap,
                    on_progress=relay,
                    on_wait=on_wait,
                    on_settle=on_settle,
                )
                if ended.solution is not None:
                    if clock.expired:
                        return ended.solution
                    polish = tie_seconds(clock.for_solve(), ended.solution.seconds)
                    return ended.broken(polish, options.gap, listening(clock))
        model = build(
            instance,
            relax=options.relax,
            goal=goal,
            allow_shortfall=allow_shortfall,
            shortfall_limit=shortfall_limit,
            power_limit=power_limit,
        )
        limit = within.for_solve()
        found = None
        through_pulp = not searched and least_cost and not options.relax
        if through_pulp and fleet_search.chosen(model):
            found, _searched = fleet_search.search_fleet(
                model,
                time_limit=limit,
                gap=options.gap,
                on_progress=relay,
                on_wait=on_wait,
                on_settle=on_settle,
            )
            limit = within.for_solve()  # the search gave up: the plain solve gets what is left
        if found is None:
            found = solve(model, time_limit=limit, gap_tolerance=options.gap, on_progress=relay)
        if goal != "cost" or allow_shortfall or options.relax or clock.expired:
            return found
        # A tie re-solved takes no longer than the cheapest plan's own solve (or a second).
        polish = tie_seconds(clock.for_solve(), found.seconds)
        return break_ties(model, found, polish, options.gap, on_progress=listening(clock))

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
        found = least.status in ("optimal", "feasible") and least.objective is not None
        if found and clock.stopped:
            # Cancelled: the least-power plan found so far, its cost step not run.
            drawn = least_mw_months(instance, least.objective)
            step = power_step(least.achieved_gap, least.status, "failed", True, drawn)
            return _least_kept(outcome("feasible", least), step)
        if found and least.objective is not None:
            # The slack is on the plan's MW-months, the existing units' included.
            fixed = existing_kw_months(instance)
            limit = (least.objective + fixed) * (1 + POWER_SLACK) - fixed + 1e-6
            cheapest = run("cost", power_limit=limit)
            drawn = least_mw_months(instance, least.objective)
            step = power_step(least.achieved_gap, least.status, cheapest.status, False, drawn)
            if step.cost_step == "no plan":
                # The least-power plan meets the demand: kept, its cost gap unknown.
                return _least_kept(outcome("feasible", least), step)
            proven = step.proven and step.cost_step == "optimal"
            return replace(outcome("optimal" if proven else "feasible", cheapest), power=step)
        first = least
    else:
        first = run("cost")
        if first.status in ("optimal", "feasible"):
            return outcome(first.status, first)
    if clock.stopped:
        return outcome("failed", None, CANCELLED_EARLY)
    if first.status == "failed":
        return outcome("failed", None, _no_plan(first.message, options.time_limit_s))

    phase_one = run("shortfall", allow_shortfall=True)
    if phase_one.status not in ("optimal", "feasible") or phase_one.objective is None:
        if clock.stopped:
            return outcome("failed", None, CANCELLED_EARLY)
        return outcome(
            "infeasible",
            None,
            "the constraints conflict even with no demand served: the existing commitments "
            "alone exceed a power cap, the budget or the vendor share",
        )
    if clock.stopped:
        return outcome("infeasible", phase_one)
    phase_two = run(
        "cost", allow_shortfall=True, shortfall_limit=phase_one.objective + SHORTFALL_SLACK
    )
    final = phase_two if phase_two.status in ("optimal", "feasible") else phase_one
    return outcome("infeasible", final)


def power_step(
    gap: float | None,
    least: str,
    cheapest: str,
    cancelled: bool,
    least_mw_months: float | None = None,
) -> PowerStep:
    """How the two steps of objective `power` ended, once the least-power one found a plan:
    its `gap` and status (`least`), the cost step's status (`cheapest`: `failed` when it found
    no plan or was not run), whether the cancel came during the least-power step, and the
    MW-months it found (`least_mw_months`). The plain plan's and the scenario plan's."""
    found = cheapest in ("optimal", "feasible")
    return PowerStep(
        gap=gap,
        proven=least == "optimal",
        cost_step="optimal" if cheapest == "optimal" else "feasible" if found else "no plan",
        cancelled=cancelled,
        least_mw_months=least_mw_months,
    )


def least_mw_months(instance: Instance, kw_months: float | None) -> float | None:
    """The MW-months of the least-power step's plan, from its objective (`kw_months`: the
    new units' kW-months, `optimizer.model`'s power term) and the existing units'."""
    if kw_months is None:
        return None
    return (kw_months + existing_kw_months(instance)) / 1000.0


def _least_kept(kept: Outcome, step: PowerStep) -> Outcome:
    """The least-power step's plan kept (its cost step found no plan, or did not run): its
    cost gap unknown."""
    return replace(kept, achieved_gap=None, power=step)
