"""The two-stage model of scenarios (DESIGN section 8.3): every scenario's whole model written
into one problem, sharing the variables of contracts with a term beyond one month (signed
once, for all futures), while on-demand, spot and API purchases and the GPUs serving each
workload are each scenario's own. The objective is the expected cost, or a weighted CVaR.

Each scenario is the plan's instance with its own demand; all are bounded by the envelope of
their demands (`Instance.bound_required`), so that every scenario's model creates the same
contract variables and the same rows on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import pulp

from optimizer.instance import Instance, WorkloadSpec
from optimizer.model import GE, LE, Goal, PulpSink, shortfall_terms, tie_terms
from optimizer.phases import MIN_SOLVE_SECONDS, Clock, listening
from optimizer.request import Forecast
from optimizer.rows import write_model
from optimizer.scenario_request import Risk, scenario_demand
from optimizer.solver import MipProgress, Model, Solution, read_values, solve
from optimizer.solver_info import PowerStep
from optimizer.ties import polish, tie_seconds, tied_offers, used_offers

__all__ = [
    "ScenarioModel",
    "Solved",
    "build_scenarios",
    "scenario_instances",
    "searched",
    "solve_scenarios",
]

_SHARED = re.compile(r"^(?:n_\d+_\d+|[cb]_(\d+)_\d+)$")


def _continued(values: list[float], span: int) -> list[float]:
    return values + [values[-1]] * (span - len(values))


def scenario_instances(instance: Instance, forecast: Forecast) -> list[Instance]:
    """One instance per scenario of `forecast` (its demand; the tail holds its last month),
    all bounded by the envelope of the scenarios' demands."""
    horizon, span = instance.horizon, instance.span
    out: list[Instance] = []
    for scenario in forecast.scenarios:
        workloads = []
        for wspec in instance.workloads:
            base = wspec.workload.demand(horizon)
            average = _continued(scenario_demand(scenario, wspec.id, base), span)
            peak = wspec.workload.peak_to_average
            workloads.append(
                WorkloadSpec(
                    workload=wspec.workload,
                    average=average,
                    required=[v * peak for v in average],
                )
            )
        out.append(replace(instance, workloads=workloads))
    envelope = [
        [max(s.workloads[w].required[t] for s in out) for t in range(span)]
        for w in range(len(instance.workloads))
    ]
    bounded = [replace(s, bound_required=envelope) for s in out]
    # One choice of renewals for every scenario (their models share the commitments'
    # columns): open when any scenario's tail may leave the shared fleet idle.
    chosen = any(s.renewal_may_pay() for s in bounded)
    return [replace(s, renewal_open=chosen) for s in bounded]


class _ScenarioSink:
    """Scenario `k`'s view of the shared problem: its own variables and rows prefixed, the
    contracts with a term shared, its objective kept apart (`objective`)."""

    def __init__(self, base: PulpSink, k: int, instance: Instance, shared: dict[str, Any]):
        self.base = base
        self.k = k
        self.instance = instance
        self.shared = shared
        self.objective: list[tuple[Any, float]] = []

    def _is_shared(self, name: str) -> bool:
        match = _SHARED.match(name)
        if match is None:
            return False
        offer = match.group(1)
        return offer is None or self.instance.offers[int(offer)].term > 1

    def variable(self, name: str, low: float, up: float | None, integer: bool) -> Any:
        if not self._is_shared(name):
            return self.base.variable(f"k{self.k}_{name}", low, up, integer)
        if name not in self.shared:
            self.shared[name] = self.base.variable(name, low, up, integer)
        return self.shared[name]

    def row(self, pairs: list[tuple[Any, float]], sense: int, rhs: float, name: str) -> Any:
        return self.base.row(pairs, sense, rhs, f"k{self.k}_{name}")

    def minimize(self, pairs: list[tuple[Any, float]]) -> None:
        self.objective = pairs


