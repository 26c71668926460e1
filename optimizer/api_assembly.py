"""From a solution's API purchases to the Plan's numbers: their cost by month and workload,
and each month's purchases, beside the GPU fleet `optimizer.assembly` reports."""

from __future__ import annotations

import datetime as dt

from optimizer.api_eligibility import API_MONTH
from optimizer.instance import Instance
from optimizer.plan import ApiPurchase
from optimizer.solver import Solution

__all__ = ["api_cost", "api_warnings", "bought", "cheapest_api", "purchases"]


def api_cost(
    instance: Instance, solution: Solution, months: range, workload: int | None = None
) -> float:
    """What the tokens bought in `months` cost (for one `workload`, when given)."""
    return sum(
        tps * API_MONTH * instance.api_prices[(a, w)]
        for (a, w, t), tps in solution.buy.items()
        if t in months and workload in (None, w)
    )


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


def cheapest_api(instance: Instance) -> dict[int, int] | str:
    """workload -> its cheapest eligible API offer (lowest blended price, then id), or why
    there is none for some workload (`best_api` buys every workload's tokens)."""
    choice: dict[int, int] = {}
    for w, wspec in enumerate(instance.workloads):
        candidates = [a for (a, ww) in instance.api_prices if ww == w]
        if not candidates:
            return f"no per-token API offer is eligible for workload {wspec.id}"
        choice[w] = min(
            candidates, key=lambda a: (instance.api_prices[(a, w)], instance.api_offers[a].id)
        )
    return choice


def api_warnings(instance: Instance, solution: Solution, stale_days: int) -> list[str]:
    """What to check about the APIs the plan buys from in the horizon: a speed it trusts but
    the offer does not state, an estimated price, a price older than `stale_days` days at the
    plan's start."""
    used = sorted(
        {a for (a, _w, t), tps in solution.buy.items() if tps > 1e-9 and t < instance.horizon}
    )
    offers = [instance.api_offers[a] for a in used]
    out = []
    unstated = [o.id for o in offers if o.interactivity is None]
    if unstated:
        out.append(
            "API latency trusted (options.trust_api_latency), the SLO assumed met, unverified: "
            "no stated speed for " + ", ".join(unstated)
        )
    estimates = [
        f"{o.id} ({o.price_basis})" for o in offers if o.price_basis in ("estimate", "illustrative")
    ]
    if estimates:
        out.append(
            "API prices that are estimates or illustrative, not quotes: " + ", ".join(estimates)
        )
    year, month = (int(x) for x in instance.months[0].split("-"))
    start = dt.date(year, month, 1)
    stale = [
        f"{o.id} (as of {o.as_of.isoformat()})"
        for o in offers
        if (start - o.as_of).days > stale_days
    ]
    if stale:
        out.append(
            f"API prices more than {stale_days} days older than the plan's start "
            f"({instance.months[0]}): verify before buying: " + ", ".join(stale)
        )
    return out
