"""From a plan request to a Plan: preprocessing, the solve phases, then the Plan's numbers,
marginal costs, baselines and explanations."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from catalog.finite import non_finite_path
from catalog.model import Catalog
from optimizer.assembly import Assembler
from optimizer.beside import Beside
from optimizer.deployment_check import (
    DEPLOYMENTS_CHOSEN,
    FewerUnits,
    fewer_units,
    fewer_units_warnings,
)
from optimizer.diagnosis import diagnosis
from optimizer.existing_limits import idle_owned, no_demand_diagnosis, owned_beyond_availability
from optimizer.explain import ignored_tail, warnings
from optimizer.instance import Instance
from optimizer.model import Goal
from optimizer.phases import CANCELLED_EARLY, Clock, solve_instance
from optimizer.plan import Baseline, Commitment, Diagnosis, Marginals, Plan, Summary
from optimizer.prepare import prepare_for_solve
from optimizer.price_trust import existing_price_warning
from optimizer.request import Forecast, PlanRequest
from optimizer.scenario_plan import scenario_plan
from optimizer.scenario_request import check_scenarios
from optimizer.share_cost import unshared_cost
from optimizer.solution_plan import with_solution
from optimizer.solver import MipProgress, Solution
from optimizer.solver_info import MODEL_VERSION, SolverInfo

__all__ = ["AFTER_SOLVE_SHARE", "make_plan"]

AFTER_SOLVE_SHARE = 0.1
"""Share of a plan's `time_limit_s` its main solve leaves to what follows it: the plan's
assembly and checks, its tail in whole units, marginals, baselines (each skipped, and said so,
when the time is gone). The main solve had all of it: caps 300x36x20 (60 s) ended its solve
2.7 s before its limit and its plan at 72 s (the whole tail's build 6.4 s, the check of other
deployments 5.5 s; bench/solve.py, round of speed14)."""


def _checked(plan: Plan) -> Plan:
    """`plan`, or a failed plan naming the first number that overflowed: a stored plan never
    holds inf or NaN (JSON cannot carry them)."""
    where = non_finite_path(plan)
    if where is None:
        return plan
    return Plan(
        id=plan.id,
        status="failed",
        created_at=plan.created_at,
        catalog_revision=plan.catalog_revision,
        request=plan.request,
        forecast_id=plan.forecast_id,
        forecast=plan.forecast,
        solver=plan.solver,
        error=(
            f"the plan's numbers overflowed (plan.{where} is not finite): a price, power or demand "
            "in the catalog or the request is too large to compute with"
        ),
    )


_READ_IN = ("starts", "serve", "short", "not_renewed", "held_not_renewed", "buy")
"""The fields of a `Solution` that a plan's assembly reads (`Assembler`, `fewer_units`)."""


_Assembled = tuple[
    list[FewerUnits], Assembler, tuple[Plan, list[Commitment], Summary], Marginals, list[Baseline]
]
"""What `_Early` assembles: the other deployments' check, the assembler, the plan filled in
with its commitments and summary, its marginals and its baselines."""


class _Early:
    """The plan's assembly (the check of other deployments, its numbers, marginals and
    baselines) begun from the plan a fleet search holds as its thread waits for its tie
    polishes (`optimizer.fleet_search.search_fleet`'s `on_settle`): that thread is otherwise
    idle there, and the polish is the last thing the plan waits for (shipped 3x12 whole: the
    assembly 0.026 s after the search). Kept only where the solve's plan reads in the very
    same values (`kept`): each step is a function of the plan and the request, so the Plan is
    the one assembled after the solve."""

    def __init__(
        self,
        instance: Instance,
        catalog: Catalog,
        request: PlanRequest,
        pending: Plan,
        clock: Clock,
        aside: Beside,
    ) -> None:
        self._instance, self._catalog, self._request = instance, catalog, request
        self._pending, self._clock, self._aside = pending, clock, aside
        self._done: tuple[Solution, _Assembled] | None = None

    def assemble(self, solution: Solution) -> None:
        """The steps after the solve, for `solution` (a least-cost plan: never `infeasible`);
        an error leaves them to be done again after the solve, where it is raised."""
        allow_spot = self._request.options.allow_spot
        self._aside.start()  # where the search did not: its solves kept for after the solve
        try:
            profiles = self._catalog.profiles
            fewer = fewer_units(self._instance, solution, profiles, allow_spot=allow_spot)
            assembler = Assembler(self._instance, solution)
            filled = with_solution(self._pending, assembler, self._request, self._clock)
            marginal = self._aside.marginals(assembler.units)
            compared = self._aside.baselines(filled[2], self._request)
        except Exception:
            return
        self._done = solution, (fewer, assembler, filled, marginal, compared)

    def kept(self, solution: Solution) -> _Assembled | None:
        """What `assemble` found, where `solution` reads in the same values as its plan."""
        if self._done is None or self._clock.stopped:
            return None
        early, steps = self._done
        same = all(getattr(early, name) == getattr(solution, name) for name in _READ_IN)
        return steps if same else None


def _request_notes(instance: Instance, request: PlanRequest, catalog: Catalog) -> list[str]:
    """The warnings about the request itself: existing commitments costed at the catalog's
    price (none stated), existing units beyond an offer's `max_units` or of no use to any
    workload, and a `tail_months` the accounting ignores."""
    profiles = list(catalog.profiles)
    unsigned = [
        (h.entry, h.offer.id, h.offer.price_per_gpu_hour) for h in instance.held if not h.signed
    ]
    priced = existing_price_warning(unsigned, instance.currency)
    return (
        ([] if priced is None else [priced])
        + owned_beyond_availability(instance, request)
        + idle_owned(instance, request, profiles)
        + ignored_tail(request.options)
    )


