"""Two plans side by side, Infracost style: each number before, after and the difference
(cost, cost over horizon + tail, the tail's renewals and cash where the plans have them,
obligation, tokens, cost per million tokens, peak MW, MW-months, each offer's fleet in
GPU-months, each workload's cost per million tokens), as JSON, Markdown or an HTML page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import msgspec
from msgspec import Struct

from catalog import Conflict
from optimizer import Plan, scoped_status
from service.plan_unlike import unlike
from service.reports.jinja import render_page
from service.reports.numbers import money, rate
from service.reports.obligation import OBLIGATION
from service.reports.tail import tail_short
from service.reports.to_markdown import md_cell

__all__ = [
    "DIFF_FORMATS",
    "RENEWALS",
    "Change",
    "DiffFormat",
    "PlanDiff",
    "diff_plans",
    "render_diff",
]

DiffFormat = Literal["json", "md", "html"]
GAP = "gap to the best bound"
LIFETIME = "cost over horizon + tail"
RENEWALS = "of the tail cost: contracts renewed in it (a valuation, not an obligation)"
EXPECTED = "expected cost over the scenarios"
DIFF_FORMATS: dict[DiffFormat, str] = {
    "json": "application/json",
    "md": "text/markdown",
    "html": "text/html",
}


class Change(Struct, frozen=True, kw_only=True):
    """One number of both plans; `None` where a plan does not have it (an offer it does not
    use is 0 GPU-months, not None)."""

    label: str
    before: float | None
    after: float | None
    diff: float | None
    percent: float | None
    """The difference as a share of `before`; None where `before` is 0 or missing."""
    unit: str


class PlanDiff(Struct, frozen=True, kw_only=True):
    """Plan `before` against plan `after`."""

    before: str
    after: str
    currency: str
    totals: tuple[Change, ...]
    fleet: tuple[Change, ...]
    workloads: tuple[Change, ...]
    not_like_for_like: tuple[str, ...] = ()
    """Why the plans' totals do not measure the same thing (another horizon, workloads or
    demand, constraints, existing commitments, objective or options, commitment accounting or
    tail; a plan not proven optimal or short of its demand): empty when they do. A difference
    across them is not a saving."""
    before_status: str = ""
    """Plan `before`'s status (`optimal`; `feasible`: not proven optimal, see the gap row)."""
    after_status: str = ""
    """Plan `after`'s status."""
    before_optimal_for: str = ""
    """What plan `before`'s optimum holds for when not the whole model (`solver.optimal_for`:
    "the deployments chosen"); empty otherwise."""
    after_optimal_for: str = ""
    """The same for plan `after`."""


def _change(label: str, before: float | None, after: float | None, unit: str) -> Change:
    diff = None if before is None or after is None else after - before
    percent = diff / before if diff is not None and before else None
    return Change(label=label, before=before, after=after, diff=diff, percent=percent, unit=unit)


def _gpu_months(plan: Plan) -> dict[str, float]:
    fleet: dict[str, float] = {}
    for m in plan.months:
        for a in m.allocations:
            fleet[a.offer_id] = fleet.get(a.offer_id, 0.0) + a.gpus
    return fleet


def _tail_cost(plan: Plan) -> float | None:
    return plan.tail.cost if plan.tail else None


def _renewed(plan: Plan) -> float | None:
    """The tail's renewal valuation, where it has one (None on a plan without a tail or
    renewals: a plan stored before they were valued has 0 and says nothing)."""
    return plan.tail.renewed_cost if plan.tail and plan.tail.renewed_cost else None


def _tail_short(plan: Plan) -> float | None:
    return tail_short(plan.tail) if plan.tail else None


def _upfront(plan: Plan) -> float | None:
    return plan.npv.upfront_in_horizon if plan.npv else None


def _cash(plan: Plan) -> float | None:
    return plan.npv.cash_in_horizon if plan.npv else None


def _optimal_for(plan: Plan) -> str:
    """What the plan's optimum holds for, as its reports say: the LP relaxation for a plan
    solved relaxed (probe 19: its diff's status row read a bare "optimal"), else the
    deployments chosen where it holds for them alone, else nothing."""
    return "" if plan.solver is None else plan.solver.optimal_for  # SolverInfo decides it


