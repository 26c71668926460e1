"""The first words of a scenario plan's report: its expected cost and range, and, when a
scenario cannot be served in full, which and by how much (its cost is then of less work)."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from optimizer import Risk
from service.reports import build_report, render_report
from service.reports.cells import Money, Text
from service.reports.scenarios import scenario_lead, scenario_pairs
from tests.golden import golden_plan


def _short(shares: dict[str, float]) -> str:
    """The three-scenario golden plan's lead, with the named scenarios short by each share
    of their tokens."""
    plan = golden_plan("three-scenarios")
    assert plan.scenarios is not None
    outcomes = tuple(
        msgspec.structs.replace(
            o, shortfall_tokens=o.tokens * shares[o.name] / (1 - shares[o.name])
        )
        if o.name in shares
        else o
        for o in plan.scenarios.scenarios
    )
    scenarios = msgspec.structs.replace(plan.scenarios, scenarios=outcomes)
    return scenario_lead(msgspec.structs.replace(plan, scenarios=scenarios))


def test_a_plan_serving_every_scenario_says_nothing_of_shortfall() -> None:
    """The golden plan meets every scenario: its lead names no unserved tokens."""
    lead = _short({})
    assert lead.startswith("Over its 3 scenarios the plan's expected cost is ")
    assert "unserved" not in lead


def test_one_short_scenario_is_named_with_its_unserved_share() -> None:
    """The high scenario 15.4% short: named, with the share, and its cost said to be of what
    is served (the range alone read as the cost of serving it)."""
    lead = _short({"high": 0.154})
    assert (
        "; the high scenario cannot be served in full (15.4% of its tokens unserved; its cost "
        "is of what is served);" in lead
    )


def test_two_short_scenarios_are_listed() -> None:
    """Two short scenarios: both, each with its share."""
    lead = _short({"base": 0.02, "high": 0.25})
    assert "2 scenarios cannot be served in full (tokens unserved: base 2.0%, high 25.0%;" in lead


def test_a_short_scenario_plan_leads_every_format_with_its_scenarios() -> None:
    """Probe 4 finding 5: three scenarios under a 0.5 MW total cap (a real solve, stored as a
    golden plan) are `infeasible`; report.md and report.html (so the PDF) still open with
    the expected cost, its range and the high scenario's unserved share, then the diagnosis."""
    plan = golden_plan("three-scenarios-short")
    assert plan.status == "infeasible" and plan.diagnosis is not None
    lead = scenario_lead(plan)
    assert "the high scenario cannot be served in full (20.2% of its tokens unserved" in lead
    recommendation = build_report(plan, default_catalog()).recommendation
    assert recommendation[0] == lead + "."
    assert recommendation[1].startswith("The demand cannot be met in full: scenario high:")
    for fmt in ("md", "html"):
        text = render_report(plan, default_catalog(), fmt)[0]
        assert isinstance(text, str)
        text = text.replace("&#39;", "'")
        assert lead in text and text.index(lead) < text.index("The demand cannot be met")


def test_a_negative_value_of_the_stochastic_solution_is_shown_and_explained() -> None:
    """A CVaR plan that expects $547.50 more than committing on the mean: the value is shown
    negative, with a line saying the plan pays that for a lower worst case."""
    plan = golden_plan("three-scenarios")
    assert plan.scenarios is not None
    s = plan.scenarios
    costlier = msgspec.structs.replace(
        s,
        objective="cvar",
        risk=Risk(cvar_alpha=0.5, weight=1.0),
        mean_forecast_cost=s.expected_cost - 547.5,
        value_of_stochastic_solution=-547.5,
    )
    pairs = dict(scenario_pairs(msgspec.structs.replace(plan, scenarios=costlier)))
    assert pairs["value of the stochastic solution"] == Money(-547.5, "USD")
    said = pairs["value of the stochastic solution, negative"]
    assert isinstance(said, Text) and "547.50 USD more" in said.value and "CVaR" in said.value
    assert "value of the stochastic solution, negative" not in dict(scenario_pairs(plan))
