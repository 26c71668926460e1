"""What a plan's obligation is called wherever it is shown: the new contracts' whole terms and
the on-demand and spot use of the horizon (DESIGN section 4: the requisition's GPU lines sum
to it), with the tokens bought from APIs beside it (probe 11 finding 3: "total obligation
(new commitments)" counted each on-demand month as a commitment)."""

from __future__ import annotations

from optimizer import Plan
from service.reports.cells import Cell, Money

__all__ = ["API_SPEND", "OBLIGATION", "api_spend_row", "obligation_label"]

OBLIGATION = "total obligation (new contracts and on-demand use)"
"""The label of `summary.total_obligation` of a plan without scenarios."""
API_SPEND = "tokens bought from APIs (as used)"
"""The label of `summary.api_cost`: the requisition's API lines, beside the obligation."""


def obligation_label(plan: Plan) -> str:
    """The label of `summary.total_obligation`: a scenario plan's is its shown scenario's (it
    signs only the contracts every scenario shares: `scenarios.signed_row`)."""
    if plan.scenarios is None:
        return OBLIGATION
    return f"{plan.scenarios.shown} scenario's obligation (new contracts and on-demand use)"


def api_spend_row(plan: Plan) -> tuple[tuple[str, Cell], ...]:
    """The summary's row of the tokens bought from APIs in the horizon (none when nothing is
    bought: less than half a cent)."""
    s = plan.summary
    if s is None or s.api_cost < 0.005:
        return ()
    return ((API_SPEND, Money(s.api_cost, s.currency)),)
