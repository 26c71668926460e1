"""Ties at equal cost go to the smaller obligation, then lower power (DESIGN section 8.1), also
when a power cap or a vendor share that does not decide between the offers is in the request
(probe8 finding 3: the plan signed 16 times the obligation at the same cost)."""

from __future__ import annotations

import itertools

from optimizer import Constraints, Options, PlanRequest, PowerCap, make_plan
from tests.tiny import Spec, catalog, forecast

SHORT = Spec("r3", 2.0, vendor="A", term_months=3, gpus_per_unit=8)
LONG = Spec("r48", 2.0, vendor="B", term_months=48, gpus_per_unit=8)
UNIT_MONTH = 2.0 * 8 * 730  # $ a unit of either offer costs a month
DEMAND = 30000.0  # tokens/s: 3.75 units of 8,000


def _signed(constraints: Constraints) -> tuple[float, float, dict[str, float]]:
    """(cost, obligation, units per offer) of the plan for three months of `DEMAND`."""
    request = PlanRequest(
        forecast=forecast(DEMAND, months=3),
        constraints=constraints,
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(catalog(SHORT, LONG), request, request.forecast)
    assert plan.status == "optimal"
    units = {c.offer_id: c.units for c in plan.commitments}
    return plan.summary.total_cost, plan.summary.total_obligation, units


def _least_obligation(share: float | None) -> tuple[float, float]:
    """Brute force over whole units: the least cost, then the least obligation at it."""
    best: tuple[float, float] | None = None
    for short, long in itertools.product(range(6), repeat=2):
        if 8000 * (short + long) < DEMAND:
            continue
        if share is not None and max(short, long) > share * (short + long):
            continue
        cost = 3 * UNIT_MONTH * (short + long)  # both run the whole horizon (`in_horizon`)
        owed = UNIT_MONTH * (3 * short + 48 * long)
        best = (cost, owed) if best is None else min(best, (cost, owed))
    assert best is not None
    return best


def test_a_cap_that_does_not_bind_leaves_the_tie_to_the_shorter_term() -> None:
    """A 100 MW cap at the 3-month offer's site: still 4 units of it, 140,160.00 owed (the
    48-month offer at the same cost owed 2,242,560.00)."""
    cost, owed, units = _signed(Constraints(power_caps=(PowerCap(site="a/r", mw=100),)))
    assert (round(cost, 2), round(owed, 2)) == _least_obligation(None) == (140_160.0, 140_160.0)
    assert units == {"r3": 4.0}


def test_a_vendor_share_mixes_toward_the_smaller_obligation() -> None:
    """A 0.9 share needs both vendors: 3 units of the 3-month offer and 1 of the 48-month
    one (665,760.00 owed), not 1 and 3 (1,716,960.00), at the same 140,160.00."""
    cost, owed, units = _signed(Constraints(max_vendor_share=0.9))
    assert (round(cost, 2), round(owed, 2)) == _least_obligation(0.9) == (140_160.0, 665_760.0)
    assert units == {"r3": 3.0, "r48": 1.0}
