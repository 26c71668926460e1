"""A plan for a forecast with scenarios: the two-stage solve, each scenario's cost, shortfall
and fleet, the expected cost and its range, the value of the stochastic solution (commit on
the mean forecast, react per scenario, compare) and what the highest scenario alone would
commit. The plan's own months, summary and commitments are those of its most probable
scenario (of a tie, the one with the most demand); baselines and marginal costs are not
computed for it (a warning says so)."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import replace

import msgspec

from catalog.model import Profile
from optimizer.assembly import SECONDS_PER_MONTH, Assembler, unserved
from optimizer.deployment_check import DEPLOYMENTS_CHOSEN, scenario_fewer_units
from optimizer.diagnosis import diagnosis
from optimizer.existing_limits import no_demand_diagnosis
from optimizer.explain import warnings
from optimizer.gap_basis import gap_basis
from optimizer.instance import Instance, WorkloadSpec
from optimizer.phases import (
    CANCELLED_EARLY,
    POWER_SLACK,
    POWER_STEP_SHARE,
    SHORTFALL_SLACK,
    Clock,
    Objective,
    OutcomeStatus,
    existing_kw_months,
    out_of_time,
    power_step,
)
from optimizer.plan import Diagnosis, Plan
from optimizer.request import Forecast
from optimizer.scenario_offers import named
from optimizer.scenario_result import ScenarioOutcome, ScenarioSummary, shown_scenario, why_shown
from optimizer.scenario_search import Search
from optimizer.scenario_trust import (
    CANCELLED,
    IN_TIME,
    Proof,
    high_below,
    high_note,
    mean_note,
    proof,
    vss_note,
)
from optimizer.scenario_whole import expected_whole, whole_outcomes, whole_warnings
from optimizer.scenarios import Solved, scenario_instances, searched
from optimizer.solution_plan import with_solution
from optimizer.solver import MipProgress, Solution

__all__ = ["scenario_plan"]

SHORT = (
    "no commitment meets every scenario's demand: the plan leaves the least expected share of "
    "it unmet (each scenario's shortfall), then is the cheapest at that; the diagnosis is the "
    "shortest scenario's"
)
NOT_COMPUTED = (
    "scenario plan: baselines and marginal costs are not computed; the months, allocations "
    "and summary shown are those of the {name} scenario ({why})"
)


def _cost(assembler: Assembler) -> float:
    lifetime = assembler.lifetime()
    return lifetime[0] if lifetime is not None else assembler.totals()[0]


def _committed_obligation(instance: Instance, solution: Solution) -> float:
    """What the contracts with a term beyond one month signed in the horizon owe in all."""
    return sum(
        units * instance.offers[o].month_cost_per_unit * instance.offers[o].term
        for (o, s), units in solution.starts.items()
        if s < instance.horizon and instance.offers[o].term > 1 and units > 1e-9
    )


def _outcome(name: str, p: float, instance: Instance, solution: Solution) -> ScenarioOutcome:
    a = Assembler(instance, solution)
    horizon = instance.horizon
    committed = [0.0] * horizon
    flexible = [0.0] * horizon
    for (o, t), units in a.units.items():
        if t < horizon:
            spec = instance.offers[o]
            (committed if spec.term > 1 else flexible)[t] += units * spec.gpus_per_unit
    api = [0.0] * horizon
    served = {True: [0.0] * horizon, False: [0.0] * horizon}  # by contract with a term
    for (o, w, t), gpus in solution.serve.items():
        if t < horizon:
            rate = instance.rates[(o, w)].per_gpu * a.capacity_share
            served[instance.offers[o].term > 1][t] += gpus * rate
    for (_a, w, t), tps in solution.buy.items():
        if t < horizon:
            api[t] += tps
            served[False][t] += tps * instance.workloads[w].workload.peak_to_average
    total, tokens, _peak, _average = a.totals()
    wanted = sum(w.average[t] for w in instance.workloads for t in range(horizon))
    return ScenarioOutcome(
        name=name,
        probability=p,
        cost=_cost(a),
        horizon_cost=total,
        tokens=tokens,
        shortfall_tokens=unserved(wanted * SECONDS_PER_MONTH, tokens),
        committed_obligation=_committed_obligation(instance, solution),
        committed_gpus=tuple(committed),
        flexible_gpus=tuple(flexible),
        api_tokens_per_second=tuple(api),
        required_tokens_per_second=tuple(
            sum(w.required[t] for w in instance.workloads) for t in range(horizon)
        ),
        committed_tokens_per_second=tuple(served[True]),
        flexible_tokens_per_second=tuple(served[False]),
    )


def _outcomes(
    names: list[str],
    probabilities: list[float],
    instances: list[Instance],
    solutions: list[Solution],
) -> list[ScenarioOutcome]:
    return [
        _outcome(n, p, i, s)
        for n, p, i, s in zip(names, probabilities, instances, solutions, strict=True)
    ]


def _total_demand(instance: Instance) -> float:
    return math.fsum(v for w in instance.workloads for v in w.required)


def _mean(instances: list[Instance], probabilities: list[float]) -> Instance:
    """The instance of the mean forecast: each month's demand weighted by the probabilities."""
    first = instances[0]
    workloads = []
    for w, wspec in enumerate(first.workloads):
        average = [
            math.fsum(
                p * s.workloads[w].average[t] for s, p in zip(instances, probabilities, strict=True)
            )
            for t in range(first.span)
        ]
        peak = wspec.workload.peak_to_average
        workloads.append(
            WorkloadSpec(
                workload=wspec.workload, average=average, required=[v * peak for v in average]
            )
        )
    return replace(first, workloads=workloads, bound_required=None)


