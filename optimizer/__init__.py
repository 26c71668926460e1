"""tokenplan's optimizer: pure (no I/O, no web), a catalog snapshot and a plan request in, a
Plan out. `make_plan` is the entry point; `quote` and `rank` answer single-offer questions."""

from catalog import Catalog, InvalidInput
from optimizer.api_quotes import ApiQuote, RankedApiOffer
from optimizer.assembly import unserved
from optimizer.crossover import (
    Crossover,
    CrossoverPoint,
    CrossoverRequest,
    buyable_crossover,
    crossover,
    plan_within,
)
from optimizer.deployment_check import RELAXATION, scoped_status, status_said
from optimizer.explain import unproven, unproven_notes
from optimizer.gap_basis import GapBasis, plan_gap_basis
from optimizer.phases import CANCELLED_EARLY, MIN_SOLVE_SECONDS, POWER_SLACK
from optimizer.plan import Commitment, Plan, Status, Summary, UnitMarginal
from optimizer.planner import make_plan
from optimizer.prepare import prepare_for_solve
from optimizer.quotes import Quote, QuoteRequest, QuoteWorkload, quote
from optimizer.ranking import Ranking, RankingRequest, rank
from optimizer.request import (
    SLO,
    Constraints,
    Existing,
    Forecast,
    Options,
    PlanRequest,
    PowerCap,
    Replicas,
    Workload,
    month_index,
    month_label,
)
from optimizer.scenario_request import Risk, Scenario, check_scenarios
from optimizer.scenario_result import ScenarioOutcome, ScenarioSummary, why_shown
from optimizer.sensitivity import CostResponse, check_sensitivity, sensitivity
from optimizer.sensitivity_result import Sensitivity, SensitivityOptions
from optimizer.solver_info import MODEL_VERSION, PowerStep, Progress, SolverInfo, Step
from optimizer.target_price_result import PriceCheck, TargetPrice


def check_time_limit(request: PlanRequest) -> None:
    """Refuse a `time_limit_s` below `MIN_SOLVE_SECONDS`, where a request arrives (the API's
    `precheck`, the CLI's plan): plans stored before the floor decode still.

    Raises:
        InvalidInput: on `options.time_limit_s`.
    """
    if request.options.time_limit_s < MIN_SOLVE_SECONDS:
        msg = f"expected at least {MIN_SOLVE_SECONDS:g} s, the least a solve gets"
        raise InvalidInput.one("options.time_limit_s", msg)


def precheck(catalog: Catalog, request: PlanRequest, forecast: Forecast) -> None:
    """Everything `make_plan` checks before it solves, without solving.

    Raises:
        InvalidInput: naming the field, as `make_plan` would, and on `options.time_limit_s`
        below `MIN_SOLVE_SECONDS` (checked here, where a request arrives).
    """
    check_time_limit(request)
    prepare_for_solve(catalog, request, forecast)
    demands = {w.id: w.demand(forecast.months) for w in forecast.workloads}
    check_scenarios(forecast.scenarios, forecast.months, demands, request.options.risk)


__all__ = [
    "CANCELLED_EARLY",
    "MODEL_VERSION",
    "POWER_SLACK",
    "RELAXATION",
    "SLO",
    "ApiQuote",
    "Commitment",
    "Constraints",
    "CostResponse",
    "Crossover",
    "CrossoverPoint",
    "CrossoverRequest",
    "Existing",
    "Forecast",
    "GapBasis",
    "Options",
    "Plan",
    "PlanRequest",
    "PowerCap",
    "PowerStep",
    "PriceCheck",
    "Progress",
    "Quote",
    "QuoteRequest",
    "QuoteWorkload",
    "RankedApiOffer",
    "Ranking",
    "RankingRequest",
    "Replicas",
    "Risk",
    "Scenario",
    "ScenarioOutcome",
    "ScenarioSummary",
    "Sensitivity",
    "SensitivityOptions",
    "SolverInfo",
    "Status",
    "Step",
    "Summary",
    "TargetPrice",
    "UnitMarginal",
    "Workload",
    "buyable_crossover",
    "check_sensitivity",
    "check_time_limit",
    "crossover",
    "make_plan",
    "month_index",
    "month_label",
    "plan_gap_basis",
    "plan_within",
    "precheck",
    "quote",
    "rank",
    "scoped_status",
    "sensitivity",
    "status_said",
    "unproven",
    "unproven_notes",
    "unserved",
    "why_shown",
]
