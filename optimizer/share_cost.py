"""What `max_vendor_share` costs a plan whose existing units it holds back: the same request
solved without the share, its counted cost beside the plan's (probe 7 finding 6: the share made
a plan whose owned racks served everything buy 1,254,502.08 of API tokens, and nothing said so,
the idle units the warning looked for being none)."""

from __future__ import annotations

from dataclasses import replace

from optimizer.assembly import Assembler
from optimizer.owned_share import Unshared, counted_cost, owns
from optimizer.phases import Clock, Objective, solve_instance
from optimizer.request import Options

__all__ = ["unshared_cost"]


def unshared_cost(
    assembler: Assembler, status: str, objective: Objective, options: Options, clock: Clock
) -> Unshared | None:
    """The least-cost plan for the same instance without `max_vendor_share`, solved where the
    share may hold back existing units: a least-cost plan proven optimal (`status`) under a
    share below 1, with a vendor that has existing units in the horizon. None otherwise, or
    when that solve does not prove its optimum (the time ran out): the warning then falls
    back on a bound. Both solves stop within the request's `gap`: a difference within it is
    no cost of the share, so that a share that does not bind is never said to cost the
    search's slack."""
    instance = assembler.instance
    share = instance.max_vendor_share
    if share is None or share >= 1 or not owns(assembler):
        return None
    if objective != "cost" or status != "optimal" or clock.expired:
        return None
    unshared = replace(instance, max_vendor_share=None)
    free = solve_instance(unshared, objective, options, clock)
    if free.status != "optimal" or free.solution is None:
        return None
    without = Assembler(unshared, free.solution)
    cost = counted_cost(assembler)
    extra = cost - counted_cost(without)
    return Unshared(
        extra=extra if extra > options.gap * abs(cost) else 0.0,
        spend=[without.vendor_spend(t) for t in range(instance.horizon)],
    )
