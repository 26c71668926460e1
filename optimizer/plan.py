"""The answer: a stored, immutable plan with its numbers, baselines and explanations.

Money is in the catalog currency at full precision; tokens/s are averages over the month unless
a name says capacity.
"""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, Struct

from optimizer.cash_flows import CashFlow, NetPresentValue
from optimizer.marginal_result import (
    DemandMarginal,
    Marginals,
    PowerMarginal,
    ShareMarginal,
    UnitMarginal,
    WorkloadMarginal,
)
from optimizer.price_trust import CostBasis
from optimizer.request import Accounting, Forecast, PlanRequest, Replicas
from optimizer.scenario_result import ScenarioSummary
from optimizer.solver_info import PowerStep, Progress, SolverInfo

__all__ = [
    "Allocation",
    "ApiPurchase",
    "Baseline",
    "Commitment",
    "DemandMarginal",
    "Diagnosis",
    "Marginals",
    "MonthPlan",
    "Plan",
    "PowerMarginal",
    "PowerStep",  # re-exported: optimizer.phases imports it from here
    "Renewal",
    "ShareMarginal",
    "Shortfall",
    "Span",
    "Summary",
    "Tail",
    "ThroughputSource",
    "UnitMarginal",
    "WorkloadCost",
    "WorkloadMarginal",
    "WorkloadShare",
]

AMORTISED_IN_HORIZON = (
    "Amortised cost of the horizon's months, not cash: each month's cost added up, a "
    "commitment's obligation spread evenly over the months of its term and capital "
    "purchases over the hardware's life; upfront payments are not counted when paid. The "
    "name is kept for compatibility; the cash that leaves is in `cash_flows` and "
    "`npv.cash_in_horizon`."
)
CAPACITY_WITHIN_CAP = (
    "Tokens/s these GPUs may serve within `constraints.utilization_cap`. With whole "
    "replicas (the default) gpus x throughput_per_gpu x utilization_cap (a cap of 0.5 "
    "halves it); with fractional replicas `gpus` counts only the GPUs kept busy, at most "
    "utilization_cap of the fleet, and this is gpus x throughput_per_gpu."
)
UTILIZATION_OF_CAPACITY = (
    "tokens_per_second / capacity_tokens_per_second: the share of the capacity within "
    "`constraints.utilization_cap` in use, so 1.0 is at the cap (not at the hardware's "
    "limit); of the GPUs' full throughput the share is utilization x utilization_cap."
)
THROUGHPUT_AT_SLO = (
    "Total tokens/s one GPU delivers at the workload's SLO (interactivity), before "
    "`constraints.utilization_cap`."
)

Status = Literal["solving", "optimal", "feasible", "infeasible", "failed", "cancelled"]
Span = Literal["horizon", "horizon_and_tail"]


class Out(Struct, frozen=True, kw_only=True):
    """Base of every output Struct."""


