"""The catalog's domain: systems, their measured throughput profiles, and vendor offers.

Every Struct here is frozen and refuses unknown fields, so a typo in a POSTed document is an
error that names the field rather than a silently ignored key.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

import msgspec
from msgspec import Meta, Struct

from catalog.api_offer import ApiOffer
from catalog.economics import HOURS_PER_MONTH
from catalog.fields import (
    BASES,
    FEATURES,
    MAX_COUNT,
    MAX_ITEMS,
    MAX_PRICE_PER_GPU_HOUR,
    MAX_QUANTITY,
    MIN_POSITIVE,
    PRECISION_ORDER,
    SITE_KEY_LENGTH,
    SITE_KEY_PATTERN,
    Basis,
    Currency,
    Extensions,
    Feature,
    Features,
    Kind,
    KwPerGpu,
    Month,
    Note,
    PaymentModel,
    PositiveFloat,
    PositiveInt,
    Precision,
    PriceBasis,
    PricePerGpuHour,
    SiteKey,
    Slug,
    Text,
    at_least_min_positive,
    same_vendor,
    slugify,
    unique_values,
)
from catalog.input_rules import MONTH_TO_MONTH
from catalog.tco import Tco, tco_formula, tco_price_per_gpu_hour

__all__ = [
    "BASES",
    "FEATURES",
    "HOURS_PER_MONTH",
    "Basis",
    "Catalog",
    "Feature",
    "Kind",
    "Month",
    "Offer",
    "PaymentModel",
    "Point",
    "Precision",
    "PriceBasis",
    "Profile",
    "Slug",
    "System",
    "same_vendor",
    "slugify",
]


class Input(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every document a user sends: frozen, keyword-only, unknown fields refused."""


class System(Input, frozen=True, kw_only=True):
    """A hardware platform: `gb300-nvl72`, `hgx-h100`."""

    id: Slug
    name: Text
    accelerator: Text
    maker: Text
    power_kw_per_gpu: KwPerGpu
    scale_up_gpus: PositiveInt
    memory_gb_per_gpu: PositiveFloat
    peak_tflops: Annotated[dict[Precision, PositiveFloat], Meta(max_length=7)] = {}
    hbm_tb_s: PositiveFloat | None = None
    source: Text
    as_of: dt.date | None = None
    """Date of the sources behind the power and specs; null in catalogs stored before it."""

    def __post_init__(self) -> None:
        at_least_min_positive(self, "power_kw_per_gpu", "memory_gb_per_gpu", "hbm_tb_s")
        for precision, tflops in self.peak_tflops.items():
            if tflops < MIN_POSITIVE:
                msg = f"`peak_tflops` at {precision} must be at least {MIN_POSITIVE:g}"
                raise ValueError(msg)

    def peak_tflops_at(self, precision: Precision) -> tuple[Precision, float] | None:
        """Dense peak TFLOPS at `precision`, or at the next wider precision the system lists."""
        for candidate in PRECISION_ORDER[PRECISION_ORDER.index(precision) :]:
            if candidate in self.peak_tflops:
                return candidate, self.peak_tflops[candidate]
        return None


class Point(Input, frozen=True, kw_only=True):
    """One operating point: throughput per GPU at an interactivity, for one deployment."""

    interactivity: Annotated[
        float,
        Meta(gt=0, le=MAX_QUANTITY, description="output tokens/s per user = 1000 / TPOT ms"),
    ]
    throughput_per_gpu: Annotated[
        float,
        Meta(gt=0, le=MAX_QUANTITY, description="total (input + output) tokens/s per GPU"),
    ]
    ttft_ms: PositiveFloat | None = None
    engine: Annotated[str, Meta(max_length=2000)] | None = None
    deployment: Text
    concurrency: PositiveInt | None = None
    gpus_per_replica: PositiveInt | None = None
    features: Features = ()
    basis: Basis
    source: Text
    measured_on: dt.date

    def __post_init__(self) -> None:
        unique_values(self.features, "features")
        at_least_min_positive(self, "interactivity", "throughput_per_gpu", "ttft_ms")


