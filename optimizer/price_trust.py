"""What a plan, a quote or a ranking line says about how far to trust it (DESIGN 8.1): a price
that is an estimate, illustrative or stale, throughput that is not a measurement, and a TTFT
target that no operating point behind the figure measures (unchecked, not met)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, cast

from msgspec import Struct

from catalog.frontier import Operating
from catalog.model import Point
from optimizer.request import SLO, month_index

__all__ = [
    "PRICE_BASES",
    "STALE_DAYS",
    "UNSURE_BASES",
    "CostBasis",
    "PriceBasis",
    "PriceDate",
    "basis_warning",
    "cost_basis",
    "existing_price_warning",
    "price_checks",
    "price_date",
    "price_warning",
    "stale_warning",
    "ttft_checked",
    "ttft_warning",
    "unmeasured",
]

STALE_DAYS = 180
"""A price older than this at the plan's start (a quote's: its start, else today) is stale."""

UNSURE_BASES = ("estimate", "illustrative")
"""Price bases that are not a quote or a list price: a plan buying from them warns."""


PriceBasis = Literal["contract", "quote", "list", "estimate", "illustrative"]
"""A catalog offer's price basis, or `contract`: units an existing commitment holds, in its
term, at the price the buyer signed (`Existing.price_per_gpu_hour`; review 17b F6)."""

PRICE_BASES: tuple[PriceBasis, ...] = ("contract", "quote", "list", "estimate", "illustrative")
"""Price bases from the firmest to the weakest: a figure resting on several carries the last.
`contract` is no catalog offer's: it is what an existing commitment signed at its own price
rests on for its term (a renewal after it, valued at the signed price that the vendor need
not grant again, rests on the offer's)."""


class CostBasis(Struct, frozen=True, kw_only=True):
    """The weakest of what a cost per million tokens rests on (probe 17a L1: the figure a
    buyer reads first said nothing of it): the weakest price basis of the offers it counts,
    and the bases other than `measured` of the throughput behind it."""

    price_basis: PriceBasis
    """The weakest of `PRICE_BASES` among the prices (GPU and API) the figure counts:
    `contract` only when every unit it counts is an existing commitment's, in its term, at the
    price it was signed at."""
    throughput_basis: str | None
    """`measured` when every point behind the figure is, else the other bases, "/"-joined
    (`derived`, `vendor_claim`); None when it counts no GPU throughput (tokens bought from
    APIs only)."""
    said: str
    """Both in words, as the reports put them beside the figure: "estimate price, derived
    throughput"."""


def cost_basis(prices: Iterable[str], throughputs: Iterable[str]) -> CostBasis | None:
    """The `CostBasis` of a figure resting on `prices` (price bases) and `throughputs` (the
    bases of the points behind its GPU throughput); None when it rests on no price."""
    found = set(prices)
    if not found:
        return None
    weakest = max(found, key=lambda b: PRICE_BASES.index(b) if b in PRICE_BASES else -1)
    price = cast(PriceBasis, weakest)
    points = set(throughputs)
    throughput = ("/".join(unmeasured(points)) or "measured") if points else None
    said = f"{price} price" + ("" if throughput is None else f", {throughput} throughput")
    return CostBasis(price_basis=price, throughput_basis=throughput, said=said)


def price_warning(offer_id: str, price_basis: str) -> str | None:
    """The warning a plan gives for `offer_id`'s price (None: a quote or a list price)."""
    if price_basis not in UNSURE_BASES:
        return None
    return f"the price of {offer_id} is {price_basis}, not a quote or a list price"


def existing_price_warning(unsigned: Iterable[tuple[int, str, float]], currency: str) -> str | None:
    """The warning for the existing commitments that state no price they were signed at, each
    (`existing` index, offer id, the catalog's price its units are costed at) (None: every one
    states its price)."""
    listed = [
        f"existing[{n}] ({offer_id}, {price:g} {currency}/GPU-h)" for n, offer_id, price in unsigned
    ]
    if not listed:
        return None
    return (
        "existing commitments costed at the catalog's current price, not the price they were "
        "signed at: " + ", ".join(listed) + "; give each its `price_per_gpu_hour` so that its "
        "committed cost, cash and sensitivity are the contract's"
    )


@dataclass(frozen=True)
class PriceDate:
    """The date prices are checked against, and how a warning names it."""

    on: dt.date
    named: str


def price_date(start: str | None, today: dt.date | None, what: str) -> PriceDate | None:
    """The first day of `start` (a month, "the plan's start (2027-01)"), else `today` (the
    caller's date in UTC: the optimizer reads no clock); None when neither is given."""
    if start is not None:
        first = month_index(start)
        return PriceDate(dt.date(first // 12, first % 12 + 1, 1), f"the {what}'s start ({start})")
    if today is None:
        return None
    return PriceDate(today, f"today ({today.isoformat()}, UTC)")


def stale_warning(
    priced: Iterable[tuple[str, dt.date]],
    against: PriceDate | None,
    what: str = "prices",
    before: str = "signing",
    listed: Callable[[list[str]], str] = ", ".join,
) -> str | None:
    """The warning for the (id, as of) prices more than `STALE_DAYS` older than `against`,
    `listed` (None: none is, or no date to check against)."""
    if against is None:
        return None
    old = [
        f"{i} (as of {on.isoformat()})" for i, on in priced if (against.on - on).days > STALE_DAYS
    ]
    if not old:
        return None
    return (
        f"{what} more than {STALE_DAYS} days older than {against.named}: verify before "
        f"{before}: " + listed(old)
    )


def price_checks(
    priced: Iterable[tuple[str, str, dt.date | None]],
    against: PriceDate | None,
    what: str = "prices",
    before: str = "signing",
    listed: Callable[[list[str]], str] = ", ".join,
) -> list[str]:
    """The warnings about the (id, price basis, as of) prices a figure rests on, the one
    source of them for plans, rankings and the crossover: those that are estimates or
    illustrative, and those more than `STALE_DAYS` older than `against`, each `listed` in a
    line (an undated price is not checked for age)."""
    priced = list(priced)
    out: list[str] = []
    unsure = [f"{i} ({basis})" for i, basis, _ in priced if basis in UNSURE_BASES]
    if unsure:
        out.append(f"{what} that are estimates or illustrative, not quotes: " + listed(unsure))
    dated = [(i, on) for i, _, on in priced if on is not None]
    stale = stale_warning(dated, against, what, before, listed)
    return out + ([] if stale is None else [stale])


def unmeasured(bases: Iterable[str]) -> list[str]:
    """The `bases` (of the points behind a throughput) other than `measured`, sorted."""
    return sorted({b for b in bases if b != "measured"})


def basis_warning(offer_id: str, serving: str, operating: Operating) -> str | None:
    """The plan's words for an offer serving `serving` on throughput that is not a
    measurement (`vendor_claim` or `derived`), None when every point behind it is measured."""
    bases = unmeasured(p.basis for p in operating.points)
    if not bases:
        return None
    return (
        f"{offer_id} serves {serving} on {'/'.join(bases)} throughput "
        f"({operating.throughput_per_gpu:,.0f} tok/s/GPU, {operating.deployment}), "
        "not a measurement"
    )


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
