"""What the existing commitments alone do to a plan's limits: owned units beyond an offer's
`max_units` (taken as owned), and the caps or budget they exceed before anything is bought."""

from __future__ import annotations

from collections.abc import Callable

from optimizer.diagnosis import month_list
from optimizer.instance import Instance, OfferSpec
from optimizer.plan import Diagnosis
from optimizer.request import PlanRequest

__all__ = ["no_demand_diagnosis", "owned_beyond_availability"]


def owned_beyond_availability(instance: Instance, request: PlanRequest) -> list[str]:
    """One warning per offer whose existing units exceed its `max_units` in some month.

    `max_units` is what the vendor (or the buyer's own build) can supply at once: it limits
    what the plan may buy, not hardware already signed for or standing in the data centre. A
    buyer who owns 3 racks of an offer now capped at 2 still owns 3; refusing the plan, or
    calling it infeasible, would make them plan as if those racks did not exist. The plan keeps
    them, buys no more of that offer while they exceed the limit, and says so here, naming the
    `existing` entries and the limit."""
    out = []
    for spec in instance.offers:
        limit = spec.offer.max_units
        if limit is None:
            continue
        over = [t for t in range(instance.horizon) if spec.existing[t] > limit + 1e-9]
        if not over:
            continue
        entries = [n for n, e in enumerate(request.existing) if e.offer_id == spec.id]
        named = ", ".join(f"existing[{n}].units" for n in entries)
        most = max(spec.existing[t] for t in over)
        out.append(
            f"{named} ({most:g} units of {spec.id} in {month_list(instance, over)}) exceed its "
            f"max_units ({limit}): taken as already owned; no more units of {spec.id} are bought "
            "while they exceed it"
        )
    return out


def no_demand_diagnosis(instance: Instance, message: str) -> Diagnosis:
    """The diagnosis of a plan infeasible even with no demand served: each power cap or budget
    the existing commitments alone exceed, with the months, in `binding`; `message` (the
    solver's generic reason) when none of them does (a vendor share, say)."""
    binding = _exceeded(instance)
    summary = (
        f"the constraints conflict even with no demand served: the existing commitments alone "
        f"exceed the {binding[0]}" + ("" if len(binding) == 1 else f" and {len(binding) - 1} more")
        if binding
        else message
    )
    return Diagnosis(summary=summary, shortfalls=(), binding=tuple(binding))


def _exceeded(instance: Instance) -> list[str]:
    out = []

    def over(
        label: str,
        limits: list[float],
        weight: Callable[[OfferSpec], float],
        unit: str,
        members: Callable[[OfferSpec], bool] = lambda spec: True,
    ) -> None:
        used = [
            sum(weight(s) * s.existing[t] for s in instance.offers if members(s))
            for t in range(min(len(limits), instance.span))
        ]
        months = [t for t, u in enumerate(used) if u > limits[t] + max(1e-6 * limits[t], 1e-6)]
        if months:
            most = max(used[t] for t in months)
            cap = "/".join(f"{v:,.6g}" for v in sorted({limits[t] for t in months}))
            out.append(
                f"{label} ({cap} {unit}) in {month_list(instance, months)}, with {most:,.6g} "
                f"{unit} of existing commitments"
            )

    def mw(spec: OfferSpec) -> float:
        return spec.kw_per_unit / 1000.0

    for site, caps in sorted(instance.power_caps.items()):
        over(f"power cap at {site}", caps, mw, "MW", _at_site(site))
    if instance.total_power_mw is not None:
        over("total power cap", instance.total_power_mw, mw, "MW")
    if instance.monthly_budget is not None:
        budget = [instance.monthly_budget] * instance.horizon
        over("monthly budget", budget, lambda s: s.month_cost_per_unit, instance.currency)
    return out


def _at_site(site: str) -> Callable[[OfferSpec], bool]:
    return lambda spec: spec.offer.site_key == site
