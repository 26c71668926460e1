"""A plan as a requisition draft for a procurement suite (never an order): one line per offer
and contiguous term (a commitment, a run of on-demand months, a capital purchase of owned
hardware), with UN/CEFACT unit codes, UNSPSC commodity codes, the price's basis and the
tenant's request-level fields; decimal strings. Every line's total is its quantity times its
unit price, as shown, rounded half-up to the cent (what a procurement suite recomputes); the
lines add up to the plan's obligation and API spend within half a cent a line."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from typing import Any

import msgspec

from catalog import HOURS_PER_MONTH, Catalog, Offer
from catalog.payments import payments_per_gpu
from optimizer import Plan, month_index
from optimizer.plan import Commitment
from optimizer.wording import units_text
from service.reports.api_requisition import api_drafts, last_day
from service.reports.csv_text import csv_text
from service.reports.numbers import cents, decimal_text
from service.reports.owned_requisition import CAPITAL_LINES, UNIT_MONTHS, owned_lines
from service.reports.schedule import settled
from service.reports.signing import flexible_note, signed
from service.reports.standing import standing

__all__ = [
    "RequestFields",
    "Requisition",
    "RequisitionLine",
    "line_total",
    "requisition",
    "requisition_csv",
    "requisition_json",
]

# UNSPSC commodity codes (8 digits: segment, family, class, commodity). Rented GPU capacity is
# 81112003 "Data center services" (segment 81 engineering, research and technology services;
# class 811120 data services), as listed with its UNSPSC title in TaxJar's product tax code
# table (developers.taxjar.com, Categories: "Data center services | 81112003A0000", the UNSPSC
# commodity followed by TaxJar's suffix); owned GPU servers' code is in `owned_requisition`. A
# tenant with its own commodity tree maps these.
UNSPSC_RENTED = "81112003"
# UN/CEFACT Recommendation 20 unit codes: HUR hour, MON month (and EA each, for owned units).
HOURS = ("GPU-hours", "HUR")


class RequestFields(msgspec.Struct, frozen=True, kw_only=True):
    """What a tenant maps once and every requisition carries: who asks, what it is charged to,
    and each vendor's id in the procurement suite."""

    cost_center: str = ""
    gl_account: str = ""
    capital_gl_account: str = ""
    """The GL account of capital purchases (owned hardware); `gl_account` when empty."""
    requester: str = ""
    supplier_ids: dict[str, str] = {}
    """The suite's supplier id by vendor name, as the catalog spells it."""


class RequisitionLine(msgspec.Struct, frozen=True, kw_only=True):
    """One line of a requisition draft (columns close to Ariba's RequisitionDetail.csv)."""

    plan_id: str
    catalog_revision: int
    currency: str
    line_number: int
    line_type: str
    """`service` (rented capacity, operating spend), `capital purchase` (owned hardware: its
    capex when given by its parts), and for owned hardware given by its parts `running cost`
    (opex and energy, not a purchase from a supplier) and `residual value` (a credit)."""
    supplier: str
    description: str
    supplier_part_number: str
    quantity: str
    unit_of_measure: str
    unit_of_measure_code: str
    unit_price: str
    price_basis: str
    term_start: str
    term_end: str
    term_months: int
    payment_model: str
    """How the line is paid: `All Upfront`, `Partial Upfront`, `No Upfront` (owned hardware's
    running cost: monthly); empty on a residual value, a credit rather than a payment."""
    line_total: str
    need_by_date: str
    price_as_of: str
    price_source: str
    commodity_code: str = ""
    manufacturer: str = ""
    gl_account: str = ""
    cost_center: str = ""
    requester: str = ""
    supplier_id: str = ""
    payment_schedule: str = ""
    """When the line's money leaves, in words ("... at the start, then ... a month for 36
    months"), by its payment model (owned hardware from its parts: capex, then opex and
    energy)."""
    upfront_amount: str = ""
    """Paid at the term's start (decimal string)."""
    monthly_amount: str = ""
    """Paid in each month of the term but the last (decimal string)."""
    last_monthly_amount: str = ""
    """Paid in the term's last month: `monthly_amount` with the rounding remainder, so that
    upfront_amount + monthly_amount x (term_months - 1) + last_monthly_amount = line_total to
    the cent (the remainder is in `upfront_amount` when nothing is paid monthly); empty on a
    line billed as used. A credit (an owned system's residual value: `term_months` 0, a
    negative `line_total`) pays nothing: its three amounts are 0.00 and `line_total` is
    recovered on `term_start` (probe 14a: in `upfront_amount` it cut that column's sum, the
    cash paid at signing)."""
    plan_status: str = ""
    """The plan's status, repeated on each line as the header's fields are: `feasible` is a
    plan not proven optimal, `infeasible` one short of its demand, each drafted only when
    asked for anyway (`allow_unproven`); "optimal for the deployments chosen" one proven
    optimal for the whole-replica deployments chosen at each workload's peak month only (the
    plan's warnings name the months another deployment would serve on fewer units)."""
    plan_gap: str = ""
    """The relative gap the plan's search reached (decimal string; empty when unknown)."""
    scenario: str = ""
    """`all` on a scenario plan's lines: each is signed once for every scenario (the column
    is in the CSV of a scenario plan only); empty for a plan without scenarios."""


