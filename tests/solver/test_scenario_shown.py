"""Which scenario a plan shows, and why it says so (probe7 finding 9c): the most probable; of a
tie, the one with the most demand, never "the most probable" of a tie."""

from __future__ import annotations

import msgspec

from optimizer import Options, PlanRequest, Scenario, make_plan
from service.reports import render_report
from tests import tiny


def test_a_tie_in_probability_shows_the_scenario_that_asks_for_tokens() -> None:
    """Scenarios a (half, no demand) and b (half, the forecast): b is shown, the warning and
    the lead say it is as probable as a with the most demand, and no format calls it "the most
    probable" or says the forecast asks for no tokens."""
    catalog = tiny.catalog(tiny.Spec(id="od", price=1.0))
    tied = (
        Scenario(name="a", probability=0.5, scale=0.0),
        Scenario(name="b", probability=0.5),
    )
    forecast = msgspec.structs.replace(tiny.forecast(3000.0, months=2), scenarios=tied)
    options = Options(commitment_accounting="in_horizon")
    plan = make_plan(catalog, PlanRequest(forecast=forecast, options=options), forecast)
    assert plan.scenarios is not None and plan.scenarios.shown == "b"
    assert plan.summary is not None and plan.summary.tokens > 0
    why = "as probable as a, with the most demand"
    assert any(why in w for w in plan.warnings)
    for fmt in ("md", "html"):
        content, _, _ = render_report(plan, catalog, fmt)
        text = content if isinstance(content, str) else content.decode()
        assert why in text
        assert "most probable" not in text and "asks for no tokens" not in text
