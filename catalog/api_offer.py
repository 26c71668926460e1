"""Per-token API offers (DESIGN 8.2): tokens bought by the million from a serverless endpoint,
beside the GPU offers sold by the hour, and the one rule that reads either from a document.

An `ApiOffer` is its own Struct, tagged `kind: "api"`; a GPU `Offer` keeps its per-GPU fields
required. `decode_offer` tells them apart by `kind`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from msgspec import Meta, Struct

from catalog.fields import (
    MAX_QUANTITY,
    MIN_POSITIVE,
    Currency,
    Extensions,
    Note,
    PriceBasis,
    Slug,
    Text,
    unique_values,
)

__all__ = [
    "API_KIND",
    "ApiOffer",
    "PricePerMillion",
    "blended_price",
]

API_KIND = "api"

PricePerMillion = Annotated[
    float, Meta(ge=0, le=1_000_000, description="per million tokens, at most 1,000,000")
]


class ApiOffer(
    Struct, tag_field="kind", tag=API_KIND, frozen=True, kw_only=True, forbid_unknown_fields=True
):
    """Tokens sold per million by a serverless API: no system, power or units."""

    id: Slug
    vendor: Text
    model: Slug
    price_per_million_input_tokens: PricePerMillion
    price_per_million_output_tokens: PricePerMillion
    currency: Currency = "USD"
    max_tokens_per_minute: Annotated[float, Meta(gt=0, le=MAX_QUANTITY)] | None = None
    """The rate limit, in total (input + output) tokens per minute; null: none stated."""
    interactivity: Annotated[float, Meta(gt=0, le=1e6)] | None = None
    """Output tokens/s per user its users see; null: not stated (not eligible for an SLO
    unless the plan trusts API latency)."""
    ttft_ms: Annotated[float, Meta(gt=0, le=1e7)] | None = None
    regions: Annotated[tuple[Slug, ...], Meta(min_length=1, max_length=100)] | None = None
    """Where it serves; null: not stated (not eligible for a workload that restricts regions)."""
    provider_model: Annotated[str, Meta(max_length=200)] = ""
    """The vendor's own name for the model (FOCUS `SkuId`), when known."""
    price_basis: PriceBasis
    source: Text
    as_of: dt.date
    note: Note = ""
    extensions: Extensions = {}
    """Unknown `x_` columns of an imported offers CSV, kept so that an export gives them back."""

    def __post_init__(self) -> None:
        unique_values(self.regions, "regions")
        for name in ("interactivity", "ttft_ms", "max_tokens_per_minute"):
            value = getattr(self, name)
            if value is not None and value < MIN_POSITIVE:
                msg = f"`{name}` must be at least {MIN_POSITIVE:g}, got {value!r}"
                raise ValueError(msg)
        if self.price_per_million_input_tokens + self.price_per_million_output_tokens <= 0:
            msg = "an API offer needs a price: input and output are both 0"
            raise ValueError(msg)

    @property
    def kind(self) -> Literal["api"]:
        """Always `api`: the tag that tells an API offer from a GPU offer."""
        return "api"

    def blended_price(self, isl: int, osl: int) -> float:
        """Price per million total tokens for requests of `isl` input and `osl` output tokens
        (`blended_price` below)."""
        return blended_price(
            self.price_per_million_input_tokens, self.price_per_million_output_tokens, isl, osl
        )


def blended_price(input_price: float, output_price: float, isl: int, osl: int) -> float:
    """Price per million total (input + output) tokens at an `isl`:`osl` request shape:
    (isl * input + osl * output) / (isl + osl). DeepSeek-R1 at $0.50 in, $2.15 out, 8192:1024:
    (8192 * 0.50 + 1024 * 2.15) / 9216 = $0.6833 per million."""
    return (isl * input_price + osl * output_price) / (isl + osl)
