"""What a sensitivity's cost changes are measured against: the plan's re-solve, unless that
re-solve stopped unproven at a cost above the plan's own, which is then the better figure (a
plan the buyer has, found by the plan's own solve). Probe 13b: a run with `time_limit_s` near
its floor re-solved the seed at 125.9 M against the plan's 39.4 M, and every response, itself
at 39.4 M, showed a change of -86.5 M."""

from __future__ import annotations

import msgspec

from optimizer.plan import Plan
from optimizer.plan_bought import no_better
from optimizer.price_responses import CostResponse
from optimizer.sensitivity_result import DemandSensitivity, LimitSensitivity, OfferSensitivity

__all__ = ["measured_against", "plan_cost"]


def plan_cost(plan: Plan) -> float | None:
    """The plan's own cost on the basis its re-solve counts (`optimizer.trials.cost_of`):
    horizon and tail under `demand_continues`, the horizon otherwise."""
    summary = plan.summary
    if summary is None:
        return None
    return summary.lifetime_cost if summary.lifetime_cost is not None else summary.total_cost


def _against(responses: tuple[CostResponse, ...], reference: float) -> tuple[CostResponse, ...]:
    return tuple(
        r if r.cost is None else msgspec.structs.replace(r, cost_change=r.cost - reference)
        for r in responses
    )


def measured_against(
    plan_cost: float | None,
    base_cost: float,
    base_proven: bool,
    offers: list[OfferSensitivity],
    workloads: list[DemandSensitivity],
    limits: list[LimitSensitivity],
) -> tuple[
    float,
    list[OfferSensitivity],
    list[DemandSensitivity],
    list[LimitSensitivity],
    tuple[str, ...],
]:
    """The cost the responses are measured against, the responses measured so, and what to
    say of it: the re-solve's `base_cost`, or the plan's cost when the re-solve is unproven
    (not `base_proven`) and dearer (by more than a cent). A response whose re-solve stopped
    unproven above the plan's cost, at a step the plan itself meets no dearer, is
    `optimizer.plan_bought.NO_BETTER` (no cost change: the plan is better)."""
    said: tuple[str, ...] = ()
    if not (base_proven or plan_cost is None or base_cost <= plan_cost + 0.01):
        said = (
            f"Each cost change is measured against the plan's own cost, {plan_cost:,.2f}: its "
            f"re-solve stopped unproven at {base_cost:,.2f}, above it",
        )
        base_cost = plan_cost
        offers = [
            msgspec.structs.replace(o, responses=_against(o.responses, plan_cost)) for o in offers
        ]
        workloads = [
            msgspec.structs.replace(w, responses=_against(w.responses, plan_cost))
            for w in workloads
        ]
        limits = [
            msgspec.structs.replace(m, responses=_against(m.responses, plan_cost)) for m in limits
        ]
    offers, workloads, limits, worse = no_better(plan_cost, offers, workloads, limits)
    if worse:
        said += (
            f"{worse} cost responses found no plan better than the plan itself: each re-solve "
            "stopped unproven above the plan's cost, at a step (a price or demand lowered, a "
            "limit raised) the plan still meets no dearer; they say `no_better`, with no cost "
            "change and no tornado bar",
        )
    return base_cost, offers, workloads, limits, said
