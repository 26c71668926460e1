"""What a plan of objective `power` says when a step of it is unproven (probe 10 finding 1: a
plan whose least-power step stopped at the time limit warned only about its cost)."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from optimizer import Plan, PowerStep
from service.reports import build_report
from service.reports.standing import unproven_reason
from tests.gaps import ON_HORIZON_AND_TAIL, SEED_AT_HALF
from tests.golden import golden_plan

POWER_UNPROVEN = (
    "the time limit ended the search before the least power was proven: the plan may draw up "
    f"to 2.0x the least possible MW-months {ON_HORIZON_AND_TAIL} (gap 50.00%)"
)


def _power_plan(step: PowerStep, gap: float | None) -> Plan:
    """The seed plan, `feasible`, as if solved for power with `step` and cost gap `gap`."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.solver is not None
    solver = msgspec.structs.replace(plan.solver, gap=gap, power=step)
    return msgspec.structs.replace(plan, status="feasible", solver=solver)


def test_an_unproven_power_step_is_named_beside_a_proven_cost_step() -> None:
    """The cost step proven (gap 0), the power step not (gap 50%): the reason and the report's
    caveat name the power step and what the plan may draw, not a cost it cannot exceed."""
    plan = _power_plan(PowerStep(gap=0.5, proven=False, cost_step="optimal"), 0.0)
    assert unproven_reason(plan) == POWER_UNPROVEN
    assert build_report(plan, default_catalog()).caveat == POWER_UNPROVEN[0].upper() + (
        POWER_UNPROVEN[1:] + "."
    )


def test_both_steps_unproven_are_both_named() -> None:
    """The cost step stopped at a 50% gap as well: the cost's sentence, then the power's."""
    plan = _power_plan(PowerStep(gap=0.5, proven=False, cost_step="feasible"), 0.5)
    assert unproven_reason(plan) == (
        "the time limit ended the search before optimality was proven: the plan may cost up to "
        f"2.0x the best possible {ON_HORIZON_AND_TAIL} (gap 50.00%: {SEED_AT_HALF}); "
        f"{POWER_UNPROVEN}"
    )


def test_a_proven_power_step_adds_nothing() -> None:
    """Both steps proven within the requested gap: nothing unproven to say."""
    plan = _power_plan(PowerStep(gap=0.0, proven=True, cost_step="optimal"), 5e-5)
    assert unproven_reason(plan) is None


def test_a_plan_stored_before_the_power_step_decodes() -> None:
    """A stored plan's `solver` without `power` decodes with it null."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.solver is not None
    raw = msgspec.json.decode(msgspec.json.encode(plan))
    raw["solver"].pop("power", None)
    again = msgspec.convert(raw, Plan)
    assert again.solver is not None and again.solver.power is None


def test_a_cancel_after_the_power_step_is_not_blamed_for_it() -> None:
    """Review 10 finding D: the least-power step stopped unproven on its own share of the
    clock, and the plan was cancelled later, in its cost step: the power step's sentence names
    the time limit, not the cancel; stopped by the cancel itself, it names the cancel."""
    plan = _power_plan(PowerStep(gap=0.5, proven=False, cost_step="optimal"), 0.0)
    assert plan.solver is not None
    late = msgspec.structs.replace(
        plan, solver=msgspec.structs.replace(plan.solver, cancelled=True)
    )
    assert unproven_reason(late) == POWER_UNPROVEN
    during = PowerStep(gap=0.5, proven=False, cost_step="optimal", cancelled=True)
    stopped = _power_plan(during, 0.0)
    assert stopped.solver is not None
    stopped = msgspec.structs.replace(
        stopped, solver=msgspec.structs.replace(stopped.solver, cancelled=True)
    )
    assert unproven_reason(stopped) == POWER_UNPROVEN.replace(
        "the time limit ended the search", "the search was cancelled"
    )