def make_plan(
    catalog: Catalog,
    request: PlanRequest,
    forecast: Forecast,
    *,
    plan_id: str = "",
    created_at: str = "",
    forecast_id: str | None = None,
    on_progress: MipProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
    on_step: Callable[[Goal], None] | None = None,
    spent: float = 0.0,
) -> Plan:
    """Solve `request` for `forecast` against `catalog` and return the whole Plan
    (`on_progress` hears the main solve's HiGHS callback, see `optimizer.solver.MipProgress`;
    True from it, or from `cancelled` at any step, cancels the plan: every later step is
    skipped and the plan found so far kept, `feasible`, its solver marked `cancelled`;
    `on_step` is told which step the progress is of; `spent`: seconds of the plan's
    `time_limit_s` gone before this call, e.g. a solve process's start-up).

    Raises:
        InvalidInput: from the pre-checks (see `optimizer.instance.prepare`); infeasible demand
        is not an error but a plan with status `infeasible` and its diagnosis.
    """
    options = request.options
    # Preprocessing counts too, and what was `spent` before.
    clock = Clock(max(0.0, options.time_limit_s - spent), cancelled, on_step)
    full, instance, dominated = prepare_for_solve(catalog, request, forecast)
    pending = Plan(
        id=plan_id,
        status="failed",
        created_at=created_at,
        catalog_revision=catalog.revision,
        request=request,
        forecast_id=forecast_id,
        forecast=forecast,
        solver=SolverInfo(
            name="HiGHS", seconds=0.0, gap=None, dominated=dominated, model=MODEL_VERSION
        ),
    )
    demands = {w.id: w.demand(forecast.months) for w in forecast.workloads}
    check_scenarios(forecast.scenarios, forecast.months, demands, options.risk)
    if forecast.scenarios:
        shown = scenario_plan(
            pending, instance, forecast, clock, on_progress, profiles=catalog.profiles
        )
        notes = (*shown.warnings, *_request_notes(instance, request, catalog))
        return _checked(msgspec.structs.replace(shown, warnings=notes))
    kept = {o for o, _w in instance.rates}  # the offers no other dominates
    # The baselines (and marginals, mostly) need nothing of the plan's solution: solved
    # beside the main solve where its fleet search waits for its first fixed fleet, else
    # after it (shipped 3x12 whole: the steps after its search 0.017 s against 0.070, median
    # of 20 plans in process, load 4.5; bench/solve.py, round of speed24b).
    aside = Beside(full, instance, request.objective, options, clock, kept)
    early = _Early(instance, catalog, request, pending, clock, aside)
    solving = clock.ending(AFTER_SOLVE_SHARE * options.time_limit_s)
    result = solve_instance(
        instance,
        request.objective,
        options,
        solving,
        on_progress,
        on_wait=aside.start,
        on_settle=early.assemble,
    )
    solver = SolverInfo(
        name=result.solver,
        seconds=result.seconds,
        gap=result.achieved_gap,
        relaxed=options.relax,
        solves=result.solves,
        dominated=dominated,
        cancelled=clock.stopped,
        power=result.power,
        model=MODEL_VERSION,
    )
    plan = msgspec.structs.replace(pending, solver=solver)
    if result.solution is None:
        aside.wait()  # no plan to set them beside
        if result.message == CANCELLED_EARLY:
            return msgspec.structs.replace(plan, status="cancelled", error=result.message)
        if result.status == "infeasible":
            empty = no_demand_diagnosis(instance, result.message)
            return msgspec.structs.replace(plan, status="infeasible", diagnosis=empty)
        return msgspec.structs.replace(plan, error=result.message)

    # The check every plan gets, before the steps that the time left may cut short (the
    # tail's whole-unit solve, marginals, baselines).
    marginal: Marginals | None = None
    explained: Diagnosis | None = None
    steps = early.kept(result.solution) if result.status != "infeasible" else None
    if steps is not None:
        fewer, assembler, filled, marginal, compared = steps
        filled_plan, commitments, summary = filled
        plan = msgspec.structs.replace(filled_plan, solver=solver)
    else:
        allow_spot = options.allow_spot
        fewer = fewer_units(instance, result.solution, catalog.profiles, allow_spot=allow_spot)
        assembler = Assembler(instance, result.solution)
        plan, commitments, summary = with_solution(plan, assembler, request, clock)
        if result.status == "infeasible":
            explained = diagnosis(assembler)
        else:
            marginal = aside.marginals(assembler.units)
        compared = aside.baselines(summary, request)
    unshared = unshared_cost(assembler, result.status, request.objective, options, clock)
    said = warnings(
        assembler,
        commitments,
        result.status,
        result.achieved_gap,
        options.relax,
        clock.stopped,
        unshared,
        result.power,
    )
    said += fewer_units_warnings(instance, fewer)
    said += _request_notes(instance, request, catalog)
    if fewer:
        solver = msgspec.structs.replace(solver, optimal_for=DEPLOYMENTS_CHOSEN)
    return _checked(
        msgspec.structs.replace(
            plan,
            status=result.status,
            solver=msgspec.structs.replace(solver, cancelled=clock.stopped),  # heard at any step
            marginal=marginal,
            baselines=tuple(compared),
            diagnosis=explained,
            warnings=tuple(said),
        )
    )
