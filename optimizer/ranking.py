"""Rankings: every offer of a catalog revision by cost per million tokens at a workload's SLO.

With whole replicas (the default, as for plans) an offer is ranked by what a buyer pays: the
replicas' tokens over every GPU of the whole units they take (`optimizer.packing`), the figure
per GPU the replicas use beside it; with `fractional`, by the GPUs used alone.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, get_args

import msgspec
from msgspec import Meta, Struct

from catalog.economics import cost_per_million_tokens, unit_economics
from catalog.errors import FieldError, InvalidInput, known
from catalog.fields import Currency
from catalog.frontier import best_interactivity, usable_points
from catalog.model import Catalog, Input, Kind, Month, Offer, Point, Profile
from optimizer.api_quotes import RankedApiOffer, rank_api_offers
from optimizer.eligibility import (
    names_match,
    rates_at,
    reach,
    slug_set,
    usable_profiles,
    why_ineligible,
)
from optimizer.packing import PackedFigures, packed_among, packed_rate
from optimizer.price_trust import (
    CostBasis,
    PriceDate,
    cost_basis,
    price_checks,
    price_date,
    ttft_checked,
    unmeasured,
)
from optimizer.quotes import QuoteWorkload
from optimizer.ranking_currency import other_currency, ranking_currency
from optimizer.request import Names, Replicas

__all__ = ["CurvePoint", "RankedOffer", "Ranking", "RankingRequest", "rank"]


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
    replicas: Replicas = "whole"
    """As a plan's option: `whole` ranks by the GPUs bought (whole replicas on whole units,
    idle GPUs paid for); `fractional` by the GPUs the replicas use (a divisible deployment)."""
    start: Month | None = None
    """The month buying would start (YYYY-MM): a price more than 180 days older than its first
    day is stale, as in a plan; without it, the prices' age is counted to today (UTC)."""


class CurvePoint(Struct, frozen=True):
    """Cost per million tokens at one interactivity: what the ranking at that SLO answers
    (the best deployment of every precision the workload allows, not only the one ranked at
    the request's SLO)."""

    interactivity: float
    cost_per_million_tokens: float


class RankedOffer(PackedFigures, frozen=True, kw_only=True):
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
    """Tokens/s per GPU bought at the SLO: with whole replicas, idle GPUs of whole units count."""
    cost_per_million_tokens: float | None = None
    """What the ranking is by: the price over `throughput_per_gpu`."""
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
    as_of: dt.date | None = None
    """The date of the catalog's price."""
    source: str | None = None
    """Where the catalog's price comes from."""
    ttft_checked: bool | None = None
    """Whether every operating point behind the figure measures TTFT against the workload's
    target (None: no target, or not eligible; false: the target is unchecked, not met)."""
    cost_basis: CostBasis | None = None
    """The weakest of what `cost_per_million_tokens` rests on: the price's basis and the
    throughput's (`bases`), e.g. "estimate price, derived throughput" (None: not eligible)."""


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
    replicas: Replicas | None = None
    """How the costs count GPUs (`whole`: the GPUs bought; None: written before it was said,
    by the GPUs used)."""
    warnings: tuple[str, ...] = ()
    """What a plan buying the eligible offers would warn about: estimate or illustrative
    prices, prices more than 180 days old (at the request's `start`, else today), throughput
    that is not a measurement, TTFT targets no operating point measures (unchecked, not
    met)."""


PerGpu = tuple[tuple[float, float], ...]
"""Tokens/s per GPU (as `packed_rate` counts them) at each interactivity of a curve."""

Usable = list[tuple[Profile, list[Point]]]
"""An offer's profiles for the workload, each with its usable points (`usable_profiles`)."""

CurveKey = tuple[tuple[tuple[int, tuple[Point, ...]], ...], int, Replicas, int]
"""What a curve's throughputs depend on: each profile (its id() within one ranking) with its
usable points, the unit's GPUs, the replicas and the samples; not the offer's price."""


