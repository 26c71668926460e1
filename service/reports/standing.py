"""Whether a plan is proven optimal, for what is signed or imported: a requisition refuses a
plan that is not (unless asked for it anyway), and every export carries the plan's status and
gap, so a file read alone still says how far the plan may be from the best possible."""

from __future__ import annotations

from optimizer import Plan, plan_gap_basis, status_said, unproven, unproven_notes
from service.reports.cells import Text
from service.reports.numbers import decimal_text
from service.reports.table import Column, Table

__all__ = [
    "STANDING_COLUMNS",
    "error_label",
    "no_solution",
    "plan_gap",
    "stamped",
    "standing",
    "unproven_caveat",
    "unproven_reason",
]

STANDING_COLUMNS = ("plan_status", "plan_gap")
"""The columns every CSV export carries on each row (FOCUS: `x_PlanStatus`, `x_PlanGap`)."""


def plan_gap(plan: Plan) -> str:
    """The relative gap the search reached, as a decimal string (0.675 is 67.5%: the plan may
    cost up to 1 / (1 - 0.675) times the best possible); empty when unknown."""
    gap = plan.solver.gap if plan.solver else None
    return "" if gap is None else decimal_text(gap, 6)


def error_label(plan: Plan, otherwise: str = "error") -> str:
    """The label of the plan's error: "cancelled" for a cancelled plan (probe 10 finding 5: its
    report said "Failed"), `otherwise` for the others."""
    return "cancelled" if plan.status == "cancelled" else otherwise


def no_solution(plan: Plan, what: str) -> str:
    """Why `plan` (without a solution) has no `what`: its status and, with one, its error."""
    why = f"{plan.status}: {plan.error}" if plan.error else plan.status
    return f"plan {plan.id} has no {what} ({why})"


def standing(plan: Plan) -> tuple[str, str]:
    """(status, gap) as every export row carries them: the status as `status_said` shows it,
    "optimal for the deployments chosen" rather than a bare "optimal" when the optimum holds
    only for them (review 11 B: requisitions, FOCUS and CSV stamps said a bare "optimal")."""
    return status_said(plan), plan_gap(plan)


def stamped(t: Table, plan: Plan) -> Table:
    """`t` with the plan's status and gap on every row: a CSV (or the workbook's Allocations
    sheet) read alone still says whether the plan is proven optimal; a scenario plan's rows
    also name the scenario they are of (`scenario`: its shown one, whose months, allocations
    and cash the plan carries; probe 8 finding 9j: the workbook lacked them)."""
    status, gap = standing(plan)
    stamps = [Text(status), Text(gap)]
    columns = [Column(c, c) for c in STANDING_COLUMNS]
    if plan.scenarios is not None:
        stamps.append(Text(plan.scenarios.shown))
        columns.append(Column("scenario", "scenario"))
    return Table(
        columns=(*t.columns, *columns),
        rows=tuple((*row, *stamps) for row in t.rows),
    )


def unproven_reason(plan: Plan) -> str | None:
    """Why a `feasible` plan is not proven optimal within the gap its request asked for (a
    cancel stopped the search, or the time limit did above that gap, or the gap is unknown),
    with what it may cost against the best bound, on the cost the gap is relative to
    (`optimizer.plan_gap_basis`; objective `power`: also what it may draw against the least
    power); None for any other plan."""
    solver = plan.solver
    if plan.status != "feasible":
        return None
    basis = plan_gap_basis(plan)
    if solver is None:
        return unproven(None, False, basis=basis)
    requested = plan.request.options.gap
    said = unproven_notes(solver.gap, solver.cancelled, solver.power, requested, basis)
    return "; ".join(said) or None


def unproven_caveat(plan: Plan) -> str:
    """Why the plan is not proven optimal, as a report's first sentence: the rule the
    requisition refuses by (`unproven_reason`); "" for a proven plan."""
    said = unproven_reason(plan)
    return "" if said is None else said[0].upper() + said[1:] + "."
