"""Probe 5 finding 8(a): existing units on an offer that can serve no workload are named in a
warning, with why and what they cost idle (the seed forecast, 3 months, in_horizon, plus 5
owned H100 nodes that reach 78 tok/s/user against the SLO's 150)."""

from __future__ import annotations

import copy

import msgspec

from catalog import HOURS_PER_MONTH, default_catalog
from optimizer import PlanRequest, make_plan
from tests.bodies import QUICK

H100 = {"offer_id": "onprem-h100", "units": 5, "start": "2027-01", "term_months": 48}


def _warning(body: dict[str, object]) -> str:
    """The plan's warning about idle existing units (exactly one)."""
    request = msgspec.convert(body, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast)
    assert plan.status == "optimal"
    [said] = [w for w in plan.warnings if "can serve none of the workloads" in w]
    return said


def test_idle_existing_units_are_named_with_why_and_their_cost() -> None:
    """5 nodes x 8 GPUs x the offer's price x 730 h x 3 months = 113,880.00 USD, idle."""
    body = copy.deepcopy(QUICK)
    body["existing"] = [H100]
    offer = next(o for o in default_catalog().offers if o.id == "onprem-h100")
    cost = 5 * offer.gpus_per_unit * offer.price_per_gpu_hour * HOURS_PER_MONTH * 3
    assert f"{cost:,.2f}" == "113,880.00"
    assert _warning(body) == (
        "existing[0] (5 units of onprem-h100) can serve none of the workloads (reasoning: SLO "
        "150 tok/s/user is beyond the best interactivity it reaches (78)): they stand idle, "
        "costing 113,880.00 USD in the horizon"
    )


def test_units_that_serve_a_workload_are_not_called_idle() -> None:
    """Owned GB300 racks serve the seed: no idle-units warning."""
    body = copy.deepcopy(QUICK)
    body["existing"] = [{**H100, "offer_id": "onprem-gb300", "units": 1}]
    request = msgspec.convert(body, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast)
    assert not [w for w in plan.warnings if "can serve none of the workloads" in w]


def test_a_scenario_plan_names_idle_existing_units_too() -> None:
    """The same forecast in two scenarios (half and whole demand): the same warning."""
    body = copy.deepcopy(QUICK)
    body["existing"] = [H100]
    body["forecast"] = {
        **body["forecast"],
        "scenarios": [
            {"name": "low", "probability": 0.5, "scale": 0.5},
            {"name": "base", "probability": 0.5},
        ],
    }
    assert "costing 113,880.00 USD in the horizon" in _warning(body)


def test_idle_existing_units_ending_in_the_tail_cost_their_term_there_not_a_renewal() -> None:
    """demand_continues (the seed's 3 months, a 48-month tail): 5 idle H100 nodes signed for 6
    months cost 3 of them in the horizon (113,880.00 USD) and 3 in the tail (113,880.00), not
    the 45 tail months a renewal would add: the plan does not renew units that serve nothing
    (renewal is the model's choice), and its tail counts none of them."""
    body = copy.deepcopy(QUICK)
    body["options"] = {"commitment_accounting": "demand_continues"}
    body["existing"] = [{**H100, "term_months": 6}]
    request = msgspec.convert(body, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast)
    assert plan.status == "optimal" and plan.tail is not None
    [said] = [w for w in plan.warnings if "can serve none of the workloads" in w]
    assert said.endswith("costing 113,880.00 USD in the horizon and 113,880.00 USD in the tail")
    [held] = [r for r in plan.tail.renewals if r.existing]
    assert (held.offer_id, held.units_ending, held.units_renewed) == ("onprem-h100", 5.0, 0.0)
