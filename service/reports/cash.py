"""The plan's cash beside its amortised cost, for every report format: the month-by-month
table, the chart, the few numbers of the executive summary, and the capex budgets' marginals."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple

from catalog import Catalog
from optimizer import Plan
from optimizer.cash import discount_factor
from service.reports.cells import Cell, Money, Month, Percent, Rate, Text
from service.reports.cent_ledger import CentFlow, horizon_sums
from service.reports.commitment_cash import CommitmentCash, commitment_cash
from service.reports.numbers import cents, money
from service.reports.table import Table, table
from service.reports.verdicts import money_unit

__all__ = [
    "HELD_RESIDUAL",
    "PAID_BEFORE",
    "RECOVERED",
    "WHOLE_COST",
    "cash_sentence",
    "cash_summary",
    "cash_table",
    "marginal_upfront",
]


def cash_table(plan: Plan, flows: Sequence[CentFlow]) -> Table:
    """Cash out (and back) per month beside the amortised cost, with their running totals
    and a note where the month pays a requisition line's rounding remainder: `flows`, the
    plan's cash flows in the cents of `cent_ledger.cent_ledger`."""
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
            "note",
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
            Text(f.note),
        ]


RECOVERED = "recovered in the horizon (residual value)"
"""The cash summary's label of owned hardware's residual value recovered in the horizon."""


def _horizon(flows: Sequence[CentFlow]) -> tuple[float, float, float, float, float]:
    """(net cash, paid out, upfront, recovered, amortised) of the horizon's months."""
    cash, upfront, amortised = horizon_sums(flows)
    recovered = sum((f.recovered for f in flows if f.period == "horizon"), Decimal(0))
    return (
        float(cash),
        float(cash + recovered),
        float(upfront),
        float(recovered),
        float(amortised),
    )


PAID_BEFORE = (
    "of the amortised cost, paid before the horizon (existing commitments signed before it: "
    "not the plan's cash)"
)
"""The label of what existing commitments signed before the horizon paid before it for its
months (an upfront, say, net of the residual value they get back), which their amortised
cost counts and the plan's cash does not."""

HELD_RESIDUAL = (
    "residual value existing commitments signed before the horizon get back in these months "
    "(in the cash, not the amortised cost: it nets their capex, paid before the horizon)"
)
"""The label of the residual value existing commitments signed before the horizon get back in
the plan's months: cash the amortised cost does not count (review 21: it was counted as paid
before the horizon)."""

UNROUNDED = "each payment unrounded (the plan's JSON)"
"""The label's end of a cash figure as the plan's JSON counts it, shown beside the cash
table's cents where they differ (probe 11 finding 4)."""


def _unrounded(label: str, shown: float, exact: float, cur: str) -> tuple[tuple[str, Cell], ...]:
    """The plan's JSON figure beside a figure in the requisition's cents, where they round
    to different cents: the requisition's lines pay a fixed monthly amount to the cent and,
    last, their remainder, so a span that ends before a line does (the horizon) pays less
    or more than its unrounded payments (the cash table's note names each line)."""
    if cents(exact) == cents(shown):
        return ()
    return ((f"{label}, {UNROUNDED}", Money(exact, cur)),)


def _before(
    plan: Plan, flows: Sequence[CentFlow], held: CommitmentCash | None
) -> tuple[Decimal, Decimal]:
    """(paid before the horizon, residual value back) of existing commitments signed before
    the horizon, to the cent, from their own payment schedules (`commitment_cash`): what they
    paid before it for the plan's months, their upfront net of the residual over the term's
    months in the plan, and the residual they get back, which the cash counts and the
    amortised cost does not (review 21: all amortised cost less all cash was shown as paid
    before, the residual included). Where the catalog lacks a commitment's offer, all months'
    amortised cost less all months' cash, as one figure; (0, 0) without such a commitment."""
    first = plan.months[0].month if plan.months else ""
    if not any(c.existing and c.start < first for c in plan.commitments):
        return Decimal(0), Decimal(0)
    if held is None:
        return sum((f.amortised - f.cash for f in flows), Decimal(0)), Decimal(0)
    return cents(held.paid_before), cents(held.held_residual)


WHOLE_COST = "owned at a whole cost"
"""The cash summary's row on the upfront paid for owned hardware given by an hourly price
with no parts (`_whole_cost_upfront`)."""


def _whole_cost_upfront(plan: Plan, catalog: Catalog, first: str) -> float:
    """What the plan pays upfront in its horizon (from month `first`) for owned hardware
    given by an hourly price with no parts (`tco`), All Upfront: the shipped on-prem offers,
    an owner's TCO per GPU-hour (capex, power and colocation together), so the whole term's
    cost (review 22: the seed's 20,072,033.28 upfront read as the racks' capex)."""
    total = 0.0
    for c in plan.commitments:
        offer = catalog.offer(c.offer_id)
        if (
            c.kind == "owned"
            and c.payment_model == "All Upfront"
            and offer is not None
            and offer.tco is None
            and c.start >= first
        ):
            total += c.total_obligation
    return total