def _alone(instance: Instance, search: Search) -> Solved:
    """`instance` solved as the only future (its own bounds), for the least cost: the mean
    forecast's commitments, whatever the objective (the value of the stochastic solution is a
    difference of expected costs)."""
    return search.run([replace(instance, bound_required=None)], [1.0], None)


def _two_stage(
    instances: list[Instance],
    probabilities: list[float],
    objective: Objective,
    search: Search,
    main: bool = False,
) -> Solved:
    """The two-stage search for `objective`: the least expected cost (or its risk measure);
    for `power`, the least expected kW-months of new units, then the cheapest within
    `POWER_SLACK` of them (as the plain plan's phases, the slack on the existing units' too)."""
    risk = search.options.risk
    if objective != "power":
        return search.run(instances, probabilities, risk, main=main)
    # Half the time left to the least power, the rest to the cheapest plan at it, as the
    # plain plan's phases (review 10 finding B: given all of it, the cost step found nothing).
    within = search.clock.share(POWER_STEP_SHARE)
    least = search.run(instances, probabilities, None, "power", main=main, within=within)
    kw_months = least.solutions[0].objective if least.solutions else None
    if kw_months is None:
        return least
    stopped = search.clock.stopped  # the cancel came during the least-power step
    fixed = existing_kw_months(instances[0])
    limit = (kw_months + fixed) * (1 + POWER_SLACK) - fixed + 1e-6
    cheapest = search.run(instances, probabilities, risk, power_limit=limit, main=main)
    found = cheapest.solutions is not None
    drawn = (kw_months + fixed) / 1000.0
    step = power_step(
        least.gap, least.status, cheapest.status if found else "failed", stopped, drawn
    )
    if not found:  # the least power, its cost unsolved
        return replace(least, status="feasible", gap=None, power=step)
    proven = least.status == cheapest.status == "optimal"
    # The least power unproven: no gap is known on the objective (power first), so none is
    # claimed (probe 8 finding 1: the cheapest phase's gap read as the whole solve's).
    gap = cheapest.gap if least.status == "optimal" else None
    return replace(cheapest, status="optimal" if proven else "feasible", gap=gap, power=step)


def _expected(outcomes: list[ScenarioOutcome]) -> float:
    return math.fsum(o.probability * o.cost for o in outcomes)


def _cvar(outcomes: list[ScenarioOutcome], alpha: float) -> float:
    """The expected cost of the worst (1 - alpha) of the probability."""
    tail = 1.0 - alpha
    left, total = tail, 0.0
    for o in sorted(outcomes, key=lambda o: -o.cost):
        take = min(left, o.probability)
        total += take * o.cost
        left -= take
        if left <= 1e-12:
            break
    return total / tail


