"""Issue 15: GPU offers from a SkyPilot catalog CSV (`tokenplan catalog import-skypilot FILE`,
POST /catalog/import-skypilot). tests/data/skypilot-vms.csv is made by hand in SkyPilot's
vms.csv columns; its prices are made up for the test, not SkyPilot's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import InvalidInput, default_catalog
from catalog.skypilot import offers_from_skypilot
from service.cli import main
from service.config import Settings
from service.store import Store
from service.store_documents import OUTBOX
from service.store_pg import PostgresStore
from service.webhooks import Secret, Subscription, Webhooks, new_secret
from tests.paths import DATA
from tests.postgres import PostgresServer
from tests.problems import assert_problem
from tests.webhook_receiver import receiver

Client = AsyncTestClient[Litestar]
FILE = DATA / "skypilot-vms.csv"
DAY = dt.date(2026, 11, 1)


def test_rows_become_per_gpu_offers_mapped_by_accelerator() -> None:
    """p5.48xlarge (8x H100) in two regions becomes two on-demand offers at the instance price
    over 8 and one spot offer at the cheaper zone's price; an accelerator no system has (A10G)
    is listed, a CPU instance and a row with no price are skipped."""
    read = offers_from_skypilot(FILE.read_text(), default_catalog(), "AWS", DAY)
    by_id = {o.id: o for o in read.offers}
    assert sorted(by_id) == [
        "aws-p5-48xlarge-eu-west-2",
        "aws-p5-48xlarge-us-east-1",
        "aws-p5-48xlarge-us-east-1-spot",
    ]
    east = by_id["aws-p5-48xlarge-us-east-1"]
    assert (east.system_id, east.kind, east.gpus_per_unit) == ("hgx-h100", "on_demand", 8)
    assert east.price_per_gpu_hour == pytest.approx(98.32 / 8)
    assert (east.sku, east.price_basis, east.as_of) == ("p5.48xlarge", "list", DAY)
    assert by_id["aws-p5-48xlarge-us-east-1-spot"].price_per_gpu_hour == pytest.approx(35 / 8)
    assert read.unmapped == ("A10G",)


def test_a_bad_cell_or_missing_column_is_named() -> None:
    """A price that is not a number names its row and column; a file without Region names
    the missing column."""
    text = FILE.read_text().replace("98.32,39.10", "lots,39.10")
    with pytest.raises(InvalidInput) as raised:
        offers_from_skypilot(text, default_catalog(), "AWS", DAY)
    assert raised.value.errors[0].field == "skypilot.csv[row 1].Price"
    with pytest.raises(InvalidInput) as raised:
        offers_from_skypilot(text.replace("Region", "Where"), default_catalog(), "AWS", DAY)
    assert raised.value.errors[0].field == "skypilot.csv.Region"


async def test_the_api_merges_the_offers_into_a_new_revision(client: Client) -> None:
    """POST /catalog/import-skypilot?vendor=AWS creates the three offers in a new revision
    and lists A10G; a file with nothing to import is a 422."""
    response = await client.post(
        "/catalog/import-skypilot",
        params={"vendor": "AWS", "as_of": "2026-11-01"},
        content=FILE.read_bytes(),
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert sorted(body["result"]["created"]) == [
        "offers/aws-p5-48xlarge-eu-west-2",
        "offers/aws-p5-48xlarge-us-east-1",
        "offers/aws-p5-48xlarge-us-east-1-spot",
    ]
    assert body["unmapped_accelerators"] == ["A10G"]
    offer = (await client.get("/catalog/offers/aws-p5-48xlarge-us-east-1")).json()
    assert offer["sku"] == "p5.48xlarge" and offer["as_of"] == "2026-11-01"
    empty = await client.post(
        "/catalog/import-skypilot",
        params={"vendor": "AWS"},
        content=b"InstanceType,AcceleratorName,AcceleratorCount,Price,Region\r\n",
        headers={"content-type": "text/csv"},
    )
    assert_problem(empty, 422, "skypilot.csv")


async def test_a_re_import_that_re_prices_offers_needs_if_match(client: Client) -> None:
    """Probe 13 finding 11 on this route: a newer vms.csv re-prices the offers the first
    import made; without If-Match that is a 428 (it would overwrite edits made since), with
    the catalog's revision it is applied."""
    params = {"vendor": "AWS", "as_of": "2026-11-01"}
    csv = {"content-type": "text/csv"}
    first = await client.post(
        "/catalog/import-skypilot", params=params, content=FILE.read_bytes(), headers=csv
    )
    assert first.status_code == 200, first.text
    newer = FILE.read_text().replace("98.32", "90.00").encode()
    refused = await client.post(
        "/catalog/import-skypilot", params=params, content=newer, headers=csv
    )
    assert "offers/aws-p5-48xlarge-us-east-1" in assert_problem(refused, 428)["detail"]
    read_at = csv | {"If-Match": f'"{first.json()["result"]["revision"]}"'}
    applied = await client.post(
        "/catalog/import-skypilot", params=params, content=newer, headers=read_at
    )
    assert applied.json()["result"]["updated"] == ["offers/aws-p5-48xlarge-us-east-1"]


