"""The cash summary's parts told apart by the commitments' own payment schedules (review 21)
add up to the plan's own totals on drawn plans: all months' amortised cost less all months'
cash is what existing commitments signed before the horizon paid before it plus the residual
value they get back; and the cash after the horizon holds the tail's month-to-month purchases
only where a tail buys."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings

from catalog import Catalog
from optimizer import PlanRequest
from service.reports import build_report
from service.reports.cash import HELD_RESIDUAL, PAID_BEFORE, UNROUNDED
from service.reports.cells import Money
from service.reports.commitment_cash import commitment_cash
from tests.paid_plans import paid_plans, solved


def _life_is_term(cat: Catalog, request: PlanRequest) -> bool:
    """Whether each existing commitment on owned hardware from its parts is held for the
    hardware's life: held longer or shorter, its cash (the capex once) and its amortised cost
    (the capex spread over the life, every month held) differ in total, a difference that is
    no payment before the horizon."""
    for e in request.existing:
        offer = cat.offer(e.offer_id)
        if offer is not None and offer.tco is not None and e.term_months != offer.term_months:
            return False
    return True


def _money(pairs: dict[str, object], label: str) -> Decimal:
    cell = pairs.get(label)
    if cell is None:
        return Decimal(0)
    assert isinstance(cell, Money) and cell.value is not None
    return Decimal(repr(cell.value))


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow])
@given(paid_plans())
def test_paid_before_and_residual_make_up_the_cash_against_amortised_cost(
    drawn: tuple[Catalog, PlanRequest],
) -> None:
    """On tiny plans of every payment model, owned parts with residual values, commitments
    signed before the horizon at the catalog's price or their own: the plan's JSON's amortised
    cost less its cash, over all months, is what `commitment_cash` says existing commitments
    paid before the horizon plus the residual they get back; the summary's cents add up so
    (cash = amortised cost - paid before - residual back) within a cent a commitment held;
    and the tail's month-to-month purchases in the cash after the horizon are never negative,
    and none without a tail."""
    cat, request = drawn
    plan = solved(cat, request)
    assert _life_is_term(cat, request)  # any other term is refused (optimizer.checks)
    if plan.summary is None or plan.npv is None:
        return
    held = commitment_cash(plan, cat)
    assert held is not None
    gap = plan.npv.total_amortised - plan.npv.total_cash
    parts = held.paid_before + held.held_residual
    assert abs(gap - parts) <= 1e-6 * max(1.0, abs(gap)), (gap, held)
    pairs: dict[str, object] = dict(build_report(plan, cat).cash_summary)
    [every] = [
        label
        for label in pairs
        if label.startswith("cash, all months") and UNROUNDED not in label  # the cents' one
    ]
    shown = _money(pairs, "amortised cost, all months") - _money(pairs, PAID_BEFORE)
    shown -= _money(pairs, HELD_RESIDUAL)
    assert abs(_money(pairs, every) - shown) <= Decimal("0.01") * (1 + len(request.existing))
    after = sum(f.cash for f in plan.cash_flows if f.period != "horizon")
    tail = after - held.due_after + held.residual_after
    assert tail >= -1e-6 * max(1.0, abs(after))
    if plan.tail is None or plan.tail.months == 0:
        assert abs(tail) <= 1e-6 * max(1.0, abs(after))
        assert "(tail: valued, not bought)" not in every
