"""The report's tables of a plan's marginal costs: each workload's demand held over the horizon
(and the tail), demand per workload and month, power per site and month, and the monthly
budget; each with its step-down column where the plan gives one."""

from __future__ import annotations

from optimizer import Plan
from optimizer.assembly import SECONDS_PER_MONTH
from optimizer.plan import WorkloadMarginal
from service.reports.cells import Cell, Count, Money, Month, Rate, Text
from service.reports.table import Table, table
from service.reports.verdicts import money_unit

__all__ = ["marginal_budget", "marginal_demand", "marginal_power", "marginal_workloads"]


def marginal_workloads(plan: Plan) -> Table:
    """The long-run marginal cost of each workload's demand held over the horizon (and the
    tail), and whether its per-month figures are defined."""
    rows = plan.marginal.workloads if plan.marginal else ()
    sides = any(w.step_down_per_token_per_second is not None for w in rows)
    columns: list[str | tuple[str, str]] = [
        "workload",
        (f"{money_unit(plan)} per million tokens", "per_million_tokens"),
        "months",
        "per month",
    ]
    if sides:
        columns.append(
            (f"{money_unit(plan)} per million tokens less saves", "step_down_per_million_tokens")
        )
    out: list[list[Cell]] = []
    for w in rows:
        row: list[Cell] = [
            Text(w.workload_id),
            Rate(w.per_million_tokens),
            Count(w.months),
            Text("below" if w.per_month_defined else "not defined (commitments)"),
        ]
        out.append(row + ([Rate(_fewer(w))] if sides else []))
    return table(columns, out)


def _fewer(w: WorkloadMarginal) -> float:
    """What one average token/s less in every month saves, per million tokens."""
    if w.step_down_per_token_per_second is None:
        return float(w.per_million_tokens)
    return float(w.step_down_per_token_per_second / (SECONDS_PER_MONTH / 1e6 * w.months))


def marginal_budget(plan: Plan) -> Table:
    """What one more unit of money in the monthly budget would save, per month (budgets that
    bind)."""
    rows = plan.marginal.budget if plan.marginal else ()
    unit = money_unit(plan)
    sides = any(b.step_down_per_mw_month is not None for b in rows)
    columns: list[str | tuple[str, str]] = [
        "month",
        (f"{unit} saved per {unit} of budget", "saved_per_budget"),
    ]
    if sides:
        columns.append((f"{unit} one {unit} less costs", "step_down_per_budget"))
    out: list[list[Cell]] = []
    for b in rows:
        if b.per_mw_month or b.step_down_per_mw_month:
            row: list[Cell] = [Month(b.month), Rate(b.per_mw_month)]
            out.append(
                row + ([Rate(_down(b.step_down_per_mw_month, b.per_mw_month))] if sides else [])
            )
    return table(columns, out)


def marginal_demand(plan: Plan) -> Table:
    """The long-run marginal cost of demand, per workload and month."""
    demand = plan.marginal.demand if plan.marginal else ()
    return table(
        ["workload", "month", (f"{money_unit(plan)} per million tokens", "per_million_tokens")],
        ([Text(d.workload_id), Month(d.month), Rate(d.per_million_tokens)] for d in demand),
    )


def marginal_power(plan: Plan) -> Table:
    """What one more MW would save, per site and month."""
    power = plan.marginal.power if plan.marginal else ()
    sides = any(p.step_down_per_mw_month is not None for p in power)
    columns: list[str | tuple[str, str]] = [
        "site",
        "month",
        (f"{money_unit(plan)} per MW-month", "per_mw_month"),
    ]
    if sides:
        columns.append((f"{money_unit(plan)} one MW less costs", "step_down_per_mw_month"))
    out: list[list[Cell]] = []
    for p in power:
        row: list[Cell] = [Text(p.site), Month(p.month), Money(p.per_mw_month)]
        out.append(
            row + ([Money(_down(p.step_down_per_mw_month, p.per_mw_month))] if sides else [])
        )
    return table(columns, out)


def _down(value: float | None, up: float) -> float:
    """The step down's figure: the one given, or the step up's where they agree."""
    return up if value is None else value
