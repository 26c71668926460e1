"""Objective `power` in the reports (probe 13 finding 6): what the plan minimised, its MW-months
over the months the objective counts (horizon + tail under `demand_continues`), beside each
baseline's, and the verdicts on them; a cost plan's report shows none of it."""

from __future__ import annotations

from optimizer import POWER_SLACK, Plan
from optimizer.plan import Baseline
from service.reports.cells import Cell, Rate, Text, shown
from service.reports.table import Table, table

__all__ = [
    "minimises_power",
    "mw_months_label",
    "power_against",
    "power_card",
    "power_heading",
    "power_pairs",
    "power_sentence",
    "power_summary",
    "power_verdict",
    "power_versus",
]

SAME_SHARE = 5e-5
"""Relative difference in MW-months below which a baseline draws as many as the plan (it would
read 0.00% more or fewer)."""


def minimises_power(plan: Plan) -> bool:
    """Whether `plan` was solved for objective `power` and carries its MW-months (plans stored
    before they were reported do not)."""
    s = plan.summary
    return plan.request.objective == "power" and s is not None and s.mw_months is not None


def _over_tail(plan: Plan) -> bool:
    return plan.tail is not None and plan.tail.mw_months is not None


def mw_months_label(plan: Plan) -> str:
    """The label of the MW-months objective `power` counts: `MW-months + tail` under
    `demand_continues`, `MW-months` (of the horizon) otherwise."""
    return "MW-months + tail" if _over_tail(plan) else "MW-months"


def _objective_said(plan: Plan) -> str:
    """The objective as the summary states it; a plan short of its demand says the shortfall
    steps solved it (the least unmet, then the cheapest), not power."""
    slack = f"{POWER_SLACK:.1%}"
    if plan.diagnosis is not None:
        return "power, not reached: the demand cannot be met, so the least left unmet, then cost"
    if plan.scenarios is not None:
        return f"power: the least expected MW-months, then the cheapest plan within {slack}"
    return f"power: the least MW-months, then the cheapest plan within {slack} of them"


def power_pairs(plan: Plan) -> tuple[tuple[str, Cell], ...]:
    """The summary's rows of a power plan: the objective and the MW-months it minimised (and
    under `demand_continues` the tail's part); none for a cost plan."""
    s = plan.summary
    if s is None or not minimises_power(plan):
        return ()
    label = mw_months_label(plan)
    rows: list[tuple[str, Cell]] = [
        ("objective", Text(_objective_said(plan))),
        (label, Rate(s.mw_months)),
    ]
    step = plan.solver.power if plan.solver is not None else None
    if step is not None and step.least_mw_months is not None:
        found = "" if step.proven else " found"
        expected = " expected" if plan.scenarios is not None else ""  # not the shown scenario's
        rows.append((f"least{expected} {label}{found}", Rate(step.least_mw_months)))
    if plan.tail is not None and plan.tail.mw_months is not None:
        rows.append(("of which in the tail", Rate(plan.tail.mw_months)))
    return tuple(rows)


def power_card(plan: Plan) -> tuple[tuple[str, Cell], ...]:
    """The headline card of a power plan's MW-months; none for a cost plan."""
    s = plan.summary
    if s is None or not minimises_power(plan):
        return ()
    return ((mw_months_label(plan), Rate(s.mw_months)),)


def _difference(theirs: float, ours: float) -> tuple[str, str]:
    """A baseline's MW-months against the plan's, in words, and a note: `as many`, `N.NN%
    more` or `N.NN% fewer` (`X more` against a plan drawing none: it buys every token from
    APIs); the note names the plan's slack where a baseline draws fewer within it (the plan
    may draw up to 0.1% more than the least, to cost less)."""
    if theirs == ours or (ours > 0 and abs(theirs - ours) < SAME_SHARE * ours):
        return "as many", ""
    if ours <= 0:
        return f"{shown(Rate(theirs - ours))} more", ""
    share = (theirs - ours) / ours
    said = f"{abs(share):.2%} {'more' if share > 0 else 'fewer'}"
    if share < 0 and theirs * (1 + POWER_SLACK) >= ours * (1 - SAME_SHARE):
        return (
            said,
            f" (the plan may draw up to {POWER_SLACK:.1%} more than the least, to cost less)",
        )
    return said, ""


def _drawn(b: Baseline) -> str:
    """`_difference` of the baseline's MW-months against the plan's, in a clause (`22.45%
    more MW-months`); empty without them."""
    if b.mw_months is None or b.plan_mw_months is None:
        return ""
    said, note = _difference(b.mw_months, b.plan_mw_months)
    return f"{said} MW-months{note}"


