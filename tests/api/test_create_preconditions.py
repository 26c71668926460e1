"""Creating POSTs honour the request's headers alike: `Idempotency-Key` on POST /webhooks,
POST /catalog/{kind} and POST /catalog/import as on /plans and /forecasts (the same key and
body: the first result again; another body: 422; concurrent: one wins), and `If-Match` on POST
/catalog/{kind} (412 when stale, as PUT, DELETE and the import answer)."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import Catalog, InvalidInput, Offer
from service import idempotency
from service.catalog_ops import ImportDocument, import_catalog, replayed_import
from service.idempotency import create_once
from service.store import CatalogChange, KeyTaken, Store
from service.webhooks import WebhookIn
from tests.bodies import NEW_OFFER
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]


def _first_lookup_misses(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Hide the key from a request's first look-up (`idempotency.replay`), as when the request
    that stores it commits just after: the look-ups made are listed in what is returned."""
    real, looked = idempotency.replay, []

    def late(*args: Any) -> str | None:
        looked.append(args)
        return None if len(looked) == 1 else real(*args)

    monkeypatch.setattr(idempotency, "replay", late)
    return looked


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


HOOK = {"url": "http://127.0.0.1:9/hook", "events": ["plan.completed"]}


@pytest.mark.asyncio(loop_scope="module")
async def test_a_webhook_retried_under_its_key_is_one_subscription(client: Client) -> None:
    """The same key and body answer the first subscription again, with its secret; another
    body under the key is a 422 naming Idempotency-Key; one subscription is stored."""
    key = {"Idempotency-Key": "wk-1"}
    first = await client.post("/webhooks", json=HOOK, headers=key)
    again = await client.post("/webhooks", json=dict(reversed(HOOK.items())), headers=key)
    assert first.status_code == again.status_code == 201, again.text
    assert again.json() == first.json() and first.json()["secret"].startswith("whsec_")
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == f"/webhooks/{first.json()['id']}"
    other = await client.post("/webhooks", json={**HOOK, "description": "x"}, headers=key)
    assert_problem(other, 422, "Idempotency-Key")
    assert [w["id"] for w in (await client.get("/webhooks")).json()["items"]] == [
        first.json()["id"]
    ]


@pytest.mark.asyncio(loop_scope="module")
async def test_a_deleted_subscriptions_key_creates_anew(client: Client) -> None:
    """Once the subscription a key made is deleted, the key creates a new one (not a 404)."""
    key = {"Idempotency-Key": "wk-gone"}
    first = (await client.post("/webhooks", json=HOOK, headers=key)).json()
    assert (await client.delete(f"/webhooks/{first['id']}")).status_code == 204
    again = await client.post("/webhooks", json=HOOK, headers=key)
    assert again.status_code == 201 and again.json()["id"] != first["id"]
    assert "idempotent-replayed" not in again.headers


@pytest.mark.asyncio(loop_scope="module")
async def test_a_catalog_create_retried_under_its_key_answers_the_first(client: Client) -> None:
    """The same key and offer answer the first 201 again (its revision's ETag) with no new
    revision, not a 409 "exists"; another offer under the key is a 422 and creates nothing."""
    key = {"Idempotency-Key": "ok-1"}
    first = await client.post("/catalog/offers", json=NEW_OFFER, headers=key)
    assert first.status_code == 201 and first.headers["etag"] == '"2"', first.text
    again = await client.post("/catalog/offers", json=NEW_OFFER, headers=key)
    assert again.status_code == 201, again.text
    assert again.json() == first.json() and again.headers["etag"] == '"2"'
    assert again.headers["idempotent-replayed"] == "true"
    other = {**NEW_OFFER, "id": "acme-h100-b"}
    assert_problem(await client.post("/catalog/offers", json=other, headers=key), 422)
    assert_problem(await client.get("/catalog/offers/acme-h100-b"), 404)
    assert (await client.get("/catalog")).json()["revision"] == 2
    replaced = await client.put(
        "/catalog/offers/acme-h100",
        json={**NEW_OFFER, "price_per_gpu_hour": 2.0},
        headers={"If-Match": '"2"'},
    )
    assert replaced.status_code == 200
    late = await client.post("/catalog/offers", json=NEW_OFFER, headers=key)
    assert late.json()["price_per_gpu_hour"] == 2.5 and late.headers["etag"] == '"2"'


