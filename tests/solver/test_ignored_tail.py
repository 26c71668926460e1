"""Probe 5 finding 8(b): `tail_months` under an accounting with no tail is ignored, and the plan
says so (the seed forecast, 3 months, in_horizon: a fast solve)."""

from __future__ import annotations

import copy

import msgspec

from catalog import default_catalog
from optimizer import PlanRequest, make_plan
from tests.bodies import QUICK


def test_a_plan_says_its_tail_months_are_ignored_without_a_tail() -> None:
    """Probe 5 finding 8(b): the in_horizon seed with tail_months 24 plans as without it, and
    its warnings say the 24 months are ignored."""
    body = copy.deepcopy(QUICK)
    body["options"] = {**body["options"], "tail_months": 24}
    request = msgspec.convert(body, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast)
    assert plan.tail is None
    assert any(w.startswith("options.tail_months (24) is ignored") for w in plan.warnings)
