"""Whole replicas pick, per (offer, workload), the deployment that serves the peak month on the
fewest units: a replica larger than the workload needs no longer doubles a plan's cost."""

from __future__ import annotations

import math

import msgspec

from catalog import Catalog, Point, default_catalog
from optimizer import SLO, Forecast, Options, PlanRequest, Workload, make_plan
from optimizer.eligibility import deployment_rates, replica_block
from tests.tiny import DAY, Spec, catalog, forecast

HOURS = 730


def _point(interactivity: float, per_gpu: float, deployment: str, k: int, ttft: float) -> Point:
    return Point(
        interactivity=interactivity,
        throughput_per_gpu=per_gpu,
        ttft_ms=ttft,
        deployment=deployment,
        gpus_per_replica=k,
        basis="measured",
        source="test",
        measured_on=DAY,
    )


def _toy(*deployments: str) -> Catalog:
    """8-GPU units at $1/GPU-h; d1: 100/1000 and 200/500 on 8-GPU replicas (TTFT 300 ms),
    d2: 160/900 on 16-GPU replicas (TTFT 800 ms)."""
    points = [
        _point(100, 1000, "d1", 8, 300),
        _point(200, 500, "d1", 8, 300),
        _point(160, 900, "d2", 16, 800),
    ]
    base = catalog(Spec(id="o", price=1.0, gpus_per_unit=8))
    profile = msgspec.structs.replace(
        base.profiles[0], points=tuple(p for p in points if p.deployment in deployments)
    )
    return msgspec.structs.replace(base, profiles=(profile,))


def _toy_request(max_ttft_ms: float | None = None, **options: object) -> PlanRequest:
    """6,000 tok/s at 150 tok/s/user for a month, in_horizon, with `options`."""
    slo = SLO(min_interactivity=150, max_ttft_ms=max_ttft_ms)
    workload = msgspec.structs.replace(forecast(6_000.0).workloads[0], slo=slo)
    toy = msgspec.structs.replace(forecast(6_000.0), workloads=(workload,))
    settings = msgspec.convert({"commitment_accounting": "in_horizon", **options}, Options)
    return PlanRequest(forecast=toy, options=settings)


def _toy_plan(cat: Catalog, max_ttft_ms: float | None = None) -> tuple[float, float, str]:
    """(cost, units, deployment) of the toy request."""
    request = _toy_request(max_ttft_ms)
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    assert plan.status == "optimal" and plan.summary is not None
    (allocation,) = plan.months[0].allocations
    (share,) = allocation.workloads
    assert share.deployment is not None
    return plan.summary.total_cost, allocation.units, share.deployment


def test_toy_buys_the_deployment_on_fewer_units_not_the_best_per_gpu() -> None:
    """d2 is better per GPU at 150 (900 against d1's interpolated 750) but its 16-GPU replica
    takes 2 units (11,680); d1 meets 6,000 tok/s on one unit: 8 x 730 x $1 = 5,840."""
    assert _toy_plan(_toy("d1", "d2")) == (8 * HOURS * 1.0, 1.0, "d1")


def test_toy_a_stricter_ttft_no_longer_makes_the_plan_cheaper() -> None:
    """Ruling d2 out with max_ttft_ms 500 gives the same 5,840 as the plan with both: the plan
    with more deployments to choose from costs no more than either alone."""
    both = _toy_plan(_toy("d1", "d2"))
    assert _toy_plan(_toy("d1", "d2"), max_ttft_ms=500) == both
    alone = [_toy_plan(_toy(d))[0] for d in ("d1", "d2")]
    assert alone == [5_840.0, 11_680.0]
    assert both[0] == min(alone)


def test_fractional_keeps_the_best_throughput_per_gpu() -> None:
    """With fractional replicas the rate stays the best per GPU (d2's 900): 6,000 / 900 GPUs."""
    request = _toy_request(replicas="fractional")
    assert request.forecast is not None
    plan = make_plan(_toy("d1", "d2"), request, request.forecast)
    (share,) = plan.months[0].allocations[0].workloads
    assert share.deployment == "d2"
    assert math.isclose(share.gpus, 6_000 / 900)


def test_shipped_nebius_b200_uses_the_deployment_on_the_fewest_nodes() -> None:
    """15,000 tok/s of deepseek-r1-0528 8192/1024 at 150 on Nebius: the 28-GPU disaggregated
    deployment took 4 nodes (128,480); the plan now buys the fewest nodes any deployment of the
    profile needs, counted independently here from each deployment's rate."""
    workload = Workload(
        id="r",
        model="deepseek-r1-0528",
        isl=8192,
        osl=1024,
        slo=SLO(min_interactivity=150),
        tokens_per_second=15_000.0,
        vendors=("Nebius",),
    )
    forecast = Forecast(name="nebius", start="2027-01", months=1, workloads=(workload,))
    cat = default_catalog()
    plan = make_plan(cat, PlanRequest(forecast=forecast), forecast)
    assert plan.status == "optimal"
    offer = next(o for o in cat.offers if o.id == "nebius-b200-od")
    fewest = min(
        math.ceil(15_000 / (gpus * rate.per_gpu)) * units
        for rate in deployment_rates(offer, workload, list(cat.profiles))
        for units, gpus in [replica_block(offer.gpus_per_unit, rate.gpus_per_replica)]
    )
    (allocation,) = plan.months[0].allocations
    assert allocation.offer_id == "nebius-b200-od"
    assert allocation.units == fewest < 4
    assert plan.summary.total_cost == round(fewest * 32_120.0, 2) < 128_480.0
