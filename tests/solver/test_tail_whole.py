"""Probe 7 finding 8: where the tail values its month-to-month buying in fractional units
(`fractional` replicas; with `whole`, the default, the tail is whole since probe 16a F1), a
plan says what whole units, as a buyer signs for them, cost beside it, in the JSON (`tail.
whole_units_cost`), its warnings, the report's tail table and the CLI text (tiny catalog: one
on-demand offer of 8-GPU units at $1/GPU-h, 5,840 USD a unit-month, 1,000 tok/s per GPU)."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from optimizer import Options, Plan, PlanRequest, make_plan
from optimizer.plan import Tail
from service.reports import build_report, render_report
from service.reports.to_text import plan_text
from tests.tiny import Spec, catalog, forecast

EIGHT = catalog(Spec("od", 1.0, gpus_per_unit=8))
"""One on-demand offer: 8 GPUs a unit, 8,000 tok/s, 5,840 USD a month."""


def _plan(replicas: str, relax: bool = False, tokens_per_second: float = 1500.0) -> Plan:
    """`tokens_per_second` for one month and a 2-month tail."""
    settings = {"tail_months": 2, "replicas": replicas, "relax": relax}
    options = msgspec.convert(settings, Options)
    request = PlanRequest(forecast=forecast(tokens_per_second), options=options)
    assert request.forecast is not None
    return make_plan(EIGHT, request, request.forecast)


def test_with_whole_replicas_the_tail_is_valued_in_whole_units() -> None:
    """The horizon buys one whole unit (5,840), and so does each tail month (2 x 5,840): no
    whole-unit figure beside it, no warning."""
    plan = _plan("whole")
    assert plan.status == "optimal" and plan.summary is not None and plan.tail is not None
    assert plan.summary.total_cost == pytest.approx(5_840.0)
    assert plan.tail.cost == pytest.approx(11_680.0) and plan.tail.whole_units_cost is None
    assert not [w for w in plan.warnings if w.startswith("the tail is valued")]


def test_the_tail_says_what_whole_units_cost() -> None:
    """The horizon buys one whole unit (5,840); the fractional tail values 1,500 of 8,000
    tok/s, 0.1875 of a unit a month (2 x 1,095 = 2,190), where a buyer pays a whole unit (2 x
    5,840)."""
    plan = _plan("fractional")
    assert plan.status == "optimal" and plan.summary is not None and plan.tail is not None
    assert plan.summary.total_cost == pytest.approx(5_840.0)
    assert plan.tail.cost == pytest.approx(2_190.0)
    assert plan.tail.whole_units_cost == pytest.approx(11_680.0)
    [said] = [w for w in plan.warnings if w.startswith("the tail is valued")]
    assert "it costs 11,680.00 USD, not 2,190.00 (+9,490.00)" in said


def test_a_relaxed_plan_claims_no_whole_unit_tail() -> None:
    """Under `relax` nothing is whole (a warning says so): no whole-unit tail cost is given
    (12,800 tok/s, 1.6 units: the horizon's units rounded would have been priced with it)."""
    plan = _plan("whole", relax=True, tokens_per_second=12_800.0)
    assert plan.tail is not None and plan.tail.whole_units_cost is None
    assert not [w for w in plan.warnings if w.startswith("the tail is valued")]


def test_every_report_shows_the_whole_unit_tail_cost() -> None:
    """The tail table (md, html) and the CLI's tail line give the whole-unit cost beside the
    fractional valuation."""
    plan = _plan("fractional")
    report = build_report(plan, EIGHT)
    label = "tail cost in whole month-to-month units (the tail cost values fractional ones)"
    assert label in dict(report.tail)
    for fmt in ("md", "html"):
        page = render_report(plan, EIGHT, fmt)[0]
        assert isinstance(page, str) and label in page and "11,680.00" in page
    clause = "(valued with fractional month-to-month units; 11,680.00 USD in whole units)"
    line = next(x for x in plan_text(report).splitlines() if x.startswith("tail "))
    assert clause in line


def test_a_tail_stored_before_the_whole_unit_cost_still_decodes() -> None:
    """A stored tail without `whole_units_cost` decodes with it None (no claim made)."""
    stored = b'{"months": 2, "cost": 1.0, "tokens": 2.0, "cost_per_million_tokens": 0.5}'
    assert msgspec.json.decode(stored, type=Tail).whole_units_cost is None


def test_the_whole_tail_solve_runs_once_within_the_plans_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plan's whole-unit tail is solved once (its tail and its warning read the same
    result) and within what the plan's clock has left: with almost nothing left, the least
    solve limit, not a fixed 5 s past the plan's time limit (the tiny model solves within it)."""
    from optimizer import planner, tail_whole
    from optimizer.phases import MIN_SOLVE_SECONDS, Clock

    limits: list[float] = []
    solve = tail_whole.whole_tail

    def recorded(*args: Any) -> Any:
        limits.append(args[2])
        return solve(*args)

    class Late(Clock):
        """A clock with almost nothing left when the plan is assembled."""

        def for_solve(self) -> float:
            return MIN_SOLVE_SECONDS

    monkeypatch.setattr(tail_whole, "whole_tail", recorded)
    plan = _plan("fractional")
    assert len(limits) == 1 and MIN_SOLVE_SECONDS < limits[0] <= tail_whole.SECONDS
    assert plan.tail is not None and plan.tail.whole_units_cost == pytest.approx(11_680.0)
    limits.clear()
    monkeypatch.setattr(planner, "Clock", Late)
    late = _plan("fractional")
    assert limits == [MIN_SOLVE_SECONDS]
    assert late.tail is not None and late.tail.whole_units_cost == pytest.approx(11_680.0)
