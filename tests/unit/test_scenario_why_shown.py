"""Why a scenario plan shows the scenario it does, of a tie in probability (review 7a finding
D): the most demand, or, among those with as much demand, the one listed first."""

from __future__ import annotations

from optimizer import ScenarioOutcome, ScenarioSummary, why_shown
from optimizer.scenario_result import shown_scenario


def _outcome(name: str, demand: tuple[float, ...], probability: float = 0.5) -> ScenarioOutcome:
    """A scenario of `probability` whose demand takes `demand` tok/s a month."""
    months = len(demand)
    return ScenarioOutcome(
        name=name,
        probability=probability,
        cost=0.0,
        horizon_cost=0.0,
        tokens=0.0,
        committed_obligation=0.0,
        committed_gpus=(0.0,) * months,
        flexible_gpus=(0.0,) * months,
        required_tokens_per_second=demand,
    )


def _why(*outcomes: ScenarioOutcome) -> tuple[str, str]:
    """(the scenario shown, why) of a summary of `outcomes`."""
    shown = outcomes[shown_scenario(list(outcomes))].name
    summary = ScenarioSummary(
        objective="expected_cost",
        expected_cost=0.0,
        cost_min=0.0,
        cost_max=0.0,
        shown=shown,
        scenarios=outcomes,
        committed_obligation=0.0,
        high_scenario=shown,
    )
    return shown, why_shown(summary)


def test_a_tie_of_equal_demand_is_broken_by_the_listing_and_says_so() -> None:
    """a (1,100, 1,000 then 900 tok/s) and b (1,000 flat) are as probable with as much
    demand: a is shown for being listed first, and says so, not "with the most demand"."""
    a = _outcome("a", (1100.0, 1000.0, 900.0))
    b = _outcome("b", (1000.0, 1000.0, 1000.0))
    assert sum(a.required_tokens_per_second) == sum(b.required_tokens_per_second)
    assert _why(a, b) == ("a", "as probable as b, with as much demand, listed first")


def test_a_tie_broken_by_demand_says_the_most_demand() -> None:
    """b asks for more than a: b is shown, with the most demand."""
    a = _outcome("a", (1000.0,))
    b = _outcome("b", (2000.0,))
    assert _why(a, b) == ("b", "as probable as a, with the most demand")


def test_a_three_way_tie_names_what_each_part_of_it_was_broken_by() -> None:
    """a and c ask for 2,000 tok/s, b for 1,000, all a third likely: a is shown, with more
    demand than b and listed before c."""
    a, b, c = (_outcome(n, (d,), 1 / 3) for n, d in (("a", 2000.0), ("b", 1000.0), ("c", 2000.0)))
    assert _why(a, b, c) == ("a", "as probable as b, c, with the most demand, listed before c")


def test_a_scenario_more_probable_than_the_rest_is_the_most_probable() -> None:
    """No tie: "the most probable", whatever the demand."""
    assert _why(_outcome("a", (1.0,), 0.6), _outcome("b", (9.0,), 0.4))[1] == "the most probable"
