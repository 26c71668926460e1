"""The catalog API: every route, its headers, and every kind of bad input refused unstored."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import default_catalog
from service.config import Settings
from tests.apps import fresh_app
from tests.bodies import NEW_OFFER
from tests.problems import assert_problem, revision

Client = AsyncTestClient[Litestar]


@pytest.mark.asyncio(loop_scope="module")
async def test_health(shared_client: Client) -> None:
    """GET /health says ok and the seeded revision."""
    response = await shared_client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "catalog_revision": 1}


@pytest.mark.asyncio(loop_scope="module")
async def test_catalog_returns_every_row_with_its_source(shared_client: Client) -> None:
    """GET /catalog is the whole shipped catalog, every item with its source, and an ETag."""
    response = await shared_client.get("/catalog")
    assert response.status_code == 200
    assert response.headers["etag"] == '"1"'
    body = response.json()
    default = default_catalog()
    assert len(body["offers"]) == len(default.offers) == 29
    assert len(body["systems"]) == 9
    assert sum(len(p["points"]) for p in body["profiles"]) == 526
    assert all(o["source"] and o["as_of"] for o in body["offers"])
    assert all(s["source"] for s in body["systems"])
    assert "on-prem/own-dc" in body["sites"]
    again = await shared_client.get("/catalog", headers={"If-None-Match": '"1"'})
    assert again.status_code == 304


async def test_create_read_replace_delete_an_offer(client: Client) -> None:
    """The life of an offer: 201 with Location and ETag, If-Match writes, 404 after delete,
    and every past revision still reads as it was."""
    created = await client.post("/catalog/offers", json=NEW_OFFER)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/catalog/offers/acme-h100"
    assert created.headers["etag"] == '"2"'
    assert created.json()["site"] == "acme/us"

    read = await client.get("/catalog/offers/acme-h100")
    assert read.status_code == 200 and read.headers["etag"] == '"2"'

    cheaper = {**NEW_OFFER, "price_per_gpu_hour": 2.25}
    stale = await client.put("/catalog/offers/acme-h100", json=cheaper, headers={"If-Match": '"1"'})
    assert_problem(stale, 412)
    missing = await client.put("/catalog/offers/acme-h100", json=cheaper)
    assert_problem(missing, 428)
    replaced = await client.put(
        "/catalog/offers/acme-h100", json=cheaper, headers={"If-Match": '"2"'}
    )
    assert replaced.status_code == 200 and replaced.headers["etag"] == '"3"'

    deleted = await client.delete("/catalog/offers/acme-h100", headers={"If-Match": '"3"'})
    assert deleted.status_code == 204
    assert_problem(await client.get("/catalog/offers/acme-h100"), 404)

    old = await client.get("/catalog/offers/acme-h100", params={"revision": 2})
    assert old.json()["price_per_gpu_hour"] == 2.5
    assert (await client.get("/catalog", params={"revision": 1})).json()["revision"] == 1
    assert_problem(await client.get("/catalog", params={"revision": 99}), 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW_OFFER, "price_per_gpu_hour": "cheap"}, "price_per_gpu_hour"),
        ({k: v for k, v in NEW_OFFER.items() if k != "vendor"}, "vendor"),
        ({**NEW_OFFER, "colour": "blue"}, "colour"),
        ({**NEW_OFFER, "price_per_gpu_hour": -1}, "price_per_gpu_hour"),
        ({**NEW_OFFER, "system_id": "hgx-z900"}, "offers[acme-h100].system_id"),
        ({**NEW_OFFER, "as_of": "last week"}, "as_of"),
        ({**NEW_OFFER, "min_units": 1_000_000_000}, "min_units"),  # probe 18a F6
        ([NEW_OFFER], "(body)"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_bad_offers_are_refused_and_nothing_is_stored(
    shared_client: Client, body: Any, field: str
) -> None:
    """Wrong type, missing field, unknown field, negative price, unknown system, bad date:
    a 422 problem naming the field, and the catalog revision does not move."""
    before = await revision(shared_client)
    problem = assert_problem(await shared_client.post("/catalog/offers", json=body), 422, field)
    assert problem["errors"][0]["message"]
    assert await revision(shared_client) == before


@pytest.mark.asyncio(loop_scope="module")
async def test_negative_price_says_what_it_got(shared_client: Client) -> None:
    """The message says what was wanted and what came."""
    response = await shared_client.post(
        "/catalog/offers", json={**NEW_OFFER, "price_per_gpu_hour": -1}
    )
    error = response.json()["errors"][0]
    assert error == {"field": "price_per_gpu_hour", "message": "Expected `float` > 0.0, got -1"}


@pytest.mark.asyncio(loop_scope="module")
async def test_malformed_json_is_a_problem(shared_client: Client) -> None:
    """A body that is not JSON is a 400 problem, not a crash."""
    response = await shared_client.post(
        "/catalog/offers", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert_problem(response, 400)


@pytest.mark.asyncio(loop_scope="module")
async def test_duplicate_create_is_a_conflict(shared_client: Client) -> None:
    """POSTing an id that exists is a 409 that points at PUT."""
    body = {**NEW_OFFER, "id": "lambda-h100-od", "vendor": "Lambda"}
    problem = assert_problem(await shared_client.post("/catalog/offers", json=body), 409)
    assert "PUT" in problem["detail"]


@pytest.mark.asyncio(loop_scope="module")
async def test_put_body_id_must_match_path(shared_client: Client) -> None:
    """PUT /catalog/offers/a with id b is refused naming `id`."""
    response = await shared_client.put(
        "/catalog/offers/lambda-h100-od", json=NEW_OFFER, headers={"If-Match": '"1"'}
    )
    assert_problem(response, 422, "id")


@pytest.mark.asyncio(loop_scope="module")
async def test_put_unknown_item_is_404(shared_client: Client) -> None:
    """Replacing what does not exist is a 404."""
    response = await shared_client.put(
        "/catalog/offers/acme-h100", json=NEW_OFFER, headers={"If-Match": '"1"'}
    )
    assert_problem(response, 404)


@pytest.mark.asyncio(loop_scope="module")
async def test_deleting_a_referenced_system_lists_the_references(shared_client: Client) -> None:
    """A system still named by offers and profiles cannot go: 409 with the references."""
    response = await shared_client.delete(
        "/catalog/systems/gb300-nvl72", headers={"If-Match": '"1"'}
    )
    problem = assert_problem(response, 409)
    assert "offers/onprem-gb300" in problem["references"]
    assert "profiles/gb300-nvl72_deepseek-r1-0528_8192-1024_fp4" in problem["references"]
    assert await revision(shared_client) == 1


@pytest.mark.asyncio(loop_scope="module")
async def test_list_filters(shared_client: Client) -> None:
    """vendor, system and model filter the lists (Nebius: 5 GPU offers and 2 API offers)."""
    offers = (await shared_client.get("/catalog/offers", params={"vendor": "nebius"})).json()[
        "items"
    ]
    assert {o["vendor"] for o in offers} == {"Nebius"} and len(offers) == 5 + 2
    assert sum(o["kind"] == "api" for o in offers) == 2
    profiles = await shared_client.get("/catalog/profiles", params={"model": "gpt-oss-120b"})
    assert {p["model"] for p in profiles.json()["items"]} == {"gpt-oss-120b"}
    systems = await shared_client.get("/catalog/systems", params={"model": "llama-3.3-70b"})
    assert {s["id"] for s in systems.json()["items"]} == {"hgx-h100", "hgx-b200"}


async def test_offers_csv_round_trips_through_the_import(client: Client) -> None:
    """The exported CSV imports back as no change at all."""
    exported = await client.get("/catalog/offers.csv")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    response = await client.post(
        "/catalog/import", content=exported.text, headers={"content-type": "text/csv"}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "revision": 1,
        "created": [],
        "updated": [],
        "deleted": [],
        "unchanged": 29,
    }


async def test_csv_import_changes_a_price(client: Client) -> None:
    """Editing one contracted price in the CSV updates that offer only, in a new revision; the
    list price beside it is kept as the offer's list price."""
    exported = await client.get("/catalog/offers.csv")
    text = exported.text.replace(",6.155,6.155,", ",6.155,5.9,")
    read_at = {"content-type": "text/csv", "If-Match": exported.headers["etag"]}
    response = await client.post("/catalog/import", content=text, headers=read_at)
    assert response.json()["updated"] == ["offers/coreweave-h100-od"]
    offer = (await client.get("/catalog/offers/coreweave-h100-od")).json()
    assert offer["price_per_gpu_hour"] == 5.9 and offer["list_price_per_gpu_hour"] == 6.155


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda t: t.replace(",6.155,", ",six,"), "].ListUnitPrice"),
        (lambda t: t.replace(",Standard,", ",Bargain,", 1), "].PricingCategory"),
        (lambda t: t.replace("SkuId", "Sku"), "offers.csv.Sku"),
        (lambda t: t.replace(",2026-09-20,", ",soon,", 1), "].SkuPriceEffectiveStart"),
        (lambda t: t + 'broken,"unterminated\r\n', "offers.csv[row 30]"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_malformed_csv_is_refused_and_nothing_is_stored(
    shared_client: Client, mutate: Any, field: str
) -> None:
    """A bad cell, an unknown column or a broken row: 422 naming it, no new revision."""
    text = mutate((await shared_client.get("/catalog/offers.csv")).text)
    response = await shared_client.post(
        "/catalog/import", content=text, headers={"content-type": "text/csv"}
    )
    problem = assert_problem(response, 422)
    assert any(field in e["field"] for e in problem["errors"]), problem
    assert await revision(shared_client) == 1


async def test_json_import_merge_and_replace(client: Client) -> None:
    """merge adds; replace makes the kind exactly what was sent (references permitting)."""
    merged = await client.post("/catalog/import", json={"offers": [NEW_OFFER]})
    assert merged.json()["created"] == ["offers/acme-h100"]
    read = await client.get("/catalog")
    keep = [o for o in read.json()["offers"] if o["vendor"] in ("Acme", "On-prem")]
    replaced = await client.post(
        "/catalog/import",
        json={"offers": keep, "mode": "replace"},
        headers={"If-Match": read.headers["etag"]},
    )
    body = replaced.json()
    assert len(body["deleted"]) == 29 - 6
    assert body["revision"] == 3
    # The GPU offers are exactly those sent; the 28 API offers are another kind, untouched.
    assert len((await client.get("/catalog/offers")).json()["items"]) == 7 + 28
    assert len((await client.get("/catalog")).json()["offers"]) == 7
    stale = await client.post(
        "/catalog/import", json={"offers": [NEW_OFFER]}, headers={"If-Match": '"1"'}
    )
    assert_problem(stale, 412)


async def test_json_import_with_an_unknown_system_stores_nothing(client: Client) -> None:
    """All or nothing: one bad reference refuses the whole import."""
    bad = {**NEW_OFFER, "id": "acme-z", "system_id": "nope"}
    response = await client.post("/catalog/import", json={"offers": [NEW_OFFER, bad]})
    assert_problem(response, 422, "offers[acme-z].system_id")
    assert await revision(client) == 1


async def test_edits_survive_a_restart(db_path: str) -> None:
    """A new process on the same file sees the edits and the old revisions."""
    async with AsyncTestClient(app=fresh_app(Settings(db_path=db_path))) as first:
        await first.post("/catalog/offers", json=NEW_OFFER)
    async with AsyncTestClient(app=fresh_app(Settings(db_path=db_path))) as second:
        assert (await second.get("/health")).json()["catalog_revision"] == 2
        assert (await second.get("/catalog/offers/acme-h100")).status_code == 200
        old = await second.get("/catalog", params={"revision": 1})
        assert "acme-h100" not in {o["id"] for o in old.json()["offers"]}


async def test_api_keys_guard_writes(db_path: str) -> None:
    """With TOKENPLAN_API_KEYS set: 401 without a key, 403 with a wrong one, reads open."""
    app = fresh_app(Settings(db_path=db_path, api_keys=frozenset({"s3cret"})))
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/catalog/offers")).status_code == 200
        assert_problem(await client.post("/catalog/offers", json=NEW_OFFER), 401)
        wrong = await client.post(
            "/catalog/offers", json=NEW_OFFER, headers={"Authorization": "Bearer nope"}
        )
        assert_problem(wrong, 403)
        csv_wrong = await client.post(
            "/catalog/import", content="x", headers={"content-type": "text/csv"}
        )
        assert_problem(csv_wrong, 401)
        right = await client.post(
            "/catalog/offers", json=NEW_OFFER, headers={"X-API-Key": "s3cret"}
        )
        assert right.status_code == 201


NEW_SYSTEM: dict[str, Any] = {
    "id": "hgx-x100",
    "name": "HGX X100 (8x X100)",
    "accelerator": "X100",
    "maker": "NVIDIA",
    "power_kw_per_gpu": 2.4,
    "scale_up_gpus": 8,
    "memory_gb_per_gpu": 192,
    "peak_tflops": {"fp8": 6000, "fp4": 12000},
    "source": "vendor datasheet, 2026-11",
}
NEW_PROFILE: dict[str, Any] = {
    "id": "hgx-x100_deepseek-r1-0528_8192-1024_fp4",
    "system_id": "hgx-x100",
    "model": "deepseek-r1-0528",
    "isl": 8192,
    "osl": 1024,
    "precision": "fp4",
    "points": [
        {
            "interactivity": 50,
            "throughput_per_gpu": 9000,
            "deployment": "trt TP8",
            "basis": "vendor_claim",
            "source": "vendor deck",
            "measured_on": "2026-11-01",
        },
        {
            "interactivity": 200,
            "throughput_per_gpu": 1500,
            "deployment": "trt TP8",
            "basis": "vendor_claim",
            "source": "vendor deck",
            "measured_on": "2026-11-01",
        },
    ],
}


async def test_systems_and_profiles_life_cycle(client: Client) -> None:
    """A new system, its profile and an offer on it; the profile makes the offer quotable; the
    system cannot go while referenced, and can once the references are gone."""
    assert (await client.post("/catalog/systems", json=NEW_SYSTEM)).status_code == 201
    assert (await client.post("/catalog/profiles", json=NEW_PROFILE)).status_code == 201
    offer = {**NEW_OFFER, "id": "acme-x100", "system_id": "hgx-x100"}
    assert (await client.post("/catalog/offers", json=offer)).status_code == 201
    quote = await client.post(
        "/quotes",
        json={
            "offer": "acme-x100",
            "workload": {
                "model": "deepseek-r1-0528",
                "isl": 8192,
                "osl": 1024,
                "slo": {"min_interactivity": 125},
            },
        },
    )
    assert quote.json()["throughput_per_gpu"] == pytest.approx(5250)
    refused = await client.delete("/catalog/systems/hgx-x100", headers={"If-Match": '"2"'})
    assert_problem(refused, 409)
    assert (
        await client.delete("/catalog/offers/acme-x100", headers={"If-Match": '"4"'})
    ).status_code == 204
    profile_etag = (await client.get(f"/catalog/profiles/{NEW_PROFILE['id']}")).headers["etag"]
    assert (
        await client.delete(
            f"/catalog/profiles/{NEW_PROFILE['id']}", headers={"If-Match": profile_etag}
        )
    ).status_code == 204
    assert (
        await client.delete("/catalog/systems/hgx-x100", headers={"If-Match": '"2"'})
    ).status_code == 204
    assert await revision(client) == 7


@pytest.mark.parametrize(
    ("kind", "body", "field"),
    [
        ("systems", {**NEW_SYSTEM, "power_kw_per_gpu": 0}, "power_kw_per_gpu"),
        ("systems", {**NEW_SYSTEM, "peak_tflops": {"fp5": 1}}, "peak_tflops"),
        ("profiles", {**NEW_PROFILE, "points": []}, "points"),
        (
            "profiles",
            {**NEW_PROFILE, "system_id": "hgx-x100"},
            "profiles[hgx-x100_deepseek-r1-0528_8192-1024_fp4].system_id",
        ),
        (
            "profiles",
            {**NEW_PROFILE, "points": [{**NEW_PROFILE["points"][0], "basis": "rumour"}]},
            "points[0].basis",
        ),
        ("profiles", {**NEW_PROFILE, "precision": "fp7"}, "precision"),
        (
            # One deployment, two replica sizes: read as one curve, it was interpolated.
            "profiles",
            {
                **NEW_PROFILE,
                "points": [
                    {**NEW_PROFILE["points"][0], "deployment": "d", "gpus_per_replica": 1},
                    {**NEW_PROFILE["points"][0], "deployment": "d", "gpus_per_replica": 8},
                ],
            },
            "points[1].gpus_per_replica",
        ),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_bad_systems_and_profiles(
    shared_client: Client, kind: str, body: dict[str, Any], field: str
) -> None:
    """Systems and profiles are validated like offers; nothing is stored."""
    assert_problem(await shared_client.post(f"/catalog/{kind}", json=body), 422, field)
    assert await revision(shared_client) == 1


@pytest.mark.asyncio(loop_scope="module")
async def test_vendor_filter_matches_by_slug(shared_client: Client) -> None:
    """`vendor=together-ai` (and `together ai`) select "Together AI": one matching rule, the
    slugs, as in plans; an unknown vendor selects nothing."""
    for spelling in ("together-ai", "Together AI", "TOGETHER_AI"):
        response = await shared_client.get("/catalog/offers", params={"vendor": spelling})
        offers = response.json()["items"]
        assert offers and {o["vendor"] for o in offers} == {"Together AI"}, spelling
    nothing = await shared_client.get("/catalog/offers", params={"vendor": "together"})
    assert nothing.json()["items"] == []


@pytest.mark.one_store  # the app's schema: no store is read
def test_csv_import_is_documented(app: Litestar) -> None:
    """The OpenAPI shows `text/csv` beside JSON as a body of POST /catalog/import."""
    body = app.openapi_schema.to_schema()["paths"]["/catalog/import"]["post"]["requestBody"]
    assert set(body["content"]) == {"application/json", "text/csv"}
    assert "SkuPriceId" in body["content"]["text/csv"]["schema"]["description"]


async def test_an_import_that_changes_items_needs_the_revision_they_were_read_at(
    client: Client,
) -> None:
    """Probe 13 finding 11: A exports offers.csv; B PUTs a negotiated quote; A imports the file
    with no If-Match. It put the old price back over B's quote, silently. Now: 428 without
    If-Match (naming what it would change), 412 with A's revision, and B's quote stands; an
    import that only creates items needs no If-Match."""
    exported = await client.get("/catalog/offers.csv")
    text = exported.text.replace(",6.155,6.155,", ",6.155,5.9,")
    offer = await client.get("/catalog/offers/coreweave-h100-od")
    quote = offer.json() | {"price_per_gpu_hour": 5.5, "price_basis": "quote"}
    put = await client.put(
        "/catalog/offers/coreweave-h100-od", json=quote, headers={"If-Match": offer.headers["etag"]}
    )
    assert put.status_code == 200
    csv_body = {"content-type": "text/csv"}
    problem = assert_problem(
        await client.post("/catalog/import", content=text, headers=csv_body), 428
    )
    assert "offers/coreweave-h100-od" in problem["detail"] and "If-Match" in problem["detail"]
    stale = csv_body | {"If-Match": exported.headers["etag"]}
    assert_problem(await client.post("/catalog/import", content=text, headers=stale), 412)
    kept = (await client.get("/catalog/offers/coreweave-h100-od")).json()
    assert (kept["price_per_gpu_hour"], kept["price_basis"]) == (5.5, "quote")
    created = await client.post("/catalog/import", json={"offers": [NEW_OFFER]})
    assert created.status_code == 200 and created.json()["created"] == ["offers/acme-h100"]
