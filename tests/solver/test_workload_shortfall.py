"""A workload's `shortfall_tokens` is what the horizon leaves unserved: the tail of
`demand_continues` is reported in `plan.tail`, never as unserved demand (probe 4, finding 3)."""

from __future__ import annotations

import pytest

from optimizer import Options, PlanRequest, make_plan
from tests.tiny import Spec, catalog, forecast


def test_demand_continues_plan_served_in_full_reports_no_shortfall() -> None:
    """1,000 tok/s for 2 months plus a 3-month tail, all served on demand: the plan is optimal,
    its horizon tokens are 2 x 1,000 x 2,628,000 and its shortfall is 0 (it was the 3 tail
    months, 7.884e9 tokens)."""
    cat = catalog(Spec("od", 1.0))
    request = PlanRequest(
        forecast=forecast(1_000.0, months=2),
        options=Options(commitment_accounting="demand_continues", tail_months=3),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    assert plan.status == "optimal"
    assert plan.tail is not None and plan.tail.months == 3
    [workload] = plan.workloads
    assert workload.tokens == pytest.approx(2 * 1_000 * 2_628_000)
    assert workload.shortfall_tokens == 0.0
