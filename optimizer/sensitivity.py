"""Sensitivity of a solved plan (DESIGN section 8.3): its cost response to each eligible offer's
price and each workload's demand, re-solved at each step, and every eligible offer's target
price (see `optimizer.target_prices`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated, Literal

from msgspec import Meta

from catalog.errors import InvalidInput
from catalog.model import Catalog, Input
from optimizer.instance import Instance, prepare
from optimizer.plan import Out, Plan, Span
from optimizer.target_prices import TargetPrice, target_price
from optimizer.trials import Force, Trial, bought, run_trial, with_demand, with_price

__all__ = [
    "CostResponse",
    "DemandSensitivity",
    "OfferSensitivity",
    "Sensitivity",
    "SensitivityOptions",
    "check_sensitivity",
    "sensitivity",
]

Step = Annotated[float, Meta(ge=-0.9, le=10.0)]
SensitivityStatus = Literal["solving", "done", "failed"]


class SensitivityOptions(Input, frozen=True, kw_only=True):
    """What to vary: the relative `steps` applied to each price and each demand (default
    -25%, -10%, +10%, +25%), and the relative `tolerance` target prices are verified to."""

    steps: Annotated[tuple[Step, ...], Meta(min_length=1, max_length=8)] = (
        -0.25,
        -0.1,
        0.1,
        0.25,
    )
    tolerance: Annotated[float, Meta(ge=0.001, le=0.2)] = 0.01
    time_limit_s: Annotated[float, Meta(gt=0, le=300)] | None = None
    """Each re-solve's time limit; default: the plan's."""

    def __post_init__(self) -> None:
        if 0.0 in self.steps or len(set(self.steps)) != len(self.steps):
            msg = "`steps` must be distinct and non-zero (0 is the plan itself)"
            raise ValueError(msg)


class CostResponse(Out, frozen=True, kw_only=True):
    """The plan's cost with one price or demand changed by `change` (a fraction)."""

    change: float
    value: float
    """The price per GPU-hour tried, or the demand's scale (1 + change)."""
    status: str
    """The re-solve's status (`optimal`, `feasible`, `infeasible`: the demand cannot be met),
    or `unchanged` when no re-solve is needed (see `note`)."""
    cost: float | None
    cost_change: float | None
    note: str = ""


class OfferSensitivity(Out, frozen=True, kw_only=True):
    """One eligible offer: whether the plan buys it, its cost responses and target price."""

    offer_id: str
    vendor: str
    kind: str
    bought: bool
    price_per_gpu_hour: float
    responses: tuple[CostResponse, ...]
    target: TargetPrice


class DemandSensitivity(Out, frozen=True, kw_only=True):
    """One workload's demand scaled in every month (tail included)."""

    workload_id: str
    responses: tuple[CostResponse, ...]


class Sensitivity(Out, frozen=True, kw_only=True):
    """A plan's sensitivity run, stored beside it."""

    plan_id: str
    status: SensitivityStatus
    created_at: str
    options: SensitivityOptions = SensitivityOptions()
    currency: str = "USD"
    base_cost: float | None = None
    """The plan's cost as re-solved here, what each response is compared with."""
    cost_basis: Span = "horizon"
    offers: tuple[OfferSensitivity, ...] = ()
    workloads: tuple[DemandSensitivity, ...] = ()
    solves: int = 0
    seconds: float = 0.0
    error: str | None = None


SENSITIVITY_GAP = 1e-6
RAISED_UNBOUGHT = "unchanged: raising the price of an offer the plan does not buy keeps the plan"
ABOVE_TARGET = "unchanged: still above the offer's verified entering price"


def _response(
    instance: Instance, base: float, change: float, value: float, trial: Trial
) -> CostResponse:
    return CostResponse(
        change=change,
        value=value,
        status=trial.status,
        cost=trial.cost,
        cost_change=None if trial.cost is None else trial.cost - base,
    )


def _unchanged(change: float, value: float, base: float, note: str) -> CostResponse:
    return CostResponse(
        change=change, value=value, status="unchanged", cost=base, cost_change=0.0, note=note
    )


