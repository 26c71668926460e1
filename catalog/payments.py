"""When an offer's money leaves (DESIGN section 8.2): the payments of one GPU under a contract,
by payment model, beside the amortised price that cost per token rests on."""

from __future__ import annotations

from msgspec import Struct

from catalog.economics import HOURS_PER_MONTH
from catalog.model import Offer

__all__ = [
    "DEFAULT_UPFRONT_SHARE",
    "Payments",
    "payments_per_gpu",
    "upfront_share",
]

DEFAULT_UPFRONT_SHARE = 0.5
"""Share of a `Partial Upfront` obligation paid at the start when the offer states none."""


class Payments(Struct, frozen=True, kw_only=True):
    """The payments of one GPU under one contract: `upfront` at its start, `monthly` in each
    month of its term (the start month included), `residual` recovered after its last month
    (owned hardware sold for a share of its capex). They add up to the obligation:
    upfront + monthly * term - residual = price per GPU-hour * 730 * term."""

    upfront: float
    monthly: float
    residual: float = 0.0


def upfront_share(offer: Offer) -> float:
    """Share of the obligation paid at a contract's start, by payment model (owned hardware
    from its parts excepted: its capex is the upfront part)."""
    if offer.kind in ("on_demand", "spot") or offer.term == 1:
        return 0.0
    if offer.payment_model == "All Upfront":
        return 1.0
    if offer.payment_model == "Partial Upfront":
        share = offer.upfront_share
        return DEFAULT_UPFRONT_SHARE if share is None else share
    return 0.0


def payments_per_gpu(offer: Offer, term: int) -> Payments:
    """The payments of one GPU of `offer` under a contract of `term` months: owned hardware
    from its `tco` parts pays capex at the start, opex and energy monthly, and recovers its
    residual after the last month; on-demand, spot and month-to-month capacity is paid monthly;
    other contracts by `payment_model` (`All Upfront`: the whole obligation at the start;
    `Partial Upfront`: `upfront_share`, default 0.5, at the start and the rest monthly;
    `No Upfront`: monthly)."""
    if offer.tco is not None:
        kw = offer.power_kw_per_gpu or 0.0
        return Payments(
            upfront=offer.tco.capex_per_gpu,
            monthly=offer.tco.running_per_gpu_month(kw),
            residual=offer.tco.capex_per_gpu * offer.tco.residual_share,
        )
    per_month = offer.price_per_gpu_hour * HOURS_PER_MONTH
    share = upfront_share(offer)
    return Payments(upfront=share * per_month * term, monthly=(1.0 - share) * per_month)
