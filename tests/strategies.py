"""Hypothesis strategies, in one place (hypothesis does not read msgspec's Meta)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import msgspec
from hypothesis import strategies as st

from catalog import Catalog, Offer, Point, Profile, System
from catalog.api_offer import ApiOffer
from optimizer.request import (
    SLO,
    Constraints,
    Existing,
    Forecast,
    Options,
    PlanRequest,
    PowerCap,
    Workload,
)


@st.composite
def points(draw: st.DrawFn, max_size: int = 8) -> list[Point]:
    """Operating points over up to three deployments, interactivities distinct per deployment."""
    count = draw(st.integers(min_value=1, max_value=max_size))
    out: list[Point] = []
    seen: set[tuple[str, float]] = set()
    for _ in range(count):
        deployment = draw(st.sampled_from(["a", "b", "c"]))
        u = draw(st.floats(min_value=1, max_value=300, allow_nan=False).map(lambda x: round(x, 2)))
        if (deployment, u) in seen:
            continue
        seen.add((deployment, u))
        out.append(
            Point(
                interactivity=u,
                throughput_per_gpu=draw(
                    st.floats(min_value=1, max_value=20000).map(lambda x: round(x, 1))
                ),
                deployment=deployment,
                basis="measured",
                source="hypothesis",
                measured_on=dt.date(2026, 1, 1),
            )
        )
    return out


DAY = dt.date(2026, 1, 1)


@st.composite
def small_plans(draw: st.DrawFn, vendor_share: bool = False) -> tuple[Catalog, PlanRequest]:
    """Tiny planning instances a brute force can enumerate: 2-3 offers (month to month or with
    a term, unit sizes 1-4, replicas of 1-6 GPUs or one unit, optional minimum and maximum),
    1-3 workloads, 1-3 months, sometimes a power cap; each of the three commitment accountings
    and both replica modes."""
    accounting = draw(st.sampled_from(["in_horizon", "full_term", "demand_continues"]))
    replicas = draw(st.sampled_from(["whole", "fractional"]))
    n_offers = draw(st.integers(min_value=2, max_value=3))
    n_work = draw(st.integers(min_value=1, max_value=3))
    months = draw(st.integers(min_value=1, max_value=2 if n_offers == 3 else 3))
    systems, profiles, offers = [], [], []
    rates: dict[tuple[int, int], int] = {}
    for k in range(n_offers):
        system_id = f"sys-{k}"
        systems.append(
            System(
                id=system_id,
                name=system_id,
                accelerator=f"X{k}",
                maker="Test",
                power_kw_per_gpu=draw(st.sampled_from([1.0, 1.5, 2.0])),
                scale_up_gpus=8,
                memory_gb_per_gpu=80,
                source="test",
            )
        )
        for w in range(n_work):
            if k > 0 and not draw(st.booleans()):
                continue  # offer k cannot serve workload w
            rate = draw(st.integers(min_value=50, max_value=400))
            rates[(k, w)] = rate
            profiles.append(
                Profile(
                    id=f"p-{k}-{w}",
                    system_id=system_id,
                    model=f"m{w}",
                    isl=1000,
                    osl=100,
                    precision="fp8",
                    points=(
                        Point(
                            interactivity=100,
                            throughput_per_gpu=rate,
                            deployment="d",
                            gpus_per_replica=draw(st.sampled_from([None, None, 1, 2, 3, 6])),
                            basis="measured",
                            source="test",
                            measured_on=DAY,
                        ),
                    ),
                )
            )
        # Short terms under demand_continues keep the tail (the longest term) enumerable.
        term = draw(st.sampled_from([0, 2, 3] if accounting == "demand_continues" else [0, 3, 24]))
        min_units = draw(st.sampled_from([None, None, 2]))
        offers.append(
            Offer(
                id=f"o-{k}",
                vendor=f"V{k}",
                system_id=system_id,
                region="r",
                kind="on_demand" if term == 0 else "reserved",
                price_per_gpu_hour=draw(st.sampled_from([1.0, 1.5, 2.0, 2.5, 3.0, 4.0])),
                term_months=term,
                gpus_per_unit=draw(st.sampled_from([1, 2, 4])),
                min_units=min_units,
                max_units=draw(st.sampled_from([None, None, 3])),
                price_basis="list",
                source="test",
                as_of=DAY,
            )
        )
    workloads = []
    for w in range(n_work):
        base = min(
            rates[(k, w)] * offers[k].gpus_per_unit for k in range(n_offers) if (k, w) in rates
        )
        values = [
            round(draw(st.floats(min_value=0, max_value=2.5 / n_work)) * base, 1)
            for _ in range(months)
        ]
        workloads.append(
            Workload(
                id=f"w{w}",
                model=f"m{w}",
                isl=1000,
                osl=100,
                slo=SLO(min_interactivity=50),
                tokens_per_second=values,
                peak_to_average=draw(st.sampled_from([1.0, 1.0, 1.25])),
            )
        )
    caps: tuple[PowerCap, ...] = ()
    if draw(st.booleans()):
        levels = st.sampled_from([0.004, 0.008, 0.016])
        mw: float | list[float] = (
            draw(st.lists(levels, min_size=months, max_size=months))
            if draw(st.booleans())
            else draw(levels)
        )
        caps = (PowerCap(site="v0/r", mw=mw),)
    if draw(st.booleans()):
        # A later start for one offer (a lead time).
        k = draw(st.integers(min_value=0, max_value=n_offers - 1))
        offers[k] = msgspec.structs.replace(
            offers[k], available_from=f"2027-0{draw(st.integers(min_value=1, max_value=2))}"
        )
    existing: tuple[Existing, ...] = ()
    if draw(st.booleans()):
        k = draw(st.integers(min_value=0, max_value=n_offers - 1))
        starts = ["2026-11", "2027-01", "2027-02"][: 3 if months > 1 else 2]
        start = draw(st.sampled_from(starts))
        # One signed before the horizon runs into it (one that ended before is a 422, as is
        # one starting after the months the plan models).
        shortest = 3 if start == "2026-11" else 1
        existing = (
            Existing(
                offer_id=offers[k].id,
                units=draw(st.integers(min_value=1, max_value=2)),
                start=start,
                term_months=draw(st.integers(min_value=shortest, max_value=3)),
                # Signed at the catalog's price, below it or above it (probe 13 finding 2).
                price_per_gpu_hour=draw(st.sampled_from([None, None, 0.5, 6.0])),
            ),
        )
    forecast = Forecast(name="small", start="2027-01", months=months, workloads=tuple(workloads))
    catalog = Catalog(
        revision=1, systems=tuple(systems), profiles=tuple(profiles), offers=tuple(offers)
    )
    request = PlanRequest(
        forecast=forecast,
        existing=existing,
        constraints=Constraints(
            power_caps=caps,
            utilization_cap=draw(st.sampled_from([1.0, 1.0, 0.8])),
            total_power_mw=draw(st.sampled_from([None, None, 0.006, 0.012])),
            monthly_budget=draw(st.sampled_from([None, None, 3000.0, 8000.0])),
            max_vendor_share=draw(st.sampled_from([0.5, 0.7])) if vendor_share else None,
        ),
        options=Options(
            gap=0.0,
            time_limit_s=30,
            commitment_accounting=accounting,
            replicas=replicas,
        ),
    )
    return catalog, request


@st.composite
def small_plans_with_apis(draw: st.DrawFn) -> tuple[Catalog, PlanRequest]:
    """`small_plans` plus 0-2 per-token API offers per workload's model (no stated speed, so
    the request trusts API latency), priced from $0.10 to $12 per million tokens; no vendor
    share, budget or existing commitments, so that "all API" is a plan too."""
    catalog, request = draw(small_plans())
    apis = []
    for workload in request.forecast.workloads if request.forecast else ():
        for n in range(draw(st.integers(min_value=0, max_value=2))):
            price = st.sampled_from([0.1, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0])
            apis.append(
                ApiOffer(
                    id=f"api-{workload.model}-{n}",
                    vendor=f"A{n}",
                    model=workload.model,
                    price_per_million_input_tokens=draw(price),
                    price_per_million_output_tokens=draw(price),
                    price_basis="list",
                    source="test",
                    as_of=DAY,
                )
            )
    options = msgspec.structs.replace(request.options, trust_api_latency=True)
    constraints = msgspec.structs.replace(
        request.constraints, monthly_budget=None, max_vendor_share=None
    )
    request = msgspec.structs.replace(
        request, existing=(), options=options, constraints=constraints
    )
    return msgspec.structs.replace(catalog, api_offers=tuple(apis)), request


@st.composite
def replaceable_plans(draw: st.DrawFn) -> tuple[Catalog, PlanRequest]:
    """Tiny month-to-month catalogs in which a big block often replaces several small ones
    (`optimizer.replacement_caps`): one rack offer (4 or 8 GPUs a unit, replicas of 2, 4 or
    one unit) beside one or two node offers (1 or 2 GPUs a unit) of other vendors, one
    workload over one or two months, whole or fractional replicas, sometimes a power cap at
    the nodes' site or in total. Small enough for the brute force to enumerate."""
    from tests.tiny import Spec, catalog, forecast

    rack = Spec(
        "rack",
        draw(st.sampled_from([1.0, 1.5, 2.0])),
        vendor="B",
        gpus_per_unit=draw(st.sampled_from([4, 8])),
        gpus_per_replica=draw(st.sampled_from([None, 2, 4])),
        tokens_per_gpu=draw(st.sampled_from([800.0, 1000.0, 1200.0])),
    )
    nodes = draw(st.integers(min_value=1, max_value=2))
    months = 1 if nodes == 2 else draw(st.integers(min_value=1, max_value=2))
    specs = [rack] + [
        Spec(
            f"node-{n}",
            draw(st.sampled_from([1.5, 2.0, 3.0, 4.0])),
            vendor=f"S{n}",
            gpus_per_unit=draw(st.sampled_from([1, 2])),
            tokens_per_gpu=draw(st.sampled_from([400.0, 600.0, 800.0])),
            kw_per_gpu=draw(st.sampled_from([1.0, 1.5, 2.0])),
        )
        for n in range(nodes)
    ]
    capacity = rack.gpus_per_unit * rack.tokens_per_gpu
    demand = [
        round(draw(st.floats(min_value=0.0, max_value=1.5)) * capacity, 1) for _ in range(months)
    ]
    cap = draw(st.sampled_from([None, 0.002, 0.004]))
    request = PlanRequest(
        forecast=forecast(demand, months=months),
        constraints=Constraints(
            power_caps=() if cap is None else (PowerCap(site="s0/r", mw=cap),),
            total_power_mw=draw(st.sampled_from([None, None, 0.012])),
        ),
        options=Options(
            gap=0.0,
            time_limit_s=30,
            commitment_accounting=draw(st.sampled_from(["in_horizon", "demand_continues"])),
            replicas=draw(st.sampled_from(["whole", "fractional"])),
        ),
    )
    return catalog(*specs), request


@st.composite
def fleet_search_plans(
    draw: st.DrawFn, replicas: Literal["whole", "fractional"] = "fractional"
) -> tuple[Catalog, PlanRequest]:
    """`small_plans` under `demand_continues` with `replicas` (what the fleet search is
    chosen for, `optimizer.fleet_search.chosen`; with whole ones, the tail is whole)."""
    catalog, request = draw(small_plans().filter(_continues))
    options = msgspec.structs.replace(request.options, replicas=replicas)
    return catalog, msgspec.structs.replace(request, options=options)


def _continues(instance: tuple[Catalog, PlanRequest]) -> bool:
    return instance[1].options.commitment_accounting == "demand_continues"
