"""From a plan request to a Plan: preprocessing, the solve phases, then the Plan's numbers,
marginal costs, baselines and explanations."""

from __future__ import annotations

import msgspec

from catalog.finite import non_finite_path
from catalog.model import Catalog
from optimizer.assembly import Assembler
from optimizer.baselines import baselines
from optimizer.diagnosis import diagnosis
from optimizer.existing_limits import idle_owned, no_demand_diagnosis, owned_beyond_availability
from optimizer.explain import ignored_tail, warnings
from optimizer.instance import Instance
from optimizer.marginals import marginals
from optimizer.phases import Clock, solve_instance
from optimizer.plan import Diagnosis, Marginals, Plan, SolverInfo
from optimizer.prepare import prepare_for_solve
from optimizer.request import Forecast, PlanRequest
from optimizer.scenario_plan import scenario_plan
from optimizer.scenario_request import check_scenarios
from optimizer.share_cost import unshared_cost
from optimizer.solution_plan import with_solution
from optimizer.solver import MipProgress

__all__ = ["make_plan"]


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


class _Stops:
    """Relays the main solve's progress to `on_progress` and remembers whether it asked the
    search to stop (a cancel): a plan stopped so says "cancelled", not "the time limit"."""

    def __init__(self, on_progress: MipProgress | None) -> None:
        self.on_progress = on_progress
        self.stopped = False

    @property
    def relay(self) -> MipProgress | None:
        relayed = self.on_progress
        if relayed is None:
            return None

        def relay(seconds: float, incumbent: float, bound: float) -> bool:
            stop = relayed(seconds, incumbent, bound)
            self.stopped = self.stopped or stop
            return stop

        return relay


def _request_notes(instance: Instance, request: PlanRequest, catalog: Catalog) -> list[str]:
    """The warnings about the request itself: existing units beyond an offer's `max_units`
    or of no use to any workload, and a `tail_months` the accounting ignores."""
    profiles = list(catalog.profiles)
    return (
        owned_beyond_availability(instance, request)
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
) -> Plan:
    """Solve `request` for `forecast` against `catalog` and return the whole Plan
    (`on_progress` hears the main solve's HiGHS callback; see `optimizer.solver.MipProgress`).

    Raises:
        InvalidInput: from the pre-checks (see `optimizer.instance.prepare`); infeasible demand
        is not an error but a plan with status `infeasible` and its diagnosis.
    """
    options = request.options
    clock = Clock(options.time_limit_s)  # preprocessing counts against the time limit too
    full, instance, dominated = prepare_for_solve(catalog, request, forecast)
    pending = Plan(
        id=plan_id,
        status="failed",
        created_at=created_at,
        catalog_revision=catalog.revision,
        request=request,
        forecast_id=forecast_id,
        forecast=forecast,
        solver=SolverInfo(name="HiGHS", seconds=0.0, gap=None, dominated=dominated),
    )
    ids = [w.id for w in forecast.workloads]
    check_scenarios(forecast.scenarios, forecast.months, ids, options.risk)
    if forecast.scenarios:
        shown = scenario_plan(pending, instance, forecast, clock)
        notes = (*shown.warnings, *_request_notes(instance, request, catalog))
        return _checked(msgspec.structs.replace(shown, warnings=notes))
    stops = _Stops(on_progress)
    result = solve_instance(instance, request.objective, options, clock, stops.relay)
    solver = SolverInfo(
        name=result.solver,
        seconds=result.seconds,
        gap=result.achieved_gap,
        relaxed=options.relax,
        solves=result.solves,
        dominated=dominated,
        cancelled=stops.stopped,
        power=result.power,
    )
    plan = msgspec.structs.replace(pending, solver=solver)
    if result.solution is None:
        if result.status == "infeasible":
            empty = no_demand_diagnosis(instance, result.message)
            return msgspec.structs.replace(plan, status="infeasible", diagnosis=empty)
        return msgspec.structs.replace(plan, error=result.message)

    assembler = Assembler(instance, result.solution)
    plan, commitments, summary = with_solution(plan, assembler, request, clock)
    marginal: Marginals | None = None
    explained: Diagnosis | None = None
    if result.status == "infeasible":
        explained = diagnosis(assembler)
    else:
        marginal = marginals(instance, clock, options.gap)
    compared = baselines(full, summary, request.objective, options, clock, request)
    unshared = unshared_cost(assembler, result.status, request.objective, options, clock)
    said = warnings(
        assembler,
        commitments,
        result.status,
        result.achieved_gap,
        options.relax,
        stops.stopped,
        unshared,
        result.power,
    )
    said += _request_notes(instance, request, catalog)
    return _checked(
        msgspec.structs.replace(
            plan,
            status=result.status,
            marginal=marginal,
            baselines=tuple(compared),
            diagnosis=explained,
            warnings=tuple(said),
        )
    )
