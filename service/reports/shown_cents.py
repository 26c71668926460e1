"""The plan as a report shows it: its totals and months in the cents of its cash ledger
(`cent_ledger`), the sums of the items every other export is built from, so the header line,
the summary, the months and the baselines' plan cost agree with cash.csv, focus.csv and the
requisition to the cent (probe 12 finding 2: with prices not whole cents a GPU-month the report
showed a total obligation of 23,177,567.74 where the requisition's lines added up to .71)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

import msgspec

from catalog import Catalog
from optimizer import Commitment, Plan, month_index
from optimizer.plan import MonthPlan
from service.reports.cells import Cell, Money
from service.reports.cent_ledger import CentLedger, cent_ledger, horizon_sums
from service.reports.numbers import allocate_cents, cents
from service.reports.obligation import obligation_label
from service.reports.scenarios import SIGNED_FOR_ALL, cost_label
from service.reports.signing import is_shared
from service.reports.used_cents import GPU_HOURS

__all__ = ["UNROUNDED", "beside_json", "in_cents", "plan_in_cents"]

UNROUNDED = "the plan's JSON unrounded"
"""The label's end of a total as the plan's JSON counts it, beside the total in cents."""


def in_cents(plan: Plan, ledger: CentLedger) -> Plan:
    """`plan` with its total cost, obligation (and the part after the horizon), cost over the
    horizon and tail, tail cost, months', commitments' and workloads' costs and baselines'
    plan cost in `ledger`'s cents; `plan` itself where the ledger cannot say them (no
    figures or no cash flows, a catalog without its offers). The obligation is its rows'
    cents (`_commitment`), a plan's requisition lines but its tokens; a scenario plan's its
    shared contracts' and the shown scenario's on-demand months (its requisition lists the
    first only; review 12 finding 1). What is owed after the horizon is the contracts' cents
    after it, for every plan (probe 13 finding 1b: the requisition less the horizon's months
    took a scenario plan's on-demand spend off it, and under `full_term` off its total)."""
    s = plan.summary
    horizon = [f for f in ledger.flows if f.period == "horizon"]
    if (
        s is None
        or ledger.obligation is None
        or [f.month for f in horizon] != [m.month for m in plan.months]
    ):
        return plan
    amortised = {f.month: f.amortised for f in ledger.flows}
    commitments = tuple(_commitment(c, ledger, plan.months) for c in plan.commitments)
    new = [c for c in commitments if not c.existing]
    owed = sum((cents(c.total_obligation) for c in new), Decimal(0))
    scenarios = plan.scenarios
    if scenarios is not None:  # what is signed for all: the requisition's lines
        shared = sum((cents(c.total_obligation) for c in new if is_shared(c)), Decimal(0))
        scenarios = msgspec.structs.replace(scenarios, committed_obligation=float(shared))
    after = ledger.obligation_after_horizon
    in_horizon = sum((f.amortised for f in horizon), Decimal(0))
    total = in_horizon + (after if s.commitment_accounting == "full_term" else Decimal(0))
    tail = sum((f.amortised for f in ledger.flows if f.period == "tail"), Decimal(0))
    if plan.tail is not None:  # what the contracts owe after the tail's months, too
        counted = math.fsum(f.amortised for f in plan.cash_flows if f.period == "tail")
        tail += cents(plan.tail.cost - counted)
    lifetime = None if s.lifetime_cost is None else float(in_horizon + tail)
    summary = msgspec.structs.replace(
        s,
        total_cost=float(total),
        total_obligation=float(owed),
        obligation_beyond_horizon=float(after),
        lifetime_cost=lifetime,
        cash_cost_in_horizon=float(in_horizon),
    )
    # Each workload's share of the total cost, to the cents of the total it adds up to.
    shares = allocate_cents([w.cost for w in plan.workloads], total)
    workloads = tuple(
        msgspec.structs.replace(w, cost=float(c))
        for w, c in zip(plan.workloads, shares, strict=True)
    )
    baselines = []
    for b in plan.baselines:
        tail_too = b.compared_on == "horizon_and_tail" and lifetime is not None
        theirs, ours = (b.lifetime_cost, lifetime) if tail_too else (b.total_cost, float(total))
        shown = msgspec.structs.replace(
            b,
            plan_total_cost=float(total),
            diff_total_cost=None if theirs is None or ours is None else theirs - ours,
            plan_lifetime_cost=lifetime if b.plan_lifetime_cost is not None else None,
        )
        baselines.append(shown)
    return msgspec.structs.replace(
        plan,
        summary=summary,
        commitments=commitments,
        scenarios=scenarios,
        months=tuple(
            msgspec.structs.replace(m, cost=float(amortised[m.month])) for m in plan.months
        ),
        tail=None if plan.tail is None else msgspec.structs.replace(plan.tail, cost=float(tail)),
        baselines=tuple(baselines),
        workloads=workloads,
    )


def plan_in_cents(plan: Plan, catalog: Catalog | None) -> Plan:
    """`plan` in the cents of its cash ledger on `catalog` (the revision it was solved
    against), as its report shows it, its horizon's cash and upfront too (what a diff shows:
    probe 19, the diff's cash in the horizon was the JSON's 208,826.08 where the report and
    cash.csv pay 208,826.09); as stored without one (a plan file)."""
    if catalog is None:
        return plan
    ledger = cent_ledger(plan, catalog)
    shown = in_cents(plan, ledger)
    if shown is plan or plan.npv is None:
        return shown
    cash, upfront, _ = horizon_sums(ledger.flows)
    npv = msgspec.structs.replace(
        plan.npv, cash_in_horizon=float(cash), upfront_in_horizon=float(upfront)
    )
    return msgspec.structs.replace(shown, npv=npv)


def _commitment(c: Commitment, ledger: CentLedger, months: Sequence[MonthPlan]) -> Commitment:
    """A signed commitment's obligation, and its parts in and after the horizon (`months`),
    in its requisition line's cents: a contract's amortised months, or an on-demand
    month's (and a one-month row's month too); an existing one as it is."""
    if c.existing:
        return c
    if c.term_months == 0:
        shares: tuple[Decimal, ...] = (
            ledger.used.get((c.offer_id, GPU_HOURS, c.start), Decimal(0)),
        )
    else:
        shares = ledger.contracts.get((c.offer_id, month_index(c.start), c.term_months), ())
    if not shares:
        return c
    inside = max(0, len(months) - (month_index(c.start) - month_index(months[0].month)))
    in_horizon = sum(shares[:inside], Decimal(0))
    total = sum(shares, Decimal(0))
    return msgspec.structs.replace(
        c,
        # A one-month row's month is its obligation: the same cents in both columns (probe
        # 13 finding 15: "per month" 19,466.67, the JSON's rounded, beside 19,466.66).
        monthly_cost=float(total) if len(shares) == 1 else c.monthly_cost,
        total_obligation=float(total),
        obligation_in_horizon=float(in_horizon),
        obligation_beyond_horizon=float(total - in_horizon),
    )


def beside_json(
    pairs: tuple[tuple[str, Cell], ...], stored: Plan, shown: Plan
) -> tuple[tuple[str, Cell], ...]:
    """The summary's `pairs` with the plan's JSON figure after its total cost and obligation
    where it rounds to other cents than their items' sum (the sum of cents is not the cents
    of the sum)."""
    if stored.summary is None or shown.summary is None or stored is shown:
        return pairs
    cur = stored.summary.currency
    exact = {
        cost_label(stored): stored.summary.total_cost,
        obligation_label(stored): stored.summary.total_obligation,
    }
    if stored.scenarios is not None:
        exact[SIGNED_FOR_ALL] = stored.scenarios.committed_obligation
    out: list[tuple[str, Cell]] = []
    for label, cell in pairs:
        out.append((label, cell))
        figure = exact.get(label)
        shown_value = cell.value if isinstance(cell, Money) else None
        if figure is not None and shown_value is not None and cents(figure) != cents(shown_value):
            out.append((f"{label}, {UNROUNDED}", Money(figure, cur)))
    return tuple(out)
