"""Probe 5 finding 2: a baseline uses the existing units it is given but buys no new units of
an owned offer unless that offer is its own choice (tiny catalog, one month, in_horizon)."""

from __future__ import annotations

import pytest

from optimizer import Existing, Options, PlanRequest, make_plan
from tests.tiny import Spec, catalog, forecast

CAT = catalog(
    Spec("own", 1.0, term_months=12),
    Spec("cheap", 0.9, tokens_per_gpu=300.0),
)
"""'own': $1.00/GPU-h, 1,000 tok/s (12-month contracts; one GPU already owned); 'cheap':
$0.90/GPU-h on demand, 300 tok/s: the cheapest GPU-hour, the dearer token."""


def test_a_baseline_buys_more_of_an_owned_offer_only_when_it_chose_it() -> None:
    """3,000 tok/s for a month, 1,000 of it on the owned GPU ($730). cheapest_gpu_hour
    ('cheap') serves the other 2,000 on 7 'cheap' GPUs: 730 + 7 x 0.9 x 730 = 5,329 (it used to
    buy 2 more 'own' GPUs, 2,190, the plan's own cost); best_single_offer chose 'own' and buys
    2 more of it: 2,190, as the plan does."""
    request = PlanRequest(
        forecast=forecast(3000.0),
        existing=(Existing(offer_id="own", units=1, start="2027-01", term_months=12),),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(CAT, request, request.forecast)
    assert plan.status == "optimal" and plan.summary is not None
    assert plan.summary.total_cost == pytest.approx(2_190.0)
    compared = {b.strategy: b for b in plan.baselines}
    cheapest, single = compared["cheapest_gpu_hour"], compared["best_single_offer"]
    assert cheapest.offers == {"w": "cheap"} and single.offers == {"w": "own"}
    assert cheapest.total_cost == pytest.approx(730.0 + 7 * 0.9 * 730.0)
    assert single.total_cost == pytest.approx(2_190.0)
