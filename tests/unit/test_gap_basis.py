"""Probe 12 finding 1: a gap is stated on the cost the search minimised, named beside it (under
demand_continues the horizon and the tail together, not the horizon's total printed next to
it), with what that bounds in money; in the plan's warning, the report's lead in every format
and the CLI's text (golden plans and a hand-made solution, no solver)."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from optimizer import Plan, plan_gap_basis
from optimizer.assembly import Assembler
from optimizer.explain import warnings
from optimizer.instance import Instance
from optimizer.request import Options, PlanRequest
from optimizer.solver import Solution
from service.reports import build_report, render_report
from service.reports.to_text import plan_text
from tests import tiny
from tests.gaps import ON_HORIZON_AND_TAIL
from tests.golden import golden_plan

SEED_AT_GAP = (
    "the plan may cost up to 4.77% more than the best possible over the horizon and the tail "
    "together, not the horizon alone (gap 4.55%: its 25,090,041.60 USD there exceed the best "
    "possible by at most 1,141,596.89 USD)"
)
"""The probe's gap on the seed plan: 0.0455 of its lifetime_cost 25,090,041.60, not of the
5,018,008.32 USD its horizon costs."""


def _stopped(name: str, gap: float = 0.0455, **summary: object) -> Plan:
    """Golden plan `name` as a time limit would leave it at `gap`, its summary changed by
    `summary`."""
    plan = golden_plan(name)
    assert plan.solver is not None and plan.summary is not None
    solver = msgspec.structs.replace(plan.solver, gap=gap)
    changed = msgspec.structs.replace(plan.summary, **summary)
    return msgspec.structs.replace(plan, status="feasible", solver=solver, summary=changed)


def test_the_lead_names_the_horizon_and_tail_in_every_format() -> None:
    """The seed plan at a 4.55% gap: the lead every format renders (the document's first
    sentence), report.md's and the CLI's text bound its horizon and tail cost, and say the
    horizon alone is not bounded (report.html is the same lead: test_unproven_wording)."""
    plan = _stopped("seed-deepseek-r1")
    report = build_report(plan, default_catalog())
    assert SEED_AT_GAP in report.recommendation[0]
    assert SEED_AT_GAP in plan_text(report)
    text = render_report(plan, default_catalog(), "md")[0]
    assert isinstance(text, str)
    assert SEED_AT_GAP in text.replace("\n", " ")


def test_other_accountings_name_their_own_cost() -> None:
    """in_horizon: the gap is on the horizon's total cost (5,018,008.32); full_term: on it
    with every contract's whole term; a plan without a summary states none."""
    horizon = plan_gap_basis(_stopped("seed-deepseek-r1", commitment_accounting="in_horizon"))
    assert horizon is not None and horizon.over == "over the horizon"
    assert horizon.at_most(0.5) == (
        ": its 5,018,008.32 USD there exceed the best possible by at most 2,509,004.16 USD"
    )
    full = plan_gap_basis(_stopped("seed-deepseek-r1", commitment_accounting="full_term"))
    assert full is not None and full.cost == horizon.cost
    assert full.over == "over the horizon with every contract counted for its full term"
    bare = msgspec.structs.replace(golden_plan("seed-deepseek-r1"), summary=None)
    assert plan_gap_basis(bare) is None


def test_a_scenario_plans_gap_is_on_its_expected_cost() -> None:
    """The three-scenario plan minimises its expected cost (26,656,633.28 over horizon and
    tail): the lead names that, not the shown scenario's cost."""
    report = build_report(_stopped("three-scenarios", gap=0.01), default_catalog())
    assert (
        f"best possible in expected cost {ON_HORIZON_AND_TAIL} (gap 1.00%: its 26,656,633.28 "
        "USD there exceed the best possible by at most 266,566.33 USD)"
    ) in report.recommendation[0]


def test_the_plans_own_warning_names_it() -> None:
    """The warning the optimizer writes into a feasible plan names the horizon and the tail:
    one workload of 1,000 tok/s on a $2/GPU-h offer (1 GPU, 1,460 USD a month) for 2 months
    and a 1-month tail, stopped at a 10% gap: at most 438.00 of its 4,380.00 USD."""
    request = PlanRequest(
        forecast=tiny.forecast(1000.0, months=2),
        options=Options(commitment_accounting="demand_continues", tail_months=1),
    )
    instance = tiny.drawn_instance(tiny.catalog(tiny.Spec(id="od", price=2.0)), request)
    assert isinstance(instance, Instance)
    o = next(o for o, spec in enumerate(instance.offers) if spec.id == "od")
    solution = Solution(
        status="feasible",
        solver="test",
        seconds=1.0,
        achieved_gap=0.1,
        objective=4380.0,
        starts={(o, t): 1.0 for t in range(3)},
        serve={(o, 0, t): 1.0 for t in range(3)},
    )
    said = warnings(Assembler(instance, solution), [], "feasible", 0.1, relaxed=False)
    assert (
        f"the plan may cost up to 11.11% more than the best possible {ON_HORIZON_AND_TAIL} "
        "(gap 10.00%: its 4,380.00 USD there exceed the best possible by at most 438.00 USD)"
    ) in said[-1]
