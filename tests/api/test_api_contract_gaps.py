"""What the OpenAPI document promised less than the service did: the 304 of a conditional
GET /catalog, and POST /catalog/import-skypilot's CSV body, its media type, its If-Match and
its refusal of a fractional GPU count naming the row."""

from __future__ import annotations

import json

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import integrity
from tests.paths import OPENAPI
from tests.problems import assert_problem, revision

Client = AsyncTestClient[Litestar]
SPEC = json.loads(OPENAPI.read_text())
HEADER = "InstanceType,AcceleratorName,AcceleratorCount,Price,Region\r\n"
ROW = "p5.48xlarge,H100,8,98.32,us-east-1\r\n"
IMPORT = "/catalog/import-skypilot?vendor=AWS&as_of=2026-11-01"
CSV = {"content-type": "text/csv"}


@pytest.mark.asyncio(loop_scope="module")
async def test_a_current_if_none_match_is_a_documented_304(shared_client: Client) -> None:
    """GET /catalog with its own ETag in If-None-Match: 304, no body; the spec lists the 304
    and the header."""
    tag = (await shared_client.get("/catalog")).headers["etag"]
    response = await shared_client.get("/catalog", headers={"If-None-Match": tag})
    assert response.status_code == 304 and response.content == b""
    assert response.headers["etag"] == tag
    operation = SPEC["paths"]["/catalog"]["get"]
    assert "Not Modified" in operation["responses"]["304"]["description"]
    assert "If-None-Match" in [p["name"] for p in operation["parameters"]]


@pytest.mark.asyncio(loop_scope="module")
async def test_an_item_get_honours_if_none_match(shared_client: Client) -> None:
    """Probe 13: GET /catalog/offers/{id} gave an ETag and ignored If-None-Match. Its own
    ETag is now a 304 with no body, another ETag the item; the spec lists the 304."""
    path = "/catalog/offers/nebius-h100-od"
    tag = (await shared_client.get(path)).headers["etag"]
    response = await shared_client.get(path, headers={"If-None-Match": tag})
    assert response.status_code == 304 and response.content == b""
    assert response.headers["etag"] == tag
    for listed in (f"W/{tag}", f'"998", {tag}', "*"):  # weak, in a list, any (review 13)
        again = await shared_client.get(path, headers={"If-None-Match": listed})
        assert again.status_code == 304, listed
    other = await shared_client.get(path, headers={"If-None-Match": '"999"'})
    assert other.status_code == 200 and other.json()["id"] == "nebius-h100-od"
    operation = SPEC["paths"]["/catalog/offers/{item_id}"]["get"]
    assert "Not Modified" in operation["responses"]["304"]["description"]


def test_the_skypilot_import_documents_its_csv_body() -> None:
    """The spec gives the import a required text/csv body, and its 412 and 415."""
    operation = SPEC["paths"]["/catalog/import-skypilot"]["post"]
    assert operation["requestBody"]["required"] is True
    assert list(operation["requestBody"]["content"]) == ["text/csv"]
    assert {"412", "415"} <= set(operation["responses"])
    assert "If-Match" in [p["name"] for p in operation["parameters"]]


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize(
    "content_type", ["application/json", "application/x-www-form-urlencoded", None]
)
@pytest.mark.asyncio(loop_scope="module")
async def test_the_skypilot_import_takes_only_csv(
    shared_client: Client, content_type: str | None
) -> None:
    """JSON, a form (curl's default) or no Content-Type: 415 naming text/csv, nothing stored."""
    before = await revision(shared_client)
    headers = {"content-type": content_type} if content_type else {}
    response = await shared_client.post(IMPORT, content=HEADER + ROW, headers=headers)
    problem = assert_problem(response, 415)
    assert "text/csv" in problem["detail"]
    assert await revision(shared_client) == before


