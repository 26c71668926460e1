"""Probe 12 finding 4: rounding in the sums of tokens is not reported as demand left unserved
(the caps300 plans had 0.0625 of 1.6e14 tail tokens "short"), while a real shortfall, however
small a share, still is."""

from __future__ import annotations

import msgspec
import pytest

from catalog import default_catalog
from optimizer import Plan
from optimizer.assembly import SECONDS_PER_MONTH, Assembler, workload_costs
from optimizer.instance import Instance
from optimizer.request import Options, PlanRequest
from optimizer.solver import Solution
from service.plan_diff import diff_plans
from service.reports import build_report
from tests import tiny
from tests.golden import golden_plan


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


def _stored_short(tokens: float) -> Plan:
    """The seed golden plan as stored with `tokens` of its tail short."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.tail is not None
    tail = msgspec.structs.replace(plan.tail, shortfall_tokens=tokens)
    return msgspec.structs.replace(plan, tail=tail)


def test_a_stored_plans_rounding_is_no_shortfall_in_its_report_or_diff() -> None:
    """A plan stored before the fix with 0.0625 tail tokens short (of 1.26e14): its diff with
    itself is like for like with no short row, its report has no short line; 1e7 tokens
    short (7.9e-8 of them) are still named in both."""
    label = "tail tokens short (demand nothing serves after the horizon)"
    noise = _stored_short(0.0625)
    d = diff_plans(noise, noise)
    assert d.not_like_for_like == ()
    assert "tail tokens short" not in [c.label for c in d.totals]
    assert label not in dict(build_report(noise, default_catalog()).tail)
    real = _stored_short(1e7)
    assert any(
        "unserved (10,000,000 tokens)" in r for r in diff_plans(real, real).not_like_for_like
    )
    assert label in dict(build_report(real, default_catalog()).tail)
