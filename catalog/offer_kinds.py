"""The two kinds of offer, GPU-hours and tokens, and the one rule that tells them apart in a
document: its `kind` (`api`, or a GPU kind: on_demand, reserved, spot, owned)."""

from __future__ import annotations

import msgspec

from catalog.api_offer import API_KIND, ApiOffer
from catalog.model import Offer

__all__ = ["AnyOffer", "decode_offer", "offer_kind"]

AnyOffer = Offer | ApiOffer
"""Either kind of offer: the body of the offer routes, one `oneOf` discriminated by `kind`."""


def offer_kind(data: object) -> str | None:
    """The `kind` a document (a decoded JSON object) states, or None."""
    if isinstance(data, dict):
        kind = data.get("kind")
        return kind if isinstance(kind, str) else None
    return None


def decode_offer(data: object) -> AnyOffer:
    """A GPU offer or an API offer from a decoded JSON object, chosen by its `kind`
    (`api`, or a GPU kind: on_demand, reserved, spot, owned).

    Raises:
        msgspec.ValidationError: naming the field, as `msgspec.convert` does.
    """
    if offer_kind(data) == API_KIND:
        return msgspec.convert(data, ApiOffer)
    return msgspec.convert(data, Offer)
