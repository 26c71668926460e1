"""The plan's cash in cents, each item's months rounded once and every month and total their sum,
for every export (probe 8, finding 7; probe 12 finding 2: with prices not whole cents a
GPU-month, a month's cash.csv and focus.csv differed, and all months' cash from all months'
amortised cost). Each payment of a requisition line is the line's own (its upfront, monthly
and last amounts, the rounding remainder in the last); each contract's amortised cost is its
lines' totals over its term (`item_cents`); what is bought as used (on-demand, spot, tokens) is
rounded once along each requisition line (`used_cents`: its months add up to the line, probe 11
finding 4), the same cents in the month's cash and in its amortised cost (probe 9, finding
6.2); the rest of each month's money (existing contracts, the tail) is rounded by largest
remainder. cash.csv, the report's figures and tables, and focus.csv's BilledCost and
EffectiveCost all add these up."""

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
from service.reports.item_cents import (
    Contract,
    OfferMonth,
    contract_cents,
    contract_exact,
    contract_spreads,
)
from service.reports.numbers import allocate_cents, cents
from service.reports.requisition import RequisitionLine, requisition
from service.reports.signing import signed
from service.reports.used_cents import (
    Segment,
    UsedKey,
    running_cents,
    used_segments,
)

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
    part), in cents (`cents`) and as the plan's float cash flows count them (`exact`), what
    is bought as used (`used`) and each contract's amortised cost (`committed`)."""

    flows: tuple[CentFlow, ...]
    cents: dict[Key, Decimal]
    exact: dict[Key, float]
    used: dict[UsedKey, Decimal]
    """What is bought as used in the horizon, by (offer, meter, month), in the cents of
    `used_cents`: each month's `as_used` is their sum."""
    committed: dict[OfferMonth, Decimal] = {}
    """The amortised cost of the contracts the requisition lists, by (offer, month), in the
    cents of `item_cents`: each adds up to its lines over its term."""
    committed_exact: dict[OfferMonth, float] = {}
    """The same amortised cost as the plan's floats count it."""
    obligation: Decimal | None = None
    """What the new contracts and on-demand use owe: the requisition's lines but its tokens
    (None without a requisition: a catalog lacking the plan's offers)."""
    obligation_after_horizon: Decimal = Decimal(0)
    """What the new contracts owe for their months after the horizon: their amortised cents
    there (`contracts`). On-demand, spot and tokens are bought in the horizon's months, so
    this is the one figure after the horizon whether or not `obligation` holds them (a
    scenario plan's requisition lists the shared contracts only, while the shown scenario's
    on-demand months are in `used`: probe 13 finding 1b took them off the first, giving
    8,373,064.96 after the horizon for 15,054,024.96, and under `full_term` a negative one)."""
    contracts: dict[Contract, tuple[Decimal, ...]] = {}
    """Each contract's amortised cents month by month (`committed` is their sum by month)."""

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


def _relaxed(plan: Plan) -> bool:
    """Whether `plan` is an LP relaxation (`options.relax`: fractional units)."""
    return plan.solver is not None and plan.solver.relaxed


