"""What a solution's plan costs, as the plan counts it (`optimizer.assembly.Assembler` reads its
sums from here): without the Assembler's active units, tokens and power, which a sensitivity
run's hundreds of plans costed at other prices do not need (`optimizer.trials.cost_of`)."""

from __future__ import annotations

import functools
import math

from optimizer.api_assembly import api_cost
from optimizer.instance import Instance, paid_months
from optimizer.solver import Solution

__all__ = [
    "chosen_cost",
    "committed_cost",
    "counted_cost",
    "held_after_tail",
    "held_not_renewed_cost",
    "owed_after",
    "renewed_cost",
]


def chosen_cost(instance: Instance, solution: Solution) -> float:
    """What the contracts signed in the horizon count in the plan's total cost: every month
    of their terms (`full_term`) or the months inside the horizon (otherwise; under
    `demand_continues` the rest is the tail's), and the tokens bought in the horizon."""
    finite = _finite(instance)
    return _chosen(instance, solution, finite, _counted(solution, finite))


Counted = list[tuple[tuple[int, int], float]]
"""`_counted` of a plan."""


def _chosen(instance: Instance, solution: Solution, finite: list[bool], counted: Counted) -> float:
    """`chosen_cost`, with `_finite(instance)` and `_counted` of the plan."""
    horizon, offers = instance.horizon, instance.offers  # read once: hundreds of starts
    full_term = instance.accounting == "full_term"
    total = api_cost(instance, solution, range(horizon))
    for (o, s), units in counted:
        if s < horizon:
            spec = offers[o]
            term = spec.term
            months = term if full_term else min(term, horizon - s)
            total += units * spec.month_cost_per_unit * months
    return total


def _counted(solution: Solution, finite: list[bool]) -> Counted:
    """The plan's starts that count in its cost, in order: those of units (see `_finite`).
    Most of a plan's starts are zeros (the tail's months each repeat its block's), sieved out
    here in one pass (sens26: a sensitivity run costs 148 plans of 500 starts each), once for
    both of `counted_cost`'s sums (sens27: the seed's 148 costings replayed 9.9 -> 8.7 ms)."""
    if all(finite):
        return [(key, units) for key, units in solution.starts.items() if units != 0.0]
    return [
        (key, units) for key, units in solution.starts.items() if units != 0.0 or not finite[key[0]]
    ]


def _finite(instance: Instance) -> list[bool]:
    """Whether each offer's month cost is finite. A zero term of a finite cost adds 0.0, the
    same float, and is skipped (the tail's month-to-month starts are mostly zeros); 0 times an
    overflowing cost is NaN, which a plan must still carry, to be failed as not finite."""
    return [math.isfinite(spec.month_cost_per_unit) for spec in instance.offers]


def committed_cost(instance: Instance, months: range | None = None) -> float:
    """What the existing commitments cost in `months` (default: the horizon), each at the
    price it was signed at (`OfferSpec.existing_cost`); offers with no existing unit and a
    finite cost skipped (`_finite`: one whose cost overflows adds its NaN, for the plan to
    fail as not finite)."""
    finite = _finite(instance)
    return _committed(instance, months, finite, _holding(instance, finite))


def _holding(instance: Instance, finite: list[bool]) -> list[int]:
    """The offers `committed_cost` counts: with existing units, or a cost not finite."""
    return [o for o, spec in enumerate(instance.offers) if any(spec.existing) or not finite[o]]


def _committed(
    instance: Instance, months: range | None, finite: list[bool], holding: list[int]
) -> float:
    """`committed_cost`, with `_finite(instance)` and `_holding` of it."""
    offers = instance.offers
    return sum(
        (
            offers[o].existing_cost[t]
            if finite[o]
            else offers[o].existing[t] * offers[o].month_cost_per_unit
            for o in holding
            for t in (range(instance.horizon) if months is None else months)
        ),
        0.0,
    )


def owed_after(instance: Instance, solution: Solution) -> float:
    """The tail's cost under `demand_continues`: what the contracts owe after the horizon
    and the months the units renewed are renewed for in the tail (`Instance.paid_months`:
    valued, not signed; `Solution.not_renewed` are not), what is bought month by month then
    and what existing units cost then (those renewed too, at the price they were signed at),
    and after it (`held_after_tail`)."""
    finite = _finite(instance)
    holding = _holding(instance, finite)
    return _owed_after(instance, solution, finite, holding, _counted(solution, finite))


