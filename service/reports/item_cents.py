"""What each contract the plan signs costs a month in cents, amortised: its requisition lines'
totals spread over its term, so that its months add up to its lines to the cent (probe 12
finding 2: the amortised cost was rounded month by month apart from the lines, so with prices
not whole cents a GPU-month a month's cash.csv and focus.csv differed, and all months' cash
from all months' amortised cost)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from optimizer import Plan, month_index, month_label
from service.reports.owned_requisition import RESIDUAL_VALUE
from service.reports.requisition import RequisitionLine
from service.reports.signing import signed

__all__ = [
    "Contract",
    "OfferMonth",
    "contract_cents",
    "contract_exact",
    "contract_spreads",
    "spread",
]

OfferMonth = tuple[str, str]
"""(offer id, month)."""

Contract = tuple[str, int, int]
"""(offer id, first month's index, term in months)."""


def spread(total: Decimal, months: int) -> list[Decimal]:
    """`total` over `months` months in cents: each month the running total's cents less the
    months' before, so each is within a cent of `total / months` and they add up to `total`."""
    out, paid = [], Decimal(0)
    for k in range(1, months + 1):
        upto = (total * k / months).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        out.append(upto - paid)
        paid = upto
    return out


def _contract(line: RequisitionLine, lines: Sequence[RequisitionLine]) -> Contract:
    """The contract a scheduled line pays for: its own term, or for a residual value (dated
    the month after the term) the capital purchase whose term ends the month before."""
    first = month_index(line.term_start[:7])
    if line.line_type != RESIDUAL_VALUE:
        return (line.supplier_part_number, first, line.term_months)
    for other in lines:
        start = month_index(other.term_start[:7])
        if (
            other.supplier_part_number == line.supplier_part_number
            and other.line_type != RESIDUAL_VALUE
            and start + other.term_months == first
        ):
            return (other.supplier_part_number, start, other.term_months)
    return (line.supplier_part_number, first, 1)  # no purchase found: credited in its month


def contract_spreads(lines: Sequence[RequisitionLine]) -> dict[Contract, tuple[Decimal, ...]]:
    """Each contract of the scheduled `lines`, its amortised cents month by month: its lines'
    totals spread over its term (`spread`), each month within a cent of its monthly cost,
    whenever its cash is paid (a line paid monthly pays its rounding remainder in its last
    month, which its amortised cost does not bear)."""
    by_contract: defaultdict[Contract, list[RequisitionLine]] = defaultdict(list)
    for line in lines:
        by_contract[_contract(line, lines)].append(line)
    out = {}
    for contract, mine in by_contract.items():
        total = sum((Decimal(line.line_total) for line in mine), Decimal(0))
        out[contract] = tuple(spread(total, contract[2]))
    return out


def contract_cents(spreads: dict[Contract, tuple[Decimal, ...]]) -> dict[OfferMonth, Decimal]:
    """By (offer, month), the contracts' amortised cents (`contract_spreads`)."""
    out: defaultdict[OfferMonth, Decimal] = defaultdict(Decimal)
    for (offer, first, _), shares in spreads.items():
        for k, share in enumerate(shares):
            out[(offer, month_label(first + k))] += share
    return dict(out)


def contract_exact(plan: Plan, scheduled: bool) -> dict[OfferMonth, float]:
    """The same amortised cost as the plan counts it: each signed contract's monthly cost in
    each month of its term (none when no line is `scheduled`)."""
    out: defaultdict[OfferMonth, float] = defaultdict(float)
    for c in signed(plan) if plan.summary is not None and scheduled else []:
        if c.term_months > 0:
            first = month_index(c.start)
            for k in range(c.term_months):
                out[(c.offer_id, month_label(first + k))] += c.monthly_cost
    return dict(out)
