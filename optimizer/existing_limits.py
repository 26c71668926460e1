"""What the existing commitments alone do to a plan's limits: owned units beyond an offer's
`max_units` (taken as owned), units no workload can use, and the caps or budget they exceed
before anything is bought."""

from __future__ import annotations

from catalog.model import Profile
from optimizer.diagnosis import month_list
from optimizer.eligibility import why_ineligible
from optimizer.instance import Instance
from optimizer.plan import Diagnosis
from optimizer.request import PlanRequest
from optimizer.rows import BUDGET, TOTAL_POWER, run_rate_limits
from optimizer.wording import units_text

__all__ = ["idle_owned", "no_demand_diagnosis", "owned_beyond_availability"]


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
            f"{named} ({units_text(most)} of {spec.id} in {month_list(instance, over)}) exceed its "
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
    """Each run-rate limit (`optimizer.rows.run_rate_limits`) the existing units alone exceed,
    in MW for power and in the plan's currency for the budget."""
    out = []
    for limit in run_rate_limits(instance):
        if limit.label == BUDGET:
            title, scale, unit = "monthly budget", 1.0, instance.currency
        elif limit.label == TOTAL_POWER:
            title, scale, unit = "total power cap", 1000.0, "MW"
        else:
            title, scale, unit = f"power cap at {limit.label}", 1000.0, "MW"
        caps = [v / scale for v in limit.limits]
        used = [
            limit.existing(instance.offers, t) / scale for t in range(min(len(caps), instance.span))
        ]
        months = [t for t, u in enumerate(used) if u > caps[t] + max(1e-6 * caps[t], 1e-6)]
        if months:
            most = max(used[t] for t in months)
            cap = "/".join(f"{v:,.6g}" for v in sorted({caps[t] for t in months}))
            out.append(
                f"{title} ({cap} {unit}) in {month_list(instance, months)}, with {most:,.6g} "
                f"{unit} of existing commitments"
            )
    return out


def idle_owned(instance: Instance, request: PlanRequest, profiles: list[Profile]) -> list[str]:
    """One warning per offer whose existing units can serve none of the workloads (the
    SLO, the shape, a vendor or region rule rules it out: `why_ineligible`): they stand idle,
    and what they cost in the horizon (and the tail) is paid for nothing. The warning names
    the `existing` entries, why each workload cannot use them, and that cost."""
    serving = {o for (o, _w) in instance.rates}
    options = request.options
    out = []
    for o, spec in enumerate(instance.offers):
        if o in serving or not any(spec.existing):
            continue
        reasons = {
            w.id: why_ineligible(
                spec.offer,
                w.workload,
                profiles,
                allow_spot=options.allow_spot,
                exclude_vendors=request.constraints.exclude_vendors,
            )
            or "not eligible"
            for w in instance.workloads
        }
        why = "; ".join(f"{w}: {reason}" for w, reason in reasons.items())
        entries = [n for n, e in enumerate(request.existing) if e.offer_id == spec.id]
        named = ", ".join(f"existing[{n}]" for n in entries)
        horizon = sum(spec.existing_cost[: instance.horizon])
        # In the tail, their terms only: units that serve nothing are never renewed (renewal
        # is the model's choice).
        tail = sum(
            h.month_cost
            * max(0, min(instance.span, h.begin + h.term) - max(instance.horizon, h.begin))
            for h in instance.held
            if h.o == o
        )
        cur = instance.currency
        after = f" and {tail:,.2f} {cur} in the tail" if tail > 0.005 else ""
        most = max(spec.existing)
        out.append(
            f"{named} ({units_text(most)} of {spec.id}) can serve none of the workloads ({why}): "
            f"they stand idle, costing {horizon:,.2f} {cur} in the horizon{after}"
        )
    return out
