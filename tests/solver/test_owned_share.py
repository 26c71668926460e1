"""Probe 5 finding 8(g): existing units count toward `max_vendor_share` like any active unit
(DESIGN section 3: a share of each month's run-rate), and the plan says so with what it cost
(tiny catalog: vendor A's 12-month GPU, one owned; vendor B's on demand; 1,000 tok/s each)."""

from __future__ import annotations

import msgspec

from catalog import Catalog
from optimizer import Constraints, Existing, Options, PlanRequest, make_plan
from tests.tiny import Spec, api_offer, catalog, forecast

CAT = catalog(Spec("own", 1.0, vendor="A", term_months=12), Spec("other", 1.0, vendor="B"))
"""Both $730 a GPU-month."""

OWNED = (Existing(offer_id="own", units=1, start="2027-01", term_months=12),)


def _share_warnings(
    tokens_per_second: float, share: float | None, offers: Catalog = CAT
) -> tuple[float, list[str]]:
    """(the plan's cost, its warnings about owned units and the share) for one month."""
    request = PlanRequest(
        forecast=forecast(tokens_per_second),
        existing=OWNED,
        constraints=Constraints(max_vendor_share=share),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(offers, request, request.forecast)
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
    plain, none = _share_warnings(2000.0, None, eight)
    shared, said = _share_warnings(2000.0, 0.6, eight)
    assert plain == shared == 1_314.0 and none == said == []


API = api_offer(1.0)
"""Vendor Api's tokens at $1 per million: 2.628 USD a month per tok/s."""


def test_tokens_bought_only_to_meet_the_share_are_named_with_their_cost() -> None:
    """Probe 7 finding 6: the owned GPU serves the 1,000 tok/s alone; a share of 0.6 makes the
    plan buy 730 * 0.4 / 0.6 = 486.67 USD of Api's tokens that nothing needs. No unit stands
    idle, so the warning used to say nothing; the re-solve without the share (730) names it."""
    with_api = msgspec.structs.replace(CAT, api_offers=(API,))
    cost, [said] = _share_warnings(1000.0, 0.6, with_api)
    assert round(cost, 2) == 1_216.67
    assert said.endswith(
        "to keep A within it in 2027-01 the plan pays other vendors 486.67 USD, 486.67 of it "
        "for capacity no workload needs"
    )


def test_tokens_the_demand_needs_beside_the_share_say_nothing() -> None:
    """2,000 tok/s, Api at $0.25 per million: the owned GPU serves 1,000 and 657 USD of Api's
    tokens the rest, more than the share asks (A: 730 of 1,387, 52.6%): the share costs
    nothing and nothing is said."""
    with_api = msgspec.structs.replace(CAT, api_offers=(api_offer(0.25),))
    plain, none = _share_warnings(2000.0, None, with_api)
    shared, said = _share_warnings(2000.0, 0.6, with_api)
    assert round(plain, 2) == round(shared, 2) == 1_387.0 and none == said == []


def test_a_share_that_binds_on_another_vendor_blames_no_owned_unit() -> None:
    """Review 7a finding A: A owns one $5 GPU, B sells $1 GPUs, C $2 ones; 10,000 tok/s.
    Without the share, A 1 + B 9 (10,220); with 0.6 the share binds on B (B 8 + C 1, 10,950),
    never on A (3,650 of 10,950): no warning blames A's unit, and no needed GPU is called
    capacity no workload needs."""
    three = catalog(
        Spec("own", 5.0, vendor="A", term_months=12),
        Spec("cheap", 1.0, vendor="B"),
        Spec("dear", 2.0, vendor="C"),
    )
    plain, _ = _share_warnings(10_000.0, None, three)
    shared, said = _share_warnings(10_000.0, 0.6, three)
    assert (plain, shared) == (10_220.0, 10_950.0) and said == []


def test_needed_capacity_the_share_moves_to_a_dearer_vendor_is_not_called_unneeded() -> None:
    """A owns one $1 GPU and sells more on demand at $1, C sells $2 GPUs; 3,000 tok/s. Without
    the share A serves all (2,190); at 0.6 A keeps 2 GPUs and C's serves the third (2,920):
    A is held back, but C's GPU is needed, so the warning names only what the share adds."""
    own_more = catalog(
        Spec("own", 1.0, vendor="A", term_months=12),
        Spec("more", 1.0, vendor="A"),
        Spec("dear", 2.0, vendor="C"),
    )
    plain, _ = _share_warnings(3_000.0, None, own_more)
    shared, [said] = _share_warnings(3_000.0, 0.6, own_more)
    assert (plain, shared) == (2_190.0, 2_920.0)
    assert said.endswith(
        "the plan pays other vendors 1,460.00 USD, 730.00 more than without the share"
    )
