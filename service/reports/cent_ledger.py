"""The plan's cash in cents, rounded once for every export (probe 8, finding 7: a Partial
Upfront plan's cash.csv, report, focus.csv and requisition disagreed by cents). Each payment of
a requisition line is the line's own (its upfront, monthly and last amounts, the rounding
remainder in the last); the rest of each month's cash (existing contracts, capacity and tokens
bought as used, the tail) is rounded per column by largest remainder. cash.csv, the report's
cash table and figures, and focus.csv's BilledCost all add these up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from catalog import Catalog
from catalog.payments import payments_per_gpu
from optimizer import Plan, month_index, month_label
from service.reports.numbers import allocate_cents
from service.reports.requisition import requisition
from service.reports.signing import signed

__all__ = ["CentFlow", "CentLedger", "cent_ledger", "horizon_sums"]

Part = Literal["upfront", "recurring", "recovered"]
PARTS: tuple[Part, ...] = ("upfront", "recurring", "recovered")
NOISE = 1e-6
"""Money below which a float difference is the sums' rounding noise, not a payment."""


class CentFlow(NamedTuple):
    """One month of `Plan.cash_flows` in cents that add up as shown."""

    month: str
    period: str
    upfront: Decimal
    recurring: Decimal
    recovered: Decimal
    amortised: Decimal

    @property
    def cash(self) -> Decimal:
        return self.upfront + self.recurring - self.recovered


Key = tuple[str, str, Part]
"""(offer id, month, part) of a scheduled payment."""


class CentLedger(NamedTuple):
    """The plan's cash in cents: its months, and the scheduled payments by (offer, month,
    part), in cents (`cents`) and as the plan's float cash flows count them (`exact`)."""

    flows: tuple[CentFlow, ...]
    cents: dict[Key, Decimal]
    exact: dict[Key, float]

    def rest(self, month: str) -> Decimal:
        """The month's cash that no requisition line schedules, in cents."""
        scheduled = sum(
            (v if k[2] != "recovered" else -v for k, v in self.cents.items() if k[1] == month),
            Decimal(0),
        )
        flow = next((f for f in self.flows if f.month == month), None)
        return Decimal(0) if flow is None else flow.cash - scheduled


def _line_cents(plan: Plan, catalog: Catalog) -> dict[Key, Decimal]:
    """The requisition's scheduled payments (its lines with a fixed schedule), by (offer,
    month, part): the upfront amount in the term's first month (a negative one, a residual
    value, recovered), the monthly amount in each month but the last, the last amount."""
    out: defaultdict[Key, Decimal] = defaultdict(Decimal)
    if plan.summary is None:
        return out
    try:
        lines = requisition(plan, catalog).lines
    except LookupError:  # a catalog without the plan's offers: the cash rounded as a whole
        return out
    for line in lines:
        if line.last_monthly_amount == "":
            continue  # billed as used: part of the rest
        offer, first = line.supplier_part_number, month_index(line.term_start[:7])
        upfront = Decimal(line.upfront_amount)
        if upfront < 0:
            out[(offer, month_label(first), "recovered")] += -upfront
        else:
            out[(offer, month_label(first), "upfront")] += upfront
        for k in range(line.term_months):
            last = k == line.term_months - 1
            amount = Decimal(line.last_monthly_amount if last else line.monthly_amount)
            out[(offer, month_label(first + k), "recurring")] += amount
    return out


def _line_exact(plan: Plan, catalog: Catalog, scheduled: bool) -> dict[Key, float]:
    """The same payments as the plan's cash flows count them (`optimizer.cash`): each signed
    contract's payments per GPU by its payment model, times its GPUs (none when no line is
    `scheduled`)."""
    out: defaultdict[Key, float] = defaultdict(float)
    for c in signed(plan) if plan.summary is not None else []:
        offer = catalog.offer(c.offer_id)
        if offer is None or c.term_months <= 0 or not scheduled:
            continue
        pay, first = payments_per_gpu(offer, c.term_months), month_index(c.start)
        out[(c.offer_id, c.start, "upfront")] += pay.upfront * c.gpus
        for k in range(c.term_months):
            out[(c.offer_id, month_label(first + k), "recurring")] += pay.monthly * c.gpus
        if pay.residual:
            sold = month_label(first + c.term_months)
            out[(c.offer_id, sold, "recovered")] += pay.residual * c.gpus
    return out


def cent_ledger(plan: Plan, catalog: Catalog) -> CentLedger:
    """The plan's cash flows in cents: per month and part, the requisition lines' payments
    plus the rest of the plan's cash (its float payments less the lines'), each rest column
    rounded by largest remainder; the amortised cost likewise."""
    scheduled = _line_cents(plan, catalog)
    exact = _line_exact(plan, catalog, bool(scheduled))
    flows = plan.cash_flows
    columns: dict[str, list[Decimal]] = {}
    for part in PARTS:
        rest = []
        for f in flows:
            left = getattr(f, part) - sum(v for k, v in exact.items() if k[1:] == (f.month, part))
            rest.append(0.0 if abs(left) < NOISE else left)
        columns[part] = [
            r + sum((v for k, v in scheduled.items() if k[1:] == (f.month, part)), Decimal(0))
            for f, r in zip(flows, allocate_cents(rest), strict=True)
        ]
    amortised = allocate_cents([f.amortised for f in flows])
    cent_flows = tuple(
        CentFlow(
            month=f.month,
            period=f.period,
            upfront=columns["upfront"][n],
            recurring=columns["recurring"][n],
            recovered=columns["recovered"][n],
            amortised=amortised[n],
        )
        for n, f in enumerate(flows)
    )
    return CentLedger(cent_flows, dict(scheduled), dict(exact))


def horizon_sums(flows: Sequence[CentFlow]) -> tuple[Decimal, Decimal, Decimal]:
    """(cash, upfront, amortised) of the horizon's months, in cents."""
    horizon = [f for f in flows if f.period == "horizon"]
    return (
        sum((f.cash for f in horizon), Decimal(0)),
        sum((f.upfront for f in horizon), Decimal(0)),
        sum((f.amortised for f in horizon), Decimal(0)),
    )


def settle_billed(ledger: CentLedger, month: str, rows: Sequence[dict[str, Any]]) -> None:
    """Set the `BilledCost` of one month's focus.csv rows in cents: each Purchase and Usage
    row of an offer with a requisition line pays the line's amounts of the month, and the
    rest of the rows' cash is shared out by largest remainder so that the month adds up to
    the cash table's (where the rows bill the same money: else to their own rounded sum)."""
    keys: list[Key] = [
        (row.get("SkuPriceId", ""), month, "upfront" if _purchase(row) else "recurring")
        for row in rows
    ]
    rest = []
    for row, k in zip(rows, keys, strict=True):
        left = float(row["BilledCost"]) - ledger.exact.get(k, 0.0)
        rest.append(0.0 if abs(left) < NOISE else left)
    target = ledger.rest(month)
    agreed = abs(Decimal(repr(sum(rest))) - target) < Decimal("0.01")
    shares = allocate_cents(rest, target if agreed else None)
    for row, k, share in zip(rows, keys, shares, strict=True):
        row["BilledCost"] = ledger.cents.get(k, Decimal(0)) + share


def _purchase(row: dict[str, Any]) -> bool:
    return row.get("ChargeCategory") == "Purchase"
