"""The crossovers a plan's report shows: for each workload an API can serve under the plan's
options, cost per month by demand bought, built and mixed (`optimizer.crossover`)."""

from __future__ import annotations

import msgspec

from catalog import Catalog
from optimizer import Crossover, CrossoverRequest, Plan, buyable_crossover, plan_within

__all__ = ["plan_crossovers"]


def plan_crossovers(plan: Plan, catalog: Catalog) -> tuple[Crossover, ...]:
    """The crossover of each of the plan's workloads an API offer of `catalog` can serve under
    the plan's options, in the plan's currency (none otherwise: nothing crosses), with the
    workload's peak month among the levels; every line and the mix within the plan's vendors
    excluded and utilization cap (`plan_within`)."""
    forecast = plan.forecast or plan.request.forecast
    if forecast is None or plan.summary is None:
        return ()
    options = plan.request.options
    out = []
    for workload in forecast.workloads:
        if not any(a.model == workload.model for a in catalog.api_offers):
            continue
        peak = max(workload.demand(forecast.months))
        request = CrossoverRequest(
            workload=msgspec.structs.replace(workload, tokens_per_second=1.0),
            trust_api_latency=options.trust_api_latency,
            replicas=options.replicas,
            currency=plan.summary.currency,
        )
        levels = tuple(sorted({*request.levels, *([peak] if peak > 0 else [])}))
        request = msgspec.structs.replace(request, levels=levels)
        x = buyable_crossover(catalog, request, plan_within(plan.request.constraints))
        if x is not None:
            out.append(x)
    return tuple(out)