def _expected_shortfall(solved: Solved, probabilities: list[float]) -> float:
    assert solved.solutions is not None
    return math.fsum(
        p * math.fsum(s.short.values())
        for p, s in zip(probabilities, solved.solutions, strict=True)
    )


def _least_shortfall(
    instances: list[Instance], probabilities: list[float], search: Search
) -> Solved:
    """When no commitment meets every scenario: the least expected unmet share of demand,
    then the cheapest plan at it (the plain plan's two phases, over the scenarios)."""
    least = search.run(instances, probabilities, None, "shortfall", main=True)
    if least.solutions is None:
        return least
    limit = _expected_shortfall(least, probabilities) + SHORTFALL_SLACK
    risk = search.options.risk
    cheapest = search.run(instances, probabilities, risk, shortfall_limit=limit, main=True)
    return cheapest if cheapest.solutions is not None else least


def _high_alone(
    instance: Instance, name: str, objective: Objective, search: Search
) -> tuple[float | None, Proof, str]:
    """What the contracts would owe were the plan made for `instance` (the high scenario)
    alone, for the request's objective (review 7a finding G: a least-cost solve under power):
    the obligation (None when not found, or not proven with an unknown gap), how far it is
    proven, and the note on it."""
    alone = _two_stage([replace(instance, bound_required=None)], [1.0], objective, search)
    p = proof(alone)
    said = high_note(name, alone, CANCELLED if search.clock.stopped else IN_TIME)
    if alone.solutions is None or not p.shown:
        return None, p, said
    return _committed_obligation(instance, alone.solutions[0]), p, said