@pytest.mark.asyncio(loop_scope="module")
async def test_an_import_retried_under_its_key_answers_the_first(client: Client) -> None:
    """An import that creates one offer and reprices another, retried under its key with its
    now stale If-Match (a client whose first answer was lost): the first result again, replayed,
    with no second revision and no 412; another body under the key is a 422 naming
    Idempotency-Key and writes nothing (probe 14b, finding 12: the import took no key)."""
    shipped = (await client.get("/catalog/offers/coreweave-h100-od")).json()
    body = {"offers": [NEW_OFFER, {**shipped, "price_per_gpu_hour": 5.9}]}
    headers = {"Idempotency-Key": "import-1", "If-Match": '"1"'}
    first = await client.post("/catalog/import", json=body, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "revision": 2,
        "created": ["offers/acme-h100"],
        "updated": ["offers/coreweave-h100-od"],
        "deleted": [],
        "unchanged": 0,
    }
    assert "idempotent-replayed" not in first.headers
    again = await client.post("/catalog/import", json=body, headers=headers)
    assert again.status_code == 200, again.text
    assert again.json() == first.json() and again.headers["etag"] == '"2"'
    assert again.headers["idempotent-replayed"] == "true"
    other = {"offers": [{**shipped, "price_per_gpu_hour": 5.8}]}
    refused = await client.post("/catalog/import", json=other, headers=headers)
    assert_problem(refused, 422, "Idempotency-Key")
    assert (await client.get("/catalog")).json()["revision"] == 2
    price = (await client.get("/catalog/offers/coreweave-h100-od")).json()["price_per_gpu_hour"]
    assert price == 5.9


@pytest.mark.asyncio(loop_scope="module")
async def test_a_csv_import_retried_under_its_key_is_one_revision(client: Client) -> None:
    """The offers CSV with one price edited, sent twice under one key: one revision, the
    same answer twice; the key is kept for the CSV's decoded offers, so the same CSV sent as
    JSON under the key is the same request. An import that changes nothing keeps no key."""
    exported = await client.get("/catalog/offers.csv")
    text = exported.text.replace(",6.155,6.155,", ",6.155,5.9,")
    headers = {"content-type": "text/csv", "If-Match": '"1"', "Idempotency-Key": "csv-1"}
    first = await client.post("/catalog/import", content=text, headers=headers)
    assert first.json()["updated"] == ["offers/coreweave-h100-od"], first.text
    again = await client.post("/catalog/import", content=text, headers=headers)
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert (await client.get("/catalog")).json()["revision"] == 2
    same = {"content-type": "text/csv", "If-Match": '"2"', "Idempotency-Key": "csv-none"}
    unchanged = await client.post("/catalog/import", content=text, headers=same)
    assert unchanged.json()["revision"] == 2 and unchanged.json()["updated"] == []
    assert "idempotent-replayed" not in unchanged.headers
    moved = text.replace(",6.155,5.9,", ",6.155,5.7,")
    later = await client.post("/catalog/import", content=moved, headers=same)
    assert later.json()["updated"] == ["offers/coreweave-h100-od"], later.text
    assert "idempotent-replayed" not in later.headers


@pytest.mark.asyncio(loop_scope="module")
async def test_an_import_losing_the_race_for_its_key_answers_the_winner(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A retried import whose first look-up of its key predates the winner's commit (hidden
    here) finds nothing left to change: it answers the winner's import, replayed, and writes
    no second revision; an import that changes nothing under a key nobody holds answers
    itself."""
    key = {"Idempotency-Key": "import-race"}
    body = {"offers": [NEW_OFFER]}
    winner = await client.post("/catalog/import", json=body, headers=key)
    assert winner.json()["created"] == ["offers/acme-h100"], winner.text
    looked = _first_lookup_misses(monkeypatch)
    loser = await client.post("/catalog/import", json=body, headers=key)
    assert loser.status_code == 200, loser.text
    assert loser.json() == winner.json() and len(looked) == 1
    assert loser.headers["idempotent-replayed"] == "true"
    alone = await client.post("/catalog/import", json=body, headers={"Idempotency-Key": "x"})
    assert alone.json()["created"] == [] and alone.json()["unchanged"] == 1
    assert "idempotent-replayed" not in alone.headers
    assert (await client.get("/catalog")).json()["revision"] == 2


def _accept(catalog: Catalog) -> None:
    """A validator that accepts every catalog."""


def test_a_catalog_write_losing_its_key_writes_nothing(store: Store) -> None:
    """Two catalog writes under one key (a race both passed the look-up of): the second
    raises KeyTaken and writes no revision; the key names the first's revision."""
    offer = store.catalog().offers[0]
    renamed = CatalogChange("offers", offer.id, msgspec.structs.replace(offer, source="A"))
    key = ("catalog/offers", "k", "v2:hash")
    store.write_catalog([renamed], "first", _accept, idempotency=key)
    with pytest.raises(KeyTaken):
        store.write_catalog([renamed], "second", _accept, idempotency=key)
    assert store.current_revision() == 2
    assert store.idempotent("catalog/offers", "k") == ("v2:hash", "2")


