"""The plan's cash in cents, rounded once for every export (probe 8, finding 7: a Partial
Upfront plan's cash.csv, report, focus.csv and requisition disagreed by cents). Each payment of
a requisition line is the line's own (its upfront, monthly and last amounts, the rounding
remainder in the last); what is bought as used (on-demand, spot, tokens) is rounded once along
each requisition line (`used_cents`: its months add up to the line, probe 11 finding 4), the
same cents in the month's cash and in its amortised cost (probe 9, finding 6.2: they differed
by a cent); the rest of each month's cash (existing contracts, the tail) is rounded per column
by largest remainder. cash.csv, the report's cash table and figures, and focus.csv's BilledCost
and EffectiveCost all add these up."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal, NamedTuple

from catalog import Catalog
from catalog.payments import payments_per_gpu
from optimizer import Plan, month_index, month_label
from optimizer.cash_flows import CashFlow
from service.reports.controlled_rounding import controlled_cents
from service.reports.numbers import allocate_cents, floor_cents
from service.reports.requisition import RequisitionLine, requisition
from service.reports.signing import signed
from service.reports.used_cents import Segment, UsedKey, running_cents, used_segments

__all__ = ["NOISE", "CentFlow", "CentLedger", "Key", "Part", "cent_ledger", "horizon_sums"]

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
    as_used: Decimal = Decimal(0)
    """Of `recurring` and of `amortised` alike: capacity and tokens paid as they are used
    (on-demand, spot, per-token APIs), whose cash is their amortised cost to the cent."""
    note: str = ""
    """Why the month's cash differs from the plan's JSON by more than its rounding: the
    requisition lines whose last payment carries their rounding remainder."""

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
    used: dict[UsedKey, Decimal]
    """What is bought as used in the horizon, by (offer, meter, month), in the cents of
    `used_cents`: each month's `as_used` is their sum."""

    def rest(self, month: str) -> Decimal:
        """The month's cash that no requisition line schedules, in cents."""
        scheduled = sum(
            (v if k[2] != "recovered" else -v for k, v in self.cents.items() if k[1] == month),
            Decimal(0),
        )
        flow = self.flow(month)
        return Decimal(0) if flow is None else flow.cash - scheduled

    def flow(self, month: str) -> CentFlow | None:
        """The month's cash flow in cents (none for a month the plan's cash does not have)."""
        return next((f for f in self.flows if f.month == month), None)


def _lines(plan: Plan, catalog: Catalog) -> tuple[RequisitionLine, ...]:
    """The requisition's lines (none where the plan has no figures or the catalog lacks its
    offers: the cash is then rounded as a whole)."""
    if plan.summary is None:
        return ()
    try:
        return requisition(plan, catalog).lines
    except LookupError:  # a catalog without the plan's offers: the cash rounded as a whole
        return ()


def _used(plan: Plan, catalog: Catalog, lines: Sequence[RequisitionLine]) -> list[Segment] | None:
    """What is bought as used in the horizon, as runs of months of each item with its
    requisition line's total (`used_segments`); None where the catalog lacks an API offer of
    the plan."""
    if plan.summary is None:
        return None
    try:
        return used_segments(plan, catalog, lines)
    except LookupError:
        return None


def _line_cents(lines: Sequence[RequisitionLine]) -> dict[Key, Decimal]:
    """The scheduled payments of requisition `lines` by (offer, month, part): the upfront
    amount in the term's first month (a negative one, a residual value, recovered), the
    monthly amount in each month but the last, the last amount."""
    out: defaultdict[Key, Decimal] = defaultdict(Decimal)
    for line in lines:
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


def _remainder_notes(lines: Sequence[RequisitionLine]) -> dict[str, str]:
    """By month, the words on the requisition lines whose last payment that month carries
    their rounding remainder (probe 9, finding 7b: cash.csv's last payment month differed
    from the JSON's by cents, growing with the term, without a word): each line pays its
    monthly amount rounded to the cent and, last, what makes its payments add up to its
    total, while the plan's JSON keeps each month's payment in full precision."""
    said: defaultdict[str, list[str]] = defaultdict(list)
    for line in lines:
        remainder = Decimal(line.last_monthly_amount) - Decimal(line.monthly_amount)
        if line.term_months > 1 and remainder:
            month = month_label(month_index(line.term_start[:7]) + line.term_months - 1)
            said[month].append(
                f"requisition line {line.line_number} ({line.supplier_part_number}) pays "
                f"{Decimal(line.monthly_amount):,} a month and, last, "
                f"{Decimal(line.last_monthly_amount):,}: its rounding remainder ({remainder:+}) "
                f"makes its payments add up to its total of {Decimal(line.line_total):,} "
                f"{line.currency}, where the plan's JSON pays each month unrounded"
            )
    return {month: "; ".join(words) for month, words in said.items()}


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


