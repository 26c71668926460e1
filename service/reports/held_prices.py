"""The price each existing commitment of a plan is costed at in its exports: the price the
request says it was signed at (`Existing.price_per_gpu_hour`), else the offer's in the catalog
revision the plan was solved against, as the plan's own figures count it (`optimizer.held`)."""

from __future__ import annotations

from catalog import Catalog, Offer
from optimizer import Plan, month_index
from optimizer.held import priced
from optimizer.plan import Commitment

__all__ = ["contract_priced", "held_offer", "signed_offers"]


def signed_offers(plan: Plan, catalog: Catalog) -> list[tuple[Commitment, Offer]]:
    """Each existing commitment that states the price it was signed at, beside its offer at
    that price (each paired with its own entry of the request)."""
    entries = list(plan.request.existing)
    out = []
    for c in (c for c in plan.commitments if c.existing):
        # Its own entry: the first not yet taken with its offer, start, term and units (review
        # 13: paired by position, one entry missing would have priced the rest at the
        # catalog's price, silently).
        entry = next(
            (
                e
                for e in entries
                if (e.offer_id, e.start, e.term_months, float(e.units))
                == (c.offer_id, c.start, c.term_months, c.units)
            ),
            None,
        )
        if entry is None:
            continue
        entries.remove(entry)
        offer = catalog.offer(c.offer_id)
        if entry.price_per_gpu_hour is not None and offer is not None:
            out.append((c, priced(offer, entry.price_per_gpu_hour)))
    return out


def held_offer(offer: Offer, c: Commitment, signed: list[tuple[Commitment, Offer]]) -> Offer:
    """The offer `c` (a commitment on `offer`) is paid as: at the price it was signed at when
    it is an existing one that states it (`signed`, from `signed_offers`), else `offer`."""
    return next((at for held, at in signed if held is c), offer)


def contract_priced(plan: Plan, signed: list[tuple[Commitment, Offer]], month: str) -> set[str]:
    """The offers whose every commitment active in `month` is an existing one signed at a
    price the request states (`signed`, from `signed_offers`): their use that month is priced
    at the contracts', not the catalog's (focus.csv's `x_PriceBasis` `contract`)."""
    now = month_index(month)
    active = [c for c in plan.commitments if month_index(c.start) <= now <= month_index(c.end)]
    held = [c for c, _ in signed]
    return {
        c.offer_id
        for c in active
        if all(x.existing and any(x is h for h in held) for x in active if x.offer_id == c.offer_id)
    }
