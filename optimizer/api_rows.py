"""Per-token API purchases in the model (DESIGN 8.2): continuous a[o,w,t], the average tokens/s
workload w buys from API offer o in month t, at `API_MONTH * blended price` per month; the
demand row gains `peak_to_average * a`; each offer's rate limit is a row; the spend counts in
the budget and vendor shares (`optimizer.rows`), never in power.

Each variable is the share of the month's average demand bought (0..1; `Formulation.buy_scale`
turns it back into tokens/s): a coefficient of 1 / demand in the demand row would fall under
HiGHS's smallest matrix value (1e-9) at a billion tokens/s and be dropped."""

from __future__ import annotations

from typing import Any

from catalog.model import slugify
from optimizer.api_eligibility import API_MONTH
from optimizer.model import LE, Formulation

__all__ = ["add_api_purchases", "add_api_rows", "api_spend_terms"]


def add_api_purchases(f: Formulation) -> None:
    """The purchase variables, their cost and their demand terms. A month's purchase is at
    most the month's average demand (a share of at most 1): tokens are billed as used, so
    none are bought idle."""
    instance = f.instance
    for (a, w), price in sorted(instance.api_prices.items()):
        wspec = instance.workloads[w]
        vendor = slugify(instance.api_offers[a].vendor)
        for t in f.blocks.solved:
            average = wspec.average[t]
            if (
                t < instance.api_first
                or average <= 0
                or (t >= instance.horizon and w not in f.tail_served)
            ):
                continue
            var = f.sink.variable(f"a_{a}_{w}_{t}", 0, 1.0, False)
            f.buy[(a, w, t)] = var
            f.buy_scale[(a, w, t)] = average
            # A block of tail months buys the same in each of its months.
            f.cost_terms[var] = API_MONTH * price * average * f.blocks.weight(t)
            f.bought.setdefault((w, t), []).append((var, wspec.workload.peak_to_average * average))
            f.api_spend.setdefault(t, []).append((var, vendor, API_MONTH * price * average))


def add_api_rows(f: Formulation) -> None:
    """Each API offer's rate limit, `sum_w peak_to_average * a * 60 <= max_tokens_per_minute`
    (capacity is bought for the peak); and, where a vendor share could be diluted by tokens
    nobody uses, the purchases of a workload within its average demand."""
    instance = f.instance
    by_limit: dict[tuple[int, int], list[tuple[Any, float]]] = {}
    for (a, w, t), var in f.buy.items():
        per_minute = 60.0 * instance.workloads[w].workload.peak_to_average * f.buy_scale[(a, w, t)]
        by_limit.setdefault((a, t), []).append((var, per_minute))
    for (a, t), pairs in sorted(by_limit.items()):
        limit = instance.api_offers[a].max_tokens_per_minute
        if limit is not None:
            f.sink.row(pairs, LE, limit, f"q_{a}_{t}")
    if instance.max_vendor_share is None:
        return
    for (w, t), terms in sorted(f.bought.items()):
        if len(terms) > 1:
            f.sink.row([(var, 1.0) for var, _ in terms], LE, 1.0, f"e_{w}_{t}")


def api_spend_terms(f: Formulation, t: int, vendor: str | None = None) -> list[tuple[Any, float]]:
    """$ per month of the tokens bought in month `t` (from `vendor` only, when given)."""
    return [(var, cost) for var, v, cost in f.api_spend.get(t, []) if vendor in (None, v)]