def cash_summary(
    plan: Plan, flows: Sequence[CentFlow], catalog: Catalog
) -> tuple[tuple[str, Cell], ...]:
    """Cash against amortised cost in a few numbers, the totals those of the cash table
    (`flows`, in cents), with the NPV and its convention; none on plans stored before cash
    was reported. Where residual value comes back in the horizon, the cash is net of it, so
    the cash paid out is shown as the whole the upfront part belongs to (probe 9, finding
    7e: "of which upfront 640,000.00" stood under a net 492,940.80). The commitments'
    payments by their schedules come from `catalog` (the revision the plan was solved
    against)."""
    npv, s = plan.npv, plan.summary
    if npv is None or s is None:
        return ()
    held = commitment_cash(plan, catalog)
    cur = s.currency
    cash, paid, upfront, recovered, amortised = _horizon(flows)
    parts: tuple[tuple[str, Cell], ...] = (("of which upfront", Money(upfront, cur)),)
    if recovered:
        parts = (
            ("paid out in the horizon", Money(paid, cur)),
            *parts,
            (RECOVERED, Money(recovered, cur)),
        )
    cap = plan.request.constraints.max_upfront
    first = plan.months[0].month if plan.months else ""
    if (
        cap is not None
        and upfront
        and any(c.existing and c.start >= first for c in plan.commitments)
    ):
        # The cap's own figure is the sensitivity's `limits` row (probe 15 L3: the upfront
        # above, existing included, stood beside a cap it exceeded with no word why).
        said = (
            f"{money(cap, cur)} limits the upfront of the contracts this plan signs; the "
            "upfront above includes existing commitments', which it does not count"
        )
        parts = (*parts, ("max_upfront", Text(said)))
    whole = _whole_cost_upfront(plan, catalog, first) if first else 0.0
    if whole:
        said = (
            f"{money(whole, cur)} of the upfront is owned hardware priced by its owner's whole "
            "cost per GPU-hour (capex and running cost together, their split not given), "
            "counted as paid at the start"
        )
        parts = (*parts, (WHOLE_COST, Text(said)))
    every = float(sum((f.cash for f in flows), Decimal(0)))
    all_amortised = sum((f.amortised for f in flows), Decimal(0))
    before, back = _before(plan, flows, held)
    later = _later(plan, flows, held)
    tail = plan.tail is not None if later is None else bool(later.tail)
    return (
        ("cash in the horizon", Money(cash, cur)),
        *_unrounded("cash in the horizon", cash, npv.cash_in_horizon, cur),
        *parts,
        *_unrounded("upfront in the horizon", upfront, npv.upfront_in_horizon, cur),
        ("amortised cost in the horizon", Money(amortised, cur)),
        *_unrounded("amortised cost in the horizon", amortised, npv.amortised_in_horizon, cur),
        ("cash, all months" + (" (tail: valued, not bought)" if tail else ""), Money(every, cur)),
        *_unrounded("cash, all months", every, npv.total_cash, cur),
        ("amortised cost, all months", Money(float(all_amortised), cur)),
        *(((PAID_BEFORE, Money(float(before), cur)),) if before else ()),
        *(((HELD_RESIDUAL, Money(float(back), cur)),) if back else ()),
        ("discount rate (annual)", Percent(npv.discount_rate)),
        ("NPV of the cash", Money(npv.cash, cur)),
        ("NPV of the amortised cost", Money(npv.amortised, cur)),
        ("NPV convention", Text(npv.convention)),
    )


class _Later(NamedTuple):
    """The cash of the months after the horizon, to the cent: its `total` (the cash table's),
    what commitments still pay then (`payments`), the residual value they get back then
    (`residual`) and what the tail buys month to month (`tail`: on-demand, spot and tokens, a
    valuation of the continued demand, not bought): total = payments + tail - residual."""

    total: Decimal
    payments: Decimal
    residual: Decimal
    tail: Decimal


def _later(plan: Plan, flows: Sequence[CentFlow], held: CommitmentCash | None) -> _Later | None:
    """The months after the horizon's cash told apart by the commitments' own schedules
    (`held`): what they pay and get back then, the rest the tail's month-to-month purchases
    (the only other cash `optimizer.cash` puts there); None where the schedules are unknown
    (a catalog without one of the plan's offers)."""
    if held is None:
        return None
    total = sum((f.cash for f in flows if f.period != "horizon"), Decimal(0))
    exact = math.fsum(f.cash for f in plan.cash_flows if f.period != "horizon")
    tail = cents(exact - held.due_after + held.residual_after)
    residual = cents(held.residual_after)
    return _Later(total, total - tail + residual, residual, tail)


