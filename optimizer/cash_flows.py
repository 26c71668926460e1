"""The cash a plan pays, month by month, beside the amortised cost its cost per token rests on
(DESIGN section 8.2): the Plan's `cash_flows` and `npv`."""

from __future__ import annotations

from typing import Literal

from msgspec import Struct

__all__ = ["NPV_CONVENTION", "CashFlow", "NetPresentValue", "Period"]

Period = Literal["horizon", "tail", "after"]
"""Where a month lies: in the horizon, in the tail of `demand_continues`, or after both (the
last payments of contracts that run past them)."""

NPV_CONVENTION = (
    "Annual effective discount rate r, discounted monthly: every payment is made at the start "
    "of its month, and a payment in month k of the plan (0 = its first month) is worth "
    "payment / (1 + r)^(k / 12) at the plan's start. Upfront payments (and capex) fall in a "
    "contract's first month, monthly ones in each month of its term, a residual after its "
    "last month."
)


class CashFlow(Struct, frozen=True, kw_only=True):
    """What leaves (and comes back) in one month, beside what the month costs amortised."""

    month: str
    period: Period
    upfront: float
    """Payments due at a contract's start: All Upfront obligations, the upfront share of
    Partial Upfront ones, the capex of owned hardware from its parts."""
    recurring: float
    """Payments due each month: contracts paid monthly, opex and energy of owned hardware,
    on-demand and spot capacity (and any other purchase paid as it is used)."""
    recovered: float = 0.0
    """Residual value of owned hardware coming back after its life (reduces the cash)."""
    cash: float
    """upfront + recurring - recovered."""
    amortised: float
    """The month's cost as cost per token counts it: each active contract's price per
    GPU-hour x 730 x its GPUs."""
    cumulative_cash: float
    cumulative_amortised: float


class NetPresentValue(Struct, frozen=True, kw_only=True):
    """The plan's cash and amortised cost in totals and at present value."""

    discount_rate: float
    """Annual, as `options.discount_rate`."""
    convention: str
    cash: float
    """NPV of `cash_flows[].cash`."""
    amortised: float
    """NPV of `cash_flows[].amortised`: what the same money is worth paid as it is used."""
    total_cash: float
    total_amortised: float
    upfront_in_horizon: float
    """Upfront cash of contracts starting in the horizon (what `max_upfront` limits, existing
    commitments included here, not there)."""
    cash_in_horizon: float
    amortised_in_horizon: float
