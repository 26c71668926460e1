"""What a buyer asks for: a demand forecast, constraints, existing commitments and options."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, field

from catalog.fields import (
    BASES,
    MAX_COUNT,
    MAX_NAMES,
    MAX_PRICE_PER_GPU_HOUR,
    MONTH_TEXT,
    PRECISION_ORDER,
    SLUG_TEXT,
    Currency,
    at_least_min_positive,
)
from catalog.model import Basis, Input, Month, Precision, Slug
from optimizer.demand_limits import MAX_TOKENS_PER_SECOND, MIN_TOKENS_PER_SECOND
from optimizer.scenario_request import MAX_SCENARIOS, Risk, Scenario

__all__ = [
    "SLO",
    "Accounting",
    "Constraints",
    "Existing",
    "Forecast",
    "Options",
    "PlanRequest",
    "PowerCap",
    "Replicas",
    "Workload",
    "month_index",
    "month_label",
]

# Bounds far beyond any real request, so that no number a client sends can overflow the
# model's arithmetic (coefficients, costs, tokens) into inf or underflow it to 0.
MAX_MW = 1e6
"""A terawatt: more than any grid."""
MAX_MONEY = 1e15
"""A quadrillion a month: beyond any budget."""

Accounting = Literal["in_horizon", "full_term", "demand_continues"]
"""What months after the horizon are worth (DESIGN section 8.1): `in_horizon` (they cost
nothing: capacity is assumed used), `full_term` (every month of every term counts: capacity
after the horizon is assumed worthless), `demand_continues` (demand holds at its last level
for a tail; every contract is paid in full and credited with the demand it serves, and of one
that ends in the tail the units the model chooses are valued as renewed at its price to the
tail's end)."""
Replicas = Literal["whole", "fractional"]
"""`whole`: GPUs go to workloads in whole replicas of the deployment behind the throughput, on
whole units; `fractional`: a deployment is assumed divisible (the first wave's model)."""
MAX_TAIL_MONTHS = 60
NonNegative = Annotated[float, Meta(ge=0, le=MAX_TOKENS_PER_SECOND)]
Megawatts = Annotated[float, Meta(gt=0, le=MAX_MW)]
Share = Annotated[float, Meta(gt=0, le=1)]
Name = Annotated[str, Meta(min_length=1, max_length=200)]
Money = Annotated[float, Meta(ge=0, le=MAX_MONEY)]
TokensPerRequest = Annotated[int, Meta(ge=1, le=MAX_COUNT)]
# Lists a client sends are bounded (catalog.fields.MAX_NAMES: 1,000 names), and a set of
# vocabulary values holds each value at most once.
Names = Annotated[tuple[Name, ...], Meta(min_length=1, max_length=MAX_NAMES)]
Precisions = Annotated[tuple[Precision, ...], Meta(min_length=1, max_length=len(PRECISION_ORDER))]
Bases = Annotated[tuple[Basis, ...], Meta(min_length=1, max_length=len(BASES))]


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
        float, Meta(gt=0, le=1e6, description="output tokens/s per user (1000 / TPOT ms)")
    ]
    max_ttft_ms: (
        Annotated[
            float,
            Meta(
                gt=0,
                le=1e7,
                description="time to first token, at most, in milliseconds: throughput points "
                "above it are not used; default: no limit",
            ),
        ]
        | None
    ) = None


