"""Tokens bought from a per-token API split the way vendors bill them: input and output tokens,
each at its list price per million (FOCUS's `SkuMeter` "Input Tokens" / "Output Tokens"), so a
line's quantity times its unit price is its cost."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from catalog.api_offer import ApiOffer
from optimizer.plan import ApiPurchase

__all__ = ["Meter", "meters"]


class Meter(NamedTuple):
    """Millions of tokens of one kind, at the offer's list price per million."""

    name: str
    """`Input Tokens`, `Output Tokens`, or `Input and Output Tokens` where one price covers both."""
    million_tokens: float
    price_per_million: float


def meters(offer: ApiOffer, purchases: Iterable[ApiPurchase]) -> list[Meter]:
    """The purchases' tokens by meter. The input share of each purchase is read off its blended
    price, (output - blended) / (output - input), which is isl / (isl + osl) of its workload;
    an offer with one price for both bills them as one meter."""
    price_in = offer.price_per_million_input_tokens
    price_out = offer.price_per_million_output_tokens
    bought = list(purchases)
    if price_in == price_out:
        return [Meter("Input and Output Tokens", sum(p.million_tokens for p in bought), price_in)]
    millions_in = sum(
        p.million_tokens * _input_share(price_in, price_out, p.price_per_million_tokens)
        for p in bought
    )
    millions_out = sum(p.million_tokens for p in bought) - millions_in
    return [
        Meter("Input Tokens", millions_in, price_in),
        Meter("Output Tokens", max(0.0, millions_out), price_out),
    ]


def _input_share(price_in: float, price_out: float, blended: float) -> float:
    return min(1.0, max(0.0, (price_out - blended) / (price_out - price_in)))
