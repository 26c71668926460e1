"""Quotes and ranking lines of per-token API offers: the blended price per million tokens at a
workload's isl:osl, beside the GPU offers' cost per million tokens, with the latency
eligibility stated (an API that states no speed counts only when the buyer trusts it)."""

from __future__ import annotations

import datetime as dt
import math

import msgspec
from msgspec import Struct

from catalog.api_offer import ApiOffer
from catalog.errors import InvalidInput
from catalog.model import Catalog
from optimizer.api_eligibility import api_why_ineligible
from optimizer.eligibility import names_match, slug_set
from optimizer.price_trust import (
    CostBasis,
    PriceDate,
    cost_basis,
    price_warning,
    stale_warning,
)
from optimizer.ranking_currency import other_currency
from optimizer.request import Workload

__all__ = ["ApiQuote", "RankedApiOffer", "api_quote", "rank_api_offers"]


class ApiQuote(Struct, frozen=True, kw_only=True, tag_field="kind", tag="api"):
    """What one per-token API offer costs per million total tokens at a request shape."""

    offer_id: str
    vendor: str
    model: str
    currency: str
    catalog_revision: int
    price_per_million_input_tokens: float
    price_per_million_output_tokens: float
    cost_per_million_tokens: float
    """Blended by the workload's isl:osl: (isl * input + osl * output) / (isl + osl)."""
    formula: str
    price_basis: str
    meets_slo: bool | None
    """True when the offer states a speed that meets the SLO, None when it states none (a
    plan counts on it only with `options.trust_api_latency`)."""
    latency: str
    interactivity: float | None = None
    ttft_ms: float | None = None
    max_tokens_per_minute: float | None = None
    as_of: dt.date | None = None
    """The date of the catalog's prices."""
    source: str | None = None
    """Where the catalog's prices come from."""
    warnings: tuple[str, ...] = ()
    """What a plan buying from this API would warn about: an estimate or illustrative price, a
    price more than 180 days old (at the request's `start`, else today)."""


def _formula(offer: ApiOffer, isl: int, osl: int) -> str:
    return (
        f"({isl} x {offer.price_per_million_input_tokens:g} + {osl} x "
        f"{offer.price_per_million_output_tokens:g}) / {isl + osl} = "
        f"{offer.blended_price(isl, osl):.4g} {offer.currency} per million tokens"
    )


def _latency(offer: ApiOffer, workload: Workload) -> tuple[bool | None, str]:
    """(meets the SLO: True, False or unknown, and why in words)."""
    stated = api_why_ineligible(offer, workload, trust_latency=False)
    if stated is None:
        return True, f"states {offer.interactivity:g} tok/s/user, meeting the SLO"
    if api_why_ineligible(offer, workload, trust_latency=True) is None:
        return None, stated
    return False, stated


def api_quote(
    catalog: Catalog, offer: ApiOffer, workload: Workload | None, against: PriceDate | None = None
) -> ApiQuote:
    """The blended price of `offer` for `workload`'s isl:osl, with its latency stated, and a
    price more than 180 days older than `against` said to be stale.

    Raises:
        InvalidInput: no workload (its isl and osl blend the price), another model, or a
        stated speed that misses the SLO.
    """
    if workload is None:
        raise InvalidInput.one(
            "workload",
            "required with an API offer: its isl and osl blend the input and output prices",
        )
    if offer.model != workload.model:
        raise InvalidInput.one(
            "workload.model", f"API offer {offer.id} serves {offer.model}, not {workload.model}"
        )
    meets, latency = _latency(offer, workload)
    if meets is False:
        raise InvalidInput.one("workload.slo", f"API offer {offer.id} cannot serve it: {latency}")
    return ApiQuote(
        offer_id=offer.id,
        vendor=offer.vendor,
        model=offer.model,
        currency=offer.currency,
        catalog_revision=catalog.revision,
        price_per_million_input_tokens=offer.price_per_million_input_tokens,
        price_per_million_output_tokens=offer.price_per_million_output_tokens,
        cost_per_million_tokens=offer.blended_price(workload.isl, workload.osl),
        formula=_formula(offer, workload.isl, workload.osl),
        price_basis=offer.price_basis,
        meets_slo=meets,
        latency=latency,
        interactivity=offer.interactivity,
        ttft_ms=offer.ttft_ms,
        max_tokens_per_minute=offer.max_tokens_per_minute,
        as_of=offer.as_of,
        source=offer.source,
        warnings=tuple(
            w
            for w in (
                price_warning(offer.id, offer.price_basis),
                stale_warning([(offer.id, offer.as_of)], against, "API prices", "buying"),
            )
            if w
        ),
    )


