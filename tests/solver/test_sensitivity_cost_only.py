"""A sensitivity's re-solves minimise cost alone: their questions (a cost at a price, whether
an offer is bought just above or below its target) are of cost, and the plan's tie-break
(obligation, then power: up to 1e-8 of the cost) steered HiGHS, within its gap, to equal-cost
plans that buy an offer a joint check asks about, costing the seed example four re-solves."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from optimizer import PlanRequest
from optimizer.direct import DirectModel
from optimizer.prepare import prepare
from optimizer.trials import forced_model
from tests.paths import EXAMPLES


def test_the_re_solves_objective_is_the_plans_cost_and_the_plans_adds_the_tie() -> None:
    """On the seed example, every column of a sensitivity's model costs what the plan's model
    counts it (no tie term), and the plan's own model adds the tie term to some (the units'
    obligation and power)."""
    request = msgspec.json.decode(
        (EXAMPLES / "seed-deepseek-r1.json").read_bytes(), type=PlanRequest
    )
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    found = forced_model(instance, None)
    assert found is not None
    asked, _ = found
    costs = asked.formulation.cost_terms
    assert [asked.sink.cost[v] for v in costs] == list(costs.values())
    assert all(c == 0 for v, c in enumerate(asked.sink.cost) if v not in costs)
    plan = DirectModel(instance, replacement_caps=False)
    assert sum(plan.sink.cost) > sum(costs.values())
