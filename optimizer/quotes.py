"""Quotes: what one offer costs per million tokens at an SLO; with whole replicas (the
default, as for plans) on the GPUs bought, the GPUs the replicas use beside it (rankings of
every offer: `optimizer.ranking`)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated

import msgspec
from msgspec import Meta

from catalog.economics import UnitEconomics, unit_economics
from catalog.errors import InvalidInput, NotFound
from catalog.model import Catalog, Input, Month, Slug
from optimizer.api_quotes import ApiQuote, api_quote
from optimizer.eligibility import why_ineligible
from optimizer.packing import PackedFigures, packed_rate
from optimizer.price_trust import (
    basis_warning,
    price_date,
    price_warning,
    stale_warning,
    ttft_checked,
    ttft_warning,
)
from optimizer.request import SLO, Bases, Precisions, Replicas, TokensPerRequest, Workload

__all__ = ["InlineOffer", "Quote", "QuoteRequest", "QuoteWorkload", "quote"]


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
    replicas: Replicas = "whole"
    """As a plan's option: `whole` prices the GPUs bought (whole replicas on whole units, idle
    GPUs paid for); `fractional` the GPUs the replicas use. An inline offer states its
    throughput per GPU: neither applies."""
    start: Month | None = None
    """The month buying would start (YYYY-MM): a price more than 180 days older than its first
    day is stale, as in a plan; without it, the price's age is counted to today (UTC)."""


class Quote(
    PackedFigures, frozen=True, kw_only=True, omit_defaults=True, tag_field="kind", tag="gpu"
):
    """The unit economics of one GPU offer at one operating point (`kind: gpu`; a per-token
    API offer's quote is an `ApiQuote`, `kind: api`)."""

    throughput_per_gpu: float
    """Tokens/s per GPU bought: with whole replicas, idle GPUs of whole units count."""
    cost_per_million_tokens: float
    """The price over `throughput_per_gpu`: what a buyer pays."""
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
    price_basis: str | None = None
    """`list`, `quote`, `estimate` or `illustrative` (None: an inline offer)."""
    as_of: dt.date | None = None
    """The date of the catalog's price."""
    source: str | None = None
    """Where the catalog's price comes from."""
    ttft_checked: bool | None = None
    """Whether every operating point behind the figure measures TTFT against the workload's
    target (None: no target; false: the target is unchecked, not met)."""
    warnings: tuple[str, ...] = ()
    """What a plan buying this offer would warn about: an estimate or illustrative price, a
    price more than 180 days old (at the request's `start`, else today), throughput that is
    not a measurement, an unchecked TTFT target."""


def quote(
    catalog: Catalog, request: QuoteRequest, today: dt.date | None = None
) -> Quote | ApiQuote:
    """Cost per million tokens, tokens/s per MW and GPUs per MW of one offer; its price's age
    is counted to the request's `start`, else to `today` (the caller's date in UTC; None with
    no `start`: not counted).

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
    against = price_date(request.start, today, "quote")
    if api is not None:
        workload = None if request.workload is None else request.workload.as_workload()
        return api_quote(catalog, api, workload, against)
    if offer is None:
        raise NotFound(f"no offer {request.offer!r} in catalog revision {catalog.revision}")
    if request.workload is None:
        raise InvalidInput.one(
            "workload", "required with an offer id: its model, isl, osl and slo pick the throughput"
        )
    workload = request.workload.as_workload()
    profiles = list(catalog.profiles)
    reason = why_ineligible(offer, workload, profiles, allow_spot=True)
    packed = None
    if not reason:
        packed = packed_rate(offer, workload, profiles, allow_spot=True, replicas=request.replicas)
    if packed is None:
        field = "workload.slo.min_interactivity" if reason and "SLO" in reason else "workload"
        raise InvalidInput.one(field, f"offer {offer.id} cannot serve it: {reason}")
    system = catalog.system(offer.system_id)
    kw = offer.power_kw_per_gpu or (system.power_kw_per_gpu if system else math.nan)
    economics = unit_economics(
        price_per_gpu_hour=offer.price_per_gpu_hour,
        throughput_per_gpu=packed.per_gpu,
        power_kw_per_gpu=kw,
    )
    rate = packed.rate
    checked = ttft_checked(workload.slo, rate.operating.points)
    said = (
        price_warning(offer.id, offer.price_basis),
        stale_warning([(offer.id, offer.as_of)], against),
        basis_warning(offer.id, "the workload", rate.operating),
        ttft_warning(offer.id, workload.slo, checked),
    )
    return msgspec.structs.replace(
        _quote(economics, offer.price_per_gpu_hour, kw),
        **packed.figures(offer.price_per_gpu_hour),
        offer_id=offer.id,
        currency=offer.currency,
        catalog_revision=catalog.revision,
        interactivity=rate.operating.interactivity,
        deployment=rate.operating.deployment,
        interpolated=rate.operating.interpolated,
        bases=tuple(sorted({p.basis for p in rate.operating.points})),
        profile_id=rate.profile.id,
        price_formula=offer.price_formula,
        price_basis=offer.price_basis,
        as_of=offer.as_of,
        source=offer.source,
        ttft_checked=checked,
        warnings=tuple(w for w in said if w is not None),
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
