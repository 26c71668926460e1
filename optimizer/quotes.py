"""Quotes and rankings: what one offer, or every offer, costs per million tokens at an SLO."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Annotated, Any, get_args

import msgspec
from msgspec import Meta, Struct

from catalog.economics import UnitEconomics, cost_per_million_tokens, unit_economics
from catalog.errors import FieldError, InvalidInput, NotFound
from catalog.fields import Currency
from catalog.frontier import best_interactivity, throughput_at, usable_points
from catalog.model import Catalog, Input, Kind, Offer, Slug
from optimizer.api_quotes import ApiQuote, RankedApiOffer, api_quote, rank_api_offers
from optimizer.eligibility import Rate, eligible_rate, names_match, reach, slug_set, why_ineligible
from optimizer.ranking_currency import other_currency, ranking_currency
from optimizer.request import SLO, Bases, Names, Precisions, TokensPerRequest, Workload

__all__ = [
    "CurvePoint",
    "InlineOffer",
    "Quote",
    "QuoteRequest",
    "QuoteWorkload",
    "RankedOffer",
    "Ranking",
    "RankingRequest",
    "quote",
    "rank",
]


class InlineOffer(Input, frozen=True, kw_only=True):
    """An offer described by its numbers alone."""

    # Bounds far beyond any real offer, so that the economics never overflow to inf.
    price_per_gpu_hour: Annotated[float, Meta(gt=0, le=1e6)]
    power_kw_per_gpu: Annotated[float, Meta(gt=0, le=1e3)]
    throughput_per_gpu: Annotated[float, Meta(gt=0, le=1e9, description="total tokens/s per GPU")]


class QuoteWorkload(Input, frozen=True, kw_only=True):
    """The model, request shape and SLO that pick a throughput off an offer's profile."""

    model: Slug
    isl: TokensPerRequest
    osl: TokensPerRequest
    slo: SLO
    precisions: Precisions | None = None
    bases: Bases | None = None

    def as_workload(self) -> Workload:
        return Workload(
            id="quote",
            model=self.model,
            isl=self.isl,
            osl=self.osl,
            slo=self.slo,
            tokens_per_second=0.0,
            precisions=self.precisions,
            bases=self.bases,
        )


class QuoteRequest(Input, frozen=True, kw_only=True):
    """An offer id with a workload, or an inline offer."""

    offer: Slug | InlineOffer
    workload: QuoteWorkload | None = None


class Quote(Struct, frozen=True, kw_only=True, omit_defaults=True, tag_field="kind", tag="gpu"):
    """The unit economics of one GPU offer at one operating point (`kind: gpu`; a per-token
    API offer's quote is an `ApiQuote`, `kind: api`)."""

    throughput_per_gpu: float
    cost_per_million_tokens: float
    tokens_per_second_per_mw: float
    gpus_per_mw: float
    price_per_gpu_hour: float
    power_kw_per_gpu: float
    offer_id: str | None = None
    currency: str | None = None
    catalog_revision: int | None = None
    interactivity: float | None = None
    deployment: str | None = None
    interpolated: bool | None = None
    bases: tuple[str, ...] | None = None
    profile_id: str | None = None
    price_formula: str | None = None
    """How the price is derived, for an owned offer given by its `tco` parts."""


def quote(catalog: Catalog, request: QuoteRequest) -> Quote | ApiQuote:
    """Cost per million tokens, tokens/s per MW and GPUs per MW of one offer.

    Raises:
        InvalidInput: a workload missing for an offer id (or given with an inline offer), or an
        offer that cannot serve the workload, with the reason.
        NotFound: an unknown offer id.
    """
    if isinstance(request.offer, InlineOffer):
        if request.workload is not None:
            raise InvalidInput.one(
                "workload", "applies only to an offer id: an inline offer states its throughput"
            )
        inline = request.offer
        economics = unit_economics(
            price_per_gpu_hour=inline.price_per_gpu_hour,
            throughput_per_gpu=inline.throughput_per_gpu,
            power_kw_per_gpu=inline.power_kw_per_gpu,
        )
        return _quote(economics, inline.price_per_gpu_hour, inline.power_kw_per_gpu)
    offer = catalog.offer(request.offer)
    api = catalog.api_offer(request.offer)
    if api is not None:
        workload = None if request.workload is None else request.workload.as_workload()
        return api_quote(catalog, api, workload)
    if offer is None:
        raise NotFound(f"no offer {request.offer!r} in catalog revision {catalog.revision}")
    if request.workload is None:
        raise InvalidInput.one(
            "workload", "required with an offer id: its model, isl, osl and slo pick the throughput"
        )
    workload = request.workload.as_workload()
    profiles = list(catalog.profiles)
    reason = why_ineligible(offer, workload, profiles, allow_spot=True)
    rate = None if reason else eligible_rate(offer, workload, profiles, allow_spot=True)
    if rate is None:
        field = "workload.slo.min_interactivity" if reason and "SLO" in reason else "workload"
        raise InvalidInput.one(field, f"offer {offer.id} cannot serve it: {reason}")
    system = catalog.system(offer.system_id)
    kw = offer.power_kw_per_gpu or (system.power_kw_per_gpu if system else math.nan)
    economics = unit_economics(
        price_per_gpu_hour=offer.price_per_gpu_hour,
        throughput_per_gpu=rate.per_gpu,
        power_kw_per_gpu=kw,
    )
    return msgspec.structs.replace(
        _quote(economics, offer.price_per_gpu_hour, kw),
        offer_id=offer.id,
        currency=offer.currency,
        catalog_revision=catalog.revision,
        interactivity=rate.operating.interactivity,
        deployment=rate.operating.deployment,
        interpolated=rate.operating.interpolated,
        bases=tuple(sorted({p.basis for p in rate.operating.points})),
        profile_id=rate.profile.id,
        price_formula=offer.price_formula,
    )