class Workload(Input, frozen=True, kw_only=True):
    """One stream of demand: a model at a request shape and an SLO, in tokens/s per month."""

    # The descriptions are the OpenAPI's: what each field does, its unit and default (probe
    # 19: none of a workload's fields had one).
    id: Annotated[
        Slug, Meta(description=f"the workload's name, unique in the forecast: {SLUG_TEXT}")
    ]
    model: Annotated[
        Slug,
        Meta(
            description="the model served, as the catalog's throughput profiles name it: "
            + SLUG_TEXT
        ),
    ]
    isl: Annotated[
        TokensPerRequest,
        Meta(description="input sequence length: tokens in each request's prompt"),
    ]
    osl: Annotated[
        TokensPerRequest,
        Meta(description="output sequence length: tokens generated for each request"),
    ]
    slo: Annotated[SLO, Meta(description="the latency the workload's users need")]
    tokens_per_second: (
        Annotated[
            NonNegative,
            Meta(
                description="average demand in tokens/s, input (prompt) and output tokens "
                "counted together, the unit the catalog's throughput per GPU is in: its measured "
                "points are InferenceX's tput_per_gpu, total tokens over every GPU of a replica, "
                "prefill ones included; the sources of the shipped catalog's derived points (a "
                "published cost per million tokens) and vendor claim (NVIDIA's 90 tok/s/GPU for "
                "H200) do not say which tokens they count. One number for every month, or one "
                "per month of the horizon; 0 for none"
            ),
        ]
        | Annotated[list[NonNegative], Meta(min_length=1, max_length=120)]
    )
    peak_to_average: Annotated[
        float,
        Meta(
            ge=1,
            le=1000,
            description="the peak's multiple of the average (default 1): capacity is planned "
            "for average x peak_to_average tokens/s, and a per-token API's rate limit for the "
            "same peak",
        ),
    ] = 1.0
    precisions: (
        Annotated[
            Precisions,
            Meta(description="the precisions the model may run at; default: any the catalog has"),
        ]
        | None
    ) = None
    vendors: (
        Annotated[
            Names,
            Meta(
                description="the vendors the workload may run on (at most 1,000, matched by "
                "their slug); default: any"
            ),
        ]
        | None
    ) = None
    """At most 1,000 vendors."""
    regions: (
        Annotated[
            Names,
            Meta(
                description="the regions the workload may run in (at most 1,000, matched by "
                "their slug); default: any"
            ),
        ]
        | None
    ) = None
    """At most 1,000 regions."""
    bases: (
        Annotated[
            Bases,
            Meta(
                description="the throughput bases counted on (measured, derived, vendor_claim); "
                "default: all three"
            ),
        ]
        | None
    ) = None

    def __post_init__(self) -> None:
        values = (
            self.tokens_per_second
            if isinstance(self.tokens_per_second, list)
            else [self.tokens_per_second]
        )
        for value in values:
            if 0 < value < MIN_TOKENS_PER_SECOND:
                msg = (
                    f"`tokens_per_second` has {value!r}; give 0 or at least "
                    f"{MIN_TOKENS_PER_SECOND:g} tokens/s"
                )
                raise ValueError(msg)

    def demand(self, months: int) -> list[float]:
        """Average tokens/s in each month of the horizon."""
        if isinstance(self.tokens_per_second, list):
            return list(self.tokens_per_second)
        return [float(self.tokens_per_second)] * months


class Forecast(Input, frozen=True, kw_only=True):
    """Token demand over a horizon of calendar months."""

    name: Annotated[Name, Meta(description="the forecast's name, shown on its plans")]
    start: Annotated[Month, Meta(description=f"the horizon's first month: {MONTH_TEXT}")]
    months: Annotated[
        int, Meta(ge=1, le=120, description="the horizon's length in calendar months (1-120)")
    ]
    workloads: Annotated[
        tuple[Workload, ...],
        Meta(min_length=1, max_length=100, description="the demand: 1 to 100 workloads"),
    ]
    scenarios: Annotated[
        tuple[Scenario, ...],
        Meta(
            max_length=MAX_SCENARIOS,
            description="at most 10 futures of this demand, their probabilities adding up to "
            "1; default: none (the forecast is the one future)",
        ),
    ] = ()
    """Futures of this demand (DESIGN section 8.3); none: the forecast is the one future."""

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

    site: Annotated[
        str,
        Meta(min_length=1, max_length=200, description="the site, as the catalog's offers name it"),
    ]
    mw: (
        Annotated[
            Megawatts,
            Meta(
                description="megawatts, at most: one number for every month, or one per month "
                "of the horizon"
            ),
        ]
        | Annotated[list[Megawatts], Meta(min_length=1, max_length=120)]
    )


