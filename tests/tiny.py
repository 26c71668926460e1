"""Tiny catalogs for worked examples: one model, one request shape, offers given by numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import msgspec

from catalog import Catalog, InvalidInput, Offer, Point, Profile, System
from catalog.api_offer import ApiOffer
from catalog.model import slugify
from optimizer.instance import Instance
from optimizer.prepare import prepare
from optimizer.request import SLO, Forecast, Options, PlanRequest, Workload

DAY = dt.date(2026, 12, 1)


@dataclass(frozen=True)
class Spec:
    """One offer of a tiny catalog, on a system of its own."""

    id: str
    price: float
    vendor: str = "V"
    gpus_per_unit: int = 1
    term_months: int = 0
    tokens_per_gpu: float = 1000.0
    gpus_per_replica: int | None = None
    kw_per_gpu: float = 1.0
    min_units: int | None = None
    region: str = "r"
    accelerator: str = "X"
    as_of: dt.date = DAY
    price_basis: str = "quote"


def catalog(*specs: Spec) -> Catalog:
    """A catalog with one system, profile and offer per spec (model `m`, 1000/100 tokens)."""
    systems, profiles, offers = [], [], []
    for spec in specs:
        system = f"sys-{spec.id}"
        systems.append(
            System(
                id=system,
                name=system,
                accelerator=spec.accelerator,
                maker="Test",
                power_kw_per_gpu=spec.kw_per_gpu,
                scale_up_gpus=8,
                memory_gb_per_gpu=80,
                source="test",
            )
        )
        profiles.append(
            Profile(
                id=f"p-{spec.id}",
                system_id=system,
                model="m",
                isl=1000,
                osl=100,
                precision="fp8",
                points=(
                    Point(
                        interactivity=100,
                        throughput_per_gpu=spec.tokens_per_gpu,
                        deployment="d",
                        gpus_per_replica=spec.gpus_per_replica,
                        basis="measured",
                        source="test",
                        measured_on=DAY,
                    ),
                ),
            )
        )
        kind = "on_demand" if spec.term_months == 0 else "reserved"
        offers.append(
            Offer(
                id=spec.id,
                vendor=spec.vendor,
                system_id=system,
                region=spec.region,
                kind=kind,
                price_per_gpu_hour=spec.price,
                term_months=spec.term_months,
                gpus_per_unit=spec.gpus_per_unit,
                min_units=spec.min_units,
                price_basis=spec.price_basis,  # type: ignore[arg-type]
                source="test",
                as_of=spec.as_of,
            )
        )
    return Catalog(
        revision=1, systems=tuple(systems), profiles=tuple(profiles), offers=tuple(offers)
    )


def forecast(tokens_per_second: list[float] | float, months: int = 1) -> Forecast:
    """One workload `w` of model `m` at 50 tok/s/user."""
    return Forecast(
        name="tiny",
        start="2027-01",
        months=months,
        workloads=(
            Workload(
                id="w",
                model="m",
                isl=1000,
                osl=100,
                slo=SLO(min_interactivity=50),
                tokens_per_second=tokens_per_second,
            ),
        ),
    )


def drawn_instance(catalog: Catalog, request: PlanRequest) -> Instance | None:
    """The instance of a plan request (one drawn by `tests.strategies.small_plans`, or a
    tiny catalog's), None when it has nothing to solve (a month with demand and no offer
    available yet)."""
    assert request.forecast is not None
    try:
        return prepare(catalog, request, request.forecast)
    except InvalidInput:
        return None


def whole_instance(catalog: Catalog, request: PlanRequest) -> Instance | None:
    """`drawn_instance` of `request` in whole replicas, whatever replicas it asked for."""
    options = msgspec.structs.replace(request.options, replicas="whole")
    return drawn_instance(catalog, msgspec.structs.replace(request, options=options))


def api_offer(price_per_million: float, vendor: str = "Api") -> ApiOffer:
    """A per-token API offer of model `m` at `price_per_million` for input and output alike
    (interactivity 100: it meets `forecast`'s SLO)."""
    return ApiOffer(
        id=f"api-{slugify(vendor)}",
        vendor=vendor,
        model="m",
        price_per_million_input_tokens=price_per_million,
        price_per_million_output_tokens=price_per_million,
        interactivity=100.0,
        price_basis="quote",
        source="test",
        as_of=DAY,
    )


def exact_request(tokens_per_second: float) -> PlanRequest:
    """One month of `forecast(tokens_per_second)`, commitments counted in the horizon, solved
    to a zero gap: the worked examples' request."""
    return PlanRequest(
        forecast=forecast(tokens_per_second),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )


def exact_instance(*specs: Spec, tokens_per_second: float = 2000.0) -> Instance:
    """The instance of `exact_request` on a catalog of `specs`."""
    request = exact_request(tokens_per_second)
    assert request.forecast is not None
    return prepare(catalog(*specs), request, request.forecast)