def _quote(economics: UnitEconomics, price_per_gpu_hour: float, power_kw_per_gpu: float) -> Quote:
    return Quote(
        throughput_per_gpu=economics.throughput_per_gpu,
        cost_per_million_tokens=economics.cost_per_million_tokens,
        tokens_per_second_per_mw=economics.tokens_per_second_per_mw,
        gpus_per_mw=economics.gpus_per_mw,
        price_per_gpu_hour=price_per_gpu_hour,
        power_kw_per_gpu=power_kw_per_gpu,
    )


class RankingRequest(Input, frozen=True, kw_only=True):
    """A workload and optional filters; every offer is ranked or told why not."""

    workload: QuoteWorkload
    vendors: Names | None = None
    """At most 1,000 vendors."""
    kinds: Annotated[tuple[Kind, ...], Meta(max_length=len(get_args(Kind)))] | None = None
    regions: Names | None = None
    """At most 1,000 regions."""
    allow_spot: bool = False
    curve_points: Annotated[int, Meta(ge=2, le=400)] = 60
    trust_api_latency: bool = False
    """Count an API offer that states no speed as meeting the SLO (as a plan's option)."""
    currency: Currency | None = None
    """Rank the offers priced in this currency (ISO 4217); default: the eligible offers' only
    currency (a 422 naming `currency` when they span several)."""


class CurvePoint(Struct, frozen=True):
    """Cost per million tokens at one interactivity."""

    interactivity: float
    cost_per_million_tokens: float


class RankedOffer(Struct, frozen=True, kw_only=True):
    """One offer's line of the league table."""

    offer_id: str
    vendor: str
    system_id: str
    kind: str
    region: str
    price_per_gpu_hour: float
    currency: str
    price_basis: str
    eligible: bool
    price_formula: str | None = None
    """How the price is derived, for an owned offer given by its `tco` parts."""
    reason: str | None = None
    best_interactivity: float | None = None
    throughput_per_gpu: float | None = None
    cost_per_million_tokens: float | None = None
    tokens_per_second_per_mw: float | None = None
    gpus_per_mw: float | None = None
    peak_tflops_per_dollar: float | None = None
    precision: str | None = None
    deployment: str | None = None
    bases: tuple[str, ...] | None = None
    rank_cost_per_million_tokens: int | None = None
    rank_price_per_gpu_hour: int | None = None
    rank_flops_per_dollar: int | None = None
    curve: tuple[CurvePoint, ...] = ()


class Ranking(Struct, frozen=True, kw_only=True):
    """Every offer of one catalog revision ranked by cost per million tokens at the SLO."""

    catalog_revision: int
    workload: QuoteWorkload
    eligible: int
    offers: tuple[RankedOffer, ...]
    api_offers: tuple[RankedApiOffer, ...] = ()
    """The per-token API offers of the workload's model, beside the GPU offers."""
    currency: str | None = None
    """The currency every price and cost of the ranking is in (None: no offer is eligible)."""


def _curve(
    catalog: Catalog, offer: Offer, workload: Workload, rate: Rate, samples: int
) -> tuple[CurvePoint, ...]:
    points = usable_points(
        rate.profile.points,
        bases=workload.bases,
        supports=offer.supports,
        max_ttft_ms=workload.slo.max_ttft_ms,
    )
    if not points:
        return ()
    low = min(p.interactivity for p in points)
    high = max(p.interactivity for p in points)
    grid = {p.interactivity for p in points}
    if high > low:
        ratio = high / low
        grid |= {low * ratio ** (k / (samples - 1)) for k in range(samples)}
    out = []
    for u in sorted(grid):
        operating = throughput_at(points, u)
        if operating is not None:
            out.append(
                CurvePoint(
                    u,
                    cost_per_million_tokens(offer.price_per_gpu_hour, operating.throughput_per_gpu),
                )
            )
    return tuple(out)