def check_sensitivity(plan: Plan) -> None:
    """Refuse a plan that has no sensitivity.

    Raises:
        InvalidInput: on `plan_id` when the plan was not solved to a plan (status other than
        `optimal` or `feasible`), minimises power rather than cost, is a relaxation, or
        plans scenarios.
    """
    request = plan.request
    if plan.status not in ("optimal", "feasible") or (plan.forecast or request.forecast) is None:
        msg = f"the plan is {plan.status}: only a solved plan has a sensitivity"
        raise InvalidInput.one("plan_id", msg)
    if request.objective != "cost" or request.options.relax:
        msg = "sensitivity is computed for plans that minimise cost with whole units"
        raise InvalidInput.one("plan_id", msg)
    if plan.scenarios is not None:
        msg = "sensitivity is computed for plans of one forecast, not of scenarios"
        raise InvalidInput.one("plan_id", msg)


def sensitivity(
    catalog: Catalog,
    plan: Plan,
    options: SensitivityOptions,
    *,
    created_at: str = "",
    on_step: Callable[[int], None] | None = None,
) -> Sensitivity:
    """Re-solve `plan` (solved against `catalog`) with each eligible offer's price and each
    workload's demand changed by each step, and find every eligible offer's target price.

    Raises:
        InvalidInput: on `plan_id` when the plan was not solved to a plan (status other than
        `optimal` or `feasible`), minimises power rather than cost, or is a relaxation.
    """
    began = time.perf_counter()
    check_sensitivity(plan)
    request = plan.request
    forecast = plan.forecast or request.forecast
    assert forecast is not None
    instance = prepare(catalog, request, forecast)  # every eligible offer: none pruned
    limit = options.time_limit_s or request.options.time_limit_s
    # A unit of one offer can be worth less than the plan's gap in cost: solve tighter.
    gap = min(request.options.gap, SENSITIVITY_GAP)
    solves = 0

    def trial(changed: Instance, force: tuple[int, Force] | None = None) -> Trial:
        nonlocal solves
        solves += 1
        if on_step is not None:
            on_step(solves)
        return run_trial(changed, time_limit=limit, gap=gap, force=force)

    base = trial(instance)
    if base.cost is None or base.solution is None:
        msg = f"the plan could not be solved again ({base.status})"
        raise InvalidInput.one("plan_id", msg)
    base_cost = base.cost
    offers: list[OfferSensitivity] = []
    for o in sorted({o for (o, _w) in instance.rates}):
        spec = instance.offers[o]
        price = spec.offer.price_per_gpu_hour
        buys = bought(instance, base.solution, o)
        # Existing units are priced at the offer's price too: only an offer with none keeps
        # the plan's cost whatever its price while the plan does not buy it.
        idle = not buys and not any(spec.existing)
        target = target_price(instance, o, base, trial, tolerance=options.tolerance, gap=gap)
        responses: list[CostResponse] = []
        for change in options.steps:
            value = price * (1.0 + change)
            if idle and change > 0:
                responses.append(_unchanged(change, value, base_cost, RAISED_UNBOUGHT))
            elif (
                idle
                and target.verified
                and target.above is not None
                and value >= target.above.price_per_gpu_hour
            ):
                responses.append(_unchanged(change, value, base_cost, ABOVE_TARGET))
            else:
                result = trial(with_price(instance, o, value))
                responses.append(_response(instance, base_cost, change, value, result))
        offers.append(
            OfferSensitivity(
                offer_id=spec.id,
                vendor=spec.offer.vendor,
                kind=spec.offer.kind,
                bought=buys,
                price_per_gpu_hour=price,
                responses=tuple(responses),
                target=target,
            )
        )
    workloads = [
        DemandSensitivity(
            workload_id=wspec.id,
            responses=tuple(
                _response(
                    instance,
                    base_cost,
                    change,
                    1.0 + change,
                    trial(with_demand(instance, w, 1.0 + change)),
                )
                for change in options.steps
            ),
        )
        for w, wspec in enumerate(instance.workloads)
    ]
    return Sensitivity(
        plan_id=plan.id,
        status="done",
        created_at=created_at,
        options=options,
        currency=instance.currency,
        base_cost=base_cost,
        cost_basis="horizon_and_tail" if instance.tail else "horizon",
        offers=tuple(offers),
        workloads=tuple(workloads),
        solves=solves,
        seconds=time.perf_counter() - began,
    )
