"""Tiny plans whose cash has cents to round (test figures, not shipped data): prices to four
places, every payment model, owned hardware from its parts with a residual value, per-token
APIs, commitments signed before the horizon and scenarios, as probe 9's focus_fuzz drew them."""

from __future__ import annotations

from typing import Any

import msgspec
from hypothesis import strategies as st

from catalog import Catalog, Offer
from catalog.api_offer import ApiOffer
from optimizer import Plan, make_plan
from optimizer.request import Existing, Forecast, Options, PlanRequest
from tests.tiny import Spec, api_offer, catalog, forecast

__all__ = ["own_and_od", "own_then_rent", "owned", "paid_plans", "solved"]


def owned(offer: Offer, **tco: Any) -> Offer:
    """`offer` as owned hardware given by its parts `tco` (its life its term), at 1 kW a GPU."""
    document = msgspec.to_builtins(offer)
    del document["price_per_gpu_hour"]  # derived from the parts
    parts = {"life_months": offer.term_months, "opex_per_gpu_month": 0.0} | tco
    return msgspec.convert(
        document | {"kind": "owned", "tco": parts, "power_kw_per_gpu": 1.0}, Offer
    )


@st.composite
def _spec(draw: st.DrawFn, n: int) -> Spec:
    return Spec(
        id=f"o{n}",
        price=draw(st.integers(min_value=5_000, max_value=40_000)) / 10_000,
        vendor=f"V{n}",
        gpus_per_unit=draw(st.sampled_from([1, 4, 8])),
        term_months=draw(st.sampled_from([0, 0, 2, 3, 5, 12])),
        tokens_per_gpu=draw(st.sampled_from([300.0, 777.0, 1000.0])),
    )


@st.composite
def _paid(draw: st.DrawFn, offer: Offer) -> Offer:
    """`offer` (with a term) paid by a drawn payment model, or owned from drawn parts."""
    match draw(st.sampled_from(["No Upfront", "Partial Upfront", "All Upfront", "owned"])):
        case "Partial Upfront":
            share = draw(st.integers(min_value=100, max_value=900)) / 1000
            return msgspec.structs.replace(
                offer, payment_model="Partial Upfront", upfront_share=share
            )
        case "owned":
            return owned(
                offer,
                capex_per_gpu=draw(st.integers(min_value=500_000, max_value=4_000_000)) / 100,
                residual_share=draw(st.sampled_from([0.0, 0.1, 0.25])),
                opex_per_gpu_month=draw(st.integers(min_value=1_000, max_value=30_000)) / 100,
                energy_price_per_kwh=draw(st.sampled_from([0.0, 0.08, 0.113])),
            )
        case model:
            return msgspec.structs.replace(offer, payment_model=model)


