"""The crossover's buy line (DESIGN 8.2): steady demand bought from the eligible APIs, the
cheapest first, each up to its rate limit, as a plan of those APIs alone buys it; and the least
demand at which whole blocks of one GPU offer cost less than that line.

An API sells no more than its rate limit (`max_tokens_per_minute`, bought for the peak), so
the line is piecewise linear and convex: the cheapest API's price up to its limit, then the
next one's. It ends where every API has reached its limit (no end when one has none).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from optimizer.api_eligibility import API_MONTH
from optimizer.instance import Instance

__all__ = ["Api", "apis_by_price", "break_even", "buy_cost", "most_bought"]


class Api(NamedTuple):
    """An eligible API offer's blended price per million tokens, id, and the most average
    tokens/s its rate limit lets it sell (None: no limit)."""

    price: float
    offer_id: str
    max_tokens_per_second: float | None


def apis_by_price(instance: Instance, peak_to_average: float) -> tuple[Api, ...]:
    """The eligible API offers of the one-workload `instance` that a plan buying the cheapest
    tokens first would use, by blended price (then id): up to and including the first one
    without a rate limit (none after it is ever bought). Rate limits count tokens bought for
    the peak."""
    ordered = sorted(
        (price, instance.api_offers[a].id, instance.api_offers[a].max_tokens_per_minute)
        for (a, _w), price in instance.api_prices.items()
    )
    out = []
    for price, offer_id, per_minute in ordered:
        limit = None if per_minute is None else per_minute / 60.0 / peak_to_average
        out.append(Api(price, offer_id, limit))
        if limit is None:
            break
    return tuple(out)


def most_bought(apis: tuple[Api, ...]) -> float | None:
    """The most average tokens/s `apis` sell together (None: no limit; 0 with no API)."""
    if any(api.max_tokens_per_second is None for api in apis):
        return None
    return math.fsum(api.max_tokens_per_second or 0.0 for api in apis)


def buy_cost(apis: tuple[Api, ...], level: float) -> float | None:
    """Cost per month of `level` average tokens/s bought from `apis`, the cheapest first, each
    up to its rate limit; None when they cannot sell that much together (or there is none)."""
    limit = most_bought(apis)
    if not apis or (limit is not None and level > limit * (1 + 1e-9)):
        return None
    cost, left = 0.0, level
    for api in apis:
        bought = left if api.max_tokens_per_second is None else min(left, api.max_tokens_per_second)
        cost += bought * API_MONTH * api.price
        left -= bought
        if left <= 0:
            break
    return cost


def break_even(apis: tuple[Api, ...], block_cost: float, capacity: float) -> float | None:
    """Least average demand d at which whole blocks of a GPU offer, ceil(d / capacity) *
    block_cost a month, cost less than buying d from `apis` (`buy_cost`) were the last of
    them sold without limit; None: never.

    On each API's stretch [start, end) the line is cost_0 + slope * (d - start). Blocks cost
    n * block_cost for d in ((n - 1) * capacity, n * capacity], less than the line once d >
    d_n = start + (n * block_cost - cost_0) / slope: building wins in block n exactly when
    d_n < n * capacity, and f(n) = n * capacity - d_n is linear in n, so the least such n on
    the stretch is found directly (a stretch that began where building already won was left
    earlier)."""
    start = cost_0 = 0.0
    for k, api in enumerate(apis):
        slope = API_MONTH * api.price
        last = k == len(apis) - 1
        end = (
            math.inf
            if last or api.max_tokens_per_second is None
            else start + api.max_tokens_per_second
        )
        first_block = max(1, math.ceil(start / capacity - 1e-12))
        gain = capacity - block_cost / slope  # f(n + 1) - f(n)
        offset = cost_0 / slope - start  # f(n) = n * gain + offset
        if first_block * gain + offset > 0:
            n = first_block
        elif gain > 0:
            n = max(first_block, math.floor(-offset / gain) + 1)
        else:
            n = None
        if n is not None:
            even = max(start, start + (n * block_cost - cost_0) / slope)
            if even < end:
                return even
        if end == math.inf:
            return None
        cost_0 += slope * (end - start)
        start = end
    return None
