"""The one-time charges of a plan's FOCUS-shaped export: a Purchase row where a commitment's
upfront share (owned hardware's capex) is paid, and a Credit row where owned hardware's residual
value is recovered after its term (probe 9, finding 3: the credit was in the cash flows and the
requisition but in no focus.csv row, so BilledCost overstated the plan's cash by it). Neither
is an amortised cost (EffectiveCost 0): the commitment's usage rows amortise both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalog import Catalog, Offer
from catalog.payments import payments_per_gpu, upfront_share
from optimizer import Plan, month_index, month_label
from optimizer.plan import Commitment
from optimizer.wording import units_text
from service.reports.focus_cents import SIGNED, SIGNED_PART
from service.reports.held_prices import held_offer, signed_offers

__all__ = [
    "COMMITMENT_TYPE",
    "commitment_id",
    "commitment_name",
    "credit_rows",
    "period",
    "purchase_rows",
]

COMMITMENT_TYPE = {"reserved": "Reserved capacity", "owned": "Owned hardware"}


def period(month: str) -> tuple[str, str]:
    """A month as FOCUS's inclusive start and exclusive end, in UTC."""
    following = month_label(month_index(month) + 1)
    return f"{month}-01T00:00:00Z", f"{following}-01T00:00:00Z"


def commitment_id(plan: Plan, offer_id: str) -> str:
    return f"{plan.id}/{offer_id}"


def commitment_name(kind: str, offer_id: str, proposed: bool, existing: bool) -> str:
    """What the units of one offer in a month are: proposed by the plan, already signed or
    owned (`existing`), or both."""
    which = "existing and proposed" if proposed and existing else "proposed" if proposed else ""
    return f"{which or 'existing'} {kind} {offer_id}"


def _offer(plan: Plan, catalog: Catalog, offer_id: str) -> Offer:
    offer = catalog.offer(offer_id)
    if offer is None:
        msg = f"offer {offer_id} is not in catalog revision {plan.catalog_revision}"
        raise LookupError(msg)
    return offer


def _grouped(
    plan: Plan, catalog: Catalog, falls: Callable[[Offer, Commitment], bool]
) -> list[tuple[Offer, list[Commitment]]]:
    """The plan's commitments with a term for which `falls(offer, commitment)`: each existing
    one alone, the proposed ones by offer and term; never a blend (probe 15 F1: a signed
    12-month rack and two proposed 48-month racks made one Purchase row, its term the
    first's, at a price no contract has, all marked proposed)."""
    groups: dict[tuple[str, bool, int, int], list[Commitment]] = {}
    for n, c in enumerate(plan.commitments):
        if c.term_months > 0 and falls(_offer(plan, catalog, c.offer_id), c):
            # Each existing contract alone: two signed at different prices are two contracts
            # (review 15a F1); the plan's own of one offer and term are one price.
            key = (c.offer_id, not c.existing, c.term_months, n if c.existing else -1)
            groups.setdefault(key, []).append(c)
    return [(_offer(plan, catalog, key[0]), cs) for key, cs in sorted(groups.items())]


def _marked(
    groups: list[tuple[Offer, list[Commitment]]], signed: list[tuple[Commitment, Offer]]
) -> list[tuple[Offer, list[Commitment], dict[str, bool]]]:
    """`groups` (from `_grouped`), each with the marks `focus.focus_rows` reads on a row of
    existing commitments: SIGNED when each states the price it was signed at (`signed`, from
    `signed_offers`: `x_PriceBasis` `signed`, as its usage rows say), and SIGNED_PART when
    proposed ones of the offer are among `groups` too (the offer's requisition cents are
    theirs: `focus_cents`)."""
    proposing = {offer.id for offer, group in groups if not group[0].existing}
    held = {id(c) for c, _ in signed}
    out = []
    for offer, group in groups:
        marks: dict[str, bool] = {}
        if group[0].existing:  # a group is all existing or all proposed (`_grouped`)
            marks[SIGNED] = all(id(c) in held for c in group)
            if offer.id in proposing:
                marks[SIGNED_PART] = True
        out.append((offer, group, marks))
    return out


