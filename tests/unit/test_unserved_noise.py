"""Probe 12 finding 4: rounding in the sums of tokens is not reported as demand left unserved
(the caps300 plans had 0.0625 of 1.6e14 tail tokens "short"), while a real shortfall, however
small a share, still is."""

from __future__ import annotations

import pytest

from optimizer.assembly import SECONDS_PER_MONTH, Assembler, workload_costs
from optimizer.instance import Instance
from optimizer.request import Options, PlanRequest
from optimizer.solver import Solution
from tests import tiny


def _served_in_full(tokens_per_second: float, short: dict[tuple[int, int], float]) -> Assembler:
    """An assembler of 12 months and a 7-month tail of one workload served by an on-demand
    offer, short only by the shares in `short` (workload, month of the span)."""
    request = PlanRequest(
        forecast=tiny.forecast(tokens_per_second, months=12),
        options=Options(commitment_accounting="demand_continues", tail_months=7),
    )
    instance = tiny.drawn_instance(tiny.catalog(tiny.Spec(id="od", price=2.0)), request)
    assert isinstance(instance, Instance)
    solution = Solution(
        status="optimal", solver="test", seconds=0.0, achieved_gap=0.0, objective=0.0, short=short
    )
    return Assembler(instance, solution)


def test_rounding_in_the_token_sums_is_no_shortfall() -> None:
    """61,000,000.1 tok/s served in full: the month-by-month sums differ from the whole
    demand in their last bits (0.125 tail and 0.25 horizon tokens before), shown as 0."""
    assembler = _served_in_full(61_000_000.1, {})
    tail = assembler.tail()
    assert tail is not None and tail.tokens > 1e15
    assert tail.shortfall_tokens == 0.0
    assert workload_costs(assembler, 1.0)[0].shortfall_tokens == 0.0


def test_a_millionth_of_one_month_short_is_still_reported() -> None:
    """A shortfall of 1e-6 of one tail month's and one horizon month's demand (1e-7 of the
    tail's tokens, 8e-8 of the horizon's) is reported, to within the rounding."""
    share = 1e-6
    assembler = _served_in_full(61_000_000.1, {(0, 3): share, (0, 14): share})
    month_tokens = 61_000_000.1 * SECONDS_PER_MONTH
    tail = assembler.tail()
    assert tail is not None
    assert tail.shortfall_tokens == pytest.approx(share * month_tokens, rel=1e-6)
    horizon_short = workload_costs(assembler, 1.0)[0].shortfall_tokens
    assert horizon_short == pytest.approx(share * month_tokens, rel=1e-6)