class Constraints(Input, frozen=True, kw_only=True):
    """Limits the plan must respect."""

    # The descriptions are the OpenAPI's: what each limit caps and in what unit (probe 19:
    # none had one, and whether `monthly_budget` caps cash or the run-rate was unsaid).
    power_caps: Annotated[
        tuple[PowerCap, ...],
        Meta(
            max_length=MAX_NAMES,
            description="at most 1,000 caps, one per site: the MW of the units active at the "
            "site in each month, tail months included, at most `mw`",
        ),
    ] = ()
    total_power_mw: (
        Annotated[
            Megawatts,
            Meta(description="the MW of all units active in each month, at most (every site)"),
        ]
        | Annotated[list[Megawatts], Meta(min_length=1, max_length=120)]
        | None
    ) = None
    monthly_budget: (
        Annotated[
            float,
            Meta(
                gt=0,
                le=MAX_MONEY,
                description="the run-rate of each month of the horizon, at most: price x GPUs x "
                "730 h of every unit active that month (existing ones included) and the "
                "month's per-token API spend; the amortised cost, not cash (an All Upfront "
                "contract counts its monthly share here; see max_upfront for cash)",
            ),
        ]
        | None
    ) = None
    max_vendor_share: (
        Annotated[
            Share,
            Meta(
                description="each vendor's share of the run-rate of each month of the "
                "horizon, at most (0..1): existing units and per-token API spend count"
            ),
        ]
        | None
    ) = None
    exclude_vendors: Annotated[
        tuple[Name, ...],
        Meta(
            max_length=MAX_NAMES,
            description="vendors the plan buys nothing from, as the catalog names them (at most "
            "1,000; an unknown one is a 422)",
        ),
    ] = ()
    utilization_cap: Annotated[
        Share,
        Meta(
            description="the share of each GPU's throughput at the SLO the plan counts on "
            "(0..1, default 1): capacity is planned so demand runs at most at this share of it"
        ),
    ] = 1.0
    max_upfront: (
        Annotated[
            Money,
            Meta(
                description="the upfront cash of the contracts the plan signs in the horizon, "
                "at most: All Upfront obligations, Partial Upfront shares, capex of owned "
                "hardware from its parts; existing commitments do not count"
            ),
        ]
        | None
    ) = None
    max_upfront_by_month: (
        Annotated[
            Money,
            Meta(
                description="the upfront cash of the contracts the plan signs in each month, at "
                "most: a number for every month, or one per month of the horizon"
            ),
        ]
        | Annotated[list[Money], Meta(min_length=1, max_length=120)]
        | None
    ) = None


SignedPrice = Annotated[
    float,
    Meta(
        gt=0,
        le=MAX_PRICE_PER_GPU_HOUR,
        description=(
            "the price per GPU-hour the commitment was signed at, at most 1,000,000: its units "
            "cost and pay it (by the offer's payment model; owned hardware: its all-in cost, "
            "its capex, opex and energy scaled alike) whatever the catalog's price is today; "
            "absent: the catalog's current price of the offer, which the plan's warnings name"
        ),
    ),
]


class Existing(Input, frozen=True, kw_only=True):
    """A commitment already signed or hardware already owned. It keeps the price it was
    signed at: `price_per_gpu_hour`, when given, is what its units cost (and pay, by the
    offer's payment model) in every month of its term, whatever the catalog's price is
    today, and a sensitivity's price steps of the offer move only the units a plan would
    sign new; absent, its units are costed at the catalog's current price of the offer
    (the plan's warnings say so)."""

    offer_id: Annotated[
        Slug, Meta(description=f"the catalog's offer the commitment is on: {SLUG_TEXT}")
    ]
    units: Annotated[
        int,
        Meta(
            ge=1,
            le=1_000_000,
            description="how many of the offer's units are held (a unit is its gpus_per_unit GPUs)",
        ),
    ]
    start: Annotated[Month, Meta(description=f"the term's first month: {MONTH_TEXT}")]
    term_months: Annotated[
        int,
        Meta(
            ge=1,
            le=120,
            description="the term's length in months (1-120); on owned hardware given by its "
            "parts (`tco`), its `tco.life_months`: it is paid over its life",
        ),
    ]
    price_per_gpu_hour: SignedPrice | None = None
    """The price per GPU-hour the commitment was signed at (see `SignedPrice`); default: the
    catalog's current price of the offer."""

    def __post_init__(self) -> None:
        at_least_min_positive(self, "price_per_gpu_hour")