def _one_time(
    plan: Plan, offer: Offer, group: list[Commitment], month: str, amount: float
) -> dict[str, Any]:
    """The columns a Purchase and a Credit row of `group` (commitments on `offer`) in `month`
    share, `amount` billed (negative: recovered)."""
    start, end = period(month)
    units = sum(c.units for c in group)
    proposed = not group[0].existing  # a group is all existing or all proposed (`_grouped`)
    return {
        "BillingPeriodStart": start,
        "BillingPeriodEnd": end,
        "ChargePeriodStart": start,
        "ChargePeriodEnd": end,
        "BillingCurrency": offer.currency,
        "BilledCost": amount,
        "EffectiveCost": 0.0,
        "ListCost": amount,
        "ContractedCost": amount,
        "ChargeFrequency": "One-Time",
        "PricingCategory": "Committed",
        "PricingQuantity": units,
        "PricingUnit": "Units",
        "ListUnitPrice": amount / units,
        "ContractedUnitPrice": amount / units,
        "CommitmentDiscountId": commitment_id(plan, offer.id),
        "CommitmentDiscountName": commitment_name(offer.kind, offer.id, proposed, not proposed),
        "CommitmentDiscountType": COMMITMENT_TYPE.get(offer.kind, offer.kind),
        "CommitmentDiscountCategory": "Usage",
        "CommitmentDiscountQuantity": units,
        "CommitmentDiscountUnit": "Units",
        "ServiceProviderName": offer.vendor,
        "HostProviderName": "On-Premises" if offer.kind == "owned" else offer.vendor,
        "RegionId": offer.region,
        "SkuId": offer.sku,
        "SkuPriceId": offer.id,
        "x_Kind": offer.kind,
        "x_CommitmentProposed": "true" if proposed else "false",
        "x_PaymentModel": offer.payment_model,
    }


def purchase_rows(plan: Plan, catalog: Catalog, month: str) -> list[dict[str, Any]]:
    """The upfront payments of the commitments starting in `month`, one row per offer: billed
    now, amortised over the term (so EffectiveCost is 0, as FOCUS requires of a purchase).
    Existing contracts starting in the horizon are paid in it too (`x_CommitmentProposed`
    false)."""
    rows = []
    signed = signed_offers(plan, catalog)
    groups = _grouped(
        plan,
        catalog,
        lambda o, c: c.start == month and payments_per_gpu(o, c.term_months).upfront > 0,
    )
    for offer, group, marks in _marked(groups, signed):
        first = group[0]
        amount = sum(
            c.gpus * payments_per_gpu(held_offer(offer, c, signed), c.term_months).upfront
            for c in group
        )
        term = f"{first.term_months} months ({first.start} to {first.end})"
        if offer.tco is not None:
            paid = f" bought: capex paid upfront for a life of {term}"
        elif upfront_share(offer) < 1:
            paid = f": {upfront_share(offer):.0%} of {term} paid upfront, the rest monthly"
        else:
            paid = f" paid upfront for {term}"
        row = _one_time(plan, offer, group, month, amount)
        row["ChargePeriodEnd"] = period(first.end)[1]
        which = "existing " if first.existing else ""
        units = sum(c.units for c in group)
        rows.append(
            row
            | marks
            | {
                "ChargeCategory": "Purchase",
                "ChargeDescription": f"{units_text(units, kind=which)} of {offer.id}{paid}",
            }
        )
    return rows


def _sold(c: Commitment) -> str:
    """The month owned hardware is sold, after its term's last month."""
    return month_label(month_index(c.start) + c.term_months)


def credit_rows(plan: Plan, catalog: Catalog, month: str) -> list[dict[str, Any]]:
    """The residual value of owned hardware recovered in `month` (sold after its term), one
    Credit row per offer: a negative BilledCost, EffectiveCost 0 (the amortised price
    already nets the residual out of the capex)."""
    rows = []
    signed = signed_offers(plan, catalog)
    groups = _grouped(
        plan,
        catalog,
        lambda o, c: _sold(c) == month and payments_per_gpu(o, c.term_months).residual > 0,
    )
    for offer, group, marks in _marked(groups, signed):
        amount = -sum(
            c.gpus * payments_per_gpu(held_offer(offer, c, signed), c.term_months).residual
            for c in group
        )
        share = offer.tco.residual_share if offer.tco is not None else 0.0
        units = sum(c.units for c in group)
        which = "existing " if group[0].existing else ""
        rows.append(
            _one_time(plan, offer, group, month, amount)
            | marks
            | {
                "ChargeCategory": "Credit",
                "ChargeDescription": (
                    f"Residual value of {units_text(units, kind=which)} of {offer.id} "
                    f"({share:.0%} of their "
                    f"capex), recovered when sold after {group[0].end}"
                ),
            }
        )
    return rows