def _bought_as_used(plan: Plan, catalog: Catalog) -> list[float]:
    """Per month of the plan's cash, what it buys as used: its recurring cash less the
    monthly payments of its contracts with a term (signed or existing); none where the
    catalog lacks a contract's offer (the cash is then rounded as a whole)."""
    contracts: defaultdict[str, float] = defaultdict(float)
    for c in plan.commitments:
        offer = catalog.offer(c.offer_id)
        if offer is None:
            return [0.0] * len(plan.cash_flows)
        if c.term_months > 0:
            monthly, first = payments_per_gpu(offer, c.term_months).monthly, month_index(c.start)
            for k in range(c.term_months):
                contracts[month_label(first + k)] += monthly * c.gpus
    used = [f.recurring - contracts[f.month] for f in plan.cash_flows]
    return [v if v > NOISE else 0.0 for v in used]


def _allocated(values: Sequence[float], periods: Sequence[str]) -> list[Decimal]:
    """`values` to the cent by largest remainder: first each period's total (horizon, tail,
    after), then its months to it, so that the horizon's cents add up to the plan's horizon
    figures and all months to its totals."""
    names = list(dict.fromkeys(periods))
    totals = allocate_cents(
        [math.fsum(v for v, p in zip(values, periods, strict=True) if p == name) for name in names]
    )
    out = [Decimal(0)] * len(values)
    for name, total in zip(names, totals, strict=True):
        at = [n for n, p in enumerate(periods) if p == name]
        for n, share in zip(at, allocate_cents([values[n] for n in at], total), strict=True):
            out[n] = share
    return out


def _split(total: Decimal, used: float, rest: float) -> Decimal:
    """The cents of `used` within `total`, the cents of `used + rest`, so that `used` and the
    remainder are each within a cent of their floats (all of it when `rest` is none)."""
    if used <= NOISE:
        return Decimal(0)
    if abs(rest) < NOISE:
        return total
    floor_used, floor_rest = floor_cents(used), floor_cents(rest)
    extra = total - floor_used - floor_rest
    fraction_used, fraction_rest = (
        Decimal(repr(used)) - floor_used,
        Decimal(repr(rest)) - floor_rest,
    )
    up = extra >= Decimal("0.02") or (extra == Decimal("0.01") and fraction_used >= fraction_rest)
    return floor_used + (Decimal("0.01") if up else Decimal(0))


def _horizon_items(
    flows: Sequence[CashFlow],
    segments: Sequence[Segment],
    amortised: list[Decimal],
    used: list[Decimal],
) -> tuple[list[Decimal], list[Decimal], dict[UsedKey, Decimal]]:
    """The horizon's months with what they buy as used in the cents of its items, each
    requisition line's months adding up to its total, and (where the cents allow: a
    controlled rounding, `controlled_cents`) each month's amortised cost still its cents of
    the plan's figure, the contracts' share taking the rest; else each line rounded along its
    months (`running_cents`) and the contracts' share rounded beside them."""
    at = [n for n, f in enumerate(flows) if f.period == "horizon"]
    months = [flows[n].month for n in at]
    rows = [
        [dict(zip(s.months, s.values, strict=True)).get(m, 0.0) for m in months] for s in segments
    ]
    bought = [math.fsum(row[k] for row in rows) for k in range(len(at))]
    contracts = [flows[n].amortised - b for n, b in zip(at, bought, strict=True)]
    contracts = [0.0 if abs(c) < NOISE else c for c in contracts]
    targets = [s.total for s in segments]
    columns = [amortised[n] for n in at]
    rest = sum(columns, Decimal(0)) - sum(targets, Decimal(0))
    table = None
    if min(contracts, default=0.0) >= 0:
        # First each month's cents bought as used and of the contracts, the nearest the
        # totals allow; then the items within each month's; else the whole table at once.
        split = controlled_cents([bought, contracts], [sum(targets, Decimal(0)), rest], columns)
        inner = None if split is None else controlled_cents(rows, targets, split[0])
        table = (
            [*inner, split[1]]
            if inner is not None and split is not None
            else controlled_cents([*rows, contracts], [*targets, rest], columns)
        )
    items: dict[UsedKey, Decimal] = {}
    if table is not None:
        for s, cells in zip(segments, table, strict=False):
            for month, cell in zip(months, cells, strict=True):
                if month in s.months:
                    items[(s.offer_id, s.meter, month)] = cell
    else:
        items = running_cents(segments)
    by_month: defaultdict[str, Decimal] = defaultdict(Decimal)
    for (_, _, month), value in items.items():
        by_month[month] += value
    used, amortised = list(used), list(amortised)
    for n in at:
        used[n] = by_month[flows[n].month]
    if table is None:  # the contracts' share to what keeps the horizon's amortised cents
        left = sum((amortised[n] - used[n] for n in at), Decimal(0))
        shares = allocate_cents(contracts, left) if any(contracts) else [Decimal(0)] * len(at)
        for n, share in zip(at, shares, strict=True):
            amortised[n] = used[n] + share
    return amortised, used, items


