"""Probe 8 finding 9(g): a utilization cap so small that no plan can serve the demand is named in
the diagnosis, which listed no binding limit at all; it is not named where another limit binds
(tiny catalog: 8-GPU units of 10 tok/s a GPU)."""

from __future__ import annotations

from optimizer import Constraints, PlanRequest, PowerCap, make_plan
from tests.tiny import Spec, catalog, forecast

SLOW = catalog(Spec("a", 2.0, gpus_per_unit=8, tokens_per_gpu=10.0))


def _binding(demand: float, constraints: Constraints) -> tuple[str, tuple[str, ...]]:
    """(status, binding limits of the diagnosis) for one month of `demand`."""
    request = PlanRequest(forecast=forecast(demand), constraints=constraints)
    assert request.forecast is not None
    plan = make_plan(SLOW, request, request.forecast)
    assert plan.diagnosis is not None
    return plan.status, plan.diagnosis.binding


def test_a_vanishing_utilization_cap_is_named() -> None:
    """At 1e-9 a GPU serves 1e-8 tok/s of the 1,000,000 needed: `infeasible`, and the cap is
    the binding limit named, with those figures."""
    status, binding = _binding(1e6, Constraints(utilization_cap=1e-9))
    assert status == "infeasible"
    assert binding == (
        "utilization cap (1e-09) in 2027-01: at it a GPU serves at most 1e-08 tokens/s, "
        "against up to 1,000,000 needed",
    )


def test_the_cap_is_not_named_where_a_power_cap_binds() -> None:
    """A 0.5 cap under a 1 kW power cap that holds one 8-kW unit out: only the power cap."""
    caps = (PowerCap(site="v/r", mw=0.001),)
    status, binding = _binding(100.0, Constraints(utilization_cap=0.5, power_caps=caps))
    assert status == "infeasible"
    assert binding == ("power cap at v/r (0.001 MW) in 2027-01",)