class Summary(Out, frozen=True, kw_only=True):
    """The plan in a few numbers."""

    currency: str
    total_cost: float
    chosen_cost: float
    committed_cost: float
    cash_cost_in_horizon: Annotated[float, Meta(description=AMORTISED_IN_HORIZON)]
    """The amortised cost of the horizon's months, not cash (see `AMORTISED_IN_HORIZON`)."""
    tokens: float
    cost_per_million_tokens: float | None
    peak_mw: float
    average_mw: float
    tokens_per_second_per_mw: float | None
    total_obligation: float
    """What the plan's new GPU capacity owes: the contracts with a term it signs, over their
    whole terms, and its on-demand and spot use of the horizon (existing commitments excluded:
    they are signed already). The requisition's GPU lines add up to it; its API lines, the
    tokens bought as used (`api_cost`), come beside it. A scenario plan's is its shown
    scenario's: its requisition lists only the contracts every scenario shares."""
    obligation_beyond_horizon: float
    idle_cost: float
    commitment_accounting: Accounting
    replicas: Replicas = "fractional"
    """`whole` (default since the second wave) or `fractional` (a deployment assumed divisible;
    every plan stored before the second wave)."""
    assumption: str = ""
    """The end-of-horizon assumption the plan rests on, in one sentence (its first line)."""
    lifetime_cost: float | None = None
    """Under `demand_continues`: the horizon's `total_cost` plus the tail's cost, what the
    plan minimises and what its baselines are compared on (None otherwise, and on plans
    stored before it was added)."""
    lifetime_cost_per_million_tokens: float | None = None
    """`lifetime_cost` per million tokens served in the horizon and the tail."""
    api_cost: float = 0.0
    """What the horizon's tokens bought from per-token APIs cost (in `total_cost` and
    `chosen_cost`)."""
    mw_months: float | None = None
    """MW-months the fleet draws, existing units included, over the months the objective
    counts: the horizon and, under `demand_continues`, the tail (its part in `tail.mw_months`).
    Objective `power` minimises it (its model counts the new units' kW-months: the existing
    units' are the same in every plan); under the other accountings it is `average_mw` times
    the horizon's months. None on plans stored before it was reported."""
    cost_basis: CostBasis | None = None
    """The weakest price and throughput bases `cost_per_million_tokens` rests on (the prices
    of every offer with units in the horizon and of the APIs bought from, the points behind
    every throughput served): "estimate price, derived throughput" (None without a cost per
    token, and on plans stored before it was said)."""
    lifetime_cost_basis: CostBasis | None = None
    """The same of `lifetime_cost_per_million_tokens`, the tail's offers with the horizon's."""


class WorkloadShare(Out, frozen=True, kw_only=True):
    """What one offer's GPUs do for one workload in one month."""

    workload_id: str
    gpus: float
    capacity_tokens_per_second: Annotated[float, Meta(description=CAPACITY_WITHIN_CAP)]
    """What the GPUs may serve within the utilisation cap (see `CAPACITY_WITHIN_CAP`)."""
    tokens_per_second: Annotated[
        float, Meta(description="Average tokens/s of the workload these GPUs serve.")
    ]
    interactivity: float
    throughput_per_gpu: Annotated[float, Meta(description=THROUGHPUT_AT_SLO)]
    """One GPU's tokens/s at the SLO, before the utilisation cap."""
    utilization: Annotated[float, Meta(description=UTILIZATION_OF_CAPACITY)]
    """Served over `capacity_tokens_per_second`: 1.0 is at the cap (`UTILIZATION_OF_CAPACITY`)."""
    replicas: float | None = None
    """Whole replicas of the deployment (None on plans stored before the second wave)."""
    gpus_per_replica: int | None = None
    deployment: str | None = None
    """The deployment whose throughput these GPUs count on (with whole replicas, the one that
    serves the workload's peak month on the fewest units; None on plans stored before it was
    reported)."""


class Allocation(Out, frozen=True, kw_only=True):
    """One offer's active fleet in one month."""

    offer_id: str
    vendor: str
    site: str
    kind: str
    units: float
    committed_units: float
    gpus: float
    cost: float
    mw: float
    workloads: tuple[WorkloadShare, ...]
    idle_gpus: float = 0.0
    """GPUs of the active fleet no workload uses (a 48-GPU replica in a 72-GPU rack leaves 24)."""


class ApiPurchase(Out, frozen=True, kw_only=True):
    """Tokens one workload buys from one per-token API offer in one month."""

    offer_id: str
    vendor: str
    workload_id: str
    tokens_per_second: float
    """Average total (input + output) tokens/s bought."""
    million_tokens: float
    price_per_million_tokens: float
    """Blended by the workload's isl:osl from the input and output prices."""
    cost: float


class MonthPlan(Out, frozen=True, kw_only=True):
    """One month of the plan."""

    month: str
    cost: float
    mw: float
    mw_by_site: dict[str, float]
    tokens_per_second: float
    allocations: tuple[Allocation, ...]
    purchases: tuple[ApiPurchase, ...] = ()
    """Tokens bought from per-token APIs (in `cost`; no power, no units)."""