def _npv_by_period(plan: Plan) -> tuple[float, float, float, int]:
    """The NPV of the horizon's cash and amortised cost, each month discounted as
    `optimizer.cash` discounts it, then the NPV of the cash of the months after it (the
    plan's `npv.cash` less the horizon's, so that the two add up to it) and how many there
    are."""
    assert plan.npv is not None
    rate = plan.npv.discount_rate
    horizon = [(t, f) for t, f in enumerate(plan.cash_flows) if f.period == "horizon"]
    cash = math.fsum(f.cash * discount_factor(rate, t) for t, f in horizon)
    amortised = math.fsum(f.amortised * discount_factor(rate, t) for t, f in horizon)
    later = len(plan.cash_flows) - len(horizon)
    return cash, amortised, plan.npv.cash - cash, later


DUE = "payments still due on held and newly signed commitments"
"""What the cash after the horizon is, first: existing commitments' and the plan's own (held, and
newly signed: review 21b found "signed" read as the held ones alone)."""

TAIL_BOUGHT = "the tail's month-to-month purchases (valued, not bought)"
"""What else the cash after the horizon may hold: the on-demand, spot and tokens the tail
buys, a valuation of the continued demand (`demand_continues`)."""


def _after_words(plan: Plan, later: _Later | None, cur: str) -> str:
    """What the cash of the months after the horizon is (review 21: it was said to be "the
    tail's purchases valued, not bought" where it was signed commitments' payments alone:
    the capex-budget example's 9,990,604.80 is its No Upfront reservation's, the tail's
    purchases nowhere in it)."""
    if later is None:  # the schedules unknown: what it may hold
        tail = " and any month-to-month purchases of the tail, valued, not bought"
        return f" ({DUE}{tail if plan.tail is not None else ''})"
    total = money(float(later.total), cur)
    if later.payments and not later.tail and not later.residual:
        return f", whose cash, {total}, is {DUE}"
    parts = []
    if later.payments:
        parts.append(f"{money(float(later.payments), cur)} of {DUE}")
    if later.tail:
        parts.append(f"{money(float(later.tail), cur)} of {TAIL_BOUGHT}")
    said = " and ".join(parts)
    if later.residual:
        back = f"{money(float(later.residual), cur)} of residual value coming back"
        said = f"{said}, less {back}" if said else back
    return f", whose cash, {total}, is {said or 'no payment'}"


def cash_sentence(plan: Plan, flows: Sequence[CentFlow], catalog: Catalog) -> str:
    """The executive summary's line on cash against amortised cost, in the cash table's cents
    (`flows`) ("" on older plans); where residual value comes back in the horizon, what is
    paid out, what comes back and the net. Its present value is the horizon's cash, and the
    months after it apart (probe 19: "all the plan's cash is worth 67.1M" where 4.2M is paid
    in the horizon of a budget-capped plan), with what their cash is: the payments still due
    on held and newly signed commitments, the tail's month-to-month purchases (valued, not
    bought) and the residual value coming back, each where there is any, by the commitments'
    schedules in `catalog`."""
    npv, s = plan.npv, plan.summary
    if npv is None or s is None:
        return ""
    cur = s.currency
    cash, paid, upfront, recovered, amortised = _horizon(flows)
    leaves = f"{money(paid, cur)} leaves in the horizon ({money(upfront, cur)} of it upfront)"
    if recovered:
        leaves += (
            f" and {money(recovered, cur)} comes back as residual value, {money(cash, cur)} net,"
        )
    now, now_amortised, later, months = _npv_by_period(plan)
    after = ""
    if months and cents(later):
        told = _after_words(plan, _later(plan, flows, commitment_cash(plan, catalog)), cur)
        after = f", {money(npv.cash, cur)} with the {months} months after it{told}"
    return (
        f"Cash against amortised cost: {leaves} against "
        f"{money(amortised, cur)} amortised; at {npv.discount_rate:.1%} a year the horizon's "
        f"cash is worth {money(now, cur)} today ({money(now_amortised, cur)} if paid as "
        f"amortised){after}."
    )


def marginal_upfront(plan: Plan) -> Table:
    """What one more unit of money in each capex budget would save (over the horizon, or in a
    month), in the plan's currency."""
    rows = plan.marginal.upfront if plan.marginal else ()
    unit = money_unit(plan)
    sides = any(m.step_down_per_mw_month is not None for m in rows)
    columns: list[str | tuple[str, str]] = [
        "limit",
        "month",
        (f"{unit} saved per {unit} of upfront", "saved_per_upfront"),
    ]
    if sides:  # the limit sits at a breakpoint (probe 13 finding 3)
        columns.append((f"{unit} one {unit} less costs", "step_down_per_upfront"))
    out: list[list[Cell]] = []
    for m in rows:
        row: list[Cell] = [Text(m.site), Text(m.month), Rate(m.per_mw_month)]
        if sides:
            down = m.step_down_per_mw_month
            row.append(Rate(m.per_mw_month if down is None else down))
        out.append(row)
    return table(columns, out)
