"""The rankings page's crossover takes the page's `currency` (probe 8, finding 8: with an EUR
offer in the catalog the crossover was built without it and refused, so the page silently
showed none)."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.bodies import EUR_API

Client = AsyncTestClient[Litestar]
QUERY = "model=deepseek-r1-0528&isl=8192&osl=1024&interactivity=150&trust_api_latency=true"


@pytest.mark.one_store  # a page drawn from the catalog, whichever store keeps it
async def test_the_rankings_page_crosses_in_its_currency(client: Client) -> None:
    """With an EUR API offer stored, /rankings.html?currency=USD draws the USD crossover
    (Lambda's API against the GB300 rack), and currency=EUR the EUR API's, in EUR."""
    created = await client.post("/catalog/offers", json=EUR_API)
    assert created.status_code == 201, created.text
    usd = await client.get(f"/rankings.html?{QUERY}&currency=USD")
    assert usd.status_code == 200
    assert "Build or buy" in usd.text and "buy: lambda-deepseek-r1-0528" in usd.text
    assert "buy: y6-eur" not in usd.text
    eur = await client.get(f"/rankings.html?{QUERY}&currency=EUR")
    assert eur.status_code == 200
    assert "Build or buy" in eur.text and "buy: y6-eur" in eur.text
