"""Which plans a requisition refuses as not proven optimal (probe 5, finding 3)."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from service.reports import build_report
from service.reports.standing import plan_gap, unproven_reason
from tests.gaps import ON_HORIZON_AND_TAIL, SEED_AT_HALF
from tests.golden import golden_plan


def test_only_a_feasible_plan_above_its_requested_gap_is_unproven() -> None:
    """Optimal: proven. Feasible within the requested gap (1e-4) and not cancelled: proven.
    Feasible above it: unproven, saying what it may cost."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.solver is not None
    assert unproven_reason(plan) is None

    def stopped(gap: float) -> str | None:
        solver = msgspec.structs.replace(plan.solver, gap=gap)
        return unproven_reason(msgspec.structs.replace(plan, status="feasible", solver=solver))

    assert stopped(5e-5) is None
    assert stopped(0.5) == (
        "the time limit ended the search before optimality was proven: the plan may cost up "
        f"to 2.0x the best possible {ON_HORIZON_AND_TAIL} (gap 50.00%: {SEED_AT_HALF})"
    )


def test_the_gap_is_a_plain_decimal() -> None:
    """No exponent, trailing zeros trimmed; empty when the solver reported none."""
    plan = golden_plan("capex-budget-deepseek-r1")
    assert plan.solver is not None
    for gap, text in ((9.318526437749559e-05, "0.000093"), (0.0, "0"), (0.675, "0.675")):
        given = msgspec.structs.replace(plan, solver=msgspec.structs.replace(plan.solver, gap=gap))
        assert plan_gap(given) == text
    unknown = msgspec.structs.replace(plan, solver=msgspec.structs.replace(plan.solver, gap=None))
    assert plan_gap(unknown) == ""


def test_the_report_caveat_follows_the_same_rule() -> None:
    """The report's caveat is the requisition's reason: none for a feasible plan within its
    requested gap, the reason above it."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.solver is not None

    def caveat(gap: float) -> str:
        solver = msgspec.structs.replace(plan.solver, gap=gap)
        stopped = msgspec.structs.replace(plan, status="feasible", solver=solver)
        return build_report(stopped, default_catalog()).caveat

    assert caveat(5e-5) == ""
    assert caveat(0.5) == (
        "The time limit ended the search before optimality was proven: the plan may cost up "
        f"to 2.0x the best possible {ON_HORIZON_AND_TAIL} (gap 50.00%: {SEED_AT_HALF})."
    )
