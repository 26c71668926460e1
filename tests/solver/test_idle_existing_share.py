"""Review 13: the warning of what `max_vendor_share` costs counted another vendor's idle
existing units (sunk, signed at their own price) as capacity the share made the plan pay for,
at the catalog's price: B's catalog price moved from 0.50 to 4.00 made a warning appear of
21,900.00 "for capacity no workload needs" though nothing in the plan changed."""

from __future__ import annotations

import pytest

import optimizer.planner as planner
from optimizer import Existing, Options, PlanRequest, make_plan
from optimizer.request import Constraints
from tests.tiny import Spec, catalog, forecast


@pytest.mark.parametrize("b_price", [0.5, 4.0])
def test_idle_existing_units_are_not_what_the_share_costs(
    b_price: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warning's fallback (the re-solve without the share not proven) is the path. To
    keep B's 20 signed units within the share the plan buys two A units that serve nothing:
    2 x $1 x 730 h x 3 months = 4,380.00, whatever B's catalog price (B's idle signed units
    are sunk, not what the share costs)."""
    monkeypatch.setattr(planner, "unshared_cost", lambda *_a, **_k: None)
    cat = catalog(
        Spec("a", 1.0, vendor="A", term_months=6), Spec("b", b_price, vendor="B", term_months=6)
    )
    request = PlanRequest(
        forecast=forecast(10_000.0, months=3),
        existing=(
            Existing(
                offer_id="b", units=20, start="2027-01", term_months=6, price_per_gpu_hour=0.5
            ),
            Existing(offer_id="a", units=5, start="2027-01", term_months=6, price_per_gpu_hour=1.0),
        ),
        constraints=Constraints(max_vendor_share=0.6),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast, plan_id="plan_idle")
    assert plan.summary is not None
    assert plan.summary.total_cost == pytest.approx(37_230.0, abs=0.005)
    [said] = [w for w in plan.warnings if "no workload needs" in w]
    assert said.endswith("4,380.00 of it for capacity no workload needs"), said