def _lines(plan: Plan, catalog: Catalog) -> tuple[RequisitionLine, ...]:
    """The requisition's lines (none where the plan has no figures or the catalog lacks its
    offers: the cash is then rounded as a whole). An LP relaxation (`options.relax`) has
    none either: its fractional units cannot be bought, so it has no requisition to download
    (a 409), and lines rounding their quantities to six places made its cash.csv and
    report.csv differ from its JSON (probe 19: by $1.95 on the seed example relaxed); its
    figures are the plan's own, to the cent."""
    if plan.summary is None or _relaxed(plan):
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
    amount in the term's first month, the monthly amount in each month but the last, the
    last amount; a credit (a residual value: no term, a negative total) recovered on its
    date."""
    out: defaultdict[Key, Decimal] = defaultdict(Decimal)
    for line in lines:
        offer, first = line.supplier_part_number, month_index(line.term_start[:7])
        if line.term_months == 0 and Decimal(line.line_total) < 0:
            out[(offer, month_label(first), "recovered")] += -Decimal(line.line_total)
            continue
        out[(offer, month_label(first), "upfront")] += Decimal(line.upfront_amount)
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


def _rest(values: Sequence[float]) -> list[float]:
    return [0.0 if abs(v) < NOISE else v for v in values]


def _rest_cents(
    flows: Sequence[CashFlow],
    exact: dict[Key, float],
    committed: dict[OfferMonth, float],
    used: dict[str, float],
) -> tuple[dict[Part, list[Decimal]], list[Decimal]]:
    """The money no requisition line holds (existing contracts, the tail's buying as used),
    by part and amortised, in cents: each month's float less the lines' floats, rounded by
    largest remainder; the cash's recurring part to what keeps all months' cash equal to all
    months' amortised cost where the plan's floats are (they are the same money)."""
    periods = [f.period for f in flows]
    amortised = _rest(
        [
            f.amortised
            - math.fsum(v for k, v in committed.items() if k[1] == f.month)
            - used.get(f.month, 0.0)
            for f in flows
        ]
    )
    parts: dict[Part, list[float]] = {}
    for part in PARTS:
        parts[part] = _rest(
            [
                getattr(f, part)
                - math.fsum(v for k, v in exact.items() if k[1:] == (f.month, part))
                - (used.get(f.month, 0.0) if part == "recurring" else 0.0)
                for f in flows
            ]
        )
    amortised_cents = _allocated(amortised, periods)
    out: dict[Part, list[Decimal]] = {
        part: _allocated(parts[part], periods) for part in ("upfront", "recovered")
    }
    cash = math.fsum(parts["upfront"]) + math.fsum(parts["recurring"])
    same = abs(cash - math.fsum(parts["recovered"]) - math.fsum(amortised)) < NOISE * len(flows)
    recurring = (
        sum(amortised_cents, Decimal(0))
        - sum(out["upfront"], Decimal(0))
        + sum(out["recovered"], Decimal(0))
    )
    out["recurring"] = (
        allocate_cents(parts["recurring"], recurring)
        if same
        else _allocated(parts["recurring"], periods)
    )
    return out, amortised_cents


def _month_cents(
    month: str,
    scheduled: dict[Key, Decimal],
    used: dict[UsedKey, Decimal],
    committed: dict[OfferMonth, Decimal],
) -> dict[str, Decimal]:
    """The items' cents of `month`: each part of the lines' payments, what is bought as used
    (recurring, and amortised alike) and the contracts' amortised cost."""
    out = {part: Decimal(0) for part in (*PARTS, "amortised", "as_used")}
    for (_, when, part), value in scheduled.items():
        if when == month:
            out[part] += value
    for (_, _, when), value in used.items():
        if when == month:
            out["as_used"] += value
    out["recurring"] += out["as_used"]
    out["amortised"] = out["as_used"] + sum(
        (v for (_, when), v in committed.items() if when == month), Decimal(0)
    )
    return out


def cent_ledger(plan: Plan, catalog: Catalog) -> CentLedger:
    """The plan's cash flows in cents, each item's months rounded once and every month and
    total their sum (probe 12 finding 2): the requisition lines' payments (`_line_cents`);
    each contract's amortised cost, its lines' totals over its term (`item_cents`); what is
    bought as used, the same cents in the month's cash and amortised cost, along each line
    (`used_cents`: its months add up to the line); and the rest of the plan's money
    (existing contracts, the tail) rounded by largest remainder beside them."""
    every = _lines(plan, catalog)
    lines = [line for line in every if line.last_monthly_amount != ""]  # else billed as used
    scheduled = _line_cents(lines)
    notes = _remainder_notes(lines)
    exact = _line_exact(plan, catalog, bool(scheduled))
    spreads = contract_spreads(lines)
    committed = contract_cents(spreads)
    segments = _used(plan, catalog, every) or []
    items = running_cents(segments)
    used_exact: defaultdict[str, float] = defaultdict(float)
    for s in segments:
        for month, value in zip(s.months, s.values, strict=True):
            used_exact[month] += value
    flows = plan.cash_flows
    committed_exact = contract_exact(plan, bool(scheduled))
    rest, rest_amortised = _rest_cents(flows, exact, committed_exact, used_exact)
    by_month = {f.month: _month_cents(f.month, scheduled, items, committed) for f in flows}
    cent_flows = tuple(
        CentFlow(
            month=f.month,
            period=f.period,
            upfront=rest["upfront"][n] + by_month[f.month]["upfront"],
            recurring=rest["recurring"][n] + by_month[f.month]["recurring"],
            recovered=rest["recovered"][n] + by_month[f.month]["recovered"],
            amortised=rest_amortised[n] + by_month[f.month]["amortised"],
            as_used=by_month[f.month]["as_used"],
            note=notes.get(f.month, ""),
        )
        for n, f in enumerate(flows)
    )
    owed = None
    if every or not signed(plan):
        api = [line for line in every if catalog.api_offer(line.supplier_part_number)]
        owed = sum((Decimal(line.line_total) for line in every), Decimal(0)) - sum(
            (Decimal(line.line_total) for line in api), Decimal(0)
        )
    elif _relaxed(plan):  # no lines: the new commitments' obligations, each to the cent
        owed = sum(
            (cents(c.total_obligation) for c in plan.commitments if not c.existing), Decimal(0)
        )
    return CentLedger(
        cent_flows,
        dict(scheduled),
        dict(exact),
        items,
        committed,
        committed_exact,
        owed,
        # No lines to spread a relaxation's contracts over their terms: the plan's own figure.
        cents(plan.summary.obligation_beyond_horizon)
        if _relaxed(plan) and plan.summary is not None
        else _owed_after_horizon(spreads, flows),
        spreads,
    )


def _owed_after_horizon(
    spreads: dict[Contract, tuple[Decimal, ...]], flows: Sequence[CashFlow]
) -> Decimal:
    """The contracts' amortised cents (`spreads`) in the months after the last of the
    horizon's `flows` (none without horizon months)."""
    horizon = [month_index(f.month) for f in flows if f.period == "horizon"]
    if not horizon:
        return Decimal(0)
    last = max(horizon)
    return sum(
        (
            share
            for (_, first, _), shares in spreads.items()
            for k, share in enumerate(shares)
            if first + k > last
        ),
        Decimal(0),
    )


def horizon_sums(flows: Sequence[CentFlow]) -> tuple[Decimal, Decimal, Decimal]:
    """(cash, upfront, amortised) of the horizon's months, in cents."""
    horizon = [f for f in flows if f.period == "horizon"]
    return (
        sum((f.cash for f in horizon), Decimal(0)),
        sum((f.upfront for f in horizon), Decimal(0)),
        sum((f.amortised for f in horizon), Decimal(0)),
    )
