"""The probe's case of finding 6, solved: a power cap that binds in every other month names
those months, not a range over the ones it does not bind in."""

from __future__ import annotations

from optimizer import Constraints, Options, PlanRequest, PowerCap, make_plan
from tests.tiny import Spec, catalog, forecast


def test_a_cap_binding_in_months_apart_names_them() -> None:
    """5 GPUs of 1 kW wanted in 01, 03 and 05, 1 in 02 and 04, under a 3 kW cap: short in
    01, 03 and 05 only, and the binding cap says so."""
    request = PlanRequest(
        forecast=forecast([5000.0, 1000.0, 5000.0, 1000.0, 5000.0], months=5),
        constraints=Constraints(power_caps=(PowerCap(site="v/r", mw=0.003),)),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(catalog(Spec("o0", 1.0)), request, request.forecast)
    assert plan.status == "infeasible" and plan.diagnosis is not None
    assert [s.month for s in plan.diagnosis.shortfalls] == ["2027-01", "2027-03", "2027-05"]
    assert plan.diagnosis.binding == (
        "power cap at v/r (0.003 MW) in 2027-01, 2027-03, 2027-05 (3 months)",
    )
