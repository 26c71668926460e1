"""A plan's marginal costs as the report shows them: every table of `plan.marginal` that has
rows, in one order for every format (probe 11 finding 5: the availability and vendor-share
marginals were computed, promised by the note and shown in none)."""

from __future__ import annotations

from optimizer import Plan
from service.reports.cells import Money, Month, Text
from service.reports.document import Report
from service.reports.table import Table, table
from service.reports.verdicts import money_unit

__all__ = ["marginal_availability", "marginal_tables", "marginal_vendor_share"]


def marginal_availability(plan: Plan) -> Table:
    """What one more unit of an offer's `max_units` would save in a month (`tail`: the months
    after the horizon together), where it binds."""
    rows = plan.marginal.availability if plan.marginal else ()
    return table(
        ["offer", "month", (f"{money_unit(plan)} saved per unit-month", "saved_per_unit_month")],
        ([Text(m.offer_id), Month(m.month), Money(m.per_unit_month)] for m in rows),
    )


def marginal_vendor_share(plan: Plan) -> Table:
    """What raising `max_vendor_share` by 0.01 would save through one vendor's share in a month,
    where it binds (the whole step saves their sum)."""
    rows = plan.marginal.vendor_share if plan.marginal else ()
    return table(
        [
            "vendor",
            "month",
            (f"{money_unit(plan)} saved per 0.01 of vendor share", "saved_per_share_point"),
        ],
        ([Text(m.vendor), Month(m.month), Money(m.per_share_point)] for m in rows),
    )


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
