"""Tokens bought from an API split into input and output meters at list prices: the split is
the workload's isl:osl, read back from the blended price, and the meters cost what the
purchase did."""

from __future__ import annotations

import pytest

from catalog import default_catalog
from catalog.api_offer import ApiOffer
from optimizer.plan import ApiPurchase
from service.reports.token_meters import meters


def _offer(offer_id: str) -> ApiOffer:
    offer = default_catalog().api_offer(offer_id)
    assert offer is not None
    return offer


def _bought(offer: ApiOffer, millions: float, isl: int, osl: int) -> ApiPurchase:
    price = offer.blended_price(isl, osl)
    return ApiPurchase(
        offer_id=offer.id,
        vendor=offer.vendor,
        workload_id=f"w{isl}",
        tokens_per_second=millions / 2.628,
        million_tokens=millions,
        price_per_million_tokens=price,
        cost=millions * price,
    )


def test_two_shapes_split_into_input_and_output_at_list_prices() -> None:
    """Lambda's R1 at $0.20 in and $0.60 out: 9,216 M tokens at 8192:1024 and 2,000 M at
    1000:1000 are 8,192 + 1,000 M input and 1,024 + 1,000 M output, costing the purchases'
    total."""
    offer = _offer("lambda-deepseek-r1-0528")
    bought = [_bought(offer, 9216, 8192, 1024), _bought(offer, 2000, 1000, 1000)]
    (inputs, outputs) = meters(offer, bought)
    assert inputs.name == "Input Tokens" and inputs.price_per_million == 0.2
    assert outputs.name == "Output Tokens" and outputs.price_per_million == 0.6
    assert inputs.million_tokens == pytest.approx(9192, abs=1e-6)
    assert outputs.million_tokens == pytest.approx(2024, abs=1e-6)
    cost = sum(m.million_tokens * m.price_per_million for m in (inputs, outputs))
    assert cost == pytest.approx(sum(p.cost for p in bought), abs=1e-6)


def test_one_price_for_both_is_one_meter() -> None:
    """Together's Llama 3.3 70B at $0.88 in and out bills one meter for all its tokens."""
    offer = _offer("together-ai-llama-3-3-70b-instruct-turbo")
    (both,) = meters(offer, [_bought(offer, 500, 2048, 256)])
    assert both == ("Input and Output Tokens", 500, 0.88)
