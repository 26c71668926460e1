"""Probe 5 finding 8(g): existing units count toward `max_vendor_share` like any active unit
(DESIGN section 3: a share of each month's run-rate), and the plan says so with what it cost
(tiny catalog: vendor A's 12-month GPU, one owned; vendor B's on demand; 1,000 tok/s each)."""

from __future__ import annotations

from optimizer import Constraints, Existing, Options, PlanRequest, make_plan
from tests.tiny import Spec, catalog, forecast

CAT = catalog(Spec("own", 1.0, vendor="A", term_months=12), Spec("other", 1.0, vendor="B"))
"""Both $730 a GPU-month."""

OWNED = (Existing(offer_id="own", units=1, start="2027-01", term_months=12),)


def _share_warnings(tokens_per_second: float, share: float) -> tuple[float, list[str]]:
    """(the plan's cost, its warnings about owned units and the share) for one month."""
    request = PlanRequest(
        forecast=forecast(tokens_per_second),
        existing=OWNED,
        constraints=Constraints(max_vendor_share=share),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(CAT, request, request.forecast)
    assert plan.status == "optimal" and plan.summary is not None
    said = [w for w in plan.warnings if w.startswith("existing units of ")]
    return plan.summary.total_cost, said


def test_owned_units_that_force_idle_capacity_are_named_with_its_cost() -> None:
    """1,000 tok/s, served by the owned GPU alone: at most 60% of the spend to A takes one B
    GPU that nothing needs (730 of 1,460), and the warning says so."""
    cost, [said] = _share_warnings(1000.0, 0.6)
    assert cost == 1_460.0
    assert said == (
        "existing units of A (own: 730.00 USD in the horizon) count toward max_vendor_share "
        "(0.6) like any active unit: to keep A within it in 2027-01 the plan pays other "
        "vendors 730.00 USD, 730.00 of it for capacity no workload needs"
    )


def test_a_share_the_demand_meets_anyway_says_nothing() -> None:
    """2,000 tok/s needs the B GPU anyway: the share costs nothing, and no warning."""
    cost, said = _share_warnings(2000.0, 0.5)
    assert cost == 1_460.0 and said == []


def test_a_partly_used_unit_the_demand_needs_is_not_capacity_the_share_forced() -> None:
    """B sells 8-GPU units at $0.10: one serves the 1,000 tok/s the owned GPU cannot, with
    GPUs to spare. The plan is the same with a share of 0.6 as without one (A's 730 of 1,314
    is 55.6%), so nothing is said (review of 2026-11-30: the spare GPUs of B's unit were
    counted as idle capacity the share forced)."""
    eight = catalog(
        Spec("own", 1.0, vendor="A", term_months=12),
        Spec("other", 0.1, vendor="B", gpus_per_unit=8),
    )
    costs, said = [], []
    for share in (None, 0.6):
        request = PlanRequest(
            forecast=forecast(2000.0),
            existing=OWNED,
            constraints=Constraints(max_vendor_share=share),
            options=Options(commitment_accounting="in_horizon"),
        )
        assert request.forecast is not None
        plan = make_plan(eight, request, request.forecast)
        assert plan.status == "optimal" and plan.summary is not None
        costs.append(plan.summary.total_cost)
        said += [w for w in plan.warnings if w.startswith("existing units of ")]
    assert costs == [1_314.0, 1_314.0] and said == []
