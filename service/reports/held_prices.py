"""The price each existing commitment of a plan is costed at in its exports: the price the
request says it was signed at (`Existing.price_per_gpu_hour`), else the offer's in the catalog
revision the plan was solved against, as the plan's own figures count it (`optimizer.held`)."""

from __future__ import annotations

from catalog import Catalog, Offer
from optimizer import Plan
from optimizer.held import priced
from optimizer.plan import Commitment

__all__ = ["held_offer", "signed_offers"]


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
