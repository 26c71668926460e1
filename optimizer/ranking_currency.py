"""Rankings rank within one currency: offers priced in another are not compared with them
(no exchange rates in the catalog), and the heading says which currency the table is in."""

from __future__ import annotations

from collections.abc import Iterable

from catalog.errors import InvalidInput

__all__ = ["other_currency", "ranking_currency"]


def other_currency(priced_in: str, wanted: str | None) -> str | None:
    """Why an offer priced in `priced_in` is left out of a ranking (or a plan) in `wanted`
    (None: kept)."""
    if wanted is None or priced_in == wanted:
        return None
    return f"priced in {priced_in}, not {wanted} (rank in {priced_in} with currency)"


def ranking_currency(wanted: str | None, eligible: Iterable[str]) -> str | None:
    """The ranking's currency: `wanted`, or else the one currency of the `eligible` offers
    (None when none is eligible).

    Raises:
        InvalidInput: naming `currency` when none was wanted and the eligible offers are
            priced in several (listing them).
    """
    if wanted is not None:
        return wanted
    found = sorted(set(eligible))
    if len(found) > 1:
        raise InvalidInput.one(
            "currency",
            f"the eligible offers are priced in {', '.join(found)}; rankings compare one "
            "currency: choose one",
        )
    return found[0] if found else None