def rank(catalog: Catalog, request: RankingRequest) -> Ranking:
    """Rank every offer of `catalog` for the workload: eligible ones by cost per million tokens
    at the SLO, with their ranks by price per GPU-hour and by FLOPS per dollar; the others with
    the reason and the best interactivity they reach."""
    workload = request.workload.as_workload()
    if workload.model not in catalog.models():
        raise InvalidInput(
            f"no profile serves {workload.model!r}",
            [
                FieldError(
                    "workload.model",
                    f"no profile serves {workload.model!r}; the catalog's models: "
                    + ", ".join(catalog.models()),
                )
            ],
        )
    profiles = list(catalog.profiles)
    vendors = slug_set(request.vendors)
    regions = slug_set(request.regions)
    lines: list[RankedOffer] = []
    for offer in catalog.offers:
        system = catalog.system(offer.system_id)
        kw = offer.power_kw_per_gpu or (system.power_kw_per_gpu if system else math.nan)
        line = RankedOffer(
            offer_id=offer.id,
            vendor=offer.vendor,
            system_id=offer.system_id,
            kind=offer.kind,
            region=offer.region,
            price_per_gpu_hour=offer.price_per_gpu_hour,
            currency=offer.currency,
            price_basis=offer.price_basis,
            eligible=False,
            price_formula=offer.price_formula,
        )
        reason = None
        if not names_match(offer.vendor, vendors):
            reason = f"vendor {offer.vendor} is filtered out"
        elif request.kinds is not None and offer.kind not in request.kinds:
            reason = f"kind {offer.kind} is filtered out"
        elif not names_match(offer.region, regions):
            reason = f"region {offer.region} is filtered out"
        else:
            reason = other_currency(offer.currency, request.currency) or why_ineligible(
                offer, workload, profiles, allow_spot=request.allow_spot
            )
        rate = (
            None
            if reason
            else eligible_rate(offer, workload, profiles, allow_spot=request.allow_spot)
        )
        if rate is None or system is None:
            best = reach(offer, workload, profiles) if reason and "SLO" in reason else None
            lines.append(
                msgspec.structs.replace(
                    line, reason=reason or "not eligible", best_interactivity=best
                )
            )
            continue
        economics = unit_economics(
            price_per_gpu_hour=offer.price_per_gpu_hour,
            throughput_per_gpu=rate.per_gpu,
            power_kw_per_gpu=kw,
        )
        peak = system.peak_tflops_at(rate.profile.precision)
        lines.append(
            msgspec.structs.replace(
                line,
                eligible=True,
                best_interactivity=best_interactivity(
                    usable_points(
                        rate.profile.points,
                        bases=workload.bases,
                        supports=offer.supports,
                        max_ttft_ms=workload.slo.max_ttft_ms,
                    )
                ),
                throughput_per_gpu=rate.per_gpu,
                cost_per_million_tokens=economics.cost_per_million_tokens,
                tokens_per_second_per_mw=economics.tokens_per_second_per_mw,
                gpus_per_mw=economics.gpus_per_mw,
                peak_tflops_per_dollar=None if peak is None else peak[1] / offer.price_per_gpu_hour,
                precision=rate.profile.precision,
                deployment=rate.operating.deployment,
                bases=tuple(sorted({p.basis for p in rate.operating.points})),
                curve=_curve(catalog, offer, workload, rate, request.curve_points),
            )
        )
    eligible = [line for line in lines if line.eligible]
    by_cost = _ranks(eligible, lambda x: (x.cost_per_million_tokens or math.inf, x.offer_id))
    by_price = _ranks(eligible, lambda x: (x.price_per_gpu_hour, x.offer_id))
    by_flops = _ranks(
        [x for x in eligible if x.peak_tflops_per_dollar is not None],
        lambda x: (-(x.peak_tflops_per_dollar or 0.0), x.offer_id),
    )
    ranked = [
        msgspec.structs.replace(
            line,
            rank_cost_per_million_tokens=by_cost[line.offer_id],
            rank_price_per_gpu_hour=by_price[line.offer_id],
            rank_flops_per_dollar=by_flops.get(line.offer_id),
        )
        for line in eligible
    ]
    ranked.sort(key=lambda x: x.rank_cost_per_million_tokens or 0)
    rest = sorted((x for x in lines if not x.eligible), key=lambda x: x.offer_id)
    api = rank_api_offers(
        catalog,
        workload,
        [x.cost_per_million_tokens or math.inf for x in ranked],
        trust_latency=request.trust_api_latency,
        vendors=request.vendors,
        regions=request.regions,
        currency=request.currency,
    )
    eligible_in = [x.currency for x in ranked] + [x.currency for x in api if x.eligible]
    currency = ranking_currency(request.currency, eligible_in)
    return Ranking(
        currency=currency,
        catalog_revision=catalog.revision,
        workload=request.workload,
        eligible=len(ranked),
        offers=tuple(ranked + rest),
        api_offers=api,
    )


def _ranks(
    lines: list[RankedOffer], key: Callable[[RankedOffer], tuple[Any, ...]]
) -> dict[str, int]:
    ordered = sorted(lines, key=key)
    return {line.offer_id: n for n, line in enumerate(ordered, start=1)}
