"""Review 7b finding 6: the lead of a plan that signs nothing says so in words, not "It signs
0 commitments on 0 offers (none) owing 0.00 USD" (tiny catalog: one on-demand GPU at $1/h,
1,000 tok/s)."""

from __future__ import annotations

import msgspec

from optimizer import Options, PlanRequest, Scenario, make_plan
from service.reports import render_report
from tests import tiny

OD = tiny.catalog(tiny.Spec(id="od", price=1.0))


def test_a_scenario_plan_that_commits_nothing_says_so() -> None:
    """On demand only, nothing has a term: the lead signs no commitment with a term in any
    scenario, and names the high scenario's on-demand buying (3,000 tok/s, 3 GPUs x 730 h x
    $1 = 2,190.00 USD), not "beside" anything."""
    scenarios = (
        Scenario(name="low", probability=0.5, scale=2 / 3),
        Scenario(name="high", probability=0.5),
    )
    forecast = msgspec.structs.replace(tiny.forecast(3000.0), scenarios=scenarios)
    options = Options(commitment_accounting="in_horizon")
    plan = make_plan(OD, PlanRequest(forecast=forecast, options=options), forecast)
    assert plan.scenarios is not None and plan.scenarios.shown == "high"
    md, _, _ = render_report(plan, OD, "md")
    assert isinstance(md, str)
    assert "0 commitments" not in md and "(none)" not in md
    assert (
        "It signs no new commitment with a term beyond one month in any scenario; the high "
        "scenario buys 2,190.00 USD on demand, spot or from APIs, as used"
    ) in md


def test_a_plain_plan_that_commits_nothing_says_so() -> None:
    """Next door: a plan buying only API tokens (at 0.01 USD per million, against a GPU at
    $100/h) signs no new commitment, and its lead says so in words."""
    catalog = msgspec.structs.replace(
        tiny.catalog(tiny.Spec(id="od", price=100.0)), api_offers=(tiny.api_offer(0.01),)
    )
    forecast = tiny.forecast(3000.0)
    options = Options(commitment_accounting="in_horizon")
    plan = make_plan(catalog, PlanRequest(forecast=forecast, options=options), forecast)
    assert plan.commitments == () and plan.summary is not None and plan.summary.api_cost > 0
    md, _, _ = render_report(plan, catalog, "md")
    assert isinstance(md, str)
    assert "It signs no new commitment." in md and "0 commitments" not in md
