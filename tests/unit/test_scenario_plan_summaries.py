"""Every summary of a scenario plan outside its report (the listing's line, the webhook's
event, the plan diff) carries its expected cost and says its `summary` is one scenario's
(probe 11 finding 2: GET /plans and `plan.completed` gave the shown scenario's total cost as
the plan's, with no sign of scenarios)."""

from __future__ import annotations

import msgspec

from service.plan_diff import diff_plans, render_diff
from service.plan_docs import PlanListItem, list_item
from service.webhooks import plan_event_data
from tests.golden import GOLDEN, golden_plan


def test_the_listing_line_of_a_scenario_plan_carries_its_expected_cost() -> None:
    """three-scenarios: the line says 3 scenarios, the expected 26,656,633.28 and that its
    summary (5,018,008.32) is the base scenario's."""
    item = list_item((GOLDEN / "three-scenarios.json").read_bytes())
    assert item.scenarios == 3
    assert item.shown_scenario == "base"
    assert item.expected_cost is not None and round(item.expected_cost, 2) == 26656633.28
    assert item.summary is not None and round(item.summary.total_cost, 2) == 5018008.32


def test_the_listing_line_of_a_plain_plan_has_no_scenario_fields() -> None:
    """The seed plan's line: no expected cost, 0 scenarios, none shown."""
    item = list_item((GOLDEN / "seed-deepseek-r1.json").read_bytes())
    assert (item.expected_cost, item.scenarios, item.shown_scenario) == (None, 0, None)


def test_a_listing_line_of_older_code_still_decodes() -> None:
    """A line without the new fields (a client reading an older server) decodes with their
    defaults."""
    item = list_item((GOLDEN / "seed-deepseek-r1.json").read_bytes())
    raw = msgspec.to_builtins(item)
    for field in ("expected_cost", "scenarios", "shown_scenario"):
        del raw[field]
    old = msgspec.json.decode(msgspec.json.encode(raw), type=PlanListItem)
    assert old == item


def test_the_completed_event_of_a_scenario_plan_carries_its_expected_cost() -> None:
    """plan.completed of three-scenarios: total_cost stays the summary's (older receivers),
    beside the expected cost, the 3 scenarios and the one total_cost is of."""
    data = plan_event_data(golden_plan("three-scenarios"))
    assert round(data["total_cost"], 2) == 5018008.32
    assert round(data["expected_cost"], 2) == 26656633.28
    assert (data["scenarios"], data["shown_scenario"]) == (3, "base")
    plain = plan_event_data(golden_plan("seed-deepseek-r1"))
    assert "expected_cost" not in plain and "scenarios" not in plain


def test_the_diff_of_scenario_plans_leads_with_their_expected_costs() -> None:
    """three-scenarios against three-scenarios-short: the first row is the expected cost
    (26,656,633.28 against 20,393,233.28), the next labels the total as the shown scenario's."""
    d = diff_plans(golden_plan("three-scenarios"), golden_plan("three-scenarios-short"))
    first, second = d.totals[:2]
    assert first.label == "expected cost over the scenarios"
    assert (round(first.before or 0, 2), round(first.after or 0, 2)) == (
        26656633.28,
        20393233.28,
    )
    assert second.label == "total cost (a scenario plan's: its shown scenario's)"
    assert "| expected cost over the scenarios | 26,656,633.28 USD |" in str(render_diff(d, "md"))
    plain = diff_plans(golden_plan("seed-deepseek-r1"), golden_plan("seed-deepseek-r1"))
    assert plain.totals[0].label == "total cost"