def power_against(b: Baseline) -> str:
    """The executive summary's verdict on a baseline's MW-months, short enough for the cost
    chart to stand beside its table: `as many`, `22.45% more`, `0.10% fewer`; its status
    where it has none (the full table says why)."""
    if b.mw_months is None or b.plan_mw_months is None:
        return b.status
    return _difference(b.mw_months, b.plan_mw_months)[0]


def _over(b: Baseline) -> str:
    return " over horizon + tail" if b.compared_on == "horizon_and_tail" else ""


def power_versus(b: Baseline) -> str:
    """A baseline's MW-months against the plan's, over `compared_on` (`_drawn`); empty without
    the figures."""
    said = _drawn(b)
    return said + _over(b) if said else ""


def power_summary(plan: Plan) -> Table:
    """A power plan's executive summary table: each baseline's MW-months (over the span the
    verdicts compare) and the verdict on them (`power_against`), narrow enough for the cost
    chart to stand beside it, so that the summary, longer by its objective, fits its page."""
    # The heading names the span (`power_heading`): a header as long as "MW-months + tail"
    # pushed the chart below the table, and the summary off its page.
    return table(
        [("baseline", "strategy"), ("MW-months", "baseline_mw_months"), ("vs plan", "vs_plan")],
        ([Text(b.strategy), Rate(b.mw_months), Text(power_against(b))] for b in plan.baselines),
    )


def power_heading(plan: Plan) -> str:
    """The heading over a power plan's executive summary table (`power_summary`) and the
    cost chart beside it."""
    over = " (horizon + tail)" if _over_tail(plan) else ""
    return f"MW-months{over} and cost per million tokens against each baseline"


def power_verdict(plan: Plan) -> str:
    """The lead's clause on the baselines of a power plan: the one drawing the fewest
    MW-months (of a tie, the cheapest per token), its MW-months and cost per token against
    the plan's; empty when no baseline has MW-months."""
    drawn = [b for b in plan.baselines if b.mw_months is not None and b.plan_mw_months is not None]
    if not drawn:
        return ""
    best = min(drawn, key=lambda b: (b.mw_months or 0.0, b.cost_ratio or 0.0))
    said = f"; the baseline drawing the least ({best.strategy}) draws {_drawn(best)}"
    ratio = best.cost_ratio
    if ratio is not None and ratio > 0:
        if abs(ratio - 1) < SAME_SHARE:
            said += " at the same cost per token"
        elif ratio > 1:
            said += f" and pays {ratio:.4f}x as much per token"
        else:
            said += f" and costs {1 / ratio:.4f}x less per token"
    return said + _over(best)


def power_sentence(plan: Plan) -> str:
    """A power plan's opening, without its full stop: the objective, the MW-months the plan
    draws (in the horizon and after it), and the least its first step found (proven,
    or in the time limit), which the plan draws at most 0.1% more than; the lead goes on
    with its cost per token. Empty for a cost plan (and for a plan short of its demand,
    which the shortfall steps solved, not power)."""
    s = plan.summary
    if s is None or s.mw_months is None or not minimises_power(plan) or plan.diagnosis:
        return ""
    figure = shown(Rate(s.mw_months))
    if plan.tail is not None and plan.tail.mw_months is not None:
        # Apart: a plan may draw more than a baseline in the horizon and less after it.
        inside = shown(Rate(s.mw_months - plan.tail.mw_months))
        tail = shown(Rate(plan.tail.mw_months))
        drawn = f"{figure} MW-months over horizon + tail ({inside} in the horizon, {tail} after)"
    else:
        drawn = f"{figure} MW-months over the {len(plan.months)}-month horizon"
    step = plan.solver.power if plan.solver is not None else None
    proven = step is None or step.proven
    least = "the least the demand allows" if proven else "the least found in the time limit"
    if plan.scenarios is not None:
        least = least.replace("the least", "the least expected MW-months")
    if step is not None and step.least_mw_months is not None:
        least += f" ({shown(Rate(step.least_mw_months))})"
    if step is not None and step.cost_step == "no plan":
        # The least-power step's plan kept: it draws the least, its cost not minimised.
        said = f"{least}, its cost not minimised"
    else:
        said = f"within {POWER_SLACK:.1%} of {least}, and is the cheapest such plan"
    if plan.scenarios is not None:
        return f"Objective power: the plan draws {said}; its shown scenario draws {drawn}"
    return f"Objective power: the plan draws {drawn}, {said}"
