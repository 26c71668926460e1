"""A plan as a requisition draft for a procurement suite (never an order): a line per new
commitment with a term, an amount line per on-demand offer; decimal strings, lines that add up
to the plan's total obligation to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import msgspec

from catalog import Catalog, Offer
from optimizer import Plan, month_index, month_label
from service.reports.numbers import allocate_cents, decimal_text
from service.reports.to_csv import csv_text

__all__ = ["Requisition", "RequisitionLine", "requisition", "requisition_csv", "requisition_json"]


class RequisitionLine(msgspec.Struct, frozen=True, kw_only=True):
    """One line of a requisition draft (columns close to Ariba's RequisitionDetail.csv)."""

    plan_id: str
    catalog_revision: int
    currency: str
    line_number: int
    supplier: str
    description: str
    supplier_part_number: str
    quantity: str
    unit_of_measure: str
    unit_price: str
    term_start: str
    term_end: str
    term_months: int
    payment_model: str
    line_total: str
    need_by_date: str
    price_as_of: str
    price_source: str
    commodity_code: str = ""
    gl_account: str = ""
    cost_center: str = ""
    supplier_id: str = ""


class Requisition(msgspec.Struct, frozen=True, kw_only=True):
    """A requisition draft: never an order. Money and quantities are decimal strings."""

    plan_id: str
    catalog_revision: int
    currency: str
    total: str
    lines: tuple[RequisitionLine, ...]


def _first_day(month: str) -> str:
    return f"{month}-01"


def _last_day(month: str) -> str:
    following = month_label(month_index(month) + 1)
    return (dt.date.fromisoformat(f"{following}-01") - dt.timedelta(days=1)).isoformat()


def _unit_name(offer: Offer, catalog: Catalog) -> str:
    system = catalog.system(offer.system_id)
    name = system.name if system else offer.system_id
    if offer.gpus_per_unit == 1:
        return f"1x {name} GPU"
    return f"{offer.gpus_per_unit}-GPU {name} units"


def requisition(plan: Plan, catalog: Catalog) -> Requisition:
    """A line per new commitment with a term, and one amount line per offer for its on-demand
    spend over the horizon; the line totals add up to the plan's total obligation."""
    assert plan.summary is not None
    currency = plan.summary.currency
    drafts: list[dict[str, Any]] = []
    on_demand: dict[str, list[Any]] = {}
    for c in plan.commitments:
        if c.existing:
            continue
        offer = catalog.offer(c.offer_id)
        assert offer is not None
        if c.term_months == 0:
            on_demand.setdefault(c.offer_id, []).append(c)
            continue
        per_unit_month = offer.price_per_gpu_hour * offer.gpus_per_unit * 730
        kind = {
            "reserved": "Reserved",
            "owned": "Owned (on-prem build)",
            "spot": "Spot",
            "on_demand": "On-demand",
        }[offer.kind]
        drafts.append(
            {
                "supplier": offer.vendor,
                "description": (
                    f"{kind} {_unit_name(offer, catalog)}, {offer.region}, "
                    f"{c.term_months} months, {c.units:g} units"
                ),
                "supplier_part_number": offer.id,
                "quantity": decimal_text(c.units * c.term_months),
                "unit_of_measure": "Unit-Months",
                "unit_price": decimal_text(per_unit_month, 6),
                "term_start": _first_day(c.start),
                "term_end": _last_day(c.end),
                "term_months": c.term_months,
                "payment_model": c.payment_model,
                "amount": c.total_obligation,
                "need_by_date": _first_day(c.start),
                "price_as_of": offer.as_of.isoformat(),
                "price_source": offer.source,
            }
        )
    for offer_id, contracts in sorted(on_demand.items()):
        offer = catalog.offer(offer_id)
        assert offer is not None
        gpu_hours = sum(c.gpus for c in contracts) * 730
        starts = sorted(c.start for c in contracts)
        ends = sorted(c.end for c in contracts)
        drafts.append(
            {
                "supplier": offer.vendor,
                "description": (
                    f"On-demand {_unit_name(offer, catalog)}, {offer.region}: "
                    f"{gpu_hours:,.0f} GPU-hours over {len(set(starts))} month(s), "
                    f"{starts[0]} to {ends[-1]}"
                ),
                "supplier_part_number": offer.id,
                "quantity": decimal_text(gpu_hours),
                "unit_of_measure": "GPU-Hours",
                "unit_price": decimal_text(offer.price_per_gpu_hour, 6),
                "term_start": _first_day(starts[0]),
                "term_end": _last_day(ends[-1]),
                "term_months": 0,
                "payment_model": offer.payment_model,
                "amount": sum(c.total_obligation for c in contracts),
                "need_by_date": _first_day(starts[0]),
                "price_as_of": offer.as_of.isoformat(),
                "price_source": offer.source,
            }
        )
    totals = allocate_cents([d["amount"] for d in drafts])
    lines = tuple(
        RequisitionLine(
            plan_id=plan.id,
            catalog_revision=plan.catalog_revision,
            currency=currency,
            line_number=n,
            **{k: v for k, v in d.items() if k != "amount"},
            line_total=str(total),
        )
        for n, (d, total) in enumerate(zip(drafts, totals, strict=True), start=1)
    )
    return Requisition(
        plan_id=plan.id,
        catalog_revision=plan.catalog_revision,
        currency=currency,
        total=str(sum(totals, Decimal("0.00"))),
        lines=lines,
    )


def requisition_json(draft: Requisition) -> bytes:
    """The draft as JSON."""
    return msgspec.json.encode(draft)


def requisition_csv(draft: Requisition) -> str:
    """The draft as CSV, one row per line with the header fields repeated."""
    columns = list(RequisitionLine.__struct_fields__)
    return csv_text([columns] + [[str(getattr(line, c)) for c in columns] for line in draft.lines])
