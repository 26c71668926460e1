"""Review 11 finding F: when a filter of the request removes every offer priced in
`options.currency` (exclude_vendors, or a workload's vendors), the 422 names that filter, in
`optimizer.emptied`'s order, not the currency (a tiny catalog; no solve: the refusal comes
from the request's checks)."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from catalog import Catalog, InvalidInput
from optimizer import PlanRequest, make_plan
from tests.tiny import Spec, api_offer, catalog, drawn_instance, forecast


def _eur_and_usd() -> Catalog:
    """A (USD, $2) beside C and D (EUR GPU offers) and E (an EUR API)."""
    tiny = catalog(
        Spec("ua", 2.0, vendor="A"), Spec("ceur", 1.0, vendor="C"), Spec("deur", 1.5, vendor="D")
    )
    offers = tuple(
        o if o.vendor == "A" else msgspec.structs.replace(o, currency="EUR") for o in tiny.offers
    )
    api = msgspec.structs.replace(api_offer(0.5, vendor="E"), currency="EUR")
    return msgspec.structs.replace(tiny, offers=offers, api_offers=(api,))


def _refusal(constraints: dict[str, Any], vendors: list[str] | None = None) -> tuple[str, str]:
    """(field, message) of the one error refusing an EUR plan with `constraints`."""
    workload = {**msgspec.to_builtins(forecast(1000.0).workloads[0]), "vendors": vendors}
    body = {
        "forecast": {**msgspec.to_builtins(forecast(1000.0)), "workloads": [workload]},
        "constraints": constraints,
        "options": {"currency": "EUR"},
    }
    request = msgspec.convert(body, PlanRequest)
    assert request.forecast is not None
    with pytest.raises(InvalidInput) as refused:
        make_plan(_eur_and_usd(), request, request.forecast)
    [error] = refused.value.errors
    return error.field, error.message


def test_exclude_vendors_removing_every_eur_offer_is_named() -> None:
    """exclude_vendors [C, D, E] removes the 3 EUR offers (A's USD offer would serve): the
    refusal names constraints.exclude_vendors, with the vendors they had."""
    assert _refusal({"exclude_vendors": ["C", "D", "E"]}) == (
        "constraints.exclude_vendors",
        "excluding ['c', 'd', 'e'] leaves none of the 3 offer(s) priced in EUR that serve m "
        "1000/100 with the filters before it (they have: C, D, E); offers priced in USD serve it",
    )


def test_a_workload_limited_to_another_currency_s_vendor_is_named() -> None:
    """A workload limited to vendor A (priced in USD): its vendors field is named."""
    field, message = _refusal({}, vendors=["A"])
    assert field == "forecast.workloads[0].vendors"
    assert message.startswith("vendors ['A'] leaves none of the 3 offer(s) priced in EUR")


def test_an_eur_api_left_by_the_filters_is_no_refusal() -> None:
    """exclude_vendors [C, D] leaves E's EUR API: the request is not refused, and E's API is
    what the instance may buy from."""
    body = {
        "forecast": msgspec.to_builtins(forecast(1000.0)),
        "constraints": {"exclude_vendors": ["C", "D"]},
        "options": {"currency": "EUR"},
    }
    instance = drawn_instance(_eur_and_usd(), msgspec.convert(body, PlanRequest))
    assert instance is not None
    assert [a.id for a in instance.api_offers] == ["api-e"]
