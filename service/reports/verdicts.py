"""How the reports name money and compare costs: headings in the plan's currency (`$` for US
dollars, the currency's code otherwise; probe 9, finding 5: a EUR plan's tables were headed in
dollars), and a baseline's verdict against the plan, which says so when they cost the same
(probe 9, finding 5: an equal cost read "1.00x dearer per token")."""

from __future__ import annotations

from optimizer import Plan
from optimizer.plan import Baseline
from service.reports.tail import short_clause

__all__ = ["marginal_note", "money_unit", "over", "versus"]

SAME = 1e-9
"""Relative difference below which two costs per token are the same (float noise)."""


def money_unit(plan: Plan) -> str:
    """How a heading names the plan's money: `$` for US dollars (or a plan with no figures),
    else the currency's code (`EUR`)."""
    currency = plan.summary.currency if plan.summary is not None else ""
    return "$" if currency in ("", "USD") else currency


def over(compared_on: str) -> str:
    """The span a baseline's comparison covers, as the end of a sentence."""
    return " over horizon + tail" if compared_on == "horizon_and_tail" else ""


def _times(ratio: float) -> str:
    """A ratio above 1 to two decimals, or four where two would read 1.00."""
    return f"{ratio:.2f}x" if round(ratio, 2) > 1 else f"{ratio:.4f}x"


def versus(b: Baseline) -> str:
    """The verdict on a baseline, naming the tail tokens it leaves unserved (its cost per
    token counts the tokens served): `N.NNx cheaper per token`, `N.NNx dearer per token`, or
    `same cost per token`."""
    if b.reason is not None and b.cost_ratio is None:
        return f"{b.status}: {b.reason}"
    if not b.cost_ratio:
        return "-"
    ratio = b.cost_ratio
    if abs(ratio - 1) <= SAME:
        verdict = f"same cost per token{over(b.compared_on)}"
    elif ratio < 1:
        verdict = f"{_times(1 / ratio)} cheaper per token{over(b.compared_on)}"
    else:
        verdict = f"{_times(ratio)} dearer per token{over(b.compared_on)}"
    return verdict + short_clause(b.tail)


def marginal_note(plan: Plan) -> str:
    """The plan's note on its marginal costs with its money named in the plan's currency (the
    optimizer writes a budget's figures as "per $")."""
    note = plan.marginal.note if plan.marginal is not None else ""
    unit = money_unit(plan)
    return note if unit == "$" else note.replace(" per $ ", f" per {unit} ")
