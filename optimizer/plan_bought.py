"""What a sensitivity says of the plan it is about, read off the stored plan (probe 18a F4):
whether the plan buys each offer (and so whether its target is where it enters or leaves),
and which cost responses found no plan better than the plan itself. The run's own re-solve of
the plan may stop unproven at another, dearer plan: at 0.1 s one listed an offer the plan
signs as "bought: no, enters below 1.022"."""

from __future__ import annotations

import msgspec

from optimizer.plan import Plan
from optimizer.price_responses import CostResponse
from optimizer.sensitivity_result import DemandSensitivity, LimitSensitivity, OfferSensitivity

__all__ = ["NO_BETTER", "as_planned", "no_better", "plan_buys"]

NO_BETTER = "no_better"
"""The status of a response whose re-solve stopped unproven at a cost above the plan's own,
at a step the plan itself still meets no dearer: no better plan was found, and no cost change
is given (`no_better`)."""

_SWAPPED = {"enters_below": "leaves_above", "leaves_above": "enters_below"}
_VERBS = {"enters_below": ("enters", "below"), "leaves_above": ("leaves", "above")}


def plan_buys(plan: Plan) -> frozenset[str]:
    """The ids of the offers `plan` buys new units of, as `optimizer.trials.bought` reads a
    solution: the contracts it signs in the horizon (on-demand months included), its per-token
    API purchases, and the offers only its tail buys month to month."""
    ids = {c.offer_id for c in plan.commitments if not c.existing}
    ids |= {p.offer_id for m in plan.months for p in m.purchases}
    if plan.tail is not None:
        ids |= set(plan.tail.offers_only_in_tail)
    return frozenset(ids)


def as_planned(offer: OfferSensitivity, buys: frozenset[str]) -> OfferSensitivity:
    """`offer` with `bought` the plan's (`plan_buys`), not the run's re-solve's; where they
    differ, its target's bracket (bought at `below`, not at `above`) read as the plan's kind
    (the price where the offer leaves a plan that buys it, enters one that does not), and its
    note saying that the re-solve bought otherwise."""
    bought = offer.offer_id in buys
    if bought == offer.bought:
        return offer
    target = offer.target
    kind = _SWAPPED.get(target.kind, target.kind)
    note = target.note
    if kind != target.kind:
        (old, old_side), (new, new_side) = _VERBS[target.kind], _VERBS[kind]
        if note.startswith(f"{old} only"):  # the tail-only note names the kind
            note = note.replace(f"{old} only", f"{new} only", 1)
            note = note.replace(f" {old_side} ", f" {new_side} ", 1)
    said = "buys" if offer.bought else "does not buy"
    why = f"the plan {'buys' if bought else 'does not buy'} it; the run's re-solve of it {said} it"
    note = f"{note}; {why}" if note else why
    target = msgspec.structs.replace(target, kind=kind, note=note)
    return msgspec.structs.replace(offer, bought=bought, target=target)


def no_better(
    plan_cost: float | None,
    offers: list[OfferSensitivity],
    workloads: list[DemandSensitivity],
    limits: list[LimitSensitivity],
) -> tuple[list[OfferSensitivity], list[DemandSensitivity], list[LimitSensitivity], int]:
    """The responses, each whose re-solve stopped unproven (`feasible`) above `plan_cost` (by
    more than a cent) at a step the plan itself meets no dearer (a price or a demand lowered,
    a limit raised) made `NO_BETTER`: the plan is a better plan there than the one found, so
    no cost change is given (it was no change at all: a tornado bar of +95% for 25% less
    demand), the re-solve's cost and gap kept and the note saying so; and how many."""
    if plan_cost is None:
        return offers, workloads, limits, 0
    count = 0

    def mend(responses: tuple[CostResponse, ...], lowered: bool) -> tuple[CostResponse, ...]:
        nonlocal count
        out = []
        for r in responses:
            held = r.change < 0.0 if lowered else r.change > 0.0
            if r.status == "feasible" and r.cost is not None and held and r.cost > plan_cost + 0.01:
                count += 1
                note = (
                    f"no better plan found: the re-solve stopped unproven at {r.cost:,.2f}, "
                    f"above the plan's own {plan_cost:,.2f}, which still holds at this step"
                )
                r = msgspec.structs.replace(r, status=NO_BETTER, cost_change=None, note=note)
            out.append(r)
        return tuple(out)

    offers = [msgspec.structs.replace(o, responses=mend(o.responses, True)) for o in offers]
    workloads = [msgspec.structs.replace(w, responses=mend(w.responses, True)) for w in workloads]
    limits = [msgspec.structs.replace(m, responses=mend(m.responses, False)) for m in limits]
    return offers, workloads, limits, count
