"""Creating POSTs honour the request's preconditions: `If-Match` on POST /catalog/{kind} (412
when stale, as PUT, DELETE and the import answer)."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.bodies import NEW_OFFER
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]


@pytest.mark.asyncio(loop_scope="module")
async def test_a_create_behind_the_catalog_is_412_and_stores_nothing(client: Client) -> None:
    """POST /catalog/offers with If-Match naming an old or unknown revision is a 412 that
    says the catalog's revision, and writes no revision; the current one creates (201)."""
    moved = await client.post("/catalog/offers", json={**NEW_OFFER, "id": "acme-h100-b"})
    assert moved.headers["etag"] == '"2"', moved.text
    for stale in ('"1"', '"999"'):
        refused = await client.post("/catalog/offers", json=NEW_OFFER, headers={"If-Match": stale})
        assert "the catalog is at 2" in assert_problem(refused, 412)["detail"]
    assert (await client.get("/catalog")).json()["revision"] == 2
    assert_problem(await client.get(f"/catalog/offers/{NEW_OFFER['id']}"), 404)
    created = await client.post("/catalog/offers", json=NEW_OFFER, headers={"If-Match": '"2"'})
    assert created.status_code == 201, created.text
    assert created.headers["etag"] == '"3"'


@pytest.mark.asyncio(loop_scope="module")
async def test_a_stale_if_match_wins_over_exists(client: Client) -> None:
    """A create of an item that exists, under a stale If-Match, is the 412 (the precondition
    is evaluated first), not the 409."""
    await client.post("/catalog/offers", json=NEW_OFFER)
    again = await client.post("/catalog/offers", json=NEW_OFFER, headers={"If-Match": '"1"'})
    assert_problem(again, 412)
