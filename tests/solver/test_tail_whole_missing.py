"""Review 7b finding 9: when the whole-unit tail solve finds no plan, the plan says so and why,
rather than staying silent (tiny catalog: `cool`, reserved for 2 months, 8 GPUs at 1 kW; `hot`,
on demand, 8 GPUs at 2 kW; a 10 kW total power cap; 1,500 tok/s for one month, 2-month tail)."""

from __future__ import annotations

import msgspec
import pytest

from optimizer import Options, PlanRequest, make_plan
from optimizer.request import Constraints
from tests.tiny import Spec, catalog, forecast

COOL_HOT = catalog(
    Spec("cool", 0.5, gpus_per_unit=8, term_months=2),
    Spec("hot", 1.0, gpus_per_unit=8, kw_per_gpu=2.0),
)


def test_a_whole_tail_no_plan_meets_is_said_with_why() -> None:
    """The reserved unit (8 kW) ends after the tail's first month; the second buys 0.1875 of a
    `hot` unit (3 kW) fractionally, where a whole one (16 kW) breaks the cap: the warning says
    the whole-unit cost is unknown, because of the limits, and no whole cost is claimed."""
    options = msgspec.convert({"tail_months": 2}, Options)
    request = PlanRequest(
        forecast=forecast(1500.0), options=options, constraints=Constraints(total_power_mw=0.01)
    )
    assert request.forecast is not None
    plan = make_plan(COOL_HOT, request, request.forecast)
    assert plan.status == "optimal" and plan.tail is not None
    assert plan.tail.cost == pytest.approx(2 * 1_460.0 + 0.1875 * 5_840.0)
    assert plan.tail.whole_units_cost is None
    [said] = [w for w in plan.warnings if w.startswith("the tail is valued")]
    assert "its cost in whole units, as a buyer signs for them, is unknown" in said
    assert "whole units cannot serve the tail within the plan's limits" in said
    assert "the 4,015.00 USD shown may be too low" in said
