"""Plans on the shipped data: a point that is not a measurement is said to be one in the plan."""

from __future__ import annotations

import pytest

from catalog import Basis, default_catalog
from optimizer import SLO, Forecast, PlanRequest, Workload, make_plan


@pytest.mark.parametrize(
    ("basis", "offer_id", "throughput"),
    [("derived", "onprem-gb300", "6,697"), ("vendor_claim", "onprem-h200", "90")],
)
def test_a_plan_on_a_point_that_is_not_measured_says_so(
    basis: Basis, offer_id: str, throughput: str
) -> None:
    """The seed's workload for a month on derived (GB300's 6,697) or vendor-claim (H200's 90)
    points only: the plan buys that offer and warns that its throughput is not a measurement."""
    workload = Workload(
        id="reasoning",
        model="deepseek-r1-0528",
        isl=8192,
        osl=1024,
        slo=SLO(min_interactivity=150),
        tokens_per_second=100_000.0,
        bases=(basis,),
    )
    forecast = Forecast(name="basis", start="2027-01", months=1, workloads=(workload,))
    plan = make_plan(default_catalog(), PlanRequest(forecast=forecast), forecast)
    assert plan.status == "optimal"
    assert {c.offer_id for c in plan.commitments} == {offer_id}
    assert any(
        w.startswith(f"{offer_id} serves reasoning on {basis} throughput ({throughput} tok/s/GPU")
        for w in plan.warnings
    ), plan.warnings
