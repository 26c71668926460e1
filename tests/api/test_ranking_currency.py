"""Review finding 2 (rankings): a ranking compares offers in one currency; a catalog whose
eligible offers span EUR and USD asks for `currency` (a 422 naming it), and the tables'
headings are in the chosen currency's code, not "$"."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.bodies import NEW_OFFER
from tests.problems import assert_problem

# One store: what is checked is how rankings treat currencies; storing an offer on
# PostgreSQL is test_api_catalog's.
pytestmark = pytest.mark.one_store

Client = AsyncTestClient[Litestar]
R1 = {"model": "deepseek-r1-0528", "isl": 8192, "osl": 1024, "slo": {"min_interactivity": 150}}
PAGE = {"model": "deepseek-r1-0528", "isl": 8192, "osl": 1024, "interactivity": 150}


async def _add_eur_offer(client: Client) -> dict[str, Any]:
    """An on-demand EUR offer on the system of the cheapest eligible USD rental."""
    ranked = (await client.post("/rankings", json={"workload": R1})).json()
    rented = next(o for o in ranked["offers"] if o["eligible"] and o["kind"] == "on_demand")
    offer = NEW_OFFER | {"id": "euro-rent", "currency": "EUR", "system_id": rented["system_id"]}
    created = await client.post("/catalog/offers", json=offer)
    assert created.status_code == 201, created.text
    return offer


async def test_a_one_currency_catalog_ranks_in_its_currency(client: Client) -> None:
    """The shipped catalog is all USD: the ranking says USD, and the page's headings read
    USD/GPU-h and USD/M tokens, never $."""
    body = (await client.post("/rankings", json={"workload": R1})).json()
    assert body["currency"] == "USD"
    page = (await client.get("/rankings.html", params=PAGE)).text
    assert "USD/GPU-h" in page and "USD/M tokens" in page and "$/" not in page


async def test_mixed_currencies_need_a_currency_and_rank_within_it(client: Client) -> None:
    """With a EUR offer beside the USD ones, POST /rankings and /rankings.html without
    `currency` are 422 naming it and listing both; with EUR only the EUR offer is eligible
    (the USD GPU and API offers say why not) and the headings read EUR; with USD the EUR
    offer is left out."""
    offer = await _add_eur_offer(client)
    problem = assert_problem(await client.post("/rankings", json={"workload": R1}), 422, "currency")
    assert "EUR, USD" in problem["detail"]
    assert_problem(await client.get("/rankings.html", params=PAGE), 422, "currency")

    eur = (await client.post("/rankings", json={"workload": R1, "currency": "EUR"})).json()
    assert eur["currency"] == "EUR"
    assert [o["offer_id"] for o in eur["offers"] if o["eligible"]] == [offer["id"]]
    usd_gpu = next(o for o in eur["offers"] if o["currency"] == "USD")
    assert usd_gpu["reason"].startswith("priced in USD, not EUR")
    assert eur["api_offers"] and not any(a["eligible"] for a in eur["api_offers"])
    page = (await client.get("/rankings.html", params=PAGE | {"currency": "EUR"})).text
    assert "EUR/GPU-h" in page and "EUR/M tokens" in page and "USD/GPU-h" not in page

    usd = (await client.post("/rankings", json={"workload": R1, "currency": "USD"})).json()
    assert all(o["currency"] == "USD" for o in usd["offers"] if o["eligible"])
    left_out = next(o for o in usd["offers"] if o["offer_id"] == offer["id"])
    assert not left_out["eligible"] and left_out["reason"].startswith("priced in EUR, not USD")
    assert_problem(
        await client.post("/rankings", json={"workload": R1, "currency": "euro"}), 422, "currency"
    )