class Commitment(Out, frozen=True, kw_only=True):
    """A contract the plan signs (or one already signed, `existing`)."""

    offer_id: str
    vendor: str
    kind: str
    start: str
    end: str
    term_months: int
    units: float
    gpus: float
    monthly_cost: float
    total_obligation: float
    obligation_in_horizon: float
    obligation_beyond_horizon: float
    existing: bool
    payment_model: str


class WorkloadCost(Out, frozen=True, kw_only=True):
    """What one workload costs, per million tokens, and what limits it."""

    workload_id: str
    model: str
    cost: float
    tokens: float
    cost_per_million_tokens: float | None
    shortfall_tokens: float
    cost_basis: CostBasis | None = None
    """The weakest price and throughput bases `cost_per_million_tokens` rests on: the prices
    of the offers serving the workload and the APIs it buys from, the points behind their
    throughput (None without a cost per token, and on plans stored before it was said)."""


class Baseline(Out, frozen=True, kw_only=True):
    """A naive strategy solved under the same constraints, beside the plan (Infracost style)."""

    strategy: str
    description: str
    status: Status
    offers: dict[str, str]
    plan_total_cost: float
    plan_cost_per_million_tokens: float | None
    total_cost: float | None = None
    cost_per_million_tokens: float | None = None
    peak_mw: float | None = None
    average_mw: float | None = None
    diff_total_cost: float | None = None
    """Baseline cost less plan cost over `compared_on`."""
    cost_ratio: float | None = None
    """Baseline cost per token over plan cost per token, over `compared_on`."""
    reason: str | None = None
    compared_on: Span = "horizon"
    """The span `diff_total_cost` and `cost_ratio` compare: `horizon_and_tail` under
    `demand_continues` (the objective both are solved for), `horizon` otherwise (and on plans
    stored before the tail was compared)."""
    tail: Tail | None = None
    """The baseline's own tail under `demand_continues`: the same months and demand as the
    plan's, the same month-to-month offers to buy then."""
    lifetime_cost: float | None = None
    """`total_cost` plus the tail's cost (under `demand_continues`)."""
    lifetime_cost_per_million_tokens: float | None = None
    plan_lifetime_cost: float | None = None
    """The plan's `summary.lifetime_cost`, beside the baseline's."""
    plan_lifetime_cost_per_million_tokens: float | None = None
    npv: NetPresentValue | None = None
    """The baseline's cash: its totals, upfront and present value at `options.discount_rate`
    (None on plans stored before, and where it has no plan)."""
    mw_months: float | None = None
    """The baseline's MW-months over `compared_on` (its `summary.mw_months`: what objective
    `power` minimises, and compares the plan with it on)."""
    plan_mw_months: float | None = None
    """The plan's `summary.mw_months`, beside the baseline's."""
    diff_mw_months: float | None = None
    """Baseline MW-months less the plan's, over `compared_on`."""


class Shortfall(Out, frozen=True, kw_only=True):
    """A workload-month the plan cannot serve in full."""

    workload_id: str
    month: str
    demand_tokens_per_second: float
    served_tokens_per_second: float
    short_tokens_per_second: float
    short_share: float


class Diagnosis(Out, frozen=True, kw_only=True):
    """Why the demand cannot be met: each short workload-month and what binds."""

    summary: str
    shortfalls: tuple[Shortfall, ...]
    binding: tuple[str, ...]


class ThroughputSource(Out, frozen=True, kw_only=True):
    """A profile point behind the throughput a plan counts on for one offer and workload."""

    offer_id: str
    workload_id: str
    basis: str
    source: str
    measured_on: str
    deployment: str
    interactivity: float
    throughput_per_gpu: float
    only_in_tail: bool = False
    """True where only the tail of `demand_continues` counts on this offer for this workload
    (the horizon does not buy it for it): the lifetime cost rests on it, the horizon's does
    not (False on plans stored before it was said)."""
    only_in_scenarios: tuple[str, ...] = ()
    """With scenarios: the scenarios, other than the one shown, whose own purchases alone
    count on this offer for this workload (the shown plan does not): their costs and the
    expected cost rest on it (empty: the shown plan's own, or a plan without scenarios)."""