def _expected(plan: Plan) -> float | None:
    return plan.scenarios.expected_cost if plan.scenarios else None


def _gap_on(plan: Plan) -> str:
    """The row whose cost a plan's gap is relative to: what its search minimised."""
    if plan.scenarios is not None:
        weighed = plan.scenarios.objective.endswith("cvar")
        return "the expected cost weighed with its CVaR" if weighed else f"the {EXPECTED}"
    accounting = plan.summary.commitment_accounting if plan.summary else ""
    return f"the {LIFETIME}" if accounting == "demand_continues" else "the total cost"


def _gap(before: Plan, after: Plan) -> tuple[Change, ...]:
    """The gap each plan's search reached (a share: the plan may cost up to 1 / (1 - gap)
    times the best possible), where either plan reports one; its difference in points. The
    label names the cost it is on (under demand_continues the horizon and the tail together,
    not the total cost of the horizon: probe 12 finding 1)."""
    a, b = (p.solver.gap if p.solver else None for p in (before, after))
    if a is None and b is None:
        return ()
    diff = None if a is None or b is None else b - a
    on = {_gap_on(p) for p in (before, after)}
    label = f"{GAP}, on {on.pop()}" if len(on) == 1 else f"{GAP}, each on its own objective"
    return (Change(label=label, before=a, after=b, diff=diff, percent=None, unit="share"),)


def _each(
    before: Plan, after: Plan, value: Callable[[Plan], float | None]
) -> tuple[float | None, float | None]:
    return value(before), value(after)


def diff_plans(before: Plan, after: Plan) -> PlanDiff:
    """What changes from `before` to `after`, with what makes them not like for like.

    Raises:
        Conflict: the plans are priced in different currencies (naming both): their
            difference would add one currency to another.
    """
    a, b = before.summary, after.summary
    if a is not None and b is not None and a.currency != b.currency:
        msg = (
            f"plan {before.id} is in {a.currency} and plan {after.id} in {b.currency}: "
            "plans in different currencies cannot be compared"
        )
        raise Conflict(msg, [before.id, after.id])
    either = b or a
    cur = either.currency if either else ""

    def both(field: str) -> tuple[float | None, float | None]:
        return (getattr(a, field) if a else None, getattr(b, field) if b else None)

    totals = tuple(
        _change(label, *both(field), unit)
        for label, field, unit in (
            ("total cost", "total_cost", cur),
            (OBLIGATION, "total_obligation", cur),
            ("obligation after the horizon", "obligation_beyond_horizon", cur),
            ("cost per million tokens", "cost_per_million_tokens", f"{cur}/M tokens"),
            ("tokens delivered", "tokens", "tokens"),
            ("peak MW", "peak_mw", "MW"),
            ("MW-months (horizon + tail where valued)", "mw_months", "MW-months"),
        )
    )
    # What demand_continues plans minimise, and the cash they pay: a plan a little dearer in
    # the horizon may cost millions more over its tail (listed where either plan has them).
    beyond = tuple(
        change
        for change in (
            _change(LIFETIME, *both("lifetime_cost"), cur),
            _change("tail cost", *_each(before, after, _tail_cost), cur),
            _change(RENEWALS, *_each(before, after, _renewed), cur),
            _change(
                "cost per million tokens over horizon + tail",
                *both("lifetime_cost_per_million_tokens"),
                f"{cur}/M tokens",
            ),
            _change("upfront cash in the horizon", *_each(before, after, _upfront), cur),
            _change("cash in the horizon", *_each(before, after, _cash), cur),
        )
        if change.before is not None or change.after is not None
    )
    # Tail demand no contract still running serves (listed where either plan leaves some).
    short = _change("tail tokens short", *_each(before, after, _tail_short), "tokens")
    beyond += (short,) if short.before or short.after else ()
    totals = (totals[0], *beyond, *totals[1:], *_gap(before, after))
    # A scenario plan's summary is one scenario's: its cost is the expected one (probe 11
    # finding 2), listed first where either plan has scenarios.
    expected = _change(EXPECTED, *_each(before, after, _expected), cur)
    if expected.before is not None or expected.after is not None:
        shown = msgspec.structs.replace(
            totals[0], label="total cost (a scenario plan's: its shown scenario's)"
        )
        totals = (expected, shown, *totals[1:])
    fa, fb = _gpu_months(before), _gpu_months(after)
    fleet = tuple(
        _change(offer, fa.get(offer, 0.0), fb.get(offer, 0.0), "GPU-months")
        for offer in sorted(fa.keys() | fb.keys())
    )
    wa = {w.workload_id: w.cost_per_million_tokens for w in before.workloads}
    wb = {w.workload_id: w.cost_per_million_tokens for w in after.workloads}
    workloads = tuple(
        _change(w, wa.get(w), wb.get(w), f"{cur} per million tokens")
        for w in sorted(wa.keys() | wb.keys())
    )
    return PlanDiff(
        before=before.id,
        after=after.id,
        currency=cur,
        totals=totals,
        fleet=fleet,
        workloads=workloads,
        not_like_for_like=unlike(before, after),
        before_status=before.status,
        after_status=after.status,
        before_optimal_for=_optimal_for(before),
        after_optimal_for=_optimal_for(after),
    )