class Profile(Input, frozen=True, kw_only=True):
    """What one system delivers for one model, request shape and precision."""

    id: Slug
    system_id: Slug
    model: Slug
    isl: Annotated[int, Meta(ge=1, le=MAX_COUNT, description="input tokens per request")]
    osl: Annotated[int, Meta(ge=1, le=MAX_COUNT, description="output tokens per request")]
    precision: Precision
    points: Annotated[
        tuple[Point, ...], Meta(min_length=1, max_length=MAX_ITEMS, description="1..50,000")
    ]


DERIVED = 0.0
"""`price_per_gpu_hour` left out: derived from the offer's `tco` parts."""
PRICE_TOLERANCE = 1e-9
"""Relative difference under which a given price is the one its `tco` parts derive."""


def _price_from_parts(offer: Offer, tco: Tco) -> None:
    """Check `tco` against the offer and set the price (and an omitted term) from it.

    Raises:
        ValueError: `tco` on an offer that is not owned, a term other than the life, energy
        priced without the offer's `power_kw_per_gpu`, a derived price outside the price
        bounds, or a given price other than the derived one.
    """
    if offer.kind != "owned":
        msg = f"`tco` is for owned offers; a {offer.kind} offer states `price_per_gpu_hour`"
        raise ValueError(msg)
    if offer.term_months == 0:
        msgspec.structs.force_setattr(offer, "term_months", tco.life_months)
    if offer.term_months != tco.life_months:
        msg = (
            f"`tco.life_months` ({tco.life_months}) must equal `term_months` "
            f"({offer.term_months}): the hardware is paid over its life"
        )
        raise ValueError(msg)
    kw = offer.power_kw_per_gpu
    if kw is None and tco.energy_price_per_kwh > 0:
        msg = (
            "`tco.energy_price_per_kwh` is charged at the offer's provisioned all-in kW: give "
            "`power_kw_per_gpu`"
        )
        raise ValueError(msg)
    derived = tco_price_per_gpu_hour(tco, kw or 0.0)
    if not MIN_POSITIVE <= derived <= MAX_PRICE_PER_GPU_HOUR:
        msg = (
            f"`tco` derives a price of {derived!r} per GPU-hour; it must lie within "
            f"{MIN_POSITIVE:g}..{MAX_PRICE_PER_GPU_HOUR:,.0f}"
        )
        raise ValueError(msg)
    given = offer.price_per_gpu_hour
    if given != DERIVED and abs(given - derived) > PRICE_TOLERANCE * derived:
        msg = (
            f"`price_per_gpu_hour` ({given!r}) is not the price `tco` derives ({derived!r}): "
            "give one or the other"
        )
        raise ValueError(msg)
    msgspec.structs.force_setattr(offer, "price_per_gpu_hour", derived)


SITE_KEY = re.compile(SITE_KEY_PATTERN)


