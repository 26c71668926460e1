"""A plan's marginal costs as the report shows them: every table of `plan.marginal` that has
rows, in one order for every format (probe 11 finding 5: the availability and vendor-share
marginals were computed, promised by the note and shown in none)."""

from __future__ import annotations

from optimizer import Plan, UnitMarginal
from optimizer.plan import ShareMarginal
from service.reports.cells import Cell, Count, Money, Month, Text
from service.reports.document import Report
from service.reports.table import Table, table
from service.reports.verdicts import money_unit

__all__ = ["marginal_availability", "marginal_tables", "marginal_vendor_share"]


def _binds(m: UnitMarginal) -> str:
    """Whether `max_units` binds in the plan that month, or only in the relaxation."""
    if m.units_in_plan is None or m.max_units is None:
        return "-"  # a plan written before it was said
    if m.units_in_plan >= m.max_units - 1e-6:
        return "binds"
    return "binds only in the relaxation"


def _down(value: float | None, up: float) -> float:
    """The step down's figure: the one given, or the step up's where they agree."""
    return up if value is None else value


def _availability_rows(rows: tuple[UnitMarginal, ...], sides: bool) -> list[list[Cell]]:
    """Each offer's months, then their sum: `max_units` is one limit for every month, so only
    the sum is what one more unit of it saves (review 11 finding E); with `sides`, what one
    unit less costs beside it (probe 13 finding 3)."""
    out: list[list[Cell]] = []
    for offer_id in dict.fromkeys(m.offer_id for m in rows):
        months = [m for m in rows if m.offer_id == offer_id]
        for m in months:
            row: list[Cell] = [Text(offer_id), Month(m.month), Money(m.per_unit_month)]
            row += [Money(_down(m.step_down_per_unit_month, m.per_unit_month))] if sides else []
            row += [Count(m.units_in_plan), Count(m.max_units), Text(_binds(m))]
            out.append(row)
        total: list[Cell] = [
            Text(offer_id),
            Text("all months"),
            Money(sum(m.per_unit_month for m in months)),
        ]
        if sides:
            total.append(
                Money(sum(_down(m.step_down_per_unit_month, m.per_unit_month) for m in months))
            )
        total += [
            Count(None),
            Count(months[0].max_units),
            Text(
                "the sums: one more unit of max_units saves the first, one fewer costs the second"
                if sides
                else "one more unit of max_units saves the sum"
            ),
        ]
        out.append(total)
    return out


def marginal_availability(plan: Plan) -> Table:
    """The relaxation's split, by month (`tail`: the months after the horizon together), of
    what one more unit of an offer's `max_units` would save, where it binds in the
    relaxation, with the units the plan holds and whether it binds there; then the sum over
    the months, the one figure a buyer can act on (the limit cannot be raised for one month
    alone)."""
    rows = plan.marginal.availability if plan.marginal else ()
    sides = any(m.step_down_per_unit_month is not None for m in rows)
    unit = money_unit(plan)
    down = [(f"{unit} one unit less costs per unit-month", "step_down_per_unit_month")]
    return table(
        [
            "offer",
            "month",
            (f"{unit} saved per unit-month", "saved_per_unit_month"),
            *(down if sides else []),
            ("units in the plan", "units_in_plan"),
            "max_units",
            ("in the plan", "binds_in_plan"),
        ],
        _availability_rows(rows, sides),
    )


def marginal_vendor_share(plan: Plan) -> Table:
    """What raising `max_vendor_share` by 0.01 would save through one vendor's share in a month,
    where it binds (the whole step saves their sum)."""
    rows = plan.marginal.vendor_share if plan.marginal else ()
    sides = any(m.step_down_per_share_point is not None for m in rows)
    unit = money_unit(plan)
    down = [(f"{unit} 0.01 less costs", "step_down_per_share_point")]
    return table(
        [
            "vendor",
            "month",
            (f"{unit} saved per 0.01 of vendor share", "saved_per_share_point"),
            *(down if sides else []),
        ],
        [_share_row(m, sides) for m in rows],
    )


def _share_row(m: ShareMarginal, sides: bool) -> list[Cell]:
    row: list[Cell] = [Text(m.vendor), Month(m.month), Money(m.per_share_point)]
    return row + ([Money(_down(m.step_down_per_share_point, m.per_share_point))] if sides else [])


def marginal_tables(report: Report) -> list[Table]:
    """The marginal tables with rows: per workload, per workload and month, power caps,
    budgets, capex budgets, availability, vendor share."""
    plan = report.plan
    every = (
        report.marginal_workloads,
        report.marginal_demand,
        report.marginal_power,
        report.marginal_budget,
        report.marginal_upfront,
        marginal_availability(plan),
        marginal_vendor_share(plan),
    )
    return [t for t in every if t.rows]