class Options(Input, frozen=True, kw_only=True):
    """How to solve."""

    # The descriptions are the OpenAPI's: what each option does, its unit and default (probe
    # 19: only time_limit_s had one).
    time_limit_s: Annotated[
        float,
        Meta(
            gt=0,
            le=300,
            description="the solve's time limit in seconds, 0.05 to 300 (a 422 below 0.05); "
            "default 30",
        ),
    ] = 30.0
    """At least 0.05 s, the least a solve gets (`optimizer.phases.MIN_SOLVE_SECONDS`), checked
    where a request arrives (`optimizer.precheck`; probe 18a L4: 5e-324 s was accepted, a
    limit no one can act on): plans stored before the floor decode still."""
    gap: Annotated[
        float,
        Meta(
            ge=0,
            lt=1,
            description="the relative optimality gap the search may stop at (0..1, default "
            "0.0001); solver.gap is the gap reached",
        ),
    ] = 1e-4
    """The relative gap the search may stop at (requested; `SolverInfo.gap` is the gap reached)."""
    relax: Annotated[
        bool,
        Meta(
            description="solve the LP relaxation: fractional units, not a fleet that can be "
            "bought (no requisition or FOCUS export); default false"
        ),
    ] = False
    allow_spot: Annotated[
        bool,
        Meta(description="let the plan buy spot (preemptible) capacity; default false"),
    ] = False
    commitment_accounting: Annotated[
        Accounting,
        Meta(
            description="what months after the horizon are worth: in_horizon (nothing), "
            "full_term (every month of every term counts), demand_continues (default: demand "
            "holds at its last level for a tail of tail_months)"
        ),
    ] = "demand_continues"
    tail_months: (
        Annotated[
            int,
            Meta(
                ge=0,
                le=MAX_TAIL_MONTHS,
                description="months the demand continues after the horizon under "
                "demand_continues (0-60); default: the longest term of any eligible offer",
            ),
        ]
        | None
    ) = None
    """Months the demand continues after the horizon (`demand_continues`); default: the longest
    term of any eligible offer, at most 60."""
    replicas: Annotated[
        Replicas,
        Meta(
            description="whole (default): GPUs go to workloads in whole replicas on whole "
            "units; fractional: a deployment is assumed divisible"
        ),
    ] = "whole"
    trust_api_latency: Annotated[
        bool,
        Meta(
            description="count a per-token API offer that states no interactivity or TTFT as "
            "meeting the SLO; default false: such an offer is not eligible"
        ),
    ] = False
    """Count on a per-token API offer that states no interactivity (or TTFT) as meeting the
    workload's SLO; off, such an offer is not eligible (DESIGN 8.2)."""
    discount_rate: Annotated[
        float,
        Meta(
            ge=0,
            le=1,
            description="the annual rate the plan's cash is discounted at for its npv (0..1, "
            "default 0.08), monthly, payments at the start of each month",
        ),
    ] = 0.08
    """Annual rate the plan's cash flows are discounted at for their `npv` (0..1; monthly
    discounting, payments at the start of each month)."""
    risk: Annotated[
        Risk | None,
        Meta(
            description="with scenarios: minimise a weighted CVaR instead of the expected "
            "cost; default: the expected cost (a 422 without scenarios)"
        ),
    ] = None
    """With scenarios: minimise a weighted CVaR instead of the expected cost (refused, 422 on
    `options.risk`, on a forecast without scenarios: it would change nothing)."""
    currency: (
        Annotated[
            Currency,
            Meta(
                description="plan with offers priced in this currency only, an ISO 4217 code; "
                "default: the eligible offers' one currency"
            ),
        ]
        | None
    ) = None
    """Plan with the offers priced in this currency (ISO 4217) only; default: the eligible
    offers' one currency (a plan never adds up prices in two)."""


class PlanRequest(Input, frozen=True, kw_only=True):
    """A forecast (inline or by id) with the constraints and options to plan it under."""

    forecast: Annotated[
        Forecast | None,
        Meta(description="the demand, inline; give it or forecast_id, not both"),
    ] = None
    forecast_id: (
        Annotated[
            str,
            Meta(
                min_length=1,
                max_length=100,
                description="a stored forecast's id (POST /forecasts); give it or forecast, "
                "not both",
            ),
        ]
        | None
    ) = None
    constraints: Annotated[
        Constraints, Meta(description="limits the plan must respect; default: none")
    ] = field(default_factory=Constraints)
    existing: Annotated[
        tuple[Existing, ...],
        Meta(
            max_length=MAX_NAMES,
            description="commitments already signed and hardware already owned (at most "
            "1,000): the plan uses and pays them; default: none",
        ),
    ] = ()
    """At most 1,000 commitments."""
    objective: Annotated[
        Literal["cost", "power"],
        Meta(
            description="cost (default): the least cost; power: the least MW-months of new "
            "units, then the cheapest within 0.1% of them"
        ),
    ] = "cost"
    options: Annotated[
        Options, Meta(description="how to solve; default: every option's default")
    ] = field(default_factory=Options)

    def __post_init__(self) -> None:
        if (self.forecast is None) == (self.forecast_id is None):
            msg = "give exactly one of `forecast` (inline) or `forecast_id`"
            raise ValueError(msg)
