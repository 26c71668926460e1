"""Per-token API offers through the catalog routes: created, read, listed, replaced (even into a
GPU offer and back), deleted, imported, refused when hostile, and in the OpenAPI as a oneOf."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.bodies import NEW_OFFER
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]

API_OFFER: dict[str, Any] = {
    "kind": "api",
    "id": "acme-r1-api",
    "vendor": "Acme",
    "model": "deepseek-r1-0528",
    "price_per_million_input_tokens": 0.4,
    "price_per_million_output_tokens": 1.6,
    "max_tokens_per_minute": 6_000_000,
    "price_basis": "quote",
    "source": "test quote",
    "as_of": "2026-11-01",
}


async def test_an_api_offer_lives_at_the_offer_routes(client: Client) -> None:
    """POST 201 with Location; GET reads it with its kind; the list has it beside GPU offers;
    PUT with If-Match replaces it; DELETE removes it (404 after)."""
    created = await client.post("/catalog/offers", json=API_OFFER)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/catalog/offers/acme-r1-api"
    assert created.json()["kind"] == "api"
    tag = created.headers["etag"]

    read = await client.get("/catalog/offers/acme-r1-api")
    assert read.status_code == 200 and read.headers["etag"] == tag
    assert read.json()["price_per_million_output_tokens"] == 1.6

    listed = (await client.get("/catalog/offers", params={"vendor": "acme"})).json()["items"]
    assert [o["id"] for o in listed] == ["acme-r1-api"]
    everything = (await client.get("/catalog/offers")).json()["items"]
    kinds = {o["kind"] for o in everything}
    assert "api" in kinds and "on_demand" in kinds
    assert sum(o["kind"] == "api" for o in everything) == 29  # 28 shipped + this one
    by_model = (await client.get("/catalog/offers", params={"model": "gpt-oss-120b"})).json()
    assert any(o["id"] == "deepinfra-gpt-oss-120b" for o in by_model["items"])
    by_system = (await client.get("/catalog/offers", params={"system": "hgx-h100"})).json()
    assert all(o["kind"] != "api" for o in by_system["items"])

    catalog = (await client.get("/catalog")).json()
    assert any(o["id"] == "acme-r1-api" for o in catalog["api_offers"])
    assert all(o["id"] != "acme-r1-api" for o in catalog["offers"])

    cheaper = {**API_OFFER, "price_per_million_output_tokens": 1.2}
    replaced = await client.put(
        "/catalog/offers/acme-r1-api", json=cheaper, headers={"If-Match": tag}
    )
    assert replaced.status_code == 200, replaced.text
    new_tag = replaced.headers["etag"]
    gone = await client.delete("/catalog/offers/acme-r1-api", headers={"If-Match": new_tag})
    assert gone.status_code == 204
    assert_problem(await client.get("/catalog/offers/acme-r1-api"), 404)


async def test_an_offer_id_is_one_space_for_gpu_and_api_offers(client: Client) -> None:
    """An API offer cannot take a GPU offer's id (409); a PUT may turn a GPU offer into an API
    offer, and the GPU list no longer has it."""
    taken = await client.post("/catalog/offers", json={**API_OFFER, "id": "nebius-h100-od"})
    assert_problem(taken, 409)
    gpu = await client.post("/catalog/offers", json=NEW_OFFER)
    assert gpu.status_code == 201
    turned = await client.put(
        f"/catalog/offers/{NEW_OFFER['id']}",
        json={**API_OFFER, "id": NEW_OFFER["id"]},
        headers={"If-Match": gpu.headers["etag"]},
    )
    assert turned.status_code == 200, turned.text
    catalog = (await client.get("/catalog")).json()
    assert NEW_OFFER["id"] in {o["id"] for o in catalog["api_offers"]}
    assert NEW_OFFER["id"] not in {o["id"] for o in catalog["offers"]}


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"price_per_million_input_tokens": 1e308}, "price_per_million_input_tokens"),
        ({"price_per_million_output_tokens": -1}, "price_per_million_output_tokens"),
        ({"max_tokens_per_minute": 0}, "max_tokens_per_minute"),
        ({"interactivity": 1e300}, "interactivity"),
        ({"system_id": "hgx-h100"}, "system_id"),
        ({"regions": ["eu"] * 101}, "regions"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_hostile_api_offers_are_refused_naming_the_field(
    shared_client: Client, change: dict[str, Any], field: str
) -> None:
    """1e308, negatives, a zero rate limit, GPU fields and huge lists are 422s naming the
    field, and nothing is stored."""
    response = await shared_client.post("/catalog/offers", json={**API_OFFER, **change})
    assert_problem(response, 422, field)
    assert_problem(await shared_client.get("/catalog/offers/acme-r1-api"), 404)


async def test_json_import_takes_api_offers(client: Client) -> None:
    """POST /catalog/import with `api_offers` creates them in one revision."""
    response = await client.post("/catalog/import", json={"api_offers": [API_OFFER]})
    assert response.status_code == 200, response.text
    assert response.json()["created"] == ["api_offers/acme-r1-api"]
    assert (await client.get("/catalog/offers/acme-r1-api")).json()["kind"] == "api"


@pytest.mark.one_store  # the OpenAPI is the app's, whichever store it opens
async def test_the_openapi_documents_the_offer_union(client: Client) -> None:
    """The offer routes take and give `AnyOffer`: a oneOf of Offer and ApiOffer discriminated by
    `kind`."""
    document = (await client.get("/schema/openapi.json")).json()
    union = document["components"]["schemas"]["AnyOffer"]
    assert [s["$ref"].rsplit("/", 1)[1] for s in union["oneOf"]] == ["Offer", "ApiOffer"]
    assert union["discriminator"]["propertyName"] == "kind"
    assert union["discriminator"]["mapping"]["api"].endswith("/ApiOffer")
    put = document["paths"]["/catalog/offers/{item_id}"]["put"]
    schema = put["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/AnyOffer"}


async def test_the_api_offers_csv_exports_and_imports(client: Client) -> None:
    """GET /catalog/api_offers.csv is the FOCUS per-token file (a download); POSTed back as
    text/csv it changes nothing; with an edited price it updates that one offer."""
    response = await client.get("/catalog/api_offers.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    text = response.text
    assert text.count("1000000 Tokens") == 56
    same = await client.post("/catalog/import", content=text, headers={"content-type": "text/csv"})
    assert same.status_code == 200, same.text
    assert same.json()["unchanged"] == 28 and same.json()["revision"] == 1
    edited = text.replace("Output Tokens,2.4,", "Output Tokens,2.2,", 1)  # Nebius R1
    read_at = {"content-type": "text/csv", "If-Match": response.headers["etag"]}
    changed = await client.post("/catalog/import", content=edited, headers=read_at)
    assert changed.json()["updated"] == ["api_offers/nebius-deepseek-r1-0528"]
    offer = (await client.get("/catalog/offers/nebius-deepseek-r1-0528")).json()
    assert offer["price_per_million_output_tokens"] == 2.2


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
async def test_a_hostile_api_offers_csv_is_a_problem_naming_the_cell(client: Client) -> None:
    """An infinite price in the CSV is a 422 naming row and column; nothing is stored."""
    text = (await client.get("/catalog/api_offers.csv")).text
    hostile = text.replace("Input Tokens,0.1,", "Input Tokens,inf,", 1)
    response = await client.post(
        "/catalog/import", content=hostile, headers={"content-type": "text/csv"}
    )
    assert_problem(response, 422, "api_offers.csv[row 1].ListUnitPrice")
    assert (await client.get("/health")).json()["catalog_revision"] == 1


@pytest.mark.one_store  # a refusal: the same whichever store is behind it
async def test_an_api_offers_own_rule_is_the_error_reported(client: Client) -> None:
    """Both prices 0 breaks the API offer's own rule: the 422 says so, and names no `kind`
    (the tag that picks the type is no unknown field)."""
    free = {**API_OFFER, "price_per_million_input_tokens": 0, "price_per_million_output_tokens": 0}
    problem = assert_problem(await client.post("/catalog/offers", json=free), 422)
    assert [e["field"] for e in problem["errors"]] == ["(body)"]
    assert "needs a price" in problem["errors"][0]["message"]
    negative = {**API_OFFER, "price_per_million_input_tokens": -1}
    problem = assert_problem(await client.post("/catalog/offers", json=negative), 422)
    assert [e["field"] for e in problem["errors"]] == ["price_per_million_input_tokens"]
