"""What a plan buys as used in its horizon (on-demand and spot GPU-hours, API tokens by
meter), per item and month, as runs of months that add up to their requisition lines' totals
(quantity x unit price), which the cash ledger rounds month by month (`running_cents`: the
same cents in every export, probe 12 finding 2). Probe 11 finding 4: each month was rounded
on its own, so focus.csv's rows of a SKU added up to a cent or two off its requisition line,
and the cash with them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from itertools import groupby
from typing import NamedTuple

from catalog import Catalog
from optimizer import Plan, month_index
from service.reports.numbers import cents
from service.reports.requisition import RequisitionLine
from service.reports.token_meters import meters

__all__ = ["GPU_HOURS", "Segment", "UsedKey", "running_cents", "used_segments"]

GPU_HOURS = ""
"""The meter of capacity bought by the GPU-hour (focus.csv has no `SkuMeter` on its rows)."""

UsedKey = tuple[str, str, str]
"""(offer id, meter, month): `GPU_HOURS`, or an API offer's `SkuMeter`."""

Start = tuple[str, str, str]
"""(offer id, meter, first month): a requisition line bought as used."""


def _items(plan: Plan, catalog: Catalog) -> dict[tuple[str, str], dict[str, float]]:
    """By (offer, meter), the money bought as used in each month of the horizon: the months
    of on-demand and spot capacity, the tokens of each API offer by meter.

    Raises:
        LookupError: an API offer the catalog does not hold.
    """
    items: defaultdict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for c in plan.commitments:
        if c.term_months == 0 and not c.existing:
            month = items[(c.offer_id, GPU_HOURS)]
            month[c.start] = month.get(c.start, 0.0) + c.total_obligation
    for m in plan.months:
        bought = sorted((p for p in m.purchases if p.cost > 0), key=lambda p: p.offer_id)
        for offer_id, group in groupby(bought, key=lambda p: p.offer_id):
            offer = catalog.api_offer(offer_id)
            if offer is None:
                raise LookupError(f"API offer {offer_id} is not in the plan's catalog revision")
            for meter in meters(offer, group):
                cost = meter.million_tokens * meter.price_per_million
                month = items[(offer_id, meter.name)]
                month[m.month] = month.get(m.month, 0.0) + cost
    return items


def _segments(months: dict[str, float]) -> list[list[str]]:
    """The months in runs of consecutive months (a requisition line is one run)."""
    runs: list[list[str]] = []
    for month in sorted(months, key=month_index):
        if runs and month_index(month) == month_index(runs[-1][-1]) + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs


Span = tuple[int, int, Decimal]
"""A requisition line bought as used: its first and last month (indices) and its total."""


def _spans(
    plan: Plan, catalog: Catalog, lines: Sequence[RequisitionLine]
) -> dict[tuple[str, str], list[Span]]:
    """The requisition's lines bought as used, by item (offer, meter), with the months they
    span: an API offer's lines are its meters in the order `meters` gives them (those with
    tokens), as `api_drafts` writes them, each over the months its meter has tokens in, gaps
    included (review 11: a 2027-01..03 line of tokens in January and March only)."""
    out: defaultdict[tuple[str, str], list[Span]] = defaultdict(list)
    used = [line for line in lines if line.last_monthly_amount == ""]
    for offer_id, group in groupby(used, key=lambda line: line.supplier_part_number):
        api = catalog.api_offer(offer_id)
        mine = list(group)
        if api is None:
            named = [(GPU_HOURS, line) for line in mine]
        else:
            bought = [p for m in plan.months for p in m.purchases if p.offer_id == offer_id]
            names = [m.name for m in meters(api, bought) if m.million_tokens > 0]
            named = list(zip(names, mine, strict=False))
        for meter, line in named:
            span = (month_index(line.term_start[:7]), month_index(line.term_end[:7]))
            out[(offer_id, meter)].append((*span, Decimal(line.line_total)))
    return out


class Segment(NamedTuple):
    """A run of months of one item bought as used: a requisition line, or where there is
    none, the run's own rounded sum."""

    offer_id: str
    meter: str
    months: tuple[str, ...]
    values: tuple[float, ...]
    total: Decimal
    """What the months add up to in cents: the requisition line's total."""


def used_segments(plan: Plan, catalog: Catalog, lines: Sequence[RequisitionLine]) -> list[Segment]:
    """What the plan buys as used in its horizon, as runs of months of each item with the
    total of its requisition line (`lines`; the rounded sum where there is no line: a
    scenario plan's shown scenario, or no requisition).

    Raises:
        LookupError: an API offer the catalog does not hold.
    """
    spans = _spans(plan, catalog, lines)
    out = []
    for (offer_id, meter), months in _items(plan, catalog).items():
        runs: list[tuple[list[str], Decimal | None]] = []
        left = dict(months)
        for first, last, total in spans.get((offer_id, meter), []):
            run = [m for m in sorted(left, key=month_index) if first <= month_index(m) <= last]
            if run:
                runs.append((run, total))
                for m in run:
                    del left[m]
        runs += [(run, None) for run in _segments(left)]
        for run, line_total in runs:
            values = tuple(months[m] for m in run)
            total = cents(sum(values)) if line_total is None else line_total
            out.append(Segment(offer_id, meter, tuple(run), values, total))
    return out


def running_cents(segments: Sequence[Segment]) -> dict[UsedKey, Decimal]:
    """Per (offer, meter, month), the cents of each segment along its months: the running
    total rounded, the last month taking what makes the run add up to its total."""
    out: dict[UsedKey, Decimal] = {}
    for s in segments:
        running, paid = 0.0, Decimal(0)
        for k, (month, value) in enumerate(zip(s.months, s.values, strict=True)):
            running += value
            upto = s.total if k == len(s.months) - 1 else cents(running)
            out[(s.offer_id, s.meter, month)] = upto - paid
            paid = upto
    return out
