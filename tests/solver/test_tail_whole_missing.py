"""Review 7b finding 9: when the whole-unit tail solve finds no plan, the plan says so and why,
rather than staying silent; since a contract ending in the tail may be renewed in the
whole-unit solve, the case it was found on no longer arises (tiny catalog: `cool`, reserved
for 2 months, 8 GPUs at 1 kW; `hot`, on demand, 8 GPUs at 2 kW; a 10 kW total power cap;
1,500 tok/s for one month, 2-month tail)."""

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


def test_whole_units_renew_the_reservation_the_valuation_leaves() -> None:
    """The reserved unit (8 kW) ends after the tail's first month. Renewal is the model's
    choice: the valuation leaves it and buys 0.1875 of a `hot` unit (3 kW) for the second
    month (4,015.00 = 2,920.00 owed + 1,095.00); a whole `hot` unit (16 kW) breaks the cap,
    so in whole units the tail renews the reservation at its price: 5,840.00, said in the
    tail and a warning (before renewals, the whole-unit solve found no plan and the cost was
    unknown; with renewal mandatory the tail was 5,840.00 either way)."""
    options = msgspec.convert({"tail_months": 2}, Options)
    request = PlanRequest(
        forecast=forecast(1500.0), options=options, constraints=Constraints(total_power_mw=0.01)
    )
    assert request.forecast is not None
    plan = make_plan(COOL_HOT, request, request.forecast)
    assert plan.status == "optimal" and plan.tail is not None
    assert plan.tail.cost == pytest.approx(2_920.0 + 0.1875 * 5_840.0)
    assert plan.tail.renewed_cost == 0.0
    assert [(r.offer_id, r.units_ending, r.units_not_renewed) for r in plan.tail.renewals] == [
        ("cool", 1.0, 1.0)
    ]
    assert plan.tail.whole_units_cost == pytest.approx(2 * 2_920.0)
    said = [w for w in plan.warnings if w.startswith("the tail is valued")]
    assert len(said) == 1 and "5,840.00 USD, not 4,015.00" in said[0]