async def test_a_create_losing_the_race_for_its_key_answers_the_winner(store: Store) -> None:
    """A request that found no key, then lost the insert to one that stored it meanwhile,
    answers the winner's resource (not a 500); with another body it is a 422."""
    request = msgspec.convert(HOOK, WebhookIn)

    async def lose(key: tuple[str, str] | None) -> str:
        assert key is not None
        store.insert_document("webhooks", "wh_winner", b"{}", idempotency=key)  # the winner
        store.insert_document("webhooks", "wh_loser", b"{}", idempotency=key)
        return "wh_loser"

    answer = await create_once(store, "webhooks", "race", request, lose, lambda found: found)
    assert answer == "wh_winner"
    assert store.idempotent("webhooks", "race") is not None
    assert len(store.documents("webhooks")) == 1  # the loser's insert rolled back
    other = msgspec.structs.replace(request, description="other")
    with pytest.raises(InvalidInput, match="Idempotency-Key"):
        await create_once(store, "webhooks", "race", other, lose, lambda found: found)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_catalog_create_refused_by_its_race_winner_answers_the_winner(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two servers take one retried create at once: the loser's first look-up of the key
    predates the winner's commit (hidden here), so its write meets the item the winner made.
    It answers the winner's 201, replayed, not 409 "exists" (review 12 finding 2)."""
    key = {"Idempotency-Key": "race-catalog"}
    body = {**NEW_OFFER, "id": "acme-h100-race"}
    first = await client.post("/catalog/offers", json=body, headers=key)
    assert first.status_code == 201, first.text
    looked = _first_lookup_misses(monkeypatch)
    loser = await client.post("/catalog/offers", json=body, headers=key)
    assert loser.status_code == 201, loser.text
    assert loser.headers["idempotent-replayed"] == "true"
    assert loser.headers["etag"] == first.headers["etag"] and len(looked) == 2
    other = await client.post("/catalog/offers", json=body, headers={"Idempotency-Key": "race-x"})
    assert_problem(other, 409)  # without a winner under its own key, the refusal stands


def test_a_replayed_import_is_what_its_revision_wrote(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import without If-Match of a new offer and a shipped one as it was, while another
    user's PUT of the shipped one lands between the import's read and its write: the import
    creates the new one and leaves the PUT's price. Its replay says the same, not that it
    updated the shipped offer (review 15a I1: worked out again against the revision before,
    the request seemed to undo the PUT)."""
    shipped = store.catalog().offers[0]
    document = ImportDocument(offers=(msgspec.convert(NEW_OFFER, Offer), shipped))
    read_then = store.catalog()
    put = msgspec.structs.replace(shipped, price_per_gpu_hour=1.23)
    store.write_catalog([CatalogChange("offers", shipped.id, put)], "put", _accept)
    real = store.catalog
    monkeypatch.setattr(
        store, "catalog", lambda revision=None: real(revision) if revision else read_then
    )
    first = import_catalog(store, document, None, matched=False)
    monkeypatch.undo()
    assert (first.revision, first.created, first.updated, first.unchanged) == (
        3,
        [f"offers/{NEW_OFFER['id']}"],
        [],
        1,
    )
    assert replayed_import(store, document, first.revision) == first
    assert store.catalog().offer(shipped.id) == put
