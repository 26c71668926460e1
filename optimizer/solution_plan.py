"""What a solution shows in its plan (commitments, summary, tail, months, workload costs, cash
flows and sources), filled in one place for a plain plan and for a scenario plan's shown
scenario."""

from __future__ import annotations

import msgspec

from optimizer import assembly
from optimizer.assembly import Assembler
from optimizer.cash import cash_flows
from optimizer.month_plans import month_plans
from optimizer.phases import Clock
from optimizer.plan import Commitment, Plan, Summary, Tail
from optimizer.request import PlanRequest
from optimizer.sources import sources
from optimizer.tail_whole import SECONDS, whole_tail_cost

TAIL_SHARE = 0.5
"""Share of the plan's time left that the tail's whole-unit solve may take, the rest left to the
marginals, baselines and warnings after it (given all of it, the tails of availability and caps
100x36x20 took the tenth the main solve leaves and the plans ended 0.3-0.5 s past their 30 s,
load 12; bench/solve.py, round of speed14)."""


def with_solution(
    plan: Plan, a: Assembler, request: PlanRequest, clock: Clock
) -> tuple[Plan, list[Commitment], Summary]:
    """`plan` with the solution `a` assembles filled in, and its commitments and summary (what
    the warnings and baselines read); the tail's whole-unit solve within what `clock` has
    left (the plan's time limit holds for it too)."""
    commitments = assembly.commitments(a, request)
    summary = assembly.summary(a, commitments)
    flows, npv = cash_flows(a, request)
    filled = msgspec.structs.replace(
        plan,
        sources=tuple(sources(a)),
        summary=summary,
        tail=a.tail() if request.options.relax else _tail(a, clock),
        months=tuple(month_plans(a)),
        commitments=tuple(commitments),
        workloads=tuple(assembly.workload_costs(a, summary.total_cost)),
        cash_flows=tuple(flows),
        npv=npv,
    )
    return filled, commitments, summary


def _tail(a: Assembler, clock: Clock) -> Tail | None:
    """The tail, with its cost at whole month-to-month units beside the valuation's (not for
    a relaxed plan: nothing in it is whole), found within what `clock` has left."""
    tail, whole = a.tail(), whole_tail_cost(a, clock.within(SECONDS, TAIL_SHARE), clock.ended)
    if tail is None or whole is None:
        return tail
    return msgspec.structs.replace(tail, whole_units_cost=whole)
