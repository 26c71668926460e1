"""Probe 13 finding 10: `marginal.demand[].per_token_per_second_month` was per token/s of
capacity, `peak_to_average` times less than what one more token/s of demand costs, while the
$/M beside it and the workload's figure were per average token/s. All three are now per
average token/s, as the forecast states demand, and each matches its finite difference."""

from __future__ import annotations

import msgspec
import pytest

from optimizer.plan import Plan
from optimizer.planner import make_plan
from optimizer.request import Options, PlanRequest
from tests import tiny

MONTH = 730.0


def _plan(tokens_per_second: list[float]) -> Plan:
    """One offer at $2/GPU-h and 1,000 tok/s a GPU; peak 1.3 times the average; relaxed."""
    catalog = tiny.catalog(tiny.Spec(id="a", price=2.0))
    forecast = tiny.forecast(tokens_per_second, len(tokens_per_second))
    workload = msgspec.structs.replace(forecast.workloads[0], peak_to_average=1.3)
    forecast = msgspec.structs.replace(forecast, workloads=(workload,))
    options = Options(relax=True, commitment_accounting="in_horizon", gap=0.0)
    request = PlanRequest(forecast=forecast, options=options)
    return make_plan(catalog, request, forecast, plan_id="plan_p2a")


def test_a_months_demand_marginal_is_per_average_token_per_second() -> None:
    """One more average token/s in January needs 1.3 tok/s of capacity: 1.3 / 1,000 GPU at
    $2 x 730 = $1.898, what re-solving with 1,001 tok/s costs more; the workload's figure is
    the two months' sum, $3.796; the $/M is $1.898 over the 2.628 M tokens a token/s makes in
    a month."""
    base = _plan([1000.0, 1000.0])
    assert base.marginal is not None and base.summary is not None
    more = _plan([1001.0, 1000.0])
    assert more.summary is not None
    finite = more.summary.total_cost - base.summary.total_cost
    assert finite == pytest.approx(1.3 * 2.0 * MONTH / 1000.0, abs=1e-6)
    january, february = base.marginal.demand
    assert january.per_token_per_second_month == pytest.approx(finite, abs=1e-6)
    assert february.per_token_per_second_month == pytest.approx(finite, abs=1e-6)
    assert january.per_million_tokens == pytest.approx(finite / 2.628, abs=1e-6)
    (workload,) = base.marginal.workloads
    assert workload.per_token_per_second == pytest.approx(2 * finite, abs=1e-6)