class Requisition(msgspec.Struct, frozen=True, kw_only=True):
    """A requisition draft: never an order. Money and quantities are decimal strings."""

    plan_id: str
    catalog_revision: int
    currency: str
    total: str
    """Every line's total: the obligation the plan signs plus `api_estimated`."""
    lines: tuple[RequisitionLine, ...]
    api_estimated: str = "0.00"
    """Of `total`, the per-token API lines': estimated use, billed as used, which the plan's
    total obligation leaves out (review 22: build-or-buy's obligation 20,072,033.28 beside a
    requisition total of 20,531,457.20 with nothing telling the 459,423.92 apart)."""
    plan_status: str = ""
    """The plan's status: `optimal`, `feasible` (not proven optimal: see `plan_gap`) or
    `infeasible` (short of its demand), the last two drafted only with `allow_unproven`; the
    first two followed by "for the deployments chosen" when the optimum holds only for them
    (`solver.optimal_for` of the plan)."""
    plan_gap: str = ""
    """The relative gap the plan's search reached, on the cost it minimised (under
    `demand_continues` the horizon and the tail together, not `total`): the plan may cost up
    to 1 / (1 - gap) times the best possible there (decimal string; empty when unknown)."""
    scenario_note: str = ""
    """For a plan with scenarios, why only its shared commitments are listed: on-demand, spot,
    one-month and API buying differs per scenario and is bought as used."""


def _first_day(month: str) -> str:
    return f"{month}-01"


def _unit_name(offer: Offer, catalog: Catalog) -> str:
    system = catalog.system(offer.system_id)
    name = system.name if system else offer.system_id
    if offer.gpus_per_unit == 1:
        return f"1x {name} GPU"
    return f"{offer.gpus_per_unit}-GPU {name} units"


def _runs(contracts: Iterable[Commitment]) -> list[list[Commitment]]:
    """On-demand months split into runs of consecutive months (02, 05 and 11 are three)."""
    ordered = sorted(contracts, key=lambda c: month_index(c.start))
    runs: list[list[Commitment]] = []
    for c in ordered:
        if runs and month_index(c.start) == month_index(runs[-1][-1].start) + 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _common(offer: Offer, start: str, end: str) -> dict[str, Any]:
    return {
        "vendor": offer.vendor,
        "supplier_part_number": offer.id,
        "price_basis": offer.price_basis,
        "term_start": _first_day(start),
        "term_end": last_day(end),
        "need_by_date": _first_day(start),
        "price_as_of": offer.as_of.isoformat(),
        "price_source": offer.source,
    }


def _schedule(offer: Offer, term: int, gpus: float) -> dict[str, str]:
    """The payments of a contract of `gpus` GPUs for `term` months, each to the cent (settled
    against the line's total, in words, by `schedule.settled`)."""
    pay = payments_per_gpu(offer, term)
    return {
        "upfront_amount": str(cents(pay.upfront * gpus)),
        "monthly_amount": str(cents(pay.monthly * gpus)),
    }


def _termed(offer: Offer, catalog: Catalog, group: list[Commitment]) -> list[dict[str, Any]]:
    """The lines of every new commitment on `offer` with the same start and term: one, or
    those of owned hardware (`owned_lines`)."""
    first = group[0]
    units = sum(c.units for c in group)
    what = _unit_name(offer, catalog)
    line = (
        _common(offer, first.start, first.end)
        | {"term_months": first.term_months, "payment_model": first.payment_model}
        | _schedule(offer, first.term_months, units * offer.gpus_per_unit)
    )
    if offer.kind == "owned":
        return owned_lines(offer, catalog.system(offer.system_id), group, line)
    kind = {"reserved": "Reserved", "spot": "Spot", "on_demand": "On-demand"}[offer.kind]
    return [
        line
        | {
            "line_type": "service",
            "supplier": offer.vendor,
            "description": (
                f"{kind} {what}, {offer.region}, {first.term_months} months, {units_text(units)}"
            ),
            "quantity": decimal_text(units * first.term_months),
            "unit_of_measure": UNIT_MONTHS[0],
            "unit_of_measure_code": UNIT_MONTHS[1],
            "unit_price": decimal_text(
                offer.price_per_gpu_hour * offer.gpus_per_unit * HOURS_PER_MONTH, 6
            ),
            "commodity_code": UNSPSC_RENTED,
        }
    ]


