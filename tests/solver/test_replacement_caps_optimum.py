"""Replacement caps (`optimizer.replacement_caps`) keep the optimum: on tiny catalogs where a
rack replaces several nodes, the plan solved with the caps costs what the brute force finds
over every plan, caps or not."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from catalog import Catalog
from optimizer.planner import make_plan
from optimizer.replacement_caps import replacement_caps
from optimizer.request import PlanRequest
from tests.bruteforce import brute_force
from tests.strategies import replaceable_plans
from tests.tiny import drawn_instance
from tests.verify import verify_plan


# Three times the profile's examples: a cap one block too tight shows in about one draw in a
# hundred (a node offer just dearer than its rack, and a month just past whole racks).
@settings(
    deadline=None,
    max_examples=settings.default.max_examples * 3,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(replaceable_plans())
def test_the_caps_keep_the_brute_force_optimum(instance: tuple[Catalog, PlanRequest]) -> None:
    """Where the model caps a node offer's blocks, the plan's cost (tail included) equals the
    brute force's to 1e-6, and the plan keeps every constraint when re-checked."""
    catalog, request = instance
    assert request.forecast is not None
    model_instance = drawn_instance(catalog, request)
    if model_instance is None or not replacement_caps(model_instance):
        return
    expected = brute_force(catalog, request)
    plan = make_plan(catalog, request, request.forecast)
    if expected is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal" and plan.summary is not None, plan.error
    tail = plan.tail.cost if plan.tail is not None else 0.0
    assert plan.summary.total_cost + tail == pytest.approx(expected, rel=1e-6, abs=1e-6)
    verify_plan(plan, catalog, request, request.forecast)
