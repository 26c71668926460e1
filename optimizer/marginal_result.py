"""The marginal costs a plan reports (DESIGN section 8.1): duals of the LP relaxation as
long-run marginal costs of demand, caps, budgets, availability and vendor share."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta, Struct

__all__ = [
    "DemandMarginal",
    "Marginals",
    "PowerMarginal",
    "ShareMarginal",
    "UnitMarginal",
    "WorkloadMarginal",
]


class Out(Struct, frozen=True, kw_only=True):
    """Base of the output Structs here (as `optimizer.plan.Out`)."""


class DemandMarginal(Out, frozen=True, kw_only=True):
    """Long-run marginal cost of one more unit of a workload's demand in one month."""

    workload_id: str
    month: str
    per_million_tokens: float
    per_token_per_second_month: float
    """$ one more average token/s of demand in this month costs (as the forecast states
    demand; the capacity it needs is `peak_to_average` times that)."""
    step_down_per_token_per_second_month: float | None = None
    """$ one token/s less in this month saves, where it differs from what one more costs
    (`per_token_per_second_month`): the demand sits at a breakpoint (None: it does not)."""


class WorkloadMarginal(Out, frozen=True, kw_only=True):
    """Long-run marginal cost of one more average token/s of a workload's demand held over the
    horizon (and, under `demand_continues`, over the tail that continues it): well defined
    where the per-month prices are not."""

    workload_id: str
    per_million_tokens: float
    per_token_per_second: float
    """$ per average tokens/s added in every month."""
    step_down_per_token_per_second: float | None = None
    """$ one average token/s less in every month saves, where it differs from what one more
    costs (`per_token_per_second`): the demand sits at a breakpoint (None: it does not)."""
    months: int
    per_month_defined: bool
    """True when the per-month demand marginals of this workload are well defined (only
    month-to-month offers serve it); with commitments they are split arbitrarily between
    months, and only this horizon figure is given."""


_SITE = (
    "a power cap's site, or `(total)`; for money limits the limit: `(budget, per $)`, "
    "`max_upfront` (month `horizon`: one limit over the horizon) or `max_upfront_by_month`"
)
_PER_MW_MONTH = (
    "This month's share of what raising the power cap in every month saves, per MW (the cap "
    "raised by 1% of it, the saving per MW; the months' figures add up to the whole step's, "
    "and raising one month alone may save nothing: see the marginals' note); for `budget` and "
    "`upfront`, $ of cost saved per $ more of the limit (a "
    "ratio, not per MW)"
)
_STEP_DOWN_MW = (
    "$ per MW that the cap 1% lower (for `budget` and `upfront`: one $ less of the limit) "
    "costs, where it differs from what the step up saves (`per_mw_month`): the limit sits at "
    "a breakpoint; None where it does not"
)


class PowerMarginal(Out, frozen=True, kw_only=True):
    """What one more MW of a power cap, or one more $ of a money limit, would save in one month
    (0 when it does not bind). `budget` and `upfront` reuse this shape: their figure is per $."""

    site: Annotated[str, Meta(description=_SITE)]
    month: Annotated[str, Meta(description="YYYY-MM; `tail`: the months after the horizon")]
    per_mw_month: Annotated[float, Meta(description=_PER_MW_MONTH)]
    step_down_per_mw_month: Annotated[float | None, Meta(description=_STEP_DOWN_MW)] = None


class UnitMarginal(Out, frozen=True, kw_only=True):
    """The relaxation's share, in one month, of what one more unit of an offer's `max_units`
    would save (listed only where its row binds in the relaxation). `max_units` is one limit
    for every month and cannot be raised for one month alone: the per-month figures split its
    value (arbitrarily where a contract couples months); their sum over the months is what
    one more unit of `max_units` saves."""

    offer_id: str
    month: str
    """The month (YYYY-MM), or `tail` for the months after the horizon together."""
    per_unit_month: float
    max_units: int | None = None
    """The offer's limit (None: written before it was said)."""
    units_in_plan: float | None = None
    """Units the plan holds of the offer that month (`tail`: the most in any tail month);
    below `max_units`, the limit binds only in the relaxation, not in the plan (None: written
    before it was said)."""
    step_down_per_unit_month: float | None = None
    """The same month's share of what one unit less of `max_units` costs, where that differs
    from what one more saves (the limit sits at a breakpoint; their sum over the months is
    the step down's cost); None where it does not."""


class ShareMarginal(Out, frozen=True, kw_only=True):
    """What raising `max_vendor_share` by 0.01 would save through one vendor's share in one
    month (listed only where it binds); the saving of the whole step is their sum."""

    vendor: str
    month: str
    """The month (YYYY-MM), or `tail` for the months after the horizon together."""
    per_share_point: float
    step_down_per_share_point: float | None = None
    """This vendor-month's share of what lowering `max_vendor_share` by 0.01 costs, where that
    differs from what raising it saves (the share sits at a breakpoint; the step down's cost
    is their sum); None where it does not."""


_POWER = (
    "Per MW-month of each power cap the request sets (a site's, or `(total)`), in each month "
    "of the horizon and `tail` for the months after it; none for a cap it does not set."
)
_BUDGET = (
    "Per $ of `constraints.monthly_budget`, in each month of the horizon (site `(budget, per "
    "$)`; `per_mw_month` holds $ saved per $ more of the budget, not per MW); none without a "
    "budget."
)
_UPFRONT = (
    "Per $ of `max_upfront` (month `horizon`) and of `max_upfront_by_month` (each month): "
    "`per_mw_month` holds $ saved per $ more of the limit, not per MW; none without one."
)


class Marginals(Out, frozen=True, kw_only=True):
    """Duals of the LP relaxation of the hard-demand model."""

    note: str
    demand: tuple[DemandMarginal, ...] = ()
    power: Annotated[tuple[PowerMarginal, ...], Meta(description=_POWER)] = ()
    budget: Annotated[tuple[PowerMarginal, ...], Meta(description=_BUDGET)] = ()
    """Per $ of `monthly_budget` in each month (site `(budget, per $)`)."""
    upfront: Annotated[tuple[PowerMarginal, ...], Meta(description=_UPFRONT)] = ()
    """Per $ of `max_upfront` (month `horizon`) and of `max_upfront_by_month` (each month)."""
    workloads: tuple[WorkloadMarginal, ...] = ()
    availability: tuple[UnitMarginal, ...] = ()
    """Per unit-month of each offer's `max_units` that binds."""
    vendor_share: tuple[ShareMarginal, ...] = ()
    """Per 0.01 of `max_vendor_share`, by vendor and month, where it binds."""
