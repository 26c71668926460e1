"""The monthly budget holds in the forecast's months, not in the tail of `demand_continues`
(which values the continued demand and buys nothing), and a tail that cannot be served is named
in the diagnosis rather than leaving an infeasible plan with nothing listed."""

from __future__ import annotations

from typing import Any

import msgspec

from catalog import default_catalog
from optimizer.plan import Plan
from optimizer.planner import make_plan
from optimizer.request import PlanRequest
from tests.bodies import FORECAST


def _plan(constraints: dict[str, Any], options: dict[str, Any] | None = None) -> Plan:
    body = {"forecast": FORECAST, "constraints": constraints, "options": options or {}}
    request = msgspec.convert(body, PlanRequest)
    return make_plan(default_catalog(), request, request.forecast)


def _month_costs(plan: Plan) -> list[float]:
    return [month.cost for month in plan.months]


def test_a_budget_every_month_of_the_plan_fits_changes_nothing() -> None:
    """A budget above every month of the unbudgeted plan leaves it optimal and unchanged (it
    made the plan infeasible when it also held in the tail, where 48-month contracts expire
    into dearer on-demand months)."""
    free = _plan({})
    assert free.status == "optimal" and free.summary is not None
    budget = max(_month_costs(free)) + 1000.0
    capped = _plan({"monthly_budget": budget})
    assert capped.status == "optimal" and capped.summary is not None
    assert round(capped.summary.total_cost, 2) == round(free.summary.total_cost, 2)
    assert capped.summary.lifetime_cost is not None and free.summary.lifetime_cost is not None
    assert round(capped.summary.lifetime_cost, 2) == round(free.summary.lifetime_cost, 2)


def test_a_tighter_budget_holds_in_every_month_of_the_horizon() -> None:
    """Below the unbudgeted plan's dearest month, the plan stays feasible, every month of the
    horizon within the budget, and costs no less over horizon and tail than without it. A
    12-month tail: under the default one (48 months, valued in whole units since probe 16a
    F1) the unbudgeted plan's dearest month, 2027-03, is already the least that month can
    cost, and no lower budget fits."""
    tail = {"tail_months": 12}
    free = _plan({}, tail)
    budget = 0.9 * max(_month_costs(free))
    capped = _plan({"monthly_budget": budget}, tail)
    assert capped.status == "optimal"
    assert max(_month_costs(capped)) <= budget + 0.01
    assert capped.summary is not None and free.summary is not None
    assert capped.summary.lifetime_cost is not None and free.summary.lifetime_cost is not None
    assert capped.summary.lifetime_cost >= free.summary.lifetime_cost - 0.01


def test_a_tail_that_cannot_be_served_is_named() -> None:
    """Under a total power cap too small for the demand (0.4 MW), the diagnosis says which
    months after the horizon cannot be served, besides the horizon's shortfalls; at 0.5 MW
    the horizon is served and so is the tail, by its racks renewed there (before renewals the
    48-month contract signed in March 2027 ran to February 2031, and March 2031 was short)."""
    plan = _plan({"total_power_mw": 0.4})
    assert plan.status == "infeasible" and plan.diagnosis is not None
    summary = plan.diagnosis.summary
    assert summary.startswith("2 workload-month(s) cannot be served in full")
    assert "after the horizon, the continued demand cannot be served in full in " in summary
    assert (
        "cannot be served in full in 2027-04..2031-03 (48 months) (only month-to-month" in summary
    )
    served = _plan({"total_power_mw": 0.5})
    assert served.status == "optimal" and served.tail is not None
    assert served.tail.shortfall_tokens == 0.0