def _per_gpu(usable: Usable, gpus: int, replicas: Replicas, samples: int) -> PerGpu:
    """Tokens/s per GPU from the lowest to the highest interactivity of the usable points of
    every profile the workload allows, each read as the ranking reads that SLO: the best of
    every deployment of every profile (precision) reaching it (probe 16a F4: the ranked
    profile's alone drew GB200 racks up to 1.75x dearer than their ranking at 72-150
    tok/s/user, where an fp8 deployment serves more per GPU than the fp4 one ranked at
    150)."""
    points = [p for _profile, of_profile in usable for p in of_profile]
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
        best = packed_among(rates_at(usable, u), gpus, replicas)
        if best is not None:
            out.append((u, best.per_gpu))
    return tuple(out)


def _curve(
    offer: Offer,
    usable: Usable,
    request: RankingRequest,
    drawn: dict[CurveKey, PerGpu],
) -> tuple[CurvePoint, ...]:
    """Cost per million tokens along the curve of `offer`'s `usable` profiles. Offers of one
    system and unit size share a curve but for the price: `drawn` keeps each curve's
    throughputs for the ranking's other offers (29 offers on 6 systems in the shipped catalog)."""
    replicas, samples = request.replicas, request.curve_points
    profiles = tuple((id(profile), tuple(points)) for profile, points in usable)
    key = (profiles, offer.gpus_per_unit, replicas, samples)
    per_gpu = drawn.get(key)
    if per_gpu is None:
        per_gpu = drawn[key] = _per_gpu(usable, offer.gpus_per_unit, replicas, samples)
    price = offer.price_per_gpu_hour
    return tuple(CurvePoint(u, cost_per_million_tokens(price, g)) for u, g in per_gpu)


@dataclass(frozen=True)
class _Filters:
    """The request's filters, their names slugged once for every offer."""

    vendors: set[str] | None
    regions: set[str] | None


def _filtered_out(offer: Offer, request: RankingRequest, filters: _Filters) -> str | None:
    """Why the request's filters leave `offer` out (None: kept)."""
    if not names_match(offer.vendor, filters.vendors):
        return f"vendor {offer.vendor} is filtered out"
    if request.kinds is not None and offer.kind not in request.kinds:
        return f"kind {offer.kind} is filtered out"
    if not names_match(offer.region, filters.regions):
        return f"region {offer.region} is filtered out"
    return other_currency(offer.currency, request.currency)


def _line(
    catalog: Catalog,
    offer: Offer,
    request: RankingRequest,
    filters: _Filters,
    drawn: dict[CurveKey, PerGpu] | None,
) -> RankedOffer:
    """`offer`'s line, eligible with its figures at the SLO or with the reason it is not."""
    workload = request.workload.as_workload()
    profiles = list(catalog.profiles)
    system = catalog.system(offer.system_id)
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
        as_of=offer.as_of,
        source=offer.source,
    )
    reason = _filtered_out(offer, request, filters) or why_ineligible(
        offer, workload, profiles, allow_spot=request.allow_spot
    )
    packed = None
    if not reason:
        packed = packed_rate(
            offer, workload, profiles, allow_spot=request.allow_spot, replicas=request.replicas
        )
    if packed is None or system is None:
        best = reach(offer, workload, profiles) if reason and "SLO" in reason else None
        return msgspec.structs.replace(
            line, reason=reason or "not eligible", best_interactivity=best
        )
    kw = offer.power_kw_per_gpu or system.power_kw_per_gpu
    economics = unit_economics(
        price_per_gpu_hour=offer.price_per_gpu_hour,
        throughput_per_gpu=packed.per_gpu,
        power_kw_per_gpu=kw,
    )
    rate = packed.rate
    peak = system.peak_tflops_at(rate.profile.precision)
    usable = usable_points(
        rate.profile.points,
        bases=workload.bases,
        supports=offer.supports,
        max_ttft_ms=workload.slo.max_ttft_ms,
    )
    return msgspec.structs.replace(
        line,
        eligible=True,
        best_interactivity=best_interactivity(usable),
        throughput_per_gpu=packed.per_gpu,
        cost_per_million_tokens=economics.cost_per_million_tokens,
        **packed.figures(offer.price_per_gpu_hour),
        tokens_per_second_per_mw=economics.tokens_per_second_per_mw,
        gpus_per_mw=economics.gpus_per_mw,
        peak_tflops_per_dollar=None if peak is None else peak[1] / offer.price_per_gpu_hour,
        precision=rate.profile.precision,
        deployment=rate.operating.deployment,
        bases=tuple(sorted({p.basis for p in rate.operating.points})),
        curve=()
        if drawn is None
        else _curve(offer, usable_profiles(offer, workload, profiles), request, drawn),
        ttft_checked=ttft_checked(workload.slo, rate.operating.points),
        cost_basis=cost_basis([offer.price_basis], [p.basis for p in rate.operating.points]),
    )


