"""Marginal costs: what one more token of demand, MW of a cap or dollar of budget is worth,
read from the duals of the LP relaxation of the hard-demand model (no limit folded into a
variable bound, where its dual would vanish)."""

from __future__ import annotations

import time

from optimizer.assembly import clean
from optimizer.checked_marginals import MILLION_TOKENS_PER_TPS_MONTH, check_marginals
from optimizer.instance import Instance, estimated_columns
from optimizer.limit_marginals import availability_marginals, vendor_share_marginals
from optimizer.phases import Clock, beyond_plain
from optimizer.plan import DemandMarginal, Marginals, PowerMarginal, WorkloadMarginal
from optimizer.rows import BUDGET, MONEY_LIMITS, TOTAL_POWER
from optimizer.solver import Solution, build, solve
from optimizer.upfront import upfront_marginals

__all__ = ["MARGINAL_NOTE", "marginals"]

MARGINAL_NOTE = (
    "Long-run marginal costs: duals of the LP relaxation of the hard-demand model, in which "
    "units are divisible. Per workload: one more average token/s held over the horizon (and "
    "the tail that continues it). Per month: only for workloads served month to month; where "
    "commitments serve a workload, its per-month duals are split arbitrarily between the "
    "months of a contract, so only the workload figure is given. Caps and budgets, listed "
    "only for those the request sets: a power cap per MW-month in each month of the horizon, "
    "`tail` summing the months after it; `monthly_budget` per $ (not per MW: the figure sits "
    "in `per_mw_month`) in each month of the horizon, the only months it limits. Where a "
    "commitment spans several months, a cap's or budget's (capex budgets' alike) per-month "
    "figures are split "
    "arbitrarily between them in the same way (raising one month's cap alone may save "
    "nothing): their sum is what raising the limit in every month saves, per MW (a cap "
    "moved by 1% of it, its rate) or per unit of money (a step of 1). Availability: per "
    "unit-month of an offer's `max_units`, listed where it binds in the relaxation; "
    "`max_units` is one limit for every month and cannot be raised for one month alone: "
    "the per-month figures are the relaxation's split of its value, and "
    "their sum is what one more unit of `max_units` saves; where the plan holds fewer units "
    "than `max_units` (`units_in_plan`), the limit binds only in the relaxation. Vendor "
    "share: per 0.01 of `max_vendor_share`, by vendor, listed where it binds. Each figure is "
    "checked by re-solving the relaxation with its limit (or demand) moved one step up and "
    "one step down: it is what the step up saves (for demand, what one more costs), and where "
    "the step down differs (a breakpoint, where a dual is only one side's rate, or a cost "
    "that bends within the step) `step_down_*` gives it. These are the relaxation's steps; "
    "the whole-unit plan's response to each limit, re-solved, is in its sensitivity run "
    "(POST /plans/{id}/sensitivity)."
)


BUILD_SECONDS_PER_COLUMN = 2e-5
"""About what PuLP takes to build the relaxation, a column (15.6 us on this kind of machine,
issue 12): the marginals are not begun when the plan's time left is shorter than that (the
build cannot be stopped; caps 100x36x20's 153,000 columns take 2.4 s)."""


def _per_month_defined(instance: Instance, w: int) -> bool:
    return all(instance.offers[o].term == 1 for (o, ww) in instance.rates if ww == w)