def cent_ledger(plan: Plan, catalog: Catalog) -> CentLedger:
    """The plan's cash flows in cents: per month and part, the requisition lines' payments
    plus the rest of the plan's cash (its float payments less the lines'), each part's rest
    rounded by largest remainder (`_allocated`). What is bought as used is the same cents in
    the month's recurring cash and in its amortised cost: in the horizon, its items' cents
    along their requisition lines (`used_cents`), in the tail its months' by largest
    remainder; the amortised cost of the rest is rounded by largest remainder beside it."""
    every = _lines(plan, catalog)
    lines = [line for line in every if line.last_monthly_amount != ""]  # else billed as used
    scheduled = _line_cents(lines)
    notes = _remainder_notes(lines)
    exact = _line_exact(plan, catalog, bool(scheduled))
    flows = plan.cash_flows
    periods = [f.period for f in flows]
    bought = _bought_as_used(plan, catalog)
    amortised = _allocated([f.amortised for f in flows], periods)
    used = [
        _split(total, x, f.amortised - x)
        for total, x, f in zip(amortised, bought, flows, strict=True)
    ]
    segments = _used(plan, catalog, every)
    items: dict[UsedKey, Decimal] = {}
    if segments:
        amortised, used, items = _horizon_items(flows, segments, amortised, used)
    columns: dict[str, list[Decimal]] = {}
    for part in PARTS:
        rest = []
        for f in flows:
            left = getattr(f, part) - sum(v for k, v in exact.items() if k[1:] == (f.month, part))
            rest.append(0.0 if abs(left) < NOISE else left)
        if part == "recurring":  # the as-used cents, and the rest of the rest around them
            more = [
                n for n, (r, x) in enumerate(zip(rest, bought, strict=True)) if abs(r - x) >= NOISE
            ]
            rounded = list(used)
            shares = _allocated(
                [rest[n] - float(used[n]) for n in more], [periods[n] for n in more]
            )
            for n, share in zip(more, shares, strict=True):
                rounded[n] += share
        else:
            rounded = _allocated(rest, periods)
        columns[part] = [
            r + sum((v for k, v in scheduled.items() if k[1:] == (f.month, part)), Decimal(0))
            for f, r in zip(flows, rounded, strict=True)
        ]
    cent_flows = tuple(
        CentFlow(
            month=f.month,
            period=f.period,
            upfront=columns["upfront"][n],
            recurring=columns["recurring"][n],
            recovered=columns["recovered"][n],
            amortised=amortised[n],
            as_used=used[n],
            note=notes.get(f.month, ""),
        )
        for n, f in enumerate(flows)
    )
    return CentLedger(cent_flows, dict(scheduled), dict(exact), items)


def horizon_sums(flows: Sequence[CentFlow]) -> tuple[Decimal, Decimal, Decimal]:
    """(cash, upfront, amortised) of the horizon's months, in cents."""
    horizon = [f for f in flows if f.period == "horizon"]
    return (
        sum((f.cash for f in horizon), Decimal(0)),
        sum((f.upfront for f in horizon), Decimal(0)),
        sum((f.amortised for f in horizon), Decimal(0)),
    )
