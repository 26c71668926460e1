"""What a plan with scenarios reports about them (DESIGN section 8.3)."""

from __future__ import annotations

import math

from msgspec import Struct

from optimizer.price_trust import CostBasis
from optimizer.scenario_request import Risk

__all__ = [
    "ScenarioOutcome",
    "ScenarioPurchase",
    "ScenarioSummary",
    "shown_scenario",
    "why_shown",
]


class Out(Struct, frozen=True, kw_only=True):
    """Base of these output Structs (optimizer.plan imports this module)."""


class ScenarioPurchase(Out, frozen=True, kw_only=True):
    """What one scenario buys of one offer on demand (on-demand and spot GPU units, tokens from
    a per-token API): the purchases the plan leaves to each future, named by offer (probe 18a
    F5: a scenario's flexible GPUs and cost were given, not whose they were)."""

    offer_id: str
    vendor: str
    kind: str
    """The offer's kind: `on_demand`, `spot` (or another month-to-month kind), or `api`."""
    units: tuple[float, ...]
    """Per month of the horizon: the units bought (a GPU offer's), or the average tokens/s
    bought (an API's)."""
    cost: float
    """What they cost in the horizon."""
    tail_cost: float = 0.0
    """What the units or tokens bought in the tail of `demand_continues` count (valued, not
    bought; 0 without a tail)."""


class ScenarioOutcome(Out, frozen=True, kw_only=True):
    """One scenario under the plan's shared commitments and its own flexible purchases."""

    name: str
    probability: float
    cost: float
    """What the plan minimises for this future: horizon and tail under `demand_continues`,
    the horizon otherwise."""
    horizon_cost: float
    tokens: float
    shortfall_tokens: float = 0.0
    committed_obligation: float
    """What the contracts with a term beyond one month owe in all (the same in every
    scenario: they are signed once)."""
    committed_gpus: tuple[float, ...]
    """GPUs under contracts with a term, per month of the horizon (existing included)."""
    flexible_gpus: tuple[float, ...]
    """On-demand and spot GPUs this scenario buys, per month of the horizon."""
    api_tokens_per_second: tuple[float, ...] = ()
    """Average tokens/s bought from per-token APIs, per month of the horizon."""
    required_tokens_per_second: tuple[float, ...]
    """Capacity the scenario's demand takes (average x peak_to_average), per month."""
    committed_tokens_per_second: tuple[float, ...] = ()
    """Capacity (tokens/s) the contracts with a term serve in this scenario, per month."""
    flexible_tokens_per_second: tuple[float, ...] = ()
    """Capacity (tokens/s) on-demand, spot and API purchases serve, per month."""
    whole_units_cost: float | None = None
    """`cost` with the tail's month-to-month buying in whole units, as a buyer signs for them
    (where the model values it fractionally; review 7b finding 3): `cost` itself when the tail is
    whole already or there is none; None when relaxed, or whole units were not found (a
    warning says why)."""
    offers: tuple[ScenarioPurchase, ...] = ()
    """Its flexible purchases by offer, in the horizon and the tail (empty on plans stored
    before they were named)."""
    cost_basis: CostBasis | None = None
    """The weakest price and throughput bases `cost` rests on: every offer with units then
    (the shared contracts' and its own purchases'), every API it buys from (None on plans
    stored before it was given, or when it rests on no price)."""


class ScenarioSummary(Out, frozen=True, kw_only=True):
    """The scenarios side by side, the expected cost and what planning for them is worth."""

    objective: str
    """`expected_cost`, or `cvar` with `risk`; prefixed `power_then_` under the request's
    `objective: power` (the least expected kW-months of new units, then that within 0.1%)."""
    risk: Risk | None = None
    expected_cost: float
    cost_min: float
    cost_max: float
    expected_whole_units_cost: float | None = None
    """The expected cost with every scenario's tail in whole units (their `whole_units_cost`);
    None when one of them is unknown."""
    cvar: float | None = None
    """The expected cost of the worst (1 - cvar_alpha) of the probability, with `risk`."""
    shown: str
    """The scenario whose months, allocations and summary the plan shows: the most probable;
    of a tie, the one with the most demand in the horizon; then the first listed."""
    scenarios: tuple[ScenarioOutcome, ...]
    mean_forecast_cost: float | None = None
    """The expected cost of committing on the mean forecast, then buying flexibly in each
    scenario; None when that leaves a scenario's demand unmet or was not solved in time, or was
    not proven optimal at a gap unknown (the note says which)."""
    mean_forecast_gap: float | None = None
    """The relative gap at which the solve of the mean forecast's plan, or of its recourse in
    the scenarios, stopped at its time limit (the larger): `mean_forecast_cost` is then what
    committing on the commitments found costs, not proven the best on the mean forecast, and
    no value of the stochastic solution is given (probe 8 finding 1: one of the wrong sign
    stood beside status `optimal`). None when both proved their optimum."""
    value_of_stochastic_solution: float | None = None
    """`mean_forecast_cost` minus the plan's expected cost: what planning for the scenarios
    saves over planning for their mean; None unless both its solves proved their optimum
    (`mean_forecast_gap`). Never negative under the expected-cost objective; under
    a risk measure (or `objective: power`) the plan does not minimise the expected cost, so it
    may be negative: what the plan pays in expectation for its lower worst case (or power)."""
    committed_obligation: float
    high_scenario: str
    """The scenario with the most demand."""
    high_scenario_committed_obligation: float | None = None
    """What the contracts with a term would owe were the plan made for the high scenario alone,
    for the request's objective (under `power`, its least power, then the cheapest within
    0.1%); None when no commitment meets every scenario, or that solve found no plan in time,
    or stopped at one with a gap unknown (the note says which)."""
    high_scenario_gap: float | None = None
    """The relative gap at which that solve stopped at its time limit: the obligation is then
    that of the plan found, not proven the least; None when it proved its optimum."""
    note: str = ""
    cost_basis: CostBasis | None = None
    """The weakest price and throughput bases the expected cost rests on: those of every
    scenario's `cost_basis` (the shown scenario's `summary.cost_basis` counts its own offers
    only; None on plans stored before it was given)."""


def _demand(outcome: ScenarioOutcome) -> float:
    return math.fsum(outcome.required_tokens_per_second)


def shown_scenario(outcomes: list[ScenarioOutcome]) -> int:
    """The index of the scenario a plan shows (see `ScenarioSummary.shown`): never an empty
    one when another as probable asks for tokens."""
    return max(
        range(len(outcomes)), key=lambda k: (outcomes[k].probability, _demand(outcomes[k]), -k)
    )


def why_shown(summary: ScenarioSummary) -> str:
    """Why the plan shows `summary.shown`: "the most probable", or of a tie in probability
    what set it apart from the tied ("as probable as low, with the most demand"; "... listed
    first" among those with as much demand; review 7a finding D: `shown_scenario` always
    picks the most demand, so "listed first" was never said, even of a tie it broke)."""
    shown = next(o for o in summary.scenarios if o.name == summary.shown)
    tied = [o for o in summary.scenarios if o is not shown and o.probability == shown.probability]
    if not tied:
        return "the most probable"
    names = ", ".join(o.name for o in tied)
    level = [o.name for o in tied if _demand(o) == _demand(shown)]
    if not level:
        why = "with the most demand"
    elif len(level) == len(tied):
        why = "with as much demand, listed first"
    else:
        why = f"with the most demand, listed before {', '.join(level)}"
    return f"as probable as {names}, {why}"