@dataclass
class ScenarioModel:
    """The two-stage problem: each scenario's formulation and objective terms, the shared
    contract variables by name; for a least-cost objective, its cost and what its ties are
    broken on (`optimizer.ties.polish`; None otherwise)."""

    problem: pulp.LpProblem
    models: list[Model]
    objectives: list[list[tuple[Any, float]]]
    shared: dict[str, Any]
    cost: dict[Any, float] | None = None
    """The objective without its tie term: the expected cost (or its risk measure)."""
    tie: dict[Any, float] = field(default_factory=dict)
    """The expected obligation and power of `optimizer.model.tie_terms`."""


def build_scenarios(
    instances: list[Instance],
    probabilities: list[float],
    risk: Risk | None,
    *,
    goal: Goal = "cost",
    shortfall_limit: float | None = None,
    allow_shortfall: bool = False,
    relax: bool = False,
    power_limit: float | None = None,
) -> ScenarioModel:
    """Write every scenario into one problem and minimise the expected cost, or with `risk`
    (1 - weight) * expected cost + weight * CVaR_alpha (Rockafellar-Uryasev: eta plus the
    expected excess over eta, divided by 1 - alpha). With `allow_shortfall` each scenario
    may leave demand unmet (`goal` "shortfall" minimises the expected unmet share; a
    `shortfall_limit` holds it at a first phase's optimum), as the plain plan's phases do;
    `goal` "power" minimises the expected kW-months of new units, and `power_limit` holds
    them at that optimum (objective `power`). `relax` writes the LP relaxation."""
    base = PulpSink()
    shared: dict[str, Any] = {}
    models, objectives = [], []
    short = allow_shortfall or goal == "shortfall" or shortfall_limit is not None
    for k, instance in enumerate(instances):
        sink = _ScenarioSink(base, k, instance, shared)
        f = write_model(instance, sink, relax=relax, goal=goal, allow_shortfall=short)
        models.append(Model(problem=base.problem, formulation=f))
        objectives.append(sink.objective)
    limits = (
        (shortfall_limit, "S", lambda m: shortfall_terms(m.formulation)),
        (power_limit, "W", lambda m: list(m.formulation.power_terms.items())),
    )
    for limit, name, terms in limits:
        if limit is not None:
            # The expected value of each scenario's terms; a shared variable's summed (PuLP
            # keeps only the last coefficient of a variable listed twice).
            weighted: dict[Any, float] = {}
            for p, m in zip(probabilities, models, strict=True):
                for var, c in terms(m):
                    weighted[var] = weighted.get(var, 0.0) + p * c
            base.row(list(weighted.items()), LE, limit, name)
    expected = 1.0 if risk is None else 1.0 - risk.weight
    total: dict[Any, float] = {}
    cost: dict[Any, float] = {}
    tie: dict[Any, float] = {}
    for p, pairs, m in zip(probabilities, objectives, models, strict=True):
        for var, coefficient in pairs:
            total[var] = total.get(var, 0.0) + expected * p * coefficient
        for var, coefficient in m.formulation.cost_terms.items():
            cost[var] = cost.get(var, 0.0) + expected * p * coefficient
        for var, coefficient in tie_terms(m.formulation).items():
            tie[var] = tie.get(var, 0.0) + p * coefficient
    if risk is not None and risk.weight > 0:
        eta = base.variable("eta", -1e18, None, False)
        total[eta] = cost[eta] = total.get(eta, 0.0) + risk.weight
        for k, (p, pairs) in enumerate(zip(probabilities, objectives, strict=True)):
            excess = base.variable(f"z_{k}", 0.0, None, False)
            total[excess] = cost[excess] = risk.weight * p / (1.0 - risk.cvar_alpha)
            # excess >= scenario cost - eta
            base.row([(excess, 1.0), (eta, 1.0), *((v, -c) for v, c in pairs)], GE, 0.0, f"z{k}")
    base.minimize(list(total.items()))
    least_cost = goal == "cost" and not short and not relax
    return ScenarioModel(
        problem=base.problem,
        models=models,
        objectives=objectives,
        shared=shared,
        cost=cost if least_cost else None,
        tie=tie,
    )


