"""Review 7b finding 9: when the whole-unit tail solve finds no plan, the plan says so and why,
rather than staying silent; since contracts ending in the tail are renewed, the case it was
found on no longer arises (tiny catalog: `cool`, reserved for 2 months, 8 GPUs at 1 kW; `hot`,
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


def test_a_renewed_reservation_keeps_the_tail_whole() -> None:
    """The reserved unit (8 kW) ends after the tail's first month and is renewed at its price
    for the second (2,920.00 of the tail's 5,840.00): the tail is whole, nothing to warn of.
    Before renewals the second month bought 0.1875 of a `hot` unit (3 kW) fractionally, a
    whole one (16 kW) broke the cap, and the whole-unit cost was unknown; since the tail
    renews the horizon's last fleet, whole units can always serve it within the limits."""
    options = msgspec.convert({"tail_months": 2}, Options)
    request = PlanRequest(
        forecast=forecast(1500.0), options=options, constraints=Constraints(total_power_mw=0.01)
    )
    assert request.forecast is not None
    plan = make_plan(COOL_HOT, request, request.forecast)
    assert plan.status == "optimal" and plan.tail is not None
    assert plan.tail.cost == pytest.approx(2 * 2_920.0)
    assert plan.tail.renewed_cost == pytest.approx(2_920.0)
    assert plan.tail.whole_units_cost is None
    assert not [w for w in plan.warnings if w.startswith("the tail is valued")]