class Offer(Input, frozen=True, kw_only=True):
    """Something a vendor sells, priced per GPU-hour."""

    id: Slug
    vendor: Text
    system_id: Slug
    region: Slug
    site: SiteKey | None = None
    kind: Kind
    price_per_gpu_hour: PricePerGpuHour = DERIVED
    """The price the plan pays: the contracted (negotiated) price where there is one. Required
    unless the offer gives its `tco` parts, from which it is then derived (a price given beside
    them must be the derived one)."""
    tco: Tco | None = None
    """An owned offer's parts (capex, life, residual, opex, energy): the hourly price is derived
    from them and capex is paid at the contract's start."""
    list_price_per_gpu_hour: PricePerGpuHour | None = None
    """The vendor's list price, when the price above is a negotiated one (FOCUS
    `ListUnitPrice` beside `ContractedUnitPrice`)."""
    sku: Annotated[str, Meta(max_length=200)] = ""
    """The vendor's own SKU or instance type (FOCUS `SkuId`), when known."""
    currency: Currency = "USD"
    term_months: Annotated[int, Meta(ge=0, le=120, description="0 = month to month")] = 0
    payment_model: PaymentModel = "No Upfront"
    upfront_share: Annotated[float, Meta(ge=0, le=1)] | None = None
    """Share of a `Partial Upfront` contract's obligation paid at its start (default 0.5); the
    rest is paid monthly."""
    gpus_per_unit: Annotated[
        int, Meta(ge=1, le=1_000_000, description="smallest purchasable block")
    ] = 1
    min_units: PositiveInt | None = None
    max_units: PositiveInt | None = None
    available_from: Month | None = None
    power_kw_per_gpu: KwPerGpu | None = None
    supports: Features | None = None
    price_basis: PriceBasis
    source: Text
    as_of: dt.date
    note: Note = ""
    extensions: Extensions = {}
    """Unknown `x_` columns of an imported offers CSV, kept so that an export gives them back."""

    def __post_init__(self) -> None:
        if self.tco is not None:
            _price_from_parts(self, self.tco)
        elif self.price_per_gpu_hour == DERIVED:
            msg = "give `price_per_gpu_hour` (or, for an owned offer, its `tco` parts)"
            raise ValueError(msg)
        at_least_min_positive(self, "price_per_gpu_hour", "power_kw_per_gpu")
        if self.upfront_share is not None and self.payment_model != "Partial Upfront":
            msg = (
                "`upfront_share` applies to `Partial Upfront` offers; this one is "
                f"{self.payment_model}"
            )
            raise ValueError(msg)
        if self.kind in MONTH_TO_MONTH and self.term_months != 0:
            # Month to month (DESIGN section 2). Input with a term is refused before it gets
            # here (catalog.input_rules); an offer stored by older code reads back as sold.
            msgspec.structs.force_setattr(self, "term_months", 0)
        if self.kind in ("reserved", "owned") and self.term_months == 0:
            msg = f"a {self.kind} offer needs `term_months` > 0"
            raise ValueError(msg)
        if (
            self.min_units is not None
            and self.max_units is not None
            and self.min_units > self.max_units
        ):
            msg = f"`min_units` ({self.min_units}) exceeds `max_units` ({self.max_units})"
            raise ValueError(msg)
        unique_values(self.supports, "supports")
        if self.site is None:
            site = f"{slugify(self.vendor)}/{self.region}"
            if len(site) > SITE_KEY_LENGTH or not SITE_KEY.match(site):
                # Said of `vendor`, which was sent, not of the `site` derived from it (probe 13).
                msg = (
                    f"`vendor` makes no site key: its slug and the region give {site[:60]!r}"
                    f"{'...' if len(site) > 60 else ''}, which must be at most {SITE_KEY_LENGTH} "
                    "characters of lower-case letters and digits: give a shorter vendor name, "
                    "or the offer's `site`"
                )
                raise ValueError(msg)
            msgspec.structs.force_setattr(self, "site", site)

    @property
    def site_key(self) -> str:
        """The power-cap key: `site`, defaulted to `{vendor slug}/{region}`."""
        return self.site or f"{slugify(self.vendor)}/{self.region}"

    @property
    def term(self) -> int:
        """Months a contract runs: 0 (month to month) is a one-month term."""
        return max(1, self.term_months)

    @property
    def price_formula(self) -> str | None:
        """How the price is derived from the `tco` parts, with the offer's figures (None for an
        offer that states its price)."""
        if self.tco is None:
            return None
        return tco_formula(self.tco, self.power_kw_per_gpu or 0.0, self.currency)


class Catalog(Struct, frozen=True, kw_only=True):
    """One revision of the whole catalog: what a plan is solved against."""

    revision: int
    systems: tuple[System, ...]
    profiles: tuple[Profile, ...]
    offers: tuple[Offer, ...]
    sites: tuple[str, ...] = ()
    api_offers: tuple[ApiOffer, ...] = ()
    """Per-token API offers (DESIGN 8.2), apart from `offers` so that every reader of GPU
    offers keeps its per-GPU fields; catalogs stored before them read back with none."""

    def __post_init__(self) -> None:
        if not self.sites:
            sites = tuple(sorted({offer.site_key for offer in self.offers}))
            msgspec.structs.force_setattr(self, "sites", sites)

    def system(self, system_id: str) -> System | None:
        """The system with `system_id`, or None."""
        return next((s for s in self.systems if s.id == system_id), None)

    def offer(self, offer_id: str) -> Offer | None:
        """The offer with `offer_id`, or None."""
        return next((o for o in self.offers if o.id == offer_id), None)

    def api_offer(self, offer_id: str) -> ApiOffer | None:
        """The API offer with `offer_id`, or None."""
        return next((o for o in self.api_offers if o.id == offer_id), None)

    def models(self) -> list[str]:
        """Every model some profile serves, sorted."""
        return sorted({p.model for p in self.profiles})
