"""Marginal costs: what one more token of demand, MW of a cap or dollar of budget is worth,
read from the duals of the LP relaxation of the hard-demand model."""

from __future__ import annotations

from optimizer.assembly import SECONDS_PER_MONTH, clean
from optimizer.instance import Instance
from optimizer.phases import Clock
from optimizer.plan import DemandMarginal, Marginals, PowerMarginal
from optimizer.rows import BUDGET, TOTAL_POWER
from optimizer.solver import build, solve

__all__ = ["MARGINAL_NOTE", "marginals"]

MILLION_TOKENS_PER_TPS_MONTH = SECONDS_PER_MONTH / 1e6  # 2.628
MARGINAL_NOTE = (
    "Long-run marginal costs: duals of the LP relaxation of the hard-demand model, in which "
    "units are divisible. Commitments make the integer model's duals degenerate, so these are "
    "the relaxation's prices, not the price of the next token on the integer plan."
)


def marginals(instance: Instance, clock: Clock, gap_tolerance: float) -> Marginals:
    """Duals of the LP relaxation of the hard-demand model, as long-run marginal costs."""
    solution = solve(
        build(instance, relax=True), time_limit=clock.remaining(), gap_tolerance=gap_tolerance
    )
    if solution.status not in ("optimal", "feasible"):
        return Marginals(note=MARGINAL_NOTE + " The relaxation did not solve: none given.")
    demand = []
    for (w, t), dual in sorted(solution.demand_duals.items()):
        wspec = instance.workloads[w]
        demand.append(
            DemandMarginal(
                workload_id=wspec.id,
                month=instance.months[t],
                per_million_tokens=clean(
                    dual * wspec.workload.peak_to_average / MILLION_TOKENS_PER_TPS_MONTH
                ),
                per_token_per_second_month=clean(dual),
            )
        )
    limits = sorted(solution.limit_duals.items())
    power = [
        PowerMarginal(site=label, month=instance.months[t], per_mw_month=clean(value))
        for (label, t), value in limits
        if label not in (TOTAL_POWER, BUDGET)
    ] + [
        PowerMarginal(site=label, month=instance.months[t], per_mw_month=clean(value))
        for (label, t), value in limits
        if label == TOTAL_POWER
    ]
    budget = [
        PowerMarginal(site="(budget, per $)", month=instance.months[t], per_mw_month=clean(value))
        for (label, t), value in limits
        if label == BUDGET
    ]
    return Marginals(
        note=MARGINAL_NOTE, demand=tuple(demand), power=tuple(power), budget=tuple(budget)
    )
