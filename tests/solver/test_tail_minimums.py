"""Probe 17a F1: the tail values what a buyer would pay for the demand after the horizon, and
an offer sold by a minimum contract (`min_units`) is bought none or at least that minimum
there too, as in the horizon: its month-to-month units, and a renewal of its contracts (a
renewal is a contract). Valued at one unit a month of an offer sold by four, the tail made a
month-to-month plan look cheaper than an owned unit that costs half of it in whole units."""

from __future__ import annotations

import pytest

from optimizer import Existing, Options, PlanRequest, Replicas, make_plan
from tests.bruteforce import brute_force
from tests.tiny import Spec, catalog, forecast

HOUR = 730.0  # hours a month

MONTHLY = catalog(Spec("od", 1.0, min_units=4), Spec("own", 2.0, term_months=48))
"""One 1-GPU unit serves the demand. On demand, sold by 4 units: 2,920.00 a month; a 48-month
contract of one unit: 1,460.00 a month."""

RENEWED = catalog(Spec("od", 1.1, min_units=4), Spec("res", 0.5, term_months=12, min_units=5))
"""A 12-month contract sold by 5 units at 0.50, and on demand by 4 at 1.10 (4.40 an hour for
what a renewal of 5 gives for 2.50)."""


@pytest.mark.parametrize("replicas", ["whole", "fractional"])
def test_a_tail_on_demand_is_bought_by_its_minimum(replicas: Replicas) -> None:
    """12 months then a 48-month tail of one unit's demand. On demand, at its minimum, costs
    2,920.00 x 60 = 175,200.00; the owned unit 1,460.00 x 48 and 12 months renewed, 87,600.00.
    Before, the tail's on-demand was valued at one unit (730.00 x 48): 70,080.00 in all, and
    the plan bought on demand for what costs 175,200.00."""
    request = PlanRequest(
        forecast=forecast(500.0, months=12), options=Options(tail_months=48, replicas=replicas)
    )
    assert request.forecast is not None
    plan = make_plan(MONTHLY, request, request.forecast)
    assert plan.status == "optimal"
    assert [(c.offer_id, c.units) for c in plan.commitments] == [("own", 1.0)]
    assert plan.summary.lifetime_cost == pytest.approx(1_460.0 * 60, abs=0.005)
    assert plan.summary.lifetime_cost == pytest.approx(brute_force(MONTHLY, request), abs=0.005)


def test_a_renewal_is_none_or_at_least_the_minimum() -> None:
    """5 units signed for 12 months (the minimum), serving 5,000 tok/s for 5 months and 600 in
    the last: their renewal for the tail's last 6 months is 5 units (10,950.00) or none (then
    4 on-demand units, 19,272.00), never the one unit the tail's demand needs (2,190.00, the
    plan's figure before: lifetime 24,090.00 against 32,850.00)."""
    request = PlanRequest(
        forecast=forecast([5_000.0] * 5 + [600.0], months=6), options=Options(tail_months=12)
    )
    assert request.forecast is not None
    plan = make_plan(RENEWED, request, request.forecast)
    assert plan.status == "optimal" and plan.tail is not None
    assert [(c.offer_id, c.units) for c in plan.commitments] == [("res", 5.0)]
    renewals = [(r.offer_id, r.units_renewed, r.renewed_cost) for r in plan.tail.renewals]
    assert renewals == [("res", 5.0, pytest.approx(5 * 0.5 * HOUR * 6, abs=0.005))]
    assert plan.summary.lifetime_cost == pytest.approx(32_850.0, abs=0.005)
    assert plan.summary.lifetime_cost == pytest.approx(brute_force(RENEWED, request), abs=0.005)


@pytest.mark.parametrize("units", [5, 3])
def test_an_existing_commitments_renewal_is_none_or_at_least_the_minimum(units: int) -> None:
    """Review 17a R1: the same 5 units held (signed before) renewed 1 of 5 (lifetime 24,090.00,
    8,760.00 under the plan that signs them new). Now none or at least the minimum: 5 units
    (10,950.00); an existing commitment of 3 units, fewer than today's minimum, is renewed
    whole or not at all (3 units, 6,570.00, under 4 on-demand units' 19,272.00)."""
    held = Existing(
        offer_id="res", units=units, start="2027-01", term_months=12, price_per_gpu_hour=0.5
    )
    request = PlanRequest(
        forecast=forecast([min(5_000.0, units * 1_000.0)] * 5 + [600.0], months=6),
        existing=(held,),
        options=Options(tail_months=12),
    )
    assert request.forecast is not None
    plan = make_plan(RENEWED, request, request.forecast)
    assert plan.status == "optimal" and plan.tail is not None
    renewals = [(r.existing, r.units_renewed) for r in plan.tail.renewals]
    assert renewals == [(True, float(units))]
    assert plan.summary.lifetime_cost == pytest.approx(units * 0.5 * HOUR * 18, abs=0.005)
    assert plan.summary.lifetime_cost == pytest.approx(brute_force(RENEWED, request), abs=0.005)
