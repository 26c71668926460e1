"""Probe 13 finding 2: a sensitivity's price steps re-priced the offer's commitments already
signed (`existing`), so a 25% cut "saved" what a buyer cannot save: the contract is signed at
today's price. A step moves only what a plan would sign at the new price."""

from __future__ import annotations

import pytest

from optimizer.planner import make_plan
from optimizer.request import Constraints, Existing, Options, PlanRequest
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import SensitivityOptions
from tests import tiny

HOURS = 730.0


def test_a_price_step_keeps_the_signed_units_at_their_price() -> None:
    """A at $2/GPU-h and 1,000 tok/s per GPU, B at $5 and 2,000; 2,000 tok/s for a month, one
    A GPU already signed for it. The plan buys one more A: 1,460 signed + 1,460 new. At A -25%
    the new GPU costs 1,095 and the signed one still 1,460: 2,555, a change of -365 (not the
    -730 of both GPUs re-priced); at +25% the new GPU costs 1,825 (one B GPU, 3,650, is
    dearer): 3,285, +365. B's steps move nothing: it is not bought, and A's signed price is
    not its."""
    catalog = tiny.catalog(
        tiny.Spec(id="a", price=2.0), tiny.Spec(id="b", price=5.0, tokens_per_gpu=2000.0)
    )
    forecast = tiny.forecast(2000.0)
    request = PlanRequest(
        forecast=forecast,
        existing=(Existing(offer_id="a", units=1, start=forecast.start, term_months=1),),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    plan = make_plan(catalog, request, forecast, plan_id="plan_signed")
    assert plan.summary is not None
    assert plan.summary.total_cost == pytest.approx(2 * 2.0 * HOURS, abs=0.005)
    assert plan.summary.committed_cost == pytest.approx(2.0 * HOURS, abs=0.005)
    result = sensitivity(catalog, plan, SensitivityOptions())
    steps = {o.offer_id: {r.change: r for r in o.responses} for o in result.offers}
    a, b = steps["a"], steps["b"]
    signed = 2.0 * HOURS
    for change in (-0.25, -0.1, 0.1, 0.25):
        new = 2.0 * (1 + change) * HOURS
        assert a[change].cost == pytest.approx(signed + new, abs=0.005), change
        assert a[change].cost_change == pytest.approx(new - 2.0 * HOURS, abs=0.005), change
    for change in (0.1, 0.25):
        assert b[change].status == "unchanged" and b[change].cost_change == 0.0


def test_under_a_vendor_share_a_price_step_leaves_the_owned_units_share() -> None:
    """A ($2) and B ($3) GPUs of 1,000 tok/s, one A GPU already signed, 2,000 tok/s for a
    month, no vendor above 60% of the month's spend: the second GPU is B's (a second A one
    would make A all of it): 1,460 + 2,190 = 3,650, B at 60%. A's price steps move no unit
    of the plan (its one GPU is signed at $2), so every one is 3,650. When the steps
    re-priced the signed GPU, -25% made it 1,095 and B 2,190 / 3,285 = 67% of the spend, over
    the share, and the re-solve bought an idle A GPU to dilute B: 4,380 (-10%: 4,818)."""
    catalog = tiny.catalog(
        tiny.Spec(id="a", price=2.0, vendor="A"), tiny.Spec(id="b", price=3.0, vendor="B")
    )
    forecast = tiny.forecast(2000.0)
    request = PlanRequest(
        forecast=forecast,
        constraints=Constraints(max_vendor_share=0.6),
        existing=(Existing(offer_id="a", units=1, start=forecast.start, term_months=1),),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    plan = make_plan(catalog, request, forecast, plan_id="plan_share")
    assert plan.summary is not None
    assert plan.summary.total_cost == pytest.approx(3650.0, abs=0.005)
    result = sensitivity(catalog, plan, SensitivityOptions())
    steps = {o.offer_id: {r.change: r for r in o.responses} for o in result.offers}
    for change in (-0.25, -0.1, 0.1, 0.25):
        assert steps["a"][change].cost == pytest.approx(3650.0, abs=0.005), change
    # B at $3.75 is 65% of 4,197.50: a new idle A GPU dilutes it (the share binds on B's own
    # step alike, before and after): 2 x 1,460 + 2,737.50.
    assert steps["b"][0.25].cost == pytest.approx(2 * 2.0 * HOURS + 3.75 * HOURS, abs=0.005)
