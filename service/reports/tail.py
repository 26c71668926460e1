"""The months after the horizon (`demand_continues`) as the report shows them: the tail's
cost, tokens and cost per token, the tokens nothing serves then, what renewing the units the
plan chooses to renew where their contracts end in the tail adds (valued, not signed; per
offer, the units renewed and not), and, when `tail_months` ends before the contracts do, what
they owe after the tail, charged to it with no tokens counted."""

from __future__ import annotations

from optimizer import Plan, month_index, unserved
from optimizer.plan import Tail
from service.reports.cells import Cell, Count, Money, Rate, Text, shown
from service.reports.numbers import money

__all__ = [
    "owed_after_tail",
    "owed_clause",
    "renewal_pairs",
    "short_clause",
    "tail_card",
    "tail_clause",
    "tail_pairs",
    "whole_clause",
]


def owed_after_tail(plan: Plan) -> tuple[int, float]:
    """(the most months any commitment runs past the tail's last month, what the
    commitments owe in those months): the tail's cost pays every contract out in full, new
    and existing (`optimizer.plan_cost.held_after_tail`), but counts only the tail's months
    of tokens."""
    if plan.tail is None or not plan.months:
        return 0, 0.0
    last = month_index(plan.months[-1].month) + plan.tail.months
    past = [(month_index(c.end) - last, c.monthly_cost) for c in plan.commitments]
    months = max((n for n, _ in past), default=0)
    return max(0, months), sum(n * cost for n, cost in past if n > 0)


def tail_pairs(plan: Plan) -> tuple[tuple[str, Cell], ...]:
    """The tail as (label, cell) pairs; none for other accountings and older plans."""
    if plan.tail is None or plan.summary is None:
        return ()
    cur = plan.summary.currency
    months, owed = owed_after_tail(plan)
    after: tuple[tuple[str, Cell], ...] = ()
    per_million = "tail cost per million tokens"
    if owed > 0:
        after = ((f"of it owed after the tail ({months} months, no tokens)", Money(owed, cur)),)
        per_million += " (what is owed after the tail included)"
    short: tuple[tuple[str, Cell], ...] = ()
    if tail_short(plan.tail) > 0:
        label = "tail tokens short (demand nothing serves after the horizon)"
        short = ((label, Rate(plan.tail.shortfall_tokens, "trillion", 1e12)),)
        per_million += " (over the tokens served)"
    renewals: tuple[tuple[str, Cell], ...] = ()
    if plan.tail.renewed_cost > 0 or plan.tail.renewals:
        label = (
            "of it units the plan renews where their contracts end in the tail, valued at "
            "their price (not signed)"
        )
        renewals = ((label, Money(plan.tail.renewed_cost, cur)), *renewal_pairs(plan.tail, cur))
    whole: tuple[tuple[str, Cell], ...] = ()
    if plan.tail.whole_units_cost is not None:
        label = "tail cost in whole month-to-month units (the tail cost values fractional ones)"
        whole = ((label, Money(plan.tail.whole_units_cost, cur)),)
    bought: tuple[tuple[str, Cell], ...] = ()
    if plan.tail.offers_only_in_tail:
        label = "of it bought from offers the horizon does not buy (see Sources and Warnings)"
        bought = ((label, Text(", ".join(plan.tail.offers_only_in_tail))),)
    return (
        ("tail months", Count(plan.tail.months)),
        ("tail cost", Money(plan.tail.cost, cur)),
        *bought,
        *renewals,
        *whole,
        *after,
        ("tail tokens", Rate(plan.tail.tokens, "trillion", 1e12)),
        *short,
        (per_million, Rate(plan.tail.cost_per_million_tokens, cur)),
        *_tail_resting(plan.tail),
        *_lifetime_resting(plan),
    )


def _tail_resting(tail: Tail) -> tuple[tuple[str, Cell], ...]:
    """What the tail's own cost per million tokens rests on (review 17b F7), where the plan
    says it."""
    if tail.cost_basis is None:
        return ()
    return (("tail cost per million tokens rests on", Text(tail.cost_basis.said)),)


def _lifetime_resting(plan: Plan) -> tuple[tuple[str, Cell], ...]:
    """What the horizon's and tail's cost per million tokens rests on (probe 17a L1), where
    the plan says it."""
    basis = plan.summary.lifetime_cost_basis if plan.summary else None
    if basis is None:
        return ()
    return (("horizon + tail cost per million tokens rests on", Text(basis.said)),)


def renewal_pairs(tail: Tail, currency: str) -> tuple[tuple[str, Cell], ...]:
    """Per offer whose contracts end in the tail (new and existing apart), the units the plan
    chooses to renew of those ending, with what their renewal counts."""
    out: list[tuple[str, Cell]] = []
    for r in tail.renewals:
        whose = f"{r.offer_id} (existing)" if r.existing else r.offer_id
        label = (
            f"{whose}: {r.units_renewed:,.4g} of {r.units_ending:,.4g} units ending in the tail "
            f"renewed, {r.units_not_renewed:,.4g} not"
        )
        out.append((label, Money(r.renewed_cost, currency)))
    return tuple(out)


def tail_card(plan: Plan) -> tuple[str, Cell] | None:
    """The headline card of the tail's cost, naming the months owed after it."""
    if plan.tail is None or plan.summary is None:
        return None
    months, owed = owed_after_tail(plan)
    label = f"the {plan.tail.months}-month tail"
    if owed > 0:
        label += f" and {months} months owed after it"
    return label, Money(plan.tail.cost, plan.summary.currency)


def tail_short(tail: Tail | None) -> float:
    """The tail's shortfall in tokens; 0 without a tail, or where it is the sums' rounding
    (`optimizer.unserved`: plans stored before probe 12 finding 4 kept 0.0625 of 1.6e14)."""
    if tail is None or unserved(tail.tokens + tail.shortfall_tokens, tail.tokens) <= 0:
        return 0.0
    return tail.shortfall_tokens


def short_clause(tail: Tail | None) -> str:
    """ "; N trillion tail tokens short" when nothing serves part of the tail's demand, for
    the CLI's tail line and a baseline's verdict; empty otherwise."""
    short = tail_short(tail)
    return f"; {shown(Rate(short, 'trillion', 1e12))} tail tokens short" if short > 0 else ""


def whole_clause(plan: Plan) -> str:
    """ " (valued with fractional month-to-month units; X in whole units)" when the tail buys
    fractions of a unit, for the CLI's tail line (the lead leaves it to the tail table and
    the warnings: it must fit the summary page); empty otherwise."""
    if plan.tail is None or plan.tail.whole_units_cost is None or plan.summary is None:
        return ""
    whole = money(plan.tail.whole_units_cost, plan.summary.currency)
    return f" (valued with fractional month-to-month units; {whole} in whole units)"


def owed_clause(plan: Plan) -> str:
    """ " (X of it owed for the N months after the tail, with no tokens counted)", or empty
    when no contract runs past the tail."""
    months, owed = owed_after_tail(plan)
    if owed <= 0 or plan.summary is None:
        return ""
    return (
        f" ({money(owed, plan.summary.currency)} of it owed for the {months} months after the "
        "tail, with no tokens counted)"
    )


def tail_clause(plan: Plan) -> str:
    """ ", then X over the N-month tail" (with what of it is owed after the tail, and the tail
    tokens nothing serves), for the lead; empty without a tail."""
    if plan.tail is None or plan.summary is None:
        return ""
    cost = money(plan.tail.cost, plan.summary.currency)
    months = plan.tail.months
    return f", then {cost} over the {months}-month tail{owed_clause(plan)}{short_clause(plan.tail)}"
