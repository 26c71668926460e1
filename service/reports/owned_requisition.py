"""The requisition lines of owned hardware: the capital purchase, and for hardware given by its
parts (`tco`) its running cost and residual value, each a line of its own (probe 4, finding 7)."""

from __future__ import annotations

from typing import Any

from catalog import Offer, System
from catalog.payments import payments_per_gpu
from optimizer import month_index, month_label
from optimizer.plan import Commitment
from optimizer.wording import units_text
from service.reports.api_requisition import last_day
from service.reports.numbers import cents, decimal_text

__all__ = [
    "CAPITAL_LINES",
    "EACH",
    "RESIDUAL_VALUE",
    "RUNNING_COST",
    "UNIT_MONTHS",
    "UNSPSC_OWNED",
    "owned_lines",
]

# Owned GPU servers are UNSPSC 43211501 "Computer servers" (segment 43 information technology,
# class 432115 computers), as public UNSPSC code lists give it ("43211501": "Computer servers").
UNSPSC_OWNED = "43211501"
# UN/CEFACT Recommendation 20 unit codes: MON month, EA each.
UNIT_MONTHS = ("unit-months", "MON")
EACH = ("units", "EA")
RUNNING_COST = "running cost"
"""Owned hardware's opex and energy: paid to operations and the utility, not to a supplier."""
RESIDUAL_VALUE = "residual value"
"""Owned hardware's value recovered after its term: a credit (negative unit price)."""
CAPITAL_LINES = ("capital purchase", RESIDUAL_VALUE)
"""Lines charged to the capital GL account."""


def counted(offer: Offer, system: System | None, units: float, kind: str = "") -> str:
    """`units` of `offer` as a requisition's description says them, the noun in its number:
    "1 72-GPU GB300 NVL72 unit", "3 owned 8-GPU B200 units", "2 H100 GPUs" (probe 19: "1 ...
    units"). `kind` comes between the count and the noun."""
    name = system.name if system else offer.system_id
    noun = f"{name} GPU" if offer.gpus_per_unit == 1 else f"{offer.gpus_per_unit}-GPU {name} unit"
    return units_text(units, kind=kind, noun=noun)


def owned_lines(
    offer: Offer, system: System | None, group: list[Commitment], line: dict[str, Any]
) -> list[dict[str, Any]]:
    """Owned hardware. Given by its parts (`tco`), the capital purchase is the capex of the
    units, what the maker or reseller is paid; the running cost (opex and energy, paid to
    operations and the utility) and the residual value (recovered when the hardware is sold
    after its term, a credit) are lines of their own, not purchases from a supplier, so that
    the lines still add up to the obligation. Given by an hourly price, the one line is the
    obligation (the parts are unknown), and its description says so: a budget for the whole
    term, not the capex a supplier quotes (review 22). `line` holds the fields every line of
    the group shares."""
    first = group[0]
    units = sum(c.units for c in group)
    span = f"{first.start} to {first.end} ({first.term_months} months)"
    capital = line | {
        "line_type": "capital purchase",
        "supplier": "",
        "manufacturer": system.maker if system else "",
        "quantity": decimal_text(units),
        "unit_of_measure": EACH[0],
        "unit_of_measure_code": EACH[1],
        "commodity_code": UNSPSC_OWNED,
    }
    if offer.tco is None:
        amount = sum(c.total_obligation for c in group)
        return [
            capital
            | {
                "description": (
                    f"Capital purchase: {counted(offer, system, units)} for {offer.region}, "
                    f"in service {span}, at the owner's whole cost of the term "
                    f"({offer.price_per_gpu_hour:g} per GPU-hour, {offer.price_basis}: capex "
                    "and running cost together, their split not given): a budget figure, not "
                    "a supplier's capex quote"
                ),
                "unit_price": decimal_text(amount / units, 6),
            }
        ]
    pay = payments_per_gpu(offer, first.term_months)
    gpus = offer.gpus_per_unit
    # The residual is recovered in the month after the term, when the hardware is sold: a
    # one-off credit dated then, with nothing to deliver by a date and no payment model.
    sold = month_label(month_index(first.end) + 1)
    residual = {
        "term_start": f"{sold}-01",
        "term_end": last_day(sold),
        "need_by_date": "",
        "term_months": 0,
        "payment_model": "",
        "upfront_amount": "0.00",
        "monthly_amount": "0.00",
    }
    return [
        capital
        | {
            "payment_model": "All Upfront",
            "description": (
                f"Capital purchase: {counted(offer, system, units)} for {offer.region} at "
                f"their capex, "
                f"in service {span}"
            ),
            "unit_price": decimal_text(pay.upfront * gpus, 6),
            "upfront_amount": str(cents(pay.upfront * gpus * units)),
            "monthly_amount": "0.00",
        },
        line
        | {
            "line_type": RUNNING_COST,
            "payment_model": "No Upfront",
            "supplier": "",
            "description": (
                f"Running cost of the {counted(offer, system, units, 'owned ')} ({offer.id}), "
                "opex and energy, "
                f"{span}: paid to operations and the utility, not a purchase from a supplier"
            ),
            "quantity": decimal_text(units * first.term_months),
            "unit_of_measure": UNIT_MONTHS[0],
            "unit_of_measure_code": UNIT_MONTHS[1],
            "unit_price": decimal_text(pay.monthly * gpus, 6),
            "upfront_amount": "0.00",
            "monthly_amount": str(cents(pay.monthly * gpus * units)),
        },
        *(
            [
                capital
                | residual
                | {
                    "line_type": RESIDUAL_VALUE,
                    "description": (
                        f"Residual value of the {counted(offer, system, units, 'owned ')} "
                        f"({offer.id}), "
                        f"{offer.tco.residual_share:.0%} of their capex, recovered when sold "
                        f"after {first.end}: a credit against the obligation, not a payment"
                    ),
                    "unit_price": decimal_text(-pay.residual * gpus, 6),
                }
            ]
            if pay.residual > 0
            else []
        ),
    ]
