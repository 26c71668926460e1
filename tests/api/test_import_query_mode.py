"""Probe 11 finding 9: `POST /catalog/import?mode=replace` with a JSON body merged (the body's
default mode won); the query's mode now applies when the body states none, and a body stating
the other mode is refused naming `mode`."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.bodies import NEW_OFFER
from tests.problems import assert_problem, revision

Client = AsyncTestClient[Litestar]
# The mode is read by the controller before any store sees the import.
pytestmark = pytest.mark.one_store


async def test_query_replace_with_a_json_body_replaces(client: Client) -> None:
    """?mode=replace with one offer and no `mode` in the body: the 29 shipped GPU offers are
    deleted and the sent one is the only GPU offer left."""
    replaced = await client.post(
        "/catalog/import",
        params={"mode": "replace"},
        json={"offers": [NEW_OFFER]},
        headers={"If-Match": '"1"'},
    )
    assert replaced.status_code == 200, replaced.text
    assert len(replaced.json()["deleted"]) == 29
    assert [o["id"] for o in (await client.get("/catalog")).json()["offers"]] == ["acme-h100"]


async def test_a_body_mode_the_query_contradicts_is_refused(client: Client) -> None:
    """?mode=replace with `"mode": "merge"` in the body: 422 naming `mode`, nothing stored;
    the same mode in both is accepted."""
    body = {"offers": [NEW_OFFER], "mode": "merge"}
    refused = await client.post("/catalog/import", params={"mode": "replace"}, json=body)
    problem = assert_problem(refused, 422, "mode")
    assert problem["errors"][0]["message"] == (
        "?mode=replace and the body's mode 'merge' disagree: give the mode once, or the same "
        "in both"
    )
    assert await revision(client) == 1
    agreed = await client.post("/catalog/import", params={"mode": "merge"}, json=body)
    assert agreed.status_code == 200 and agreed.json()["created"] == ["offers/acme-h100"]