@st.composite
def paid_plans(draw: st.DrawFn, scenarios: bool = False) -> tuple[Catalog, PlanRequest]:
    """1-3 offers on systems of their own (month to month, or a term of 2-12 months paid by
    any payment model, or owned from its parts), sometimes an API offer, 1-4 months of demand,
    any commitment accounting, sometimes a commitment signed before the horizon or at its start
    (at the catalog's price or its own), and sometimes two scenarios (0.3 and 0.7); with
    `scenarios`, always two, their probabilities and scales drawn, the one scaled up the more
    probable (the scenario the report shows: it buys on demand beside the shared contracts)."""
    specs = [draw(_spec(n)) for n in range(draw(st.integers(min_value=1, max_value=3)))]
    cat = catalog(*specs)
    offers = [draw(_paid(o)) if o.term_months > 0 else o for o in cat.offers]
    apis: tuple[ApiOffer, ...] = ()
    if draw(st.booleans()):
        apis = (api_offer(draw(st.integers(min_value=500, max_value=20_000)) / 1000),)
    cat = msgspec.structs.replace(cat, offers=tuple(offers), api_offers=apis)
    months = draw(st.integers(min_value=1, max_value=4))
    demand = [
        draw(st.sampled_from([0.0, 500.0, 1500.0, 3333.0, 8000.0, 12345.0])) for _ in range(months)
    ]
    accounting = draw(st.sampled_from(["in_horizon", "full_term", "demand_continues"]))
    options = msgspec.convert(
        {
            "commitment_accounting": accounting,
            "tail_months": draw(st.sampled_from([0, 2, 3]))
            if accounting == "demand_continues"
            else None,
            "replicas": draw(st.sampled_from(["whole", "fractional"])),
            "time_limit_s": 10,
        },
        Options,
    )
    termed = [o for o in offers if o.term_months > 0]
    existing: tuple[Existing, ...] = ()
    signed_before = draw(st.booleans())
    if termed and signed_before:
        held = draw(st.sampled_from(termed))
        # Hardware from its parts is held for its life (optimizer.checks).
        term = held.term_months if held.tco is not None else draw(st.sampled_from([3, 6]))
        # Signed two months before the forecast, a term of two ends before it starts: refused.
        starts = ["2026-11", "2027-01"] if term > 2 else ["2027-01"]
        existing = (
            Existing(
                offer_id=held.id,
                units=draw(st.integers(min_value=1, max_value=3)),
                start=draw(st.sampled_from(starts)),
                term_months=term,
                # Signed at the catalog's price or at one to four places (probe 13 finding 2).
                price_per_gpu_hour=draw(st.sampled_from([None, 0.7777, 3.3333])),
            ),
        )
    wanted = forecast(demand, months)
    if scenarios:
        tenths = draw(st.integers(min_value=1, max_value=4))  # "hi" the shown scenario
        two = [
            {
                "name": "lo",
                "probability": tenths / 10,
                "scale": draw(st.sampled_from([0.0, 0.5, 1.0])),
            },
            {
                "name": "hi",
                "probability": (10 - tenths) / 10,
                "scale": draw(st.sampled_from([1.3, 2.0])),
            },
        ]
        wanted = msgspec.convert(msgspec.to_builtins(wanted) | {"scenarios": two}, Forecast)
    elif draw(st.booleans()):
        document = msgspec.to_builtins(wanted) | {
            "scenarios": [
                {"name": "lo", "probability": 0.3, "scale": 0.5},
                {"name": "hi", "probability": 0.7, "scale": 1.3},
            ]
        }
        wanted = msgspec.convert(document, Forecast)
    return cat, PlanRequest(forecast=wanted, options=options, existing=existing)


def solved(cat: Catalog, request: PlanRequest) -> Plan:
    """The plan of `request` on `cat`."""
    assert request.forecast is not None
    return make_plan(cat, request, request.forecast)


def own_and_od() -> Catalog:
    """`own`: an 8-GPU unit owned for 2 months (capex 4,000 a GPU, a quarter recovered when
    sold, opex 100 a GPU-month, 0.10 a kWh at 1 kW: 2.2918/GPU-h); `od` at 3.00/GPU-h on
    demand; 1,000 tok/s a GPU."""
    cat = catalog(Spec("own", 1.0, term_months=2, gpus_per_unit=8), Spec("od", 3.0))
    parts = {
        "capex_per_gpu": 4000.0,
        "residual_share": 0.25,
        "opex_per_gpu_month": 100.0,
        "energy_price_per_kwh": 0.1,
    }
    return msgspec.structs.replace(cat, offers=(owned(cat.offers[0], **parts), cat.offers[1]))


def own_then_rent(demand: list[float]) -> tuple[Plan, Catalog]:
    """A plan of `demand` (tok/s by month from 2027-01) on `own`: one 8-GPU unit owned for 2
    months (capex 4,000 a GPU, a quarter recovered when sold, opex 100 a GPU-month, 0.10 a kWh
    at 1 kW: 2.2918/GPU-h), and `od` at 3.00/GPU-h on demand; 1,000 tok/s a GPU; full-term
    accounting. The plan owns one unit from January."""
    cat = own_and_od()
    request = msgspec.convert(
        {
            "forecast": msgspec.to_builtins(forecast(demand, len(demand))),
            "options": {"commitment_accounting": "full_term"},
        },
        PlanRequest,
    )
    plan = solved(cat, request)
    assert plan.status == "optimal"
    assert [(c.offer_id, c.start, c.units) for c in plan.commitments if c.kind == "owned"] == [
        ("own", "2027-01", 1.0)
    ]
    return plan, cat
