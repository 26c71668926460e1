"""Review 7b finding 3: a scenario plan whose tails the model values fractionally (`fractional`
replicas; with `whole`, the default, every tail is whole since probe 16a F1) costs every
scenario's tail in whole units beside that valuation, not the shown scenario's alone: each outcome's
`whole_units_cost`, their expectation, a warning by how much, the report's lead, summary and
table (tiny catalog: one on-demand offer of 8-GPU units at $1/GPU-h, 5,840 USD a unit-month,
8,000 tok/s a unit; one month, a 2-month tail)."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from catalog import Catalog
from optimizer import Options, Plan, PlanRequest, Scenario, make_plan
from optimizer.request import Constraints
from optimizer.scenario_result import ScenarioSummary
from service.reports import render_report
from tests.tiny import Spec, catalog, forecast

EIGHT = catalog(Spec("od", 1.0, gpus_per_unit=8))
SCENARIOS = (
    Scenario(name="low", probability=0.25, scale=0.5),
    Scenario(name="base", probability=0.75),
)


def _plan(
    cat: Catalog, constraints: Constraints | None = None, replicas: str = "fractional"
) -> Plan:
    """1,500 tok/s (low: 750) for one month and a 2-month tail, under `constraints`."""
    options = msgspec.convert({"tail_months": 2, "replicas": replicas}, Options)
    fc = msgspec.structs.replace(forecast(1500.0), scenarios=SCENARIOS)
    request = PlanRequest(forecast=fc, options=options, constraints=constraints or Constraints())
    return make_plan(cat, request, fc)


def test_every_scenario_tail_is_costed_in_whole_units() -> None:
    """Both buy one unit in the horizon (5,840); base's tail values 0.1875 of a unit a month
    (2,190), low's 0.09375 (1,095), where a buyer pays a whole unit (11,680) in each: costs
    8,030 and 6,935, whole 17,520 each; expected 7,756.25, whole 17,520 (+9,763.75)."""
    plan = _plan(EIGHT)
    s = plan.scenarios
    assert plan.status == "optimal" and s is not None
    costs = {o.name: (o.cost, o.whole_units_cost) for o in s.scenarios}
    assert costs == {
        "low": (pytest.approx(6_935.0), pytest.approx(17_520.0)),
        "base": (pytest.approx(8_030.0), pytest.approx(17_520.0)),
    }
    assert s.expected_cost == pytest.approx(7_756.25)
    assert s.expected_whole_units_cost == pytest.approx(17_520.0)
    [said] = [w for w in plan.warnings if w.startswith("the expected cost values")]
    assert "it is 17,520.00 USD, not 7,756.25 (+9,763.75, +125.9%)" in said


def test_with_whole_replicas_every_scenario_tail_is_whole_in_the_model() -> None:
    """Each scenario's tail buys a whole unit a month: costs 17,520 each, their whole-unit
    figures the same, and no warning."""
    plan = _plan(EIGHT, replicas="whole")
    s = plan.scenarios
    assert plan.status == "optimal" and s is not None
    assert [(o.cost, o.whole_units_cost) for o in s.scenarios] == [
        (pytest.approx(17_520.0), pytest.approx(17_520.0))
    ] * 2
    assert s.expected_cost == pytest.approx(17_520.0)
    assert s.expected_whole_units_cost == pytest.approx(17_520.0)
    assert not [w for w in plan.warnings if w.startswith("the expected cost values")]


def test_the_report_shows_the_whole_unit_costs_of_the_scenarios() -> None:
    """The lead gives the expected cost in whole units, the summary pairs it and the table has
    a whole-unit cost column (md and html)."""
    plan = _plan(EIGHT)
    for fmt in ("md", "html"):
        page = render_report(plan, EIGHT, fmt)[0]
        assert isinstance(page, str)
        assert "17,520.00 USD with the tails bought in whole units" in page
        assert "expected cost, tails in whole units" in page
        assert "cost, horizon + tail in whole units" in page


def test_whole_units_renew_the_reservation_in_every_scenario() -> None:
    """Under a 10 kW cap a reserved 2-month unit (1 kW a GPU) serves the horizon and the
    tail's first month. With fractional replicas each scenario's valuation renews the fraction
    of it the tail's last month needs (low 6,113.75 = 5,840.00 + 0.09375 x 2,920.00; base
    6,387.50 = 5,840.00 + 0.1875 x 2,920.00), where a whole unit is what a buyer renews:
    8,760.00 (3 months of the unit) in each, and the plan says so. With whole replicas the
    model itself renews the unit in each scenario: 8,760.00."""
    cool_hot = catalog(
        Spec("cool", 0.5, gpus_per_unit=8, term_months=2),
        Spec("hot", 1.0, gpus_per_unit=8, kw_per_gpu=2.0),
    )
    plan = _plan(cool_hot, Constraints(total_power_mw=0.01))
    s = plan.scenarios
    assert s is not None and s.expected_whole_units_cost == pytest.approx(8_760.0)
    assert [(o.cost, o.whole_units_cost) for o in s.scenarios] == [
        (pytest.approx(6_113.75), pytest.approx(8_760.0)),
        (pytest.approx(6_387.5), pytest.approx(8_760.0)),
    ]
    said = [w for w in plan.warnings if w.startswith("the expected cost values")]
    assert len(said) == 1 and "8,760.00 USD, not 6,319.06" in said[0]
    whole = _plan(cool_hot, Constraints(total_power_mw=0.01), replicas="whole").scenarios
    assert whole is not None and whole.expected_cost == pytest.approx(8_760.0)
    assert [o.cost for o in whole.scenarios] == [pytest.approx(8_760.0)] * 2


def test_a_scenario_summary_stored_before_whole_tails_still_decodes() -> None:
    """Stored scenarios without the whole-unit fields decode with them None (no claim)."""
    outcome = {
        "name": "base",
        "probability": 1.0,
        "cost": 1.0,
        "horizon_cost": 1.0,
        "tokens": 1.0,
        "committed_obligation": 0.0,
        "committed_gpus": [0.0],
        "flexible_gpus": [1.0],
        "required_tokens_per_second": [1.0],
    }
    stored = {
        "objective": "expected_cost",
        "expected_cost": 1.0,
        "cost_min": 1.0,
        "cost_max": 1.0,
        "shown": "base",
        "scenarios": [outcome],
        "committed_obligation": 0.0,
        "high_scenario": "base",
    }
    summary = msgspec.convert(stored, ScenarioSummary)
    assert summary.expected_whole_units_cost is None
    assert summary.scenarios[0].whole_units_cost is None


def test_each_scenarios_whole_tail_is_solved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two scenarios with fractional tails: two whole-tail solves, the shown scenario's read
    again for the plan's tail and warning, not solved a second time."""
    from optimizer import tail_whole

    solved: list[int] = []
    solve = tail_whole.whole_tail

    def counted(*args: Any) -> Any:
        solved.append(1)
        return solve(*args)

    monkeypatch.setattr(tail_whole, "whole_tail", counted)
    plan = _plan(EIGHT)
    assert plan.tail is not None and plan.tail.whole_units_cost == pytest.approx(11_680.0)
    assert len(solved) == 2
