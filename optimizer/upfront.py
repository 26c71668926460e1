"""Capex budgets read back from a plan (DESIGN section 8.2): the marginals of `max_upfront` and
`max_upfront_by_month` and, when one blocks demand, their line in the diagnosis (the rows are
`optimizer.upfront_rows`)."""

from __future__ import annotations

from collections.abc import Callable

from optimizer.assembly import Assembler, clean
from optimizer.instance import Instance
from optimizer.plan import PowerMarginal
from optimizer.solver import Solution
from optimizer.upfront_rows import UPFRONT, UPFRONT_BY_MONTH, upfront_per_unit

__all__ = ["upfront_binding", "upfront_marginals"]


def upfront_marginals(instance: Instance, solution: Solution) -> list[PowerMarginal]:
    """What one more $ of each upfront limit saves (0 where it does not bind): the total over
    the horizon (`month` "horizon"), then each month of `max_upfront_by_month`."""
    out = []
    if instance.max_upfront is not None:
        value = solution.limit_duals.get((UPFRONT, 0), 0.0)
        out.append(PowerMarginal(site=UPFRONT, month="horizon", per_mw_month=clean(value)))
    if instance.max_upfront_by_month is not None:
        for t, label in enumerate(instance.months):
            value = solution.limit_duals.get((UPFRONT_BY_MONTH, t), 0.0)
            out.append(PowerMarginal(site=UPFRONT_BY_MONTH, month=label, per_mw_month=clean(value)))
    return out


def _used(assembler: Assembler) -> list[float]:
    """Upfront cash of the contracts the plan signs, per month of the horizon."""
    instance = assembler.instance
    used = [0.0] * instance.horizon
    for (o, s), units in assembler.solution.starts.items():
        if s < instance.horizon and units > 1e-9:
            used[s] += units * upfront_per_unit(instance.offers[o])
    return used


def upfront_binding(
    assembler: Assembler,
    short: dict[int, set[int]],
    helpers: Callable[[int], list[int]],
    tight: Callable[[float, float, float], bool],
    months: Callable[[list[int]], str],
) -> list[str]:
    """The upfront limits that bind on short workload-months: not one more unit of an offer
    with an upfront payment that could serve a short workload fits under the limit (in the
    month itself for `max_upfront_by_month`; anywhere in the horizon up to that month for
    `max_upfront`). `tight` and `months` are the diagnosis's own test and month list."""
    instance = assembler.instance
    used = _used(assembler)

    def step(t: int) -> float | None:
        steps = [
            upfront_per_unit(instance.offers[o])
            for o in helpers(t)
            if upfront_per_unit(instance.offers[o]) > 0
        ]
        return min(steps) if steps else None

    out = []
    limit = instance.max_upfront
    if limit is not None:
        hit = [
            t for t in sorted(short) if (s := step(t)) is not None and tight(sum(used), limit, s)
        ]
        if hit:
            out.append(f"max upfront ({limit:,.2f} in the horizon) in {months(hit)}")
    by_month = instance.max_upfront_by_month
    if by_month is not None:
        hit = [
            t
            for t in sorted(short)
            if (s := step(t)) is not None and tight(used[t], by_month[t], s)
        ]
        if hit:
            shown = "/".join(f"{v:,.2f}" for v in sorted({by_month[t] for t in hit}))
            out.append(f"max upfront by month ({shown}) in {months(hit)}")
    return out