@pytest.mark.asyncio(loop_scope="module")
async def test_the_skypilot_import_honours_if_match(client: Client) -> None:
    """A stale If-Match is a 412 and stores nothing; the current one imports (revision 2)."""
    stale = await client.post(IMPORT, content=HEADER + ROW, headers={**CSV, "If-Match": '"7"'})
    assert_problem(stale, 412)
    assert await revision(client) == 1
    done = await client.post(IMPORT, content=HEADER + ROW, headers={**CSV, "If-Match": '"1"'})
    assert done.status_code == 200, done.text
    assert done.json()["result"]["revision"] == 2


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.asyncio(loop_scope="module")
async def test_a_fractional_accelerator_count_is_named(shared_client: Client) -> None:
    """`AcceleratorCount` 8.5 on the only GPU row: 422 naming the row and the column, not "no
    GPU row maps to a catalog system"."""
    body = HEADER + "p5.48xlarge,H100,8.5,98.32,us-east-1\r\n"
    problem = assert_problem(
        await shared_client.post(IMPORT, content=body, headers=CSV),
        422,
        "skypilot.csv[row 1].AcceleratorCount",
    )
    assert "whole number of GPUs, got 8.5" in problem["detail"]


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.asyncio(loop_scope="module")
async def test_control_characters_in_a_skypilot_import_are_refused(shared_client: Client) -> None:
    """A NUL in a region cell, or an override in `vendor`: 422 naming the cell or parameter."""
    body = HEADER + "p5.48xlarge,H100,8,98.32,us-\x00east-1\r\n"
    nul = await shared_client.post(IMPORT, content=body, headers=CSV)
    assert_problem(nul, 422, "skypilot.csv[row 1].Region")
    vendor = "/catalog/import-skypilot?vendor=%E2%80%AEAWS"
    assert_problem(
        await shared_client.post(vendor, content=HEADER + ROW, headers=CSV), 422, "vendor"
    )


async def test_an_import_past_the_catalogs_offer_limit_is_refused_unstored(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Probe 14b finding 6: one SkyPilot import of 4 MiB made a 50,000-offer catalog whose own
    export the import then refused (413). A write that would hold more than MAX_OFFERS is a
    422 naming `offers`, nothing stored; up to it, stored (the limit made small here)."""
    shipped = (await client.get("/catalog")).json()
    held = len(shipped["offers"]) + len(shipped["api_offers"])
    monkeypatch.setattr(integrity, "MAX_OFFERS", held + 2)  # the shipped ones, and two more
    before = await revision(client)
    rows = "".join(f"p5.{i}xlarge,H100,8,98.32,us-east-{i}\r\n" for i in range(3))
    response = await client.post(IMPORT, content=HEADER + rows, headers=CSV)
    problem = assert_problem(response, 422, "offers")
    assert f"at most {held + 2} offers" in problem["detail"]
    assert f"would make {held + 3}" in problem["detail"]
    assert await revision(client) == before
    response = await client.post(
        IMPORT, content=HEADER + rows[: rows.index("\r\n") + 2], headers=CSV
    )
    assert response.status_code == 200, response.text
    assert await revision(client) == before + 1


async def test_a_catalog_past_the_limit_may_still_be_trimmed(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 14: a catalog already over MAX_OFFERS (made before the limit) refused every
    write, deleting an offer included, which its own error advises. Only a write that adds
    offers is refused past it."""
    shipped = (await client.get("/catalog")).json()
    held = len(shipped["offers"]) + len(shipped["api_offers"])
    monkeypatch.setattr(integrity, "MAX_OFFERS", held - 2)  # already over
    path = "/catalog/offers/lambda-b200-od"
    tag = (await client.get(path)).headers["etag"]
    response = await client.delete(path, headers={"If-Match": tag})
    assert response.status_code == 204, response.text
    rows = HEADER + "p5.48xlarge,H100,8,98.32,us-east-1\r\n"
    assert_problem(await client.post(IMPORT, content=rows, headers=CSV), 422, "offers")
