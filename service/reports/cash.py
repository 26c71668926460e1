"""The plan's cash beside its amortised cost, for every report format: the month-by-month
table, the chart, the few numbers of the executive summary, and the capex budgets' marginals."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from optimizer import Plan
from service.reports.cells import Cell, Money, Month, Percent, Rate, Text
from service.reports.cent_ledger import CentFlow, horizon_sums
from service.reports.numbers import money
from service.reports.table import Table, table

__all__ = ["cash_sentence", "cash_summary", "cash_table", "marginal_upfront"]


def cash_table(plan: Plan, flows: Sequence[CentFlow]) -> Table:
    """Cash out (and back) per month beside the amortised cost, with their running totals:
    `flows`, the plan's cash flows in the cents of `cent_ledger.cent_ledger`."""
    return table(
        [
            "month",
            "period",
            "upfront",
            "recurring",
            "recovered",
            "cash",
            "amortised",
            ("cumulative cash", "cumulative_cash"),
            ("cumulative amortised", "cumulative_amortised"),
        ],
        _cash_rows(flows),
    )


def _cash_rows(flows: Sequence[CentFlow]) -> Iterator[list[Cell]]:
    """The rows of `cash_table` to the cent, adding up as shown: each part as `cent_ledger`
    rounded it once (the requisition's payments, the rest by largest remainder), each month's
    cash its upfront plus recurring less recovered, and the running totals sums of the column
    above (the plan's running totals, rounded on their own, drift by cents from the column's
    sum)."""
    cash_so_far = amortised_so_far = Decimal(0)
    for f in flows:
        cash_so_far += f.cash
        amortised_so_far += f.amortised
        yield [
            Month(f.month),
            Text(f.period),
            *(Money(float(v)) for v in (f.upfront, f.recurring, f.recovered, f.cash, f.amortised)),
            Money(float(cash_so_far)),
            Money(float(amortised_so_far)),
        ]


def cash_summary(plan: Plan, flows: Sequence[CentFlow]) -> tuple[tuple[str, Cell], ...]:
    """Cash against amortised cost in a few numbers, the totals those of the cash table
    (`flows`, in cents), with the NPV and its convention; none on plans stored before cash
    was reported."""
    npv, s = plan.npv, plan.summary
    if npv is None or s is None:
        return ()
    cur = s.currency
    cash, upfront, amortised = (float(v) for v in horizon_sums(flows))
    return (
        ("cash in the horizon", Money(cash, cur)),
        ("of which upfront", Money(upfront, cur)),
        ("amortised cost in the horizon", Money(amortised, cur)),
        (
            "cash, all months" + (" (tail: valued, not bought)" if plan.tail else ""),
            Money(float(sum((f.cash for f in flows), Decimal(0))), cur),
        ),
        (
            "amortised cost, all months",
            Money(float(sum((f.amortised for f in flows), Decimal(0))), cur),
        ),
        ("discount rate (annual)", Percent(npv.discount_rate)),
        ("NPV of the cash", Money(npv.cash, cur)),
        ("NPV of the amortised cost", Money(npv.amortised, cur)),
        ("NPV convention", Text(npv.convention)),
    )


def cash_sentence(plan: Plan, flows: Sequence[CentFlow]) -> str:
    """The executive summary's line on cash against amortised cost, in the cash table's cents
    (`flows`) ("" on older plans)."""
    npv, s = plan.npv, plan.summary
    if npv is None or s is None:
        return ""
    cur = s.currency
    cash, upfront, amortised = (float(v) for v in horizon_sums(flows))
    return (
        f"Cash against amortised cost: {money(cash, cur)} leaves in the horizon "
        f"({money(upfront, cur)} of it upfront) against "
        f"{money(amortised, cur)} amortised; all the plan's cash is worth "
        f"{money(npv.cash, cur)} today at {npv.discount_rate:.1%} a year "
        f"({money(npv.amortised, cur)} if paid as amortised)."
    )


def marginal_upfront(plan: Plan) -> Table:
    """What one more $ of each capex budget would save (over the horizon, or in a month)."""
    rows = plan.marginal.upfront if plan.marginal else ()
    return table(
        ["limit", "month", "$ saved per $ of upfront"],
        ([Text(m.site), Text(m.month), Rate(m.per_mw_month)] for m in rows),
    )
