"""Probe 12 finding 5: a plan's webhook event carries the solver's gap (and, for objective
power, the least-power step's) beside its status, so a `feasible` plan is never announced
without how far from proven it may be."""

from __future__ import annotations

import msgspec

from optimizer import Plan, PowerStep
from service.webhooks import plan_event_data
from tests.golden import golden_plan


def _unproven(power: PowerStep | None) -> Plan:
    """The golden seed plan as if the time limit had stopped it at a 4.55% gap."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.solver is not None
    solver = msgspec.structs.replace(plan.solver, gap=0.0455, power=power)
    return msgspec.structs.replace(plan, status="feasible", solver=solver)


def test_a_feasible_plans_event_carries_its_gap() -> None:
    """plan.completed of a feasible plan: status feasible with gap 0.0455, no power_gap."""
    data = plan_event_data(_unproven(None))
    assert (data["status"], data["gap"]) == ("feasible", 0.0455)
    assert "power_gap" not in data


def test_the_event_names_the_cost_its_gap_is_on() -> None:
    """Probe 12 finding 1: beside total_cost (the horizon's 5,018,008.32) the event says
    the gap is on the horizon and tail together, 25,090,041.60."""
    data = plan_event_data(_unproven(None))
    assert data["total_cost"] == 5_018_008.320000001
    assert data["gap_on"] == "over the horizon and the tail together, not the horizon alone"
    assert data["gap_cost"] == 25_090_041.600000005


def test_a_power_plans_event_carries_both_gaps() -> None:
    """Objective power: the least-power step's gap as power_gap; a cost step that found no
    plan leaves the cost gap null (not absent)."""
    power = PowerStep(gap=0.012, proven=False, cost_step="feasible")
    assert plan_event_data(_unproven(power))["power_gap"] == 0.012
    plan = _unproven(msgspec.structs.replace(power, cost_step="no plan"))
    assert plan.solver is not None
    no_cost = msgspec.structs.replace(plan, solver=msgspec.structs.replace(plan.solver, gap=None))
    data = plan_event_data(no_cost)
    assert data["gap"] is None and data["power_gap"] == 0.012


def test_an_optimal_plans_event_carries_its_proven_gap() -> None:
    """The golden seed plan as stored: its event's gap is the solver's own (within 1e-4)."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.solver is not None and plan.solver.gap is not None
    data = plan_event_data(plan)
    assert data["status"] == "optimal" and data["gap"] == plan.solver.gap <= 1e-4


def test_a_relaxed_plans_event_says_it_is_the_relaxation() -> None:
    """plan.completed of a plan solved relaxed (options.relax): status optimal, and
    `optimal_for` says the optimum is the LP relaxation's, fractional units (probe 19: the
    event read optimal, gap 0, and nothing else, as a plan to buy from would)."""
    plan = golden_plan("seed-deepseek-r1")
    assert plan.solver is not None
    relaxed = msgspec.structs.replace(
        plan, solver=msgspec.structs.replace(plan.solver, relaxed=True)
    )
    data = plan_event_data(relaxed)
    assert data["status"] == "optimal"
    assert data["optimal_for"] == "the LP relaxation (fractional units: not a purchasable plan)"
    assert "optimal_for" not in plan_event_data(plan)