def _workloads(
    instance: Instance, solution: Solution
) -> tuple[list[WorkloadMarginal], list[DemandMarginal]]:
    totals: dict[int, float] = {}
    months: dict[int, int] = {}
    per_month: list[DemandMarginal] = []
    for (w, t), dual in sorted(solution.demand_duals.items()):
        wspec = instance.workloads[w]
        capacity_dual = dual * wspec.workload.peak_to_average  # $ per average tokens/s
        totals[w] = totals.get(w, 0.0) + capacity_dual
        months[w] = months.get(w, 0) + 1
        if t < instance.horizon and _per_month_defined(instance, w):
            per_month.append(
                DemandMarginal(
                    workload_id=wspec.id,
                    month=instance.months[t],
                    per_million_tokens=clean(capacity_dual / MILLION_TOKENS_PER_TPS_MONTH),
                    per_token_per_second_month=clean(capacity_dual),
                )
            )
    workloads = [
        WorkloadMarginal(
            workload_id=instance.workloads[w].id,
            per_million_tokens=clean(total / (MILLION_TOKENS_PER_TPS_MONTH * months[w])),
            per_token_per_second=clean(total),
            months=months[w],
            per_month_defined=_per_month_defined(instance, w),
        )
        for w, total in sorted(totals.items())
    ]
    return workloads, per_month


def _limits(instance: Instance, solution: Solution, label: str, shown: str) -> list[PowerMarginal]:
    """The marginals of the limit `label` (rows the model has: a limit the request does not
    set has none, and lists none), per month of the horizon, then `tail` summing the months
    after it where the limit holds in them."""
    out = []
    tail: float | None = None
    for (name, t), value in sorted(solution.limit_duals.items()):
        if name != label:
            continue
        if t < instance.horizon:
            out.append(
                PowerMarginal(site=shown, month=instance.months[t], per_mw_month=clean(value))
            )
        else:
            tail = (tail or 0.0) + value
    if tail is not None:
        out.append(PowerMarginal(site=shown, month="tail", per_mw_month=clean(tail)))
    return out


def marginals(
    instance: Instance,
    clock: Clock,
    gap_tolerance: float,
    held: dict[tuple[int, int], float] | None = None,
) -> Marginals:
    """Duals of the LP relaxation of the hard-demand model, as long-run marginal costs; none
    when the plan's time ran out first or the relaxation did not finish (an unfinished LP's
    duals are not marginals). `held`, the plan's units by (offer, month), says beside each
    availability figure whether the limit binds in the plan too."""
    if clock.expired:
        return Marginals(note=f"{MARGINAL_NOTE} {clock.ended.capitalize()} first: none given.")
    columns = estimated_columns(instance)
    if beyond_plain(columns):
        # Its duals are read through PuLP, which would hold this model many times over.
        return Marginals(note=MARGINAL_NOTE + " The model is too large to relax again: none given.")
    if columns * BUILD_SECONDS_PER_COLUMN > clock.deadline - time.perf_counter():
        return Marginals(
            note=f"{MARGINAL_NOTE} The plan's time left was too short to build the relaxation "
            f"(about {columns:,} columns): none given."
        )
    model = build(instance, relax=True)
    if clock.expired:
        return Marginals(
            note=f"{MARGINAL_NOTE} {clock.ended.capitalize()} while the relaxation was built: "
            "none given."
        )
    solution = solve(model, time_limit=clock.for_solve(), gap_tolerance=gap_tolerance)
    if solution.status != "optimal":
        return Marginals(note=MARGINAL_NOTE + " The relaxation did not solve: none given.")
    workloads, demand = _workloads(instance, solution)
    sites = sorted({label for (label, _t) in solution.limit_duals} - {TOTAL_POWER} - MONEY_LIMITS)
    power = [m for site in sites for m in _limits(instance, solution, site, site)]
    power += _limits(instance, solution, TOTAL_POWER, TOTAL_POWER)
    budget = _limits(instance, solution, BUDGET, "(budget, per $)")
    found = Marginals(
        note=MARGINAL_NOTE,
        demand=tuple(demand),
        power=tuple(power),
        budget=tuple(budget),
        upfront=tuple(upfront_marginals(instance, solution)),
        workloads=tuple(workloads),
        availability=tuple(availability_marginals(model.formulation, held)),
        vendor_share=tuple(vendor_share_marginals(model.formulation)),
    )
    return check_marginals(model, found, clock, gap_tolerance, solution.solver, held)