class RankedApiOffer(Struct, frozen=True, kw_only=True):
    """One API offer's line beside the GPU offers' league table."""

    offer_id: str
    vendor: str
    model: str
    currency: str
    price_basis: str
    price_per_million_input_tokens: float
    price_per_million_output_tokens: float
    eligible: bool
    latency: str
    """Its latency eligibility in words: stated and met, trusted, or why not eligible."""
    cost_per_million_tokens: float | None = None
    reason: str | None = None
    rank_cost_per_million_tokens: int | None = None
    """Its rank among the eligible API offers."""
    rank_among_gpu_offers: int | None = None
    """Where it would stand in the GPU offers' ranking by cost per million tokens."""
    as_of: dt.date | None = None
    """The date of the catalog's prices."""
    source: str | None = None
    """Where the catalog's prices come from."""
    cost_basis: CostBasis | None = None
    """What `cost_per_million_tokens` rests on: the price's basis ("list price"); no
    throughput (tokens are bought by the million)."""


def rank_api_offers(
    catalog: Catalog,
    workload: Workload,
    gpu_costs: list[float],
    *,
    trust_latency: bool,
    vendors: tuple[str, ...] | None = None,
    regions: tuple[str, ...] | None = None,
    currency: str | None = None,
) -> tuple[RankedApiOffer, ...]:
    """Every API offer for `workload`'s model: the eligible ones by blended price (with the
    rank each would take among `gpu_costs`, the eligible GPU offers' costs per million tokens),
    then the others with the reason; with `currency`, those priced in another are not
    eligible."""
    lines: list[RankedApiOffer] = []
    for offer in catalog.api_offers:
        if offer.model != workload.model:
            continue
        reason = None
        if not names_match(offer.vendor, slug_set(vendors)):
            reason = f"vendor {offer.vendor} is filtered out"
        elif regions is not None and not any(
            names_match(r, slug_set(regions)) for r in offer.regions or ()
        ):
            reason = "its regions are filtered out (or not stated)"
        else:
            reason = other_currency(offer.currency, currency) or api_why_ineligible(
                offer, workload, trust_latency=trust_latency
            )
        meets, latency = _latency(offer, workload)
        if meets is None and reason is None:
            latency = "not stated; trusted (trust_api_latency)"
        blended = offer.blended_price(workload.isl, workload.osl)
        lines.append(
            RankedApiOffer(
                offer_id=offer.id,
                vendor=offer.vendor,
                model=offer.model,
                currency=offer.currency,
                price_basis=offer.price_basis,
                as_of=offer.as_of,
                source=offer.source,
                price_per_million_input_tokens=offer.price_per_million_input_tokens,
                price_per_million_output_tokens=offer.price_per_million_output_tokens,
                eligible=reason is None,
                latency=latency,
                cost_per_million_tokens=blended,
                cost_basis=cost_basis([offer.price_basis], []),
                reason=reason,
                rank_among_gpu_offers=(
                    1 + sum(c < blended for c in gpu_costs if math.isfinite(c))
                    if reason is None
                    else None
                ),
            )
        )
    eligible = sorted(
        (x for x in lines if x.eligible),
        key=lambda x: (x.cost_per_million_tokens or 0.0, x.offer_id),
    )
    ranked = [
        msgspec.structs.replace(x, rank_cost_per_million_tokens=n)
        for n, x in enumerate(eligible, start=1)
    ]
    return tuple(ranked + sorted((x for x in lines if not x.eligible), key=lambda x: x.offer_id))
