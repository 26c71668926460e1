"""Which per-token API offers can serve which workloads (DESIGN 8.2), and at what blended
price: the model, rankings, quotes and baselines all ask here."""

from __future__ import annotations

from catalog.api_offer import ApiOffer
from optimizer.eligibility import names_match, slug_set
from optimizer.request import Workload

__all__ = ["API_MONTH", "api_why_ineligible", "eligible_api"]

API_MONTH = 730.0 * 3600.0 / 1e6
"""Millions of tokens one average token/s is for a month (2.628): a month's cost of an average
`a` tokens/s bought at `p` per million is `a * API_MONTH * p`."""


def api_why_ineligible(
    offer: ApiOffer,
    workload: Workload,
    *,
    trust_latency: bool = False,
    exclude_vendors: tuple[str, ...] = (),
) -> str | None:
    """Why `offer` cannot serve `workload`, in words; None when it can. An offer that states
    no interactivity (or, under a TTFT target, no TTFT) is eligible only with `trust_latency`;
    an offer that states no region only for a workload that does not restrict regions."""
    if exclude_vendors and names_match(offer.vendor, slug_set(exclude_vendors)):
        return f"vendor {offer.vendor} is excluded"
    if offer.model != workload.model:
        return f"serves {offer.model}, not {workload.model}"
    if not names_match(offer.vendor, slug_set(workload.vendors)):
        return f"vendor {offer.vendor} is not among the workload's vendors"
    allowed = slug_set(workload.regions)
    if allowed is not None:
        if offer.regions is None:
            return "states no region, and the workload allows only " + ", ".join(
                workload.regions or ()
            )
        if not any(names_match(region, allowed) for region in offer.regions):
            return f"regions {', '.join(offer.regions)} are not among the workload's regions"
    slo = workload.slo
    trust = " (options.trust_api_latency counts on it)"
    if offer.interactivity is None:
        if not trust_latency:
            return (
                f"states no interactivity, and the SLO needs {slo.min_interactivity:g} "
                f"tok/s/user{trust}"
            )
    elif offer.interactivity < slo.min_interactivity:
        return (
            f"SLO {slo.min_interactivity:g} tok/s/user is beyond the {offer.interactivity:g} "
            "its users see"
        )
    if slo.max_ttft_ms is not None:
        if offer.ttft_ms is None:
            if not trust_latency:
                return f"states no TTFT, and the SLO allows {slo.max_ttft_ms:g} ms{trust}"
        elif offer.ttft_ms > slo.max_ttft_ms:
            return f"TTFT {offer.ttft_ms:g} ms is above the SLO's {slo.max_ttft_ms:g} ms"
    return None


def eligible_api(
    offers: tuple[ApiOffer, ...],
    workloads: tuple[Workload, ...],
    *,
    trust_latency: bool,
    exclude_vendors: tuple[str, ...] = (),
) -> tuple[list[ApiOffer], dict[tuple[int, int], float]]:
    """The API offers that serve some workload, and (offer index, workload index) -> blended
    price per million total tokens at the workload's isl:osl."""
    used: list[ApiOffer] = []
    prices: dict[tuple[int, int], float] = {}
    for offer in offers:
        serves = {
            w: offer.blended_price(workload.isl, workload.osl)
            for w, workload in enumerate(workloads)
            if api_why_ineligible(
                offer, workload, trust_latency=trust_latency, exclude_vendors=exclude_vendors
            )
            is None
        }
        if serves:
            for w, price in serves.items():
                prices[(len(used), w)] = price
            used.append(offer)
    return used, prices
