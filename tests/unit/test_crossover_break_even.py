"""The crossover's break-even with several APIs (probe 9, finding 2), against brute force: in
each block n of a GPU offer (demand in ((n - 1) * capacity, n * capacity], n * block_cost a
month) the least demand at which the buy line costs more is found by bisection on the line
itself, and the least over the blocks is the break-even."""

from __future__ import annotations

import random

import pytest

from optimizer.crossover_buy import Api, break_even, buy_cost

BLOCKS = 60


def _unlimited_last(apis: tuple[Api, ...]) -> tuple[Api, ...]:
    """`apis` with the last sold without limit, as `break_even` reads them."""
    return (*apis[:-1], apis[-1]._replace(max_tokens_per_second=None))


def _brute(apis: tuple[Api, ...], block_cost: float, capacity: float) -> float | None:
    """The least demand within BLOCKS blocks at which the blocks cost less than buying, by
    bisection in each block (None: none there)."""
    line = _unlimited_last(apis)
    for n in range(1, BLOCKS + 1):
        low, high = (n - 1) * capacity, n * capacity
        if (buy_cost(line, high) or 0.0) <= n * block_cost:
            continue  # the line, increasing, stays at or below the blocks in all of block n
        for _ in range(200):
            mid = (low + high) / 2
            if (buy_cost(line, mid) or 0.0) > n * block_cost:
                high = mid
            else:
                low = mid
        return high
    return None


def test_break_even_matches_brute_force_on_random_lines() -> None:
    """300 random lines of one to four APIs (prices rising, limits random) against a block:
    the break-even is brute force's, to 1e-6 relative, or beyond the blocks brute force
    looks at; None only where brute force finds none."""
    rng = random.Random(9)
    for _ in range(300):
        prices = sorted(rng.uniform(0.05, 3.0) for _ in range(rng.randint(1, 4)))
        apis = tuple(Api(p, f"api-{k}", rng.uniform(50, 3000)) for k, p in enumerate(prices))
        block_cost, capacity = rng.uniform(200, 5000), rng.uniform(100, 2000)
        even = break_even(apis, block_cost, capacity)
        brute = _brute(apis, block_cost, capacity)
        if brute is None:
            assert even is None or even > BLOCKS * capacity * (1 - 1e-9), (apis, even)
        else:
            assert even == pytest.approx(brute, rel=1e-6), (apis, block_cost, capacity)


def test_one_api_breaks_even_at_one_block() -> None:
    """One API at 1 per million (2.628 per tok/s-month) against a 1,460 block serving 1,000
    tok/s: 1,460 / 2.628 = 555.56; at 2 per million against a 6,000 block, never (6,000 /
    5.256 = 1,141.55 is beyond one block's 1,000 and every later block costs as much more)."""
    assert break_even((Api(1.0, "a", None),), 1460, 1000) == pytest.approx(1460 / 2.628)
    assert break_even((Api(2.0, "a", None),), 6000, 1000) is None
