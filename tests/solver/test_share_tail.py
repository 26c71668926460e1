"""The vendor share rules the forecast's months, where the plan buys, as the budget does: the
tail of `demand_continues` values the continued demand and buys nothing. Held in the tail too,
it made the seed example with vendors Nscale (reserved only) and Lambda (on-demand only) at a
share of 0.6 infeasible, though a plan keeps the share in every month of the horizon: once
Nscale's contracts end in the tail, only Lambda's on-demand units are left to value. Its
diagnosis then named the short tail by its solved months, not the months they stand for."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from optimizer import PlanRequest, make_plan, month_index, month_label
from optimizer.diagnosis import _tail_note
from optimizer.prepare import prepare
from optimizer.tail_blocks import tail_blocks
from tests.paths import EXAMPLES


def test_a_share_the_horizon_keeps_is_a_plan_though_the_tail_could_not() -> None:
    """Nscale and Lambda at a share of 0.6 under `demand_continues`: optimal, each vendor at
    most 60% of every horizon month's spend, the tail valued on Lambda alone once Nscale's
    contracts have ended."""
    raw = msgspec.json.decode((EXAMPLES / "seed-deepseek-r1.json").read_bytes())
    raw["forecast"]["workloads"][0]["vendors"] = ["Nscale", "Lambda"]
    raw["constraints"] = {"max_vendor_share": 0.6}
    request = msgspec.convert(raw, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast)
    assert plan.status == "optimal" and plan.tail is not None and plan.tail.cost > 0
    for month in plan.months:
        spend: dict[str, float] = {}
        for allocation in month.allocations:
            spend[allocation.vendor] = spend.get(allocation.vendor, 0.0) + allocation.cost
        assert max(spend.values()) <= 0.6 * sum(spend.values()) + 0.01, (month.month, spend)


def test_a_short_tail_block_is_named_with_every_month_it_stands_for() -> None:
    """A solved tail month stands for its block's months (`optimizer.tail_blocks`): the
    diagnosis names them all, where it counted the solved months (`2030-01..2030-12 (2
    months)` for two blocks covering twelve)."""
    raw = msgspec.json.decode((EXAMPLES / "seed-deepseek-r1.json").read_bytes())
    request = msgspec.convert(raw, PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    blocks = tail_blocks(instance)
    start, weight = max(blocks.weights.items(), key=lambda item: item[1])
    assert weight > 1
    last = month_index(instance.months[0]) + start + weight - 1
    named = _tail_note(instance, {start})
    assert f"..{month_label(last)} ({weight} months)" in named
