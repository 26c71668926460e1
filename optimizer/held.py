"""The existing commitments as the model costs them: each keeps the price it was signed at
(`Existing.price_per_gpu_hour`, else the catalog's price when the plan is made), whatever a
catalog edit or a sensitivity's price step does to the offer afterwards (probe 13 finding 2:
a -25% step re-priced a contract signed months before, and 16% of its "saving" was that)."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from catalog.model import DERIVED, HOURS_PER_MONTH, Offer

__all__ = ["Held", "priced", "unit_month_cost"]


def priced(offer: Offer, price_per_gpu_hour: float) -> Offer:
    """`offer` at `price_per_gpu_hour`: owned hardware priced from its parts has every part the
    price is linear in (capex, opex, energy) scaled, so that the derived price is the one
    asked for and its cash keeps its shape."""
    tco = offer.tco
    if tco is None:
        return msgspec.structs.replace(offer, price_per_gpu_hour=price_per_gpu_hour)
    k = price_per_gpu_hour / offer.price_per_gpu_hour
    parts = msgspec.structs.replace(
        tco,
        capex_per_gpu=tco.capex_per_gpu * k,
        opex_per_gpu_month=tco.opex_per_gpu_month * k,
        energy_price_per_kwh=tco.energy_price_per_kwh * k,
    )
    return msgspec.structs.replace(offer, tco=parts, price_per_gpu_hour=DERIVED)


def unit_month_cost(offer: Offer) -> float:
    """What one unit of `offer` costs a month (`OfferSpec.month_cost_per_unit` of new units)."""
    return offer.price_per_gpu_hour * offer.gpus_per_unit * HOURS_PER_MONTH


@dataclass(frozen=True)
class Held:
    """One existing commitment (`existing[entry]` of the request) on the instance's offer `o`:
    `units` units from span month `begin` (negative: before the horizon) for `term` months,
    costed and paid as `offer`, the catalog's offer at the price it was signed at (`signed`:
    the request gives that price; else the catalog's price when the plan was made)."""

    entry: int
    o: int
    begin: int
    term: int
    units: int
    offer: Offer
    signed: bool
    renews: bool = True
    """Whether it may be valued as renewed when it ends inside the tail (`Instance.held_until`;
    the model chooses how many of its units): not when its vendor is excluded from the plan,
    which buys no more of it (review 14)."""

    @property
    def month_cost(self) -> float:
        """What its units cost in each month of its term."""
        return self.units * unit_month_cost(self.offer)