@dataclass
class Solved:
    """The two-stage solve: its status and each scenario's solution (None when unsolved)."""

    status: str
    solutions: list[Solution] | None
    shared_values: dict[str, float]
    seconds: float
    gap: float | None
    power: PowerStep | None = None
    """Objective `power`: how its least-power step ended (`optimizer.scenario_plan`)."""


def solve_scenarios(
    model: ScenarioModel,
    *,
    time_limit: float,
    gap: float,
    fixed: dict[str, float] | None = None,
    clock: Clock | None = None,
    on_progress: MipProgress | None = None,
) -> Solved:
    """Solve the two-stage problem; with `fixed`, every shared contract variable held at the
    value named (0 when not named): the recourse of a first stage chosen elsewhere. The
    plan's `clock` stops the solve and skips its tie re-solve once the plan is cancelled;
    `on_progress` hears the solve (`optimizer.phases.listening`)."""
    if fixed is not None:
        for name, var in model.shared.items():
            value = fixed.get(name, 0.0)
            var.lowBound = value
            var.upBound = value
    heard = None if clock is None else listening(clock, on_progress)
    first = solve(model.models[0], time_limit=time_limit, gap_tolerance=gap, on_progress=heard)
    if first.status not in ("optimal", "feasible"):
        return Solved(first.status, None, {}, first.seconds, None)
    stopped = clock is not None and clock.stopped
    polished = None
    if fixed is None and not stopped:
        polished = _ties_broken(
            model, first, time_limit, gap, None if clock is None else listening(clock)
        )

    def value_of(var: Any) -> float:
        return float(var.varValue or 0.0) if polished is None else polished[var.index]

    if polished is not None:
        read_values(model.models[0].formulation, model.models[0].relaxed, first, value_of)
    solutions = [first]
    for m in model.models[1:]:
        solution = Solution(
            status=first.status,
            solver=first.solver,
            seconds=first.seconds,
            achieved_gap=first.achieved_gap,
            objective=first.objective,
        )
        read_values(m.formulation, m.relaxed, solution, value_of)
        solutions.append(solution)
    values = {name: value_of(var) for name, var in model.shared.items()}
    return Solved(first.status, solutions, values, first.seconds, first.achieved_gap)


def _ties_broken(
    model: ScenarioModel,
    first: Solution,
    time_limit: float,
    gap: float,
    on_progress: MipProgress | None,
) -> list[float] | None:
    """The column values of the two-stage plan with its ties broken as a plain plan's
    (`optimizer.ties`): when its commitments hold a tied offer, re-solved within the first
    solve's time at no more than its expected cost for the least expected obligation, then
    power. None when there is nothing to break or the re-solve found nothing better."""
    main = getattr(model.problem, "solverModel", None)
    if model.cost is None or main is None or first.solver != "HiGHS":
        return None
    instance = model.models[0].formulation.instance
    if not tied_offers(instance, used_offers(first)):
        return None
    # Within what the first solve left of `time_limit` (the plan's clock).
    limit = tie_seconds(time_limit - first.seconds, first.seconds)
    if limit < MIN_SOLVE_SECONDS:
        return None
    return polish(main, model.cost, model.tie, limit, gap, on_progress)


def searched(search: Solved, reacted: Solved) -> Solved:
    """The plan made of the mean forecast's commitments (`reacted`, solved with them fixed),
    with the status and gap of the two-stage `search` it beat: the re-solve is optimal only
    given those commitments, so it proves nothing; its gap is measured against the search's
    bound (both minimise the same expected cost)."""
    gap = search.gap
    found = search.solutions[0].objective if search.solutions else None
    taken = reacted.solutions[0].objective if reacted.solutions else None
    if gap is not None and found is not None and taken is not None and taken > 0:
        bound = found - gap * abs(found)
        gap = max(0.0, (taken - bound) / abs(taken))
    return replace(reacted, status=search.status, gap=gap)
