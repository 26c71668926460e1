"""From a solution's API purchases to the Plan's numbers: their cost by month and workload,
and each month's purchases, beside the GPU fleet `optimizer.assembly` reports."""

from __future__ import annotations

import math
from collections.abc import Callable

from optimizer.api_eligibility import API_MONTH
from optimizer.instance import Instance
from optimizer.plan import ApiPurchase
from optimizer.solver import Solution

__all__ = [
    "api_binding",
    "api_cost",
    "api_warnings",
    "bought",
    "purchases",
]


def api_cost(
    instance: Instance, solution: Solution, months: range, workload: int | None = None
) -> float:
    """What the tokens bought in `months` cost (for one `workload`, when given)."""
    return math.fsum(
        tps * API_MONTH * instance.api_prices[(a, w)]
        for (a, w, t), tps in solution.buy.items()
        if t in months and workload in (None, w)
    )  # a float when none is bought too (a plan's JSON said `"api_cost": 0`)


def bought(solution: Solution, w: int, t: int) -> float:
    """Average tokens/s workload `w` buys from APIs in month `t`."""
    return sum(tps for (_a, ww, tt), tps in solution.buy.items() if (ww, tt) == (w, t))


def purchases(instance: Instance, solution: Solution, t: int) -> list[ApiPurchase]:
    """Month `t`'s purchases, by offer then workload."""
    out = []
    for (a, w, tt), tps in sorted(solution.buy.items()):
        if tt != t or tps <= 1e-9:
            continue
        price = instance.api_prices[(a, w)]
        offer = instance.api_offers[a]
        out.append(
            ApiPurchase(
                offer_id=offer.id,
                vendor=offer.vendor,
                workload_id=instance.workloads[w].id,
                tokens_per_second=tps,
                million_tokens=tps * API_MONTH,
                price_per_million_tokens=price,
                cost=tps * API_MONTH * price,
            )
        )
    return out


def api_warnings(instance: Instance, solution: Solution) -> list[str]:
    """The APIs bought from whose speed the plan trusts but the offer does not state, those of
    the horizon, then those only the tail buys from (their prices are checked with the GPU
    offers', `optimizer.explain`)."""
    used = {a for (a, _w, _t), tps in solution.buy.items() if tps > 1e-9}
    horizon = {a for (a, _w, t), tps in solution.buy.items() if tps > 1e-9 and t < instance.horizon}
    out = []
    for offers, where in ((horizon, ""), (used - horizon, " (only in the tail)")):
        unstated = [
            instance.api_offers[a].id
            for a in sorted(offers)
            if instance.api_offers[a].interactivity is None
        ]
        if unstated:
            out.append(
                "API latency trusted (options.trust_api_latency), the SLO assumed met, "
                f"unverified: no stated speed for {', '.join(unstated)}{where}"
            )
    return out


def api_binding(
    instance: Instance,
    solution: Solution,
    short: dict[int, set[int]],
    months: Callable[[list[int]], str],
) -> list[str]:
    """The rate limits of API offers that could serve a short workload and sell all they may
    in a short month (`short`: month -> short workloads), as diagnosis lines."""
    out = []
    for a, offer in enumerate(instance.api_offers):
        limit = offer.max_tokens_per_minute
        if limit is None:
            continue
        hit = []
        for t, workloads in sorted(short.items()):
            if not any((a, w) in instance.api_prices for w in workloads):
                continue
            per_minute = sum(
                60.0 * instance.workloads[w].workload.peak_to_average * tps
                for (aa, w, tt), tps in solution.buy.items()
                if (aa, tt) == (a, t)
            )
            if per_minute >= limit * (1 - 1e-6):
                hit.append(t)
        if hit:
            out.append(f"rate limit of {offer.id} ({limit:,.0f} tokens/min) in {months(hit)}")
    return out