def _on_demand(offer: Offer, catalog: Catalog, run: list[Commitment]) -> dict[str, Any]:
    """One line for a run of consecutive on-demand months on `offer`."""
    gpu_hours = sum(c.gpus for c in run) * HOURS_PER_MONTH
    return _common(offer, run[0].start, run[-1].end) | {
        "line_type": "service",
        "supplier": offer.vendor,
        "description": (
            f"On-demand {_unit_name(offer, catalog)}, {offer.region}: {gpu_hours:,.0f} "
            f"GPU-hours, {run[0].start} to {run[-1].end}"
        ),
        "quantity": decimal_text(gpu_hours),
        "unit_of_measure": HOURS[0],
        "unit_of_measure_code": HOURS[1],
        "unit_price": decimal_text(offer.price_per_gpu_hour, 6),
        "term_months": 0,
        "payment_model": offer.payment_model,
        "commodity_code": UNSPSC_RENTED,
        "payment_schedule": "paid monthly as used",
        "upfront_amount": "0.00",
    }


def _drafts(plan: Plan, catalog: Catalog) -> list[dict[str, Any]]:
    drafts: list[dict[str, Any]] = []
    signing = sorted(
        signed(plan),
        key=lambda c: (c.offer_id, c.term_months == 0, month_index(c.start), c.term_months),
    )
    for offer_id, contracts in groupby(signing, key=lambda c: c.offer_id):
        offer = catalog.offer(offer_id)
        if offer is None:
            msg = f"offer {offer_id} is not in catalog revision {plan.catalog_revision}"
            raise LookupError(msg)
        mine = list(contracts)
        for _, group in groupby(
            (c for c in mine if c.term_months > 0), key=lambda c: (c.start, c.term_months)
        ):
            drafts += _termed(offer, catalog, list(group))
        for run in _runs(c for c in mine if c.term_months == 0):
            drafts.append(_on_demand(offer, catalog, run))
    return drafts


def requisition(plan: Plan, catalog: Catalog, fields: RequestFields | None = None) -> Requisition:
    """The plan's requisition draft, each line carrying `fields` (cost center, GL account,
    requester, the vendor's supplier id). Each line's total is `line_total(quantity,
    unit_price)`; the lines add up to the plan's total obligation plus the tokens it buys from
    APIs in the horizon (estimated quantities) within half a cent a line. A scenario plan's
    lists only the commitments every scenario shares (`signing.signed`), each line's
    `scenario` saying `all`, and says why in `scenario_note`."""
    if plan.summary is None:
        raise ValueError(f"plan {plan.id} has no fleet to requisition ({plan.status})")
    fields = fields or RequestFields()
    currency = plan.summary.currency
    flexible = api_drafts(plan, catalog) if plan.scenarios is None else []
    drafts = _drafts(plan, catalog) + flexible
    totals = [line_total(d["quantity"], d["unit_price"]) for d in drafts]
    for d, total in zip(drafts, totals, strict=True):
        d |= settled(d, total)
    vendors = [d.pop("vendor") for d in drafts]
    status, gap = standing(plan)
    lines = tuple(
        RequisitionLine(
            plan_id=plan.id,
            catalog_revision=plan.catalog_revision,
            currency=currency,
            line_number=n,
            **d,
            line_total=str(total),
            gl_account=(
                fields.capital_gl_account or fields.gl_account
                if d["line_type"] in CAPITAL_LINES
                else fields.gl_account
            ),
            cost_center=fields.cost_center,
            requester=fields.requester,
            supplier_id=fields.supplier_ids.get(vendor, ""),
            plan_status=status,
            plan_gap=gap,
            scenario="" if plan.scenarios is None else "all",
        )
        for n, (d, total, vendor) in enumerate(zip(drafts, totals, vendors, strict=True), start=1)
    )
    return Requisition(
        plan_id=plan.id,
        catalog_revision=plan.catalog_revision,
        currency=currency,
        total=str(sum(totals, Decimal("0.00"))),
        lines=lines,
        api_estimated=str(sum(totals[len(totals) - len(flexible) :], Decimal("0.00"))),
        plan_status=status,
        plan_gap=gap,
        scenario_note=flexible_note(plan),
    )


def line_total(quantity: str, unit_price: str) -> Decimal:
    """Quantity times unit price, as the line shows them, rounded half-up to the cent: what a
    procurement suite computes from the line."""
    return (Decimal(quantity) * Decimal(unit_price)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def requisition_json(draft: Requisition) -> bytes:
    """The draft as JSON."""
    return msgspec.json.encode(draft)


def requisition_csv(draft: Requisition) -> str:
    """The draft as CSV, one row per line with the header fields repeated (the `scenario`
    and `scenario_note` columns only for a plan with scenarios; probe 8 finding 9i: the note
    saying why its on-demand buying is not listed was in the JSON only)."""
    columns = [
        c for c in RequisitionLine.__struct_fields__ if c != "scenario" or draft.scenario_note
    ]
    note = [draft.scenario_note] if draft.scenario_note else []
    header = columns + (["scenario_note"] if note else [])
    rows = [[str(getattr(line, c)) for c in columns] + note for line in draft.lines]
    return csv_text([header, *rows])