def test_cli_imports_into_the_postgresql_store_the_service_reads(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    postgres: PostgresServer,
) -> None:
    """With TOKENPLAN_DATABASE_URL set (and no `--db`), the CLI's import writes its revision
    and its `catalog.revised` into that PostgreSQL store. Before, it always opened the SQLite
    file (TOKENPLAN_DB), said "catalog revision 2", and no server on PostgreSQL saw it."""
    url = postgres.fresh_database()
    monkeypatch.setenv("TOKENPLAN_DATABASE_URL", url)
    monkeypatch.setenv("TOKENPLAN_DB", str(tmp_path / "unused.db"))
    try:
        args = ["catalog", "import-skypilot", str(FILE), "--vendor", "AWS"]
        assert main([*args, "--as-of", "2026-11-01"]) == 0
        out = capsys.readouterr().out
        assert "catalog revision 2 at the PostgreSQL store: 3 offers created" in out, out
        assert not (tmp_path / "unused.db").exists()
        store = PostgresStore(url)
        try:
            catalog = store.catalog()
            assert catalog.revision == 2
            assert "aws-p5-48xlarge-us-east-1" in {o.id for o in catalog.offers}
            [(_, stored)] = store.documents(OUTBOX)
            assert msgspec.json.decode(stored)["data"]["revision"] == 2
        finally:
            store.close()
    finally:
        postgres.drop_database(url)


def test_cli_imports_into_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`tokenplan catalog import-skypilot FILE --vendor AWS --db PATH` writes a revision."""
    db = str(tmp_path / "t.db")
    args = ["catalog", "import-skypilot", str(FILE), "--vendor", "AWS", "--db", db]
    assert main([*args, "--as-of", "2026-11-01"]) == 0
    out = capsys.readouterr().out
    assert "3 offers created" in out and "A10G" in out


async def test_a_retried_import_under_its_idempotency_key_answers_the_first(
    client: Client,
) -> None:
    """Probe 16b F10: a SkyPilot import retried under its Idempotency-Key (its answer lost)
    was a 412, the catalog being past its If-Match. It answers the import it made, replayed,
    with no second revision; the key with another file is a 422."""
    params = {"vendor": "AWS", "as_of": "2026-11-01"}
    revision = (await client.get("/catalog")).headers["etag"]
    headers = {"content-type": "text/csv", "If-Match": revision, "Idempotency-Key": "sky-1"}
    first = await client.post(
        "/catalog/import-skypilot", params=params, content=FILE.read_bytes(), headers=headers
    )
    assert first.status_code == 200, first.text
    again = await client.post(
        "/catalog/import-skypilot", params=params, content=FILE.read_bytes(), headers=headers
    )
    assert again.status_code == 200, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    made = first.json()["result"]["revision"]
    assert (await client.get("/catalog")).headers["etag"] == f'"{made}"'
    other = FILE.read_text().replace("98.32", "90.00").encode()
    refused = await client.post(
        "/catalog/import-skypilot", params=params, content=other, headers=headers
    )
    assert_problem(refused, 422, "Idempotency-Key")


def test_a_cli_import_s_revision_is_announced_by_a_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review 17b F3: the CLI's import wrote its revision with no `catalog.revised` (0 rows in
    the outbox, 0 deliveries). Its event is stored with the revision now, and a server that
    starts later (or one running: its sweep) sends it to the subscribers."""
    db = str(tmp_path / "t.db")
    store = Store(db)
    try:
        with receiver() as hook:
            subscription = Subscription(
                id="wh_cli",
                url=hook.url,
                events=("catalog.revised",),
                created_at="2026-12-01T00:00:00Z",
                secrets=(Secret(value=new_secret()),),
            )
            store.insert_document("webhooks", "wh_cli", msgspec.json.encode(subscription))
            args = ["catalog", "import-skypilot", str(FILE), "--vendor", "AWS", "--db", db]
            assert main([*args, "--as-of", "2026-11-01"]) == 0
            assert "catalog revision 2 " in capsys.readouterr().out
            [(_, stored)] = store.documents(OUTBOX)
            assert msgspec.json.decode(stored)["data"]["revision"] == 2
            server = Webhooks(store, Settings(db_path=db, webhook_allow_internal=True))
            server.start()
            try:
                [(_, body)] = hook.wait_for(1)
            finally:
                server.stop()
    finally:
        store.close()
    event = msgspec.json.decode(body)
    assert event["type"] == "catalog.revised" and event["data"]["revision"] == 2
    assert event["data"]["message"].startswith("import"), event
