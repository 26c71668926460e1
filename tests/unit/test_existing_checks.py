"""What a request's `existing` entries are refused for, each naming `existing[n].offer_id`
(probe 4, findings 10(c) and 10(d))."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from catalog import default_catalog
from catalog.errors import InvalidInput
from catalog.model import Catalog, Offer
from optimizer import PlanRequest
from optimizer.checks import check_names
from tests.bodies import FORECAST
from tests.owned import owned_by_parts

API_OFFER = "cerebras-gpt-oss-120b"
OWNED = "onprem-gb300"


def _refusal(catalog: Catalog, offer_id: str, **options: Any) -> tuple[str, str]:
    """(field, message) of the one error for 2 units of `offer_id` owned from 2027-01."""
    request = msgspec.convert(
        {
            "forecast": FORECAST,
            "existing": [{"offer_id": offer_id, "units": 2, "start": "2027-01", "term_months": 12}],
            "options": options,
        },
        PlanRequest,
    )
    assert request.forecast is not None
    with pytest.raises(InvalidInput) as caught:
        check_names(catalog, request, request.forecast)
    [error] = caught.value.errors
    return error.field, error.message


def _in_euros(offer_id: str) -> Catalog:
    """The shipped catalog with `offer_id` priced in EUR."""
    catalog = default_catalog()
    offers = tuple(
        msgspec.structs.replace(o, currency="EUR") if o.id == offer_id else o
        for o in catalog.offers
    )
    return msgspec.structs.replace(catalog, offers=offers)


def test_an_api_offer_in_existing_is_named_as_one() -> None:
    """A per-token API offer listed in GET /catalog/offers is not "unknown": the error says it
    is an API offer, bought as used, with no units to hold."""
    assert _refusal(default_catalog(), API_OFFER) == (
        "existing[0].offer_id",
        f"{API_OFFER!r} is a per-token API offer: tokens are bought as used, with no units or "
        "term to hold; `existing` lists GPU commitments and owned hardware (offers of another "
        "kind in GET /catalog/offers)",
    )


def test_an_unknown_offer_in_existing_is_still_unknown() -> None:
    """An id no offer has: "unknown offer", as before."""
    assert _refusal(default_catalog(), "nope") == (
        "existing[0].offer_id",
        "unknown offer 'nope'; see GET /catalog/offers",
    )


def test_existing_in_another_currency_than_asked_names_existing() -> None:
    """An owned EUR offer with options.currency USD: the error is on existing[0].offer_id and
    says what to do (it was "priced in more than one currency... choose one" on
    options.currency, the one field the user had set right)."""
    assert _refusal(_in_euros(OWNED), OWNED, currency="USD") == (
        "existing[0].offer_id",
        f"{OWNED!r} is priced in EUR, not options.currency USD, and one plan uses one "
        "currency: set options.currency to EUR, or leave this commitment out",
    )


def test_existing_in_the_currency_asked_passes() -> None:
    """The same EUR offer with options.currency EUR: no error from the names' check."""
    request = msgspec.convert(
        {
            "forecast": FORECAST,
            "existing": [{"offer_id": OWNED, "units": 2, "start": "2027-01", "term_months": 12}],
            "options": {"currency": "EUR"},
        },
        PlanRequest,
    )
    assert request.forecast is not None
    check_names(_in_euros(OWNED), request, request.forecast)


def _with_parts() -> Catalog:
    """The shipped catalog and `own-gb300-parts`, a rack given by its parts (48-month life)."""
    catalog = default_catalog()
    parts = msgspec.convert(owned_by_parts(), Offer)
    return msgspec.structs.replace(catalog, offers=(*catalog.offers, parts))


def _held(catalog: Catalog, term: int) -> PlanRequest:
    return msgspec.convert(
        {
            "forecast": FORECAST,
            "existing": [
                {"offer_id": "own-gb300-parts", "units": 1, "start": "2026-06", "term_months": term}
            ],
        },
        PlanRequest,
    )


@pytest.mark.parametrize("term", [12, 36, 60])
def test_owned_hardware_from_its_parts_is_held_for_its_life(term: int) -> None:
    """Hardware given by its parts is paid over its life and sold at its end for its residual
    share: held for another term, its amortised cost counted every month held while its cash
    got the whole residual back, and the report said 4,293,000 was paid before the horizon on
    a 60-month hold, more than the rack's net capex (review 21b). The catalog refuses such an
    offer (`tco.life_months` must equal `term_months`); so is such a commitment, naming
    `existing[0].term_months`."""
    catalog = _with_parts()
    request = _held(catalog, term)
    assert request.forecast is not None
    with pytest.raises(InvalidInput) as caught:
        check_names(catalog, request, request.forecast)
    [error] = caught.value.errors
    assert error.field == "existing[0].term_months"
    assert "48-month life" in error.message and f"not {term}" in error.message


def test_owned_hardware_held_for_its_life_is_taken() -> None:
    catalog = _with_parts()
    request = _held(catalog, 48)
    assert request.forecast is not None
    check_names(catalog, request, request.forecast)