def scenario_plan(
    plan: Plan,
    instance: Instance,
    forecast: Forecast,
    clock: Clock,
    on_progress: MipProgress | None = None,
    profiles: Sequence[Profile] = (),
) -> Plan:
    """`plan` (the request, solving) solved for `forecast`'s scenarios on `instance` (the
    plan's pruned instance); `on_progress` hears its two-stage search (as a plain plan's,
    see `optimizer.planner.make_plan`: a cancel keeps the plan found so far). `profiles`
    (the catalog's) tell which other deployments whole replicas could have used."""
    began = time.perf_counter()
    request = plan.request
    options = request.options
    names = [s.name for s in forecast.scenarios]
    probabilities = [s.probability for s in forecast.scenarios]
    instances = scenario_instances(instance, forecast)
    search = Search(options, clock, on_progress)
    solved = _two_stage(instances, probabilities, request.objective, search, main=True)
    short = solved.status == "infeasible"
    if short:
        solved = _least_shortfall(instances, probabilities, search)
    if solved.solutions is None and solved.status == "infeasible":
        # As a plan without scenarios: the existing units and the caps are every scenario's.
        why = "the constraints conflict even with no demand served"
        empty = no_demand_diagnosis(instance, f"scenarios: {why}")
        return msgspec.structs.replace(plan, status="infeasible", diagnosis=empty)
    if solved.solutions is None and clock.stopped:
        return msgspec.structs.replace(plan, status="cancelled", error=CANCELLED_EARLY)
    if solved.solutions is None:
        # As a plan without scenarios says it (review 18 R1: no advice, at the 0.05-s floor).
        error = f"scenarios: {out_of_time(plan.request.options.time_limit_s)}"
        return msgspec.structs.replace(plan, status="failed", error=error)
    solutions = solved.solutions
    outcomes = _outcomes(names, probabilities, instances, solutions)
    # Commit on the mean forecast, then react in each scenario: the value of planning for them.
    mean_cost: float | None = None
    high = max(range(len(instances)), key=lambda k: _total_demand(instances[k]))
    high_committed: float | None = None
    notes: list[str] = []
    mean_proof = high_proof = Proof(proven=True)
    if not short:
        mean = _alone(_mean(instances, probabilities), search)
        reacted = None
        if mean.solutions is not None:
            reacted = search.run(instances, probabilities, None, fixed=mean.shared_values)
            if reacted.solutions is not None:
                mean_proof = proof(mean, reacted)
                on_mean = _outcomes(names, probabilities, instances, reacted.solutions)
                mean_cost = _expected(on_mean) if mean_proof.shown else None
                least_cost = options.risk is None and request.objective == "cost"
                if least_cost and _expected(on_mean) < _expected(outcomes):
                    # Within the solver's gap the mean's commitments did better: the plan.
                    solved = searched(solved, reacted)
                    outcomes, solutions = on_mean, reacted.solutions
        when = CANCELLED if search.clock.stopped else IN_TIME
        notes.append(mean_note(mean, reacted, mean_proof, when))
        high_committed, high_proof, said_high = _high_alone(
            instances[high], names[high], request.objective, search
        )
        notes.append(said_high)
    expected = _expected(outcomes)
    status: OutcomeStatus = (
        "infeasible" if short else "optimal" if solved.status == "optimal" else "feasible"
    )
    vss = None if mean_cost is None or not mean_proof.proven else mean_cost - expected
    if vss is not None:
        notes.append(vss_note(status, solved.gap))
    # One assembler per scenario: its whole-unit tail is solved once, for its outcome and, for
    # the shown scenario, the plan's tail and warnings (`tail_whole` keeps it per assembler).
    assemblers = [Assembler(i, s) for i, s in zip(instances, solutions, strict=True)]
    missing: dict[str, str] = {}
    if not options.relax:
        outcomes, missing = whole_outcomes(outcomes, assemblers, clock)
    shown = shown_scenario(outcomes)
    # Every offer a scenario buys named, the shown one's or not (probe 18a F5).
    everyone = named(outcomes, assemblers, shown)
    outcomes = everyone.outcomes
    notes.append(high_below(names[high], high_committed, outcomes[0].committed_obligation))
    risk = options.risk
    summary = ScenarioSummary(
        objective=("power_then_" if request.objective == "power" else "")
        + ("expected_cost" if risk is None else "cvar"),
        risk=risk,
        expected_cost=expected,
        cost_min=min(o.cost for o in outcomes),
        cost_max=max(o.cost for o in outcomes),
        expected_whole_units_cost=expected_whole(outcomes),
        cvar=None if risk is None else _cvar(outcomes, risk.cvar_alpha),
        shown=names[shown],
        scenarios=tuple(outcomes),
        mean_forecast_cost=mean_cost,
        mean_forecast_gap=mean_proof.gap,
        value_of_stochastic_solution=vss,
        committed_obligation=outcomes[0].committed_obligation,
        high_scenario=names[high],
        high_scenario_committed_obligation=high_committed,
        high_scenario_gap=high_proof.gap,
        note=SHORT if short else "; ".join(n for n in notes if n),
        cost_basis=everyone.cost_basis,
    )
    explained: Diagnosis | None = None
    if short:
        worst = max(range(len(outcomes)), key=lambda k: outcomes[k].shortfall_tokens)
        explained = diagnosis(assemblers[worst])
        explained = msgspec.structs.replace(
            explained, summary=f"scenario {names[worst]}: {explained.summary}"
        )
    fewer = scenario_fewer_units(
        instances, solutions, names, profiles, allow_spot=options.allow_spot
    )
    a = assemblers[shown]
    plan, commitments, _ = with_solution(plan, a, request, clock)
    basis = gap_basis(instance.accounting, expected, instance.currency, summary.objective)
    stopped = clock.stopped
    said = warnings(
        a, commitments, status, solved.gap, options.relax, stopped, power=solved.power, basis=basis
    )
    solver = plan.solver
    if solver is not None:
        seconds = time.perf_counter() - began
        solver = msgspec.structs.replace(
            solver,
            seconds=seconds,
            gap=solved.gap,
            solves=search.solves,
            relaxed=options.relax,
            cancelled=clock.stopped,
            power=solved.power,
            optimal_for=DEPLOYMENTS_CHOSEN if fewer else "",
        )
    return msgspec.structs.replace(
        plan,
        status=status,
        solver=solver,
        warnings=(
            NOT_COMPUTED.format(name=names[shown], why=why_shown(summary)),
            *whole_warnings(outcomes, missing, instance.currency),
            *said,
            *everyone.warnings,
            *fewer,
        ),
        sources=plan.sources + tuple(everyone.sources),
        diagnosis=explained,
        scenarios=summary,
    )