class Renewal(Out, frozen=True, kw_only=True):
    """What the plan renews of one offer's contracts that end inside the tail (new ones, or
    the existing ones, `existing`), as the model chose: units not renewed stop serving and
    costing where their term ends. A valuation of the continued demand, not a commitment."""

    offer_id: str
    existing: bool
    units_ending: float
    """Units whose contracts end inside the tail."""
    units_renewed: float
    """Of them, those valued as renewed at their price to the tail's end."""
    units_not_renewed: float
    renewed_cost: float
    """What the renewed units count in the tail's cost after their terms."""


class Tail(Out, frozen=True, kw_only=True):
    """The months after the horizon under `demand_continues`: demand held at its last level,
    the commitments paid out in full, on-demand capacity bought month by month."""

    months: int
    cost: float
    tokens: float
    """Tokens served in the tail; `cost_per_million_tokens` is over these."""
    cost_per_million_tokens: float | None
    shortfall_tokens: float = 0.0
    """Tokens of the continued demand nothing serves in the tail: a workload no
    month-to-month offer serves has only the contracts still running then (0 on plans stored
    before it was counted)."""
    whole_units_cost: float | None = None
    """The tail's cost with its month-to-month units rounded up to whole ones (every
    workload's replicas whole): `cost` values that buying in fractional units. None when the
    tail buys no fraction of a unit, and on plans stored before it was given."""
    mw_months: float | None = None
    """MW-months the fleet draws in the tail: the contracts still running, the existing units
    and the month-to-month units bought then (fractional, as `cost` values them). None on
    plans stored before it was reported."""
    renewed_cost: float = 0.0
    """Of `cost`, what renewing the units (new and existing) whose contracts end inside the
    tail counts: the units the plan renews (the model chooses them: `renewals`) are valued as
    renewed at their own price to the tail's end. A valuation of the continued demand, not a
    commitment: in no obligation, requisition line, cash flow or FOCUS row (0 on plans stored
    before renewals were valued)."""
    renewals: tuple[Renewal, ...] = ()
    """Per offer (new and existing contracts apart), the units ending inside the tail, those
    renewed and those not (empty on plans stored before renewal was the model's choice)."""
    offers_only_in_tail: tuple[str, ...] = ()
    """The offers (GPU, then API) the tail is valued on that the horizon does not buy: its
    month-to-month units or tokens bought after the horizon. `cost` and the lifetime cost rest
    on their prices, which the warnings check as the horizon's (empty on plans stored before
    they were named)."""
    cost_basis: CostBasis | None = None
    """The weakest price basis and the throughput bases `cost_per_million_tokens` rests on:
    every unit active in the tail (contracts running on, renewals, existing ones,
    month-to-month units) and every API bought from then (review 17b F7: the tail's figure
    said nothing of it, though offers only the tail buys may carry it). None when the tail
    serves no tokens, and on plans stored before it was said."""


class Plan(Out, frozen=True, kw_only=True):
    """The stored answer to a plan request."""

    id: str
    status: Status
    created_at: str
    catalog_revision: int
    request: PlanRequest
    forecast_id: str | None = None
    # The forecast solved (resolved from `forecast_id` when the request names one) and the points
    # behind every throughput used: a plan carries what its reports need.
    forecast: Forecast | None = None
    sources: tuple[ThroughputSource, ...] = ()
    solver: SolverInfo | None = None
    summary: Summary | None = None
    tail: Tail | None = None
    months: tuple[MonthPlan, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    workloads: tuple[WorkloadCost, ...] = ()
    marginal: Marginals | None = None
    baselines: tuple[Baseline, ...] = ()
    diagnosis: Diagnosis | None = None
    warnings: tuple[str, ...] = ()
    cash_flows: tuple[CashFlow, ...] = ()
    """Cash out (and back) per month beside the amortised cost, from the plan's start through
    its last payment (empty on plans stored before cash was reported)."""
    npv: NetPresentValue | None = None
    """The cash flows' totals and present value at `options.discount_rate`."""
    error: str | None = None
    progress: Progress | None = None
    scenarios: ScenarioSummary | None = None
    """With a forecast's scenarios: each one's cost, shortfall and fleet, and their summary."""
