"""Per-token API offers: the Struct, the kind that tells them from GPU offers, the blended
price, hostile numbers, old catalogs, and the shipped rows."""

from __future__ import annotations

import math
from typing import Any

import msgspec
import pytest

from catalog import Catalog, Offer, default_catalog
from catalog.api_offer import ApiOffer, blended_price
from catalog.offer_kinds import decode_offer


def _doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "kind": "api",
        "id": "deepinfra-deepseek-r1-0528",
        "vendor": "DeepInfra",
        "model": "deepseek-r1-0528",
        "price_per_million_input_tokens": 0.5,
        "price_per_million_output_tokens": 2.15,
        "price_basis": "estimate",
        "source": "test",
        "as_of": "2026-07-24",
    }
    doc.update(changes)
    return doc


def test_blended_price_weights_input_and_output_by_the_request_shape() -> None:
    """DeepSeek-R1 at $0.50 in / $2.15 out, 8192:1024: (8192 * 0.5 + 1024 * 2.15) / 9216 =
    $0.68333 per million total tokens."""
    offer = msgspec.convert(_doc(), ApiOffer)
    assert offer.blended_price(8192, 1024) == pytest.approx(6297.6 / 9216)
    assert round(offer.blended_price(8192, 1024), 4) == 0.6833
    assert blended_price(1.0, 3.0, 1, 1) == 2.0


def test_decode_offer_reads_the_kind_first() -> None:
    """`kind: api` decodes as an ApiOffer (encoded back with its tag); a GPU kind as an Offer."""
    api = decode_offer(_doc())
    assert isinstance(api, ApiOffer)
    assert api.kind == "api"
    assert msgspec.json.decode(msgspec.json.encode(api))["kind"] == "api"
    gpu = decode_offer(msgspec.to_builtins(default_catalog().offers[0]))
    assert isinstance(gpu, Offer)


def test_an_api_offer_refuses_per_gpu_fields() -> None:
    """An API offer has no system, power or units: `system_id` is an unknown field."""
    with pytest.raises(msgspec.ValidationError, match="system_id"):
        decode_offer(_doc(system_id="hgx-h100"))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("price_per_million_input_tokens", math.inf),
        ("price_per_million_input_tokens", math.nan),
        ("price_per_million_output_tokens", 1e308),
        ("price_per_million_output_tokens", -0.01),
        ("max_tokens_per_minute", 0),
        ("max_tokens_per_minute", 1e308),
        ("interactivity", -5),
        ("ttft_ms", math.inf),
    ],
)
def test_hostile_numbers_are_refused_naming_the_field(field: str, value: float) -> None:
    """inf, NaN, 1e308, negatives and zero rate limits are validation errors on the field."""
    with pytest.raises(msgspec.ValidationError, match=field):
        msgspec.convert(_doc(**{field: value}), ApiOffer)


def test_an_api_offer_with_no_price_at_all_is_refused() -> None:
    """$0 in and $0 out is not a price: the message says so."""
    with pytest.raises(msgspec.ValidationError, match="both 0"):
        msgspec.convert(
            _doc(price_per_million_input_tokens=0, price_per_million_output_tokens=0), ApiOffer
        )


def test_a_catalog_stored_before_api_offers_still_decodes() -> None:
    """A catalog document without `api_offers` reads back with none."""
    doc = msgspec.to_builtins(default_catalog())
    del doc["api_offers"]
    assert msgspec.convert(doc, Catalog).api_offers == ()


def test_the_shipped_api_offers_keep_sources_and_state_no_invented_latency() -> None:
    """All 28 rows of api_offers.csv ship; `list` only where the source names the provider's
    own page (12 rows), `estimate` otherwise; no rate limit or speed is invented."""
    offers = default_catalog().api_offers
    assert len(offers) == 28
    assert sum(o.price_basis == "list" for o in offers) == 12
    for offer in offers:
        assert offer.source and offer.as_of.year == 2026
        assert (offer.price_basis == "list") == ("https://" in offer.source)
        assert offer.interactivity is None and offer.ttft_ms is None
        assert offer.max_tokens_per_minute is None
    deepinfra = default_catalog().api_offer("deepinfra-deepseek-r1-0528")
    assert deepinfra is not None and deepinfra.price_per_million_output_tokens == 2.15