def _owed_after(
    instance: Instance,
    solution: Solution,
    finite: list[bool],
    holding: list[int],
    counted: Counted,
) -> float:
    """`owed_after`, with `_finite(instance)`, `_holding` of it and `_counted` of the plan."""
    months = range(instance.horizon, instance.span)
    cost = _committed(instance, months, finite, holding) + api_cost(instance, solution, months)
    cost += held_after_tail(instance) - held_not_renewed_cost(instance, solution)
    horizon, span, offers = instance.horizon, instance.span, instance.offers  # read once
    not_renewed = solution.not_renewed
    read: dict[int, tuple[int, float]] = {}  # each offer's term and month cost, read once
    for (o, s), units in counted:
        found = read.get(o)
        if found is None:
            spec = offers[o]
            found = read[o] = (spec.term, spec.month_cost_per_unit)
        term, month_cost = found
        after, renewed = _months_after(horizon, span, s, term)
        dropped = not_renewed.get((o, s), 0.0)
        cost += units * month_cost * after
        if dropped:
            cost -= dropped * month_cost * renewed
    return cost


@functools.lru_cache(maxsize=1 << 14)
def _months_after(horizon: int, span: int, s: int, term: int) -> tuple[int, int]:
    """Of a contract signed in month `s` for `term` months: the months it is paid for after
    the horizon (`Instance.paid_months` less those inside it), and those it is renewed for
    past its term (a month-to-month start in the tail: its term, none renewed). Kept: a
    sensitivity run costs 148 plans of about 50 starts each on the seed example, from a few
    hundred distinct starts."""
    inside = max(0, min(term, horizon - s))
    paid = paid_months(horizon, span, s, term) if s < horizon else term
    return paid - inside, paid - term


def held_after_tail(instance: Instance) -> float:
    """What the existing commitments that run past the tail's end owe then, at the prices
    they were signed at: counted in full, as a new contract's term is (probe 17a L6, probe
    14c G: cut at the tail's end, a plan re-POSTed with its own contracts as existing showed a
    lifetime 22% lower with nothing changed). The same in every plan of one request."""
    cost = 0.0
    for held in instance.held:
        months = instance.held_until(held) - instance.span
        if months > 0:
            cost += held.month_cost * months
    return cost


def held_not_renewed_cost(instance: Instance, solution: Solution) -> float:
    """What the existing units the plan does not renew would have cost in the tail, at the
    prices they were signed at (`OfferSpec.existing_cost` counts them renewed)."""
    cost = 0.0
    for k, units in solution.held_not_renewed.items():
        if units:
            held = instance.held[k]
            months = max(0, instance.held_until(held) - held.begin - held.term)
            cost += held.month_cost / held.units * units * months
    return cost


def renewed_cost(instance: Instance, solution: Solution) -> float:
    """Of `owed_after`, what renewing the units the plan renews where their contracts end
    inside the tail counts (`optimizer.instance.renewed_until`; `Solution.not_renewed` are
    not): the new ones at their offers' prices, the existing ones at the prices they were
    signed at."""
    cost = 0.0
    for (o, s), units in solution.starts.items():
        spec = instance.offers[o]
        if s < instance.horizon and units != 0.0:
            renewed = instance.paid_months(s, spec.term) - spec.term
            kept = units - solution.not_renewed.get((o, s), 0.0)
            cost += kept * spec.month_cost_per_unit * renewed
    for held in instance.held:
        end = held.begin + held.term
        cost += held.month_cost * max(0, instance.held_until(held) - end)
    return cost - held_not_renewed_cost(instance, solution)


def counted_cost(instance: Instance, solution: Solution) -> float:
    """The plan's cost: the horizon, plus the tail under `demand_continues` (what the model
    minimises): `Assembler.lifetime()[0]`, else `Assembler.totals()[0]`, the same sums."""
    finite = _finite(instance)  # and the offers holding units, read once for the three sums
    holding = _holding(instance, finite)
    counted = _counted(solution, finite)
    total = _chosen(instance, solution, finite, counted)
    total += _committed(instance, None, finite, holding)
    if instance.accounting != "demand_continues":
        return total
    return total + _owed_after(instance, solution, finite, holding, counted)
