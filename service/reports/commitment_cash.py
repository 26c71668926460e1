"""What a plan's commitments pay by their own payment schedules (`catalog.payments`, each at the
price it was signed at, as `optimizer.cash` pays them), for the report's words on cash the
month-by-month figures cannot tell apart: what existing commitments signed before the horizon
paid before it for the plan's months, the residual value they get back, and, of the cash after
the horizon, what signed commitments still pay against what the tail buys month to month
(valued, not bought)."""

from __future__ import annotations

from typing import NamedTuple

from catalog import Catalog
from catalog.payments import payments_per_gpu
from optimizer import Plan, month_index
from service.reports.held_prices import held_offer, signed_offers

__all__ = ["CommitmentCash", "commitment_cash"]


class CommitmentCash(NamedTuple):
    """The plan's commitments' payments by their schedules, in the plan's currency."""

    paid_before: float
    """Of the plan's amortised cost, what existing commitments signed before the horizon paid
    before it: for each, the amortised cost of its term's months from the horizon's first on
    less what its schedule pays in them (its upfront less the residual value it gets back,
    over its term, a month, where its term is its offer's life)."""
    held_residual: float
    """The residual value those commitments get back in the plan's months: cash, where the
    amortised cost counts the capex net of it (paid before the horizon)."""
    due_after: float
    """What commitments (existing or signed by the plan) pay in the months after the
    horizon, their residual values not deducted."""
    residual_after: float
    """The residual value commitments get back in the months after the horizon."""


def commitment_cash(plan: Plan, catalog: Catalog) -> CommitmentCash | None:
    """Each commitment's payments by its offer's payment model at the price it was signed at
    (existing ones at theirs, `held_prices`); None without cash figures, or where the
    catalog lacks one of the plan's offers (its payments cannot be told apart)."""
    if plan.npv is None or not plan.months:
        return None
    first, last = month_index(plan.months[0].month), month_index(plan.months[-1].month)
    signed = signed_offers(plan, catalog)
    before = residual = due = back = 0.0
    for c in plan.commitments:
        if c.term_months <= 0:
            continue
        offer = catalog.offer(c.offer_id)
        if offer is None:
            return None
        pay = payments_per_gpu(held_offer(offer, c, signed), c.term_months)
        begin, end = month_index(c.start), month_index(c.start) + c.term_months
        if c.existing and begin < first and end >= first:
            counted = min(c.term_months, end - first)
            before += (c.monthly_cost - pay.monthly * c.gpus) * counted
            residual += pay.residual * c.gpus
        if begin > last:  # an existing one that starts after the horizon: its upfront too
            due += pay.upfront * c.gpus
        due += pay.monthly * c.gpus * max(0, end - max(begin, last + 1))
        if pay.residual and end > last:
            back += pay.residual * c.gpus
    return CommitmentCash(
        paid_before=before, held_residual=residual, due_after=due, residual_after=back
    )
