"""The catalog's field types and the checks they share: slugs, texts, bounded numbers,
currencies, the vocabularies (precision, feature, basis, kind, price basis).
`catalog.model` and `catalog.api_offer` build on it (and `catalog.model` re-exports it)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from msgspec import Meta, Struct

__all__ = [
    "BASES",
    "CURRENCY_TEXT",
    "FEATURES",
    "MAX_COUNT",
    "MAX_EXTENSIONS",
    "MAX_ITEMS",
    "MAX_NAMES",
    "MAX_PRICE_PER_GPU_HOUR",
    "MAX_QUANTITY",
    "MIN_POSITIVE",
    "MONTH_TEXT",
    "PRECISION_ORDER",
    "SLUG_TEXT",
    "Basis",
    "Currency",
    "Extensions",
    "Feature",
    "Features",
    "Kind",
    "KwPerGpu",
    "Month",
    "NonNegativeInt",
    "Note",
    "PaymentModel",
    "PositiveFloat",
    "PositiveInt",
    "Precision",
    "PriceBasis",
    "PricePerGpuHour",
    "SiteKey",
    "Slug",
    "Text",
    "at_least_min_positive",
    "same_vendor",
    "slugify",
    "unique_values",
]

# What a slug, a month and a currency code are, said once: a field that describes itself in
# its own words says these too, or the OpenAPI loses them (probe 21: the request's slugs and
# months had lost them).
SLUG_TEXT = "lower-case letters, digits and single . _ - between them"
"""The format of a `Slug`, as its OpenAPI description says it."""
MONTH_TEXT = (
    "a calendar month, YYYY-MM, in 1900..2199 (a plan and its tail run to at most 15 years "
    "later, inside what calendars can count)"
)
"""The format and range of a `Month`, as its OpenAPI description says them."""
CURRENCY_TEXT = "ISO 4217 code"
"""What a `Currency` is, as its OpenAPI description says it."""
Slug = Annotated[
    str,
    Meta(pattern=r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$", max_length=128, description=SLUG_TEXT),
]
SITE_KEY_PATTERN = r"^[a-z0-9]+(?:[._/-][a-z0-9]+)*$"
SITE_KEY_LENGTH = 200
SiteKey = Annotated[
    str,
    Meta(
        pattern=SITE_KEY_PATTERN,
        max_length=SITE_KEY_LENGTH,
        description="power-cap key, e.g. on-prem/own-dc",
    ),
]
Text = Annotated[str, Meta(min_length=1, max_length=2000)]
Note = Annotated[str, Meta(max_length=4000)]
# Every number has a finite upper bound, far above any real value, so that no input (JSON, a
# CSV cell such as `1e308`) can carry an infinity or an overflow into a plan: sums of prices
# times GPUs times hours stay finite.
# Every list has a bound too, far above any real document, so that no body makes the service
# loop over (or repeat in a 422) millions of items.
MAX_NAMES = 1_000
"""Most names in one list of a request: vendors, regions, sites, existing commitments."""
MAX_ITEMS = 50_000
"""Most items of one kind in one import, and points in one profile."""
MAX_EXTENSIONS = 100
"""Most `x_` columns kept on one offer."""
MAX_COUNT = 1_000_000_000
"""Largest count of anything (units, GPUs, users, tokens per request)."""
MAX_QUANTITY = 1e12
"""Largest other quantity (TFLOPS, GB, tokens/s per GPU, milliseconds)."""
PositiveFloat = Annotated[float, Meta(gt=0, le=MAX_QUANTITY)]
PositiveInt = Annotated[int, Meta(ge=1, le=MAX_COUNT)]
NonNegativeInt = Annotated[int, Meta(ge=0, le=MAX_COUNT)]
MAX_PRICE_PER_GPU_HOUR = 1_000_000
PricePerGpuHour = Annotated[
    float, Meta(gt=0, le=MAX_PRICE_PER_GPU_HOUR, description="per GPU-hour, at most 1,000,000")
]
KwPerGpu = Annotated[
    float, Meta(gt=0, le=1000, description="all-in provisioned kW per GPU, at most 1,000")
]
Month = Annotated[str, Meta(pattern=r"^(19|2[0-1])\d{2}-(0[1-9]|1[0-2])$", description=MONTH_TEXT)]
Extensions = Annotated[
    dict[
        Annotated[str, Meta(pattern=r"^x_[A-Za-z0-9_]+$", max_length=200)],
        Annotated[str, Meta(max_length=4000)],
    ],
    Meta(max_length=MAX_EXTENSIONS, description="at most 100 `x_` columns"),
]
"""Unknown `x_` columns of an imported offers CSV, by name: kept so that an export gives them
back."""
Currency = Annotated[str, Meta(pattern=r"^[A-Z]{3}$", description=CURRENCY_TEXT)]

Precision = Literal["fp4", "fp6", "fp8", "int8", "bf16", "fp16", "fp32"]
Feature = Literal["mtp", "speculative", "disaggregated", "wide_ep", "kv_offload", "kv_routing"]
Basis = Literal["measured", "derived", "vendor_claim"]
Kind = Literal["on_demand", "reserved", "spot", "owned"]
PaymentModel = Literal["No Upfront", "Partial Upfront", "All Upfront"]
PriceBasis = Literal["list", "quote", "estimate", "illustrative"]

FEATURES: tuple[Feature, ...] = (
    "mtp",
    "speculative",
    "disaggregated",
    "wide_ep",
    "kv_offload",
    "kv_routing",
)
BASES: tuple[Basis, ...] = ("measured", "derived", "vendor_claim")
Features = Annotated[tuple[Feature, ...], Meta(max_length=len(FEATURES))]
"""A set of features, each at most once (checked by `unique_values`)."""
PRECISION_ORDER: tuple[Precision, ...] = ("fp4", "fp6", "fp8", "int8", "bf16", "fp16", "fp32")
"""Narrow to wide: a system's FLOPS at the next wider precision stand in when it lists none."""


def slugify(text: str) -> str:
    """Lower-case `text` and join its runs of letters and digits with `-` ("Together AI" ->
    "together-ai")."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def same_vendor(a: str, b: str) -> bool:
    """Whether two spellings name one vendor: their slugs are equal ("together-ai" and
    "Together AI" are one vendor). The one vendor-matching rule."""
    return slugify(a) == slugify(b)


MIN_POSITIVE = 1e-6
"""Smallest positive rate, price or power accepted: smaller ones divide into infinities."""


def at_least_min_positive(owner: Struct, *fields: str) -> None:
    for name in fields:
        value = getattr(owner, name)
        if value is not None and value < MIN_POSITIVE:
            msg = f"`{name}` must be at least {MIN_POSITIVE:g}, got {value!r}"
            raise ValueError(msg)


def unique_values(values: tuple[str, ...] | None, field: str) -> None:
    if values is not None and len(set(values)) != len(values):
        msg = f"`{field}` lists a value twice: {sorted(values)}"
        raise ValueError(msg)