def _value(value: float | None, unit: str, currency: str) -> str:
    if value is None:
        return "-"
    if unit == "share":
        return f"{value:.2%}"
    if unit == currency and currency:
        return money(value, currency)
    return rate(value)


def _signed(c: Change, currency: str) -> str:
    """`+1,234.00 USD (+12.3%)` or `-` where a side is missing."""
    if c.diff is None:
        return "-"
    sign = "+" if c.diff > 0 else "-" if c.diff < 0 else ""
    if c.unit == "share":
        return f"{sign}{abs(c.diff) * 100:.2f} points"
    text = sign + _value(abs(c.diff), c.unit, currency)
    return text + (f" ({c.percent:+.1%})" if c.percent is not None else "")


def _statuses(d: PlanDiff) -> tuple[str, str]:
    """Both plans' statuses as shown: "optimal for the deployments chosen", never a bare
    "optimal", where the optimum holds only for them (review 11 B)."""
    return (
        scoped_status(d.before_status, d.before_optimal_for),
        scoped_status(d.after_status, d.after_optimal_for),
    )


def _sections(d: PlanDiff) -> list[tuple[str, list[list[str]]]]:
    """Each section's rows as text: label, before, after, difference."""

    def rows(changes: tuple[Change, ...]) -> list[list[str]]:
        return [
            [
                c.label,
                _value(c.before, c.unit, d.currency),
                _value(c.after, c.unit, d.currency),
                _signed(c, d.currency),
            ]
            for c in changes
        ]

    shown = _statuses(d)
    status = ["status", *shown, "same" if shown[0] == shown[1] else "changed"]
    return [
        ("Totals", [*rows(d.totals), status] if d.before_status else rows(d.totals)),
        ("Fleet by offer (GPU-months over the horizon)", rows(d.fleet)),
        (f"Cost per million tokens by workload ({d.currency})", rows(d.workloads)),
    ]


def _markdown(d: PlanDiff) -> str:
    out = [f"# Plan {d.after} against plan {d.before}", ""]
    if d.not_like_for_like:
        said = md_cell("; ".join(d.not_like_for_like))
        out += [f"> **Not like for like**: {said}.", ""]
    for title, rows in _sections(d):
        out += [
            f"## {title}",
            "",
            f"| | {d.before} | {d.after} | difference |",
            "|---|--:|--:|--:|",
        ]
        out += ["| " + " | ".join(md_cell(cell) for cell in row) + " |" for row in rows]
        out.append("")
    return "\n".join(out)


def render_diff(d: PlanDiff, fmt: DiffFormat) -> bytes | str:
    """The diff in `fmt` (a key of `DIFF_FORMATS`).

    Raises:
        ValueError: naming an unknown format.
    """
    if fmt == "json":
        return msgspec.json.encode(d)
    if fmt == "md":
        return _markdown(d)
    if fmt == "html":
        title = f"tokenplan: {d.after} against {d.before}"
        return render_page("diff.html", title=title, diff=d, sections=_sections(d))
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(DIFF_FORMATS)}")
