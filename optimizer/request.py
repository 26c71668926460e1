"""What a buyer asks for: a demand forecast, constraints, existing commitments and options."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, field

from catalog.model import Basis, Input, Month, Precision, Slug

__all__ = [
    "SLO",
    "Constraints",
    "Existing",
    "Forecast",
    "Options",
    "PlanRequest",
    "PowerCap",
    "Workload",
    "month_index",
    "month_label",
]

NonNegative = Annotated[float, Meta(ge=0)]
PositiveFloat = Annotated[float, Meta(gt=0)]
Share = Annotated[float, Meta(gt=0, le=1)]
Name = Annotated[str, Meta(min_length=1, max_length=200)]


def month_index(month: str) -> int:
    """Months since year 0: `2027-01` - `2026-12` == 1."""
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def month_label(index: int) -> str:
    """Inverse of `month_index`."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class SLO(Input, frozen=True, kw_only=True):
    """The latency a workload's users need."""

    min_interactivity: Annotated[
        float, Meta(gt=0, description="output tokens/s per user (1000 / TPOT ms)")
    ]
    max_ttft_ms: PositiveFloat | None = None


class Workload(Input, frozen=True, kw_only=True):
    """One stream of demand: a model at a request shape and an SLO, in tokens/s per month."""

    id: Slug
    model: Slug
    isl: Annotated[int, Meta(ge=1)]
    osl: Annotated[int, Meta(ge=1)]
    slo: SLO
    tokens_per_second: (
        NonNegative | Annotated[list[NonNegative], Meta(min_length=1, max_length=120)]
    )
    peak_to_average: Annotated[float, Meta(ge=1)] = 1.0
    precisions: Annotated[tuple[Precision, ...], Meta(min_length=1)] | None = None
    vendors: Annotated[tuple[Name, ...], Meta(min_length=1)] | None = None
    regions: Annotated[tuple[Name, ...], Meta(min_length=1)] | None = None
    bases: Annotated[tuple[Basis, ...], Meta(min_length=1)] | None = None

    def demand(self, months: int) -> list[float]:
        """Average tokens/s in each month of the horizon."""
        if isinstance(self.tokens_per_second, list):
            return list(self.tokens_per_second)
        return [float(self.tokens_per_second)] * months


class Forecast(Input, frozen=True, kw_only=True):
    """Token demand over a horizon of calendar months."""

    name: Name
    start: Month
    months: Annotated[int, Meta(ge=1, le=120)]
    workloads: Annotated[tuple[Workload, ...], Meta(min_length=1, max_length=100)]

    def __post_init__(self) -> None:
        ids = [w.id for w in self.workloads]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            msg = f"`workloads` ids must be unique; repeated: {', '.join(duplicates)}"
            raise ValueError(msg)
        for n, workload in enumerate(self.workloads):
            values = workload.tokens_per_second
            if isinstance(values, list) and len(values) != self.months:
                msg = (
                    f"`workloads[{n}].tokens_per_second` has {len(values)} values; "
                    f"`months` is {self.months} (give one per month, or a single number)"
                )
                raise ValueError(msg)

    @property
    def month_labels(self) -> list[str]:
        """`YYYY-MM` of every month of the horizon."""
        first = month_index(self.start)
        return [month_label(first + t) for t in range(self.months)]


class PowerCap(Input, frozen=True, kw_only=True):
    """At most `mw` megawatts provisioned at `site` (a number, or one per month)."""

    site: Annotated[str, Meta(min_length=1, max_length=200)]
    mw: PositiveFloat | Annotated[list[PositiveFloat], Meta(min_length=1, max_length=120)]


class Constraints(Input, frozen=True, kw_only=True):
    """Limits the plan must respect."""

    power_caps: tuple[PowerCap, ...] = ()
    total_power_mw: (
        PositiveFloat | Annotated[list[PositiveFloat], Meta(min_length=1, max_length=120)] | None
    ) = None
    monthly_budget: PositiveFloat | None = None
    max_vendor_share: Share | None = None
    exclude_vendors: tuple[Name, ...] = ()
    utilization_cap: Share = 1.0


class Existing(Input, frozen=True, kw_only=True):
    """A commitment already signed or hardware already owned."""

    offer_id: Slug
    units: Annotated[int, Meta(ge=1)]
    start: Month
    term_months: Annotated[int, Meta(ge=1, le=120)]


class Options(Input, frozen=True, kw_only=True):
    """How to solve."""

    time_limit_s: Annotated[float, Meta(gt=0, le=300)] = 30.0
    gap: Annotated[float, Meta(ge=0, lt=1)] = 1e-4
    relax: bool = False
    allow_spot: bool = False
    commitment_accounting: Literal["in_horizon", "full_term"] = "in_horizon"


class PlanRequest(Input, frozen=True, kw_only=True):
    """A forecast (inline or by id) with the constraints and options to plan it under."""

    forecast: Forecast | None = None
    forecast_id: Annotated[str, Meta(min_length=1, max_length=100)] | None = None
    constraints: Constraints = field(default_factory=Constraints)
    existing: tuple[Existing, ...] = ()
    objective: Literal["cost", "power"] = "cost"
    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        if (self.forecast is None) == (self.forecast_id is None):
            msg = "give exactly one of `forecast` (inline) or `forecast_id`"
            raise ValueError(msg)