def rank(
    catalog: Catalog, request: RankingRequest, today: dt.date | None = None, curves: bool = True
) -> Ranking:
    """Rank every offer of `catalog` for the workload: eligible ones by cost per million tokens
    at the SLO, with their ranks by price per GPU-hour and by FLOPS per dollar; the others with
    the reason and the best interactivity they reach. Prices' age is counted to the request's
    `start`, else to `today` (the caller's date in UTC; None with no `start`: not counted).
    Without `curves`, no offer's cost curve is drawn (most of the work once every profile the
    workload allows is read at each of its points)."""
    workload = request.workload.as_workload()
    # A model only an API sells is a model too (as for plans): its API offers are ranked.
    models = sorted({*catalog.models(), *(a.model for a in catalog.api_offers)})
    if workload.model not in models:
        message = f"no profile or API offer serves {workload.model!r}"
        raise InvalidInput(
            message,
            [FieldError("workload.model", f"{message}; the catalog's models: {known(models)}")],
        )
    filters = _Filters(slug_set(request.vendors), slug_set(request.regions))
    drawn: dict[CurveKey, PerGpu] | None = {} if curves else None
    lines = [_line(catalog, offer, request, filters, drawn) for offer in catalog.offers]
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
        replicas=request.replicas,
        warnings=_warnings(ranked, api, request, price_date(request.start, today, "ranking")),
    )


def _warnings(
    ranked: list[RankedOffer],
    api: tuple[RankedApiOffer, ...],
    request: RankingRequest,
    against: PriceDate | None,
) -> tuple[str, ...]:
    """A plan's warnings about the eligible offers, in one line each: the estimate or
    illustrative prices, the stale ones, the offers ranked on throughput that is not a
    measurement, and those whose TTFT is unchecked."""
    eligible = [(x.offer_id, x.price_basis, x.as_of) for x in ranked]
    eligible += [(x.offer_id, x.price_basis, x.as_of) for x in api if x.eligible]
    out = price_checks(eligible, against, listed=known)
    claimed = [(x.offer_id, "/".join(unmeasured(x.bases or ()))) for x in ranked]
    claimed = [(i, bases) for i, bases in claimed if bases]
    if claimed:
        out.append(
            f"{len(claimed):,} of {len(ranked):,} eligible offers are ranked on throughput that "
            "is not a measurement: " + known([f"{i} ({bases})" for i, bases in claimed])
        )
    unchecked = [x.offer_id for x in ranked if x.ttft_checked is False]
    if unchecked:
        slo = request.workload.slo
        out.append(
            f"the TTFT target ({slo.max_ttft_ms:g} ms) is unchecked for {len(unchecked):,} of "
            f"{len(ranked):,} eligible offers, no operating point behind them measuring TTFT: "
            + known(unchecked)
        )
    return tuple(out)


def _ranks(
    lines: list[RankedOffer], key: Callable[[RankedOffer], tuple[Any, ...]]
) -> dict[str, int]:
    ordered = sorted(lines, key=key)
    return {line.offer_id: n for n, line in enumerate(ordered, start=1)}
