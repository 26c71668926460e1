"""What a quote or a ranking line says about how far to trust it, as plans do (DESIGN 8.1):
a price that is an estimate or illustrative, and a TTFT target that no operating point behind
the figure measures (unchecked, not met)."""

from __future__ import annotations

from collections.abc import Iterable

from catalog.model import Point
from optimizer.request import SLO

__all__ = ["UNSURE_BASES", "price_warning", "ttft_checked", "ttft_warning"]

UNSURE_BASES = ("estimate", "illustrative")
"""Price bases that are not a quote or a list price: a plan buying from them warns."""


def price_warning(offer_id: str, price_basis: str) -> str | None:
    """The warning a plan gives for `offer_id`'s price (None: a quote or a list price)."""
    if price_basis not in UNSURE_BASES:
        return None
    return f"the price of {offer_id} is {price_basis}, not a quote or a list price"


def ttft_checked(slo: SLO, points: Iterable[Point]) -> bool | None:
    """Whether the TTFT target is checked by the `points` behind a figure: None without a
    target, False when a point states no TTFT (the target is unchecked, as a plan says)."""
    if slo.max_ttft_ms is None:
        return None
    return all(p.ttft_ms is not None for p in points)


def ttft_warning(offer_id: str, slo: SLO, checked: bool | None) -> str | None:
    """The plan's words for an unchecked TTFT target (None when checked or not set)."""
    if checked is not False:
        return None
    return (
        f"{offer_id} has no measured TTFT at this SLO: the TTFT target "
        f"({slo.max_ttft_ms:g} ms) is unchecked"
    )
