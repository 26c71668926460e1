"""Ties at equal cost (DESIGN section 8.1): to the smaller obligation, then lower power. Dominance
pruning settles them when nothing in the request tells the offers apart; where a rule does, the
cheapest plan is re-solved at its cost for the least obligation and power."""

from __future__ import annotations

from typing import Any

import highspy

from optimizer.dominance import dominates, served_by, tie_order
from optimizer.incumbent import FEASIBLE_SOLUTION, highs_copy
from optimizer.instance import Instance
from optimizer.solver import SOLVER_THREADS, Model, Solution, read_values

__all__ = ["COST_SLACK", "POWER_PER_KW_MONTH", "break_ties", "tied_offers"]

POWER_PER_KW_MONTH = 1.0
"""$ of obligation one kW-month weighs in the tie-break: obligation first (a GPU's kW-month is
a few dollars against its hundreds of dollars of obligation a month), then power."""

COST_SLACK = 0.005
"""$ the re-solved plan may cost above the cheapest (solver tolerance): half a cent, so the
plan's cost is the same to the cent."""


def tied_offers(instance: Instance, used: set[int]) -> set[int]:
    """The offers of `used` that another offer of the instance would replace at the same cost
    (same price and throughput per GPU) with a smaller obligation or lower power, but for a
    rule of the request (a power cap, a vendor share, a capex budget) that kept dominance
    pruning from removing them: the plan may hold them where the rival would do."""
    served = served_by(instance)

    def ahead(a: int, b: int) -> bool:
        sa, sb = instance.offers[a], instance.offers[b]
        return (
            sa.offer.price_per_gpu_hour == sb.offer.price_per_gpu_hour
            and tie_order(sa)[1:3] < tie_order(sb)[1:3]
            and served.get(b, set()) <= served.get(a, set())
            and all(
                instance.rates[(a, w)].per_gpu == instance.rates[(b, w)].per_gpu
                for w in served.get(b, set())
            )
            and dominates(instance, served, a, b, rules=False)
        )

    return {b for b in used if any(ahead(a, b) for a in served if a != b)}


def break_ties(model: Model, solution: Solution, time_limit: float, gap: float) -> Solution:
    """`solution` (the cheapest plan of `model`, solved by HiGHS through PuLP) with its ties
    broken: when it holds a tied offer (`tied_offers`), the same model re-solved within
    `time_limit` seconds at no more than its cost (`COST_SLACK`), for the least obligation
    plus `POWER_PER_KW_MONTH` per kW-month, from the plan as its start. Returns `solution`
    with the re-solved plan's values, or unchanged when nothing is tied, the re-solve finds
    nothing better, or the plan did not come from HiGHS. Status, gap and objective stay
    those of the cheapest plan: the cost is the same."""
    f = model.formulation
    main = getattr(model.problem, "solverModel", None)
    if main is None or solution.solver != "HiGHS" or solution.status not in ("optimal", "feasible"):
        return solution
    used = {o for (o, _s), units in solution.starts.items() if units > 0.5}
    if not tied_offers(f.instance, used):
        return solution
    start = list(main.getSolution().col_value)
    cost = [(v.index, c) for v, c in f.cost_terms.items()]
    tie = {v.index: c for v, c in f.obligation_terms.items()}
    for v, kw_months in f.power_terms.items():
        tie[v.index] = tie.get(v.index, 0.0) + POWER_PER_KW_MONTH * kw_months

    def total(values: list[float], terms: list[tuple[int, float]]) -> float:
        return sum(c * values[j] for j, c in terms)

    cheapest = total(start, cost)
    h = _polisher(main, time_limit, gap)
    h.addRow(-highspy.kHighsInf, cheapest, len(cost), [j for j, _ in cost], [c for _, c in cost])
    columns = h.getNumCol()
    h.changeColsCost(columns, list(range(columns)), [tie.get(j, 0.0) for j in range(columns)])
    h.setSolution(main.getSolution())
    h.run()
    if h.getInfo().primal_solution_status != FEASIBLE_SOLUTION:
        return solution
    found = list(h.getSolution().col_value)
    owed = list(tie.items())
    if total(found, cost) > cheapest + COST_SLACK or total(found, owed) >= total(start, owed):
        return solution
    read_values(f, False, solution, lambda var: found[var.index])
    return solution


def _polisher(main: Any, time_limit: float, gap: float) -> Any:
    """A separate HiGHS holding `main`'s model (its callbacks and progress untouched), with
    presolve off: HiGHS 1.16 mis-scores a start after presolve (see `optimizer.solver.solve`)."""
    h = highs_copy(main, time_limit, SOLVER_THREADS)
    h.setOptionValue("mip_rel_gap", gap)
    h.setOptionValue("presolve", "off")
    return h
