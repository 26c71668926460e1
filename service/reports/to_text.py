"""The plan (and any report table) as aligned text for a terminal: what `tokenplan plan` and
`tokenplan rank` print."""

from __future__ import annotations

from collections.abc import Sequence

from optimizer import Plan, status_said
from optimizer.price_trust import CostBasis
from service.reports import tables
from service.reports.cells import Cell, Rate, shown
from service.reports.document import Report
from service.reports.obligation import API_SPEND, obligation_label
from service.reports.power import minimises_power, mw_months_label
from service.reports.scenarios import cost_label, scenario_lead
from service.reports.sources import rests_on
from service.reports.standing import error_label
from service.reports.table import Table
from service.reports.tail import owed_clause, short_clause, whole_clause
from service.reports.verdicts import money_unit

__all__ = ["aligned", "plan_text", "table_text"]


def _looks_numeric(text: str) -> bool:
    core = text.replace(",", "").replace(".", "").replace("$", "").replace("x", "")
    core = core.replace("%", "").split(" ")[0]
    return core.lstrip("-+").isdigit()


def aligned(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] | None = None
) -> str:
    """A plain text table: numbers right, text left (numbers guessed from the text when
    `numeric` does not say per column)."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    right = numeric or [False] * len(headers)

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if right[i] or (numeric is None and _looks_numeric(c)) else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def table_text(t: Table) -> str:
    """A report table as aligned text."""
    return aligned(t.labels, [[shown(c) for c in row] for row in t.rows], t.numeric())


def _api(numbers: dict[str, Cell]) -> list[str]:
    """The tokens bought from APIs, beside the obligation (the requisition's API lines)."""
    api = numbers.get(API_SPEND)
    return [] if api is None else [f"API tokens          {shown(api)}, bought as used"]


def _signed(numbers: dict[str, Cell]) -> list[str]:
    """A scenario plan's line after its (shown scenario's) obligation: what every scenario
    signs alike; the rest is that scenario's own, bought as used."""
    signed = numbers.get("of which signed for every scenario")
    if signed is None:
        return []
    return [f"signed for all      {shown(signed)}, the same in every scenario"]


def _power(plan: Plan, numbers: dict[str, Cell]) -> list[str]:
    """A power plan's objective and the MW-months it minimised (the tail's part beside them);
    nothing for a cost plan."""
    if not minimises_power(plan):
        return []
    label = mw_months_label(plan)
    drawn = f"{label:<20}{shown(numbers[label])}"
    tail = numbers.get("of which in the tail")
    drawn += f", of which {shown(tail)} in the tail" if tail is not None else ""
    return [f"objective           {shown(numbers['objective'])}", drawn]


IN_THE_LEAD = frozenset(
    {"expected cost", "cost range", "commitments signed (obligation)", "months shown below"}
)
"""The scenario summary's lines the text says already: in its lead (`scenario_lead`) and
`signed for all`."""


def _scenarios(report: Report) -> list[str]:
    """A scenario plan's scenarios side by side and the rest of their summary, as the reports
    give them (probe 16a L1: each scenario's cost, the cost of committing on the mean
    forecast, the value of the stochastic solution and the CVaR were in the reports and the
    JSON, not here); nothing for a plain plan."""
    if report.scenarios is None:
        return []
    out = ["", "scenarios:", table_text(report.scenarios)]
    out += [
        f"  {label}: {shown(cell)}"
        for label, cell in report.scenario_summary
        if label not in IN_THE_LEAD
    ]
    return out


def plan_text(report: Report) -> str:
    """The plan's summary, fleet, commitments and baselines for a terminal."""
    plan = report.plan
    solver = f" ({plan.solver.name}, {plan.solver.seconds:.2f} s)" if plan.solver else ""
    out = [f"plan {plan.id or '(not stored)'}: {status_said(plan)}{solver}"]
    if report.caveat:
        out.append(report.caveat)
    if report.assumption:
        out.append(report.assumption)
    if plan.error:
        out.append(f"{error_label(plan)}: {plan.error}")
    numbers = dict(report.summary)
    if numbers:
        accounting = shown(numbers["commitment accounting"])
        if plan.scenarios is not None:
            out.append(scenario_lead(plan) + ":")
        # A scenario plan's tail is in its scenarios' costs, not here (as the headline says).
        cost = (
            "horizon cost" if plan.scenarios is not None and plan.tail is not None else "total cost"
        )
        out += [
            f"{cost:<20}{shown(numbers[cost_label(plan)])} ({accounting})",
            f"obligation          {shown(numbers[obligation_label(plan)])} (new contracts and "
            f"on-demand use), of which {shown(numbers['obligation after the horizon'])} after "
            "the horizon",
            *_signed(numbers),
            *_api(numbers),
            f"tokens              {shown(numbers['tokens delivered'])}",
            f"cost per M tokens   {shown(numbers['cost per million tokens'])}{_resting(plan)}",
            f"peak / average MW   {shown(numbers['peak MW'])} / {shown(numbers['average MW'])}",
            f"tokens/s per MW     {shown(numbers['tokens/s per MW'])}",
            *_power(plan, numbers),
        ]
    tail = dict(report.tail)
    if plan.tail is not None and tail:
        per_million = shown(Rate(plan.tail.cost_per_million_tokens))
        out.append(
            f"tail                {plan.tail.months} months after the horizon: "
            f"{shown(tail['tail cost'])}{whole_clause(plan)}{owed_clause(plan)}, "
            f"{per_million} per million tokens{_said(plan.tail.cost_basis)}"
            f"{short_clause(plan.tail)}"
        )
    out += _scenarios(report)
    if plan.diagnosis is not None:
        out += ["", f"diagnosis: {plan.diagnosis.summary}"]
        out += [f"  binding: {b}" for b in plan.diagnosis.binding]
        short = report.shortfalls.select("workload", "month", "short tok/s", "short")
        if short.rows:
            out += ["", table_text(Table(columns=short.columns, rows=short.rows[:24]))]
    if plan.commitments:
        columns = ["offer", "kind", "start", "end", "units", "GPUs", "per month", "obligation"]
        columns += ["scenario"] if plan.scenarios is not None else []
        out += ["", table_text(report.commitments.select(*columns))]
    if report.purchases.rows:
        out += ["", "tokens bought from APIs:", table_text(report.purchases)]
    if plan.workloads and plan.summary is not None:
        columns = ["workload", "model", "cost", f"{money_unit(plan)}/M tokens"]
        out += ["", table_text(report.workloads.select(*columns))]
    if plan.baselines:
        cost, _, theirs, ours = tables.compared(plan)
        power = tables.mw_months_compared(plan) if minimises_power(plan) else ()
        columns = ["baseline", "offers", cost, *power, theirs, ours, "vs plan"]
        out += ["", table_text(report.baselines.select(*columns))]
    if plan.warnings:
        out += ["", "warnings:"] + [f"  - {w}" for w in plan.warnings]
    return "\n".join(out)


def _resting(plan: Plan) -> str:
    """ " (an estimate price, derived throughput)": what the cost per million tokens rests on
    (probe 17a L1); empty on plans stored before it was said."""
    return _said(plan.summary.cost_basis if plan.summary else None)


def _said(basis: CostBasis | None) -> str:
    """ " (an estimate price, derived throughput)", or empty for no basis."""
    said = rests_on(basis)
    return f" ({said})" if said else ""
