"""The plan's cash beside its amortised cost, for every report format: the month-by-month
table, the chart, the few numbers of the executive summary, and the capex budgets' marginals."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from optimizer import Plan
from service.reports.cells import Cell, Money, Month, Percent, Rate, Text
from service.reports.numbers import allocate_cents, money
from service.reports.table import Table, table

__all__ = ["cash_sentence", "cash_summary", "cash_table", "marginal_upfront"]


def cash_table(plan: Plan) -> Table:
    """Cash out (and back) per month beside the amortised cost, with their running totals."""
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
        _cash_rows(plan),
    )


def _cash_rows(plan: Plan) -> Iterator[list[Cell]]:
    """The rows of `cash_table` to the cent, adding up as shown: each money column of a part
    rounded so that it adds up to its rounded total (largest remainder), each month's cash its
    upfront plus recurring less recovered, and the running totals sums of the column above
    (the plan's running totals, rounded on their own, drift by cents from the column's sum)."""
    flows = plan.cash_flows
    upfront, recurring, recovered, amortised = (
        allocate_cents([getattr(f, part) for f in flows])
        for part in ("upfront", "recurring", "recovered", "amortised")
    )
    cash_so_far = amortised_so_far = Decimal(0)
    for n, f in enumerate(flows):
        cash = upfront[n] + recurring[n] - recovered[n]
        cash_so_far += cash
        amortised_so_far += amortised[n]
        yield [
            Month(f.month),
            Text(f.period),
            *(
                Money(float(v))
                for v in (upfront[n], recurring[n], recovered[n], cash, amortised[n])
            ),
            Money(float(cash_so_far)),
            Money(float(amortised_so_far)),
        ]


def cash_summary(plan: Plan) -> tuple[tuple[str, Cell], ...]:
    """Cash against amortised cost in a few numbers, with the NPV and its convention; none on
    plans stored before cash was reported."""
    npv, s = plan.npv, plan.summary
    if npv is None or s is None:
        return ()
    cur = s.currency
    return (
        ("cash in the horizon", Money(npv.cash_in_horizon, cur)),
        ("of which upfront", Money(npv.upfront_in_horizon, cur)),
        ("amortised cost in the horizon", Money(npv.amortised_in_horizon, cur)),
        (
            "cash, all months" + (" (tail: valued, not bought)" if plan.tail else ""),
            Money(npv.total_cash, cur),
        ),
        ("amortised cost, all months", Money(npv.total_amortised, cur)),
        ("discount rate (annual)", Percent(npv.discount_rate)),
        ("NPV of the cash", Money(npv.cash, cur)),
        ("NPV of the amortised cost", Money(npv.amortised, cur)),
        ("NPV convention", Text(npv.convention)),
    )


def cash_sentence(plan: Plan) -> str:
    """The executive summary's line on cash against amortised cost ("" on older plans)."""
    npv, s = plan.npv, plan.summary
    if npv is None or s is None:
        return ""
    cur = s.currency
    return (
        f"Cash against amortised cost: {money(npv.cash_in_horizon, cur)} leaves in the horizon "
        f"({money(npv.upfront_in_horizon, cur)} of it upfront) against "
        f"{money(npv.amortised_in_horizon, cur)} amortised; all the plan's cash is worth "
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
