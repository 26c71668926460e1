"""A plan's cost without its Assembler (`optimizer.plan_cost`, how a sensitivity run costs its
plans): under `in_horizon` it is the sum of the plan's months, each its active units and the
tokens bought then, counted by the Assembler month by month; under every accounting, what the
Assembler reports."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import Catalog
from optimizer.assembly import Assembler
from optimizer.plan_cost import counted_cost
from optimizer.request import PlanRequest
from optimizer.trials import run_trial
from tests.bisection import prepared
from tests.profiles import examples
from tests.strategies import small_plans, small_plans_with_apis

SETTINGS = settings(
    deadline=None, max_examples=examples(30), suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(st.one_of(small_plans(), small_plans_with_apis()))
def test_a_plans_cost_is_its_months_under_in_horizon_and_the_assemblers_under_all(
    case: tuple[Catalog, PlanRequest],
) -> None:
    """The optimum of a drawn instance (existing units, or per-token APIs), costed without an
    Assembler: under `in_horizon` the sum of its months' costs to the cent (units active in
    each month and tokens bought), and under every accounting exactly the Assembler's
    lifetime (or horizon) cost."""
    instance = prepared(case)
    if instance is None:
        return
    trial = run_trial(instance, time_limit=20, gap=0.0)
    if trial.solution is None:
        return  # no plan meets the demand
    cost = counted_cost(instance, trial.solution)
    assembler = Assembler(instance, trial.solution)
    lifetime = assembler.lifetime()
    assert cost == (lifetime[0] if lifetime is not None else assembler.totals()[0])
    if instance.accounting == "in_horizon":
        months = sum(assembler.month_cost(t) for t in range(instance.horizon))
        assert cost == pytest.approx(months, abs=0.01)
