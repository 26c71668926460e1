"""The store's contract on both backends (SQLite and PostgreSQL): catalog revisions, documents,
idempotency keys and plan leases; and PostgreSQL's own: numbered migrations, and several
processes sharing one database."""

from __future__ import annotations

import threading
from pathlib import Path

import msgspec
import psycopg
import pytest

from catalog import Catalog, Conflict, Stale
from service.cli import main
from service.store import CatalogChange, KeyTaken, Store
from service.store_pg import PostgresStore, migrations
from tests.golden import golden_plan
from tests.postgres import PostgresServer


def _accept(catalog: Catalog) -> None:
    """A validator that accepts every catalog."""


def _renamed_offer(store: Store, name: str) -> CatalogChange:
    offer = store.catalog().offers[0]
    return CatalogChange("offers", offer.id, msgspec.structs.replace(offer, source=name))


def test_a_catalog_write_is_a_new_revision_and_the_old_one_reads_back(store: Store) -> None:
    """Writing revision 2 leaves revision 1 exactly as it was."""
    before = store.catalog()
    after = store.write_catalog([_renamed_offer(store, "Renamed")], "rename", _accept)
    assert after.revision == before.revision + 1 == store.current_revision()
    assert store.catalog(before.revision) == before
    assert after.offers[0].source == "Renamed" != before.offers[0].source
    assert store.revision_info(after.revision)[1] == "rename"


def test_a_write_behind_the_catalog_is_stale_and_stores_nothing(store: Store) -> None:
    """An If-Match naming an old revision raises Stale inside the transaction: no revision."""
    store.write_catalog([_renamed_offer(store, "First")], "first", _accept)
    with pytest.raises(Stale, match="the catalog is at 2"):
        store.write_catalog([_renamed_offer(store, "Second")], "x", _accept, expected_revision=1)
    assert store.current_revision() == 2


def test_a_create_of_an_id_that_exists_is_a_conflict_and_stores_nothing(store: Store) -> None:
    """A create (POST) finds an id created meanwhile inside its transaction: Conflict, no
    revision (checked before it, two servers creating one id both wrote, the second over the
    first, fixapi12's note)."""
    offer = store.catalog().offers[0]
    created = CatalogChange("offers", offer.id, offer, create=True)
    with pytest.raises(Conflict, match=f"offer {offer.id!r} exists"):
        store.write_catalog([created], "create", _accept)
    assert store.current_revision() == 1
    fresh = msgspec.structs.replace(offer, id="new-offer")
    store.write_catalog([CatalogChange("offers", fresh.id, fresh, create=True)], "new", _accept)
    assert store.current_revision() == 2


def test_an_idempotency_key_taken_twice_stores_one_document(store: Store) -> None:
    """The second insert under one key raises KeyTaken and leaves no second document."""
    store.insert_document("plans", "plan_a", b"{}", idempotency=("k", "hash"))
    with pytest.raises(KeyTaken):
        store.insert_document("plans", "plan_b", b"{}", idempotency=("k", "hash"))
    assert store.idempotent("plans", "k") == ("hash", "plan_a")
    assert [doc for _, doc in store.documents("plans")] == [b"{}"]


def test_documents_page_newest_first(store: Store) -> None:
    """Pages run newest first, and `before` continues after the last cursor."""
    for n in range(5):
        store.insert_document("plans", f"plan_{n}", f'{{"n":{n}}}'.encode(), parent_id="f")
    first = store.documents("plans", parent_id="f", limit=3)
    rest = store.documents("plans", parent_id="f", before=first[-1][0], limit=3)
    assert [doc for _, doc in first + rest] == [f'{{"n":{n}}}'.encode() for n in range(4, -1, -1)]


def test_racing_claims_never_take_one_plan_twice(store: Store) -> None:
    """Eight threads claiming the ended leases of 20 plans at once claim each exactly once."""
    for n in range(20):
        store.insert_document("plans", f"plan_{n}", b"{}", status="solving")
    claimed: list[str] = []
    start = threading.Barrier(8)

    def claim(owner: str) -> None:
        start.wait()
        claimed.extend(c.plan_id for c in store.claim_stale_plans(owner, 60))

    threads = [threading.Thread(target=claim, args=(f"server_{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == sorted(f"plan_{n}" for n in range(20))


def test_migrations_are_numbered_and_applied_once(postgres: PostgresServer) -> None:
    """Every SQL file is listed in schema_version after a start; a second start applies none."""
    url = postgres.create_database("migrations_once")
    PostgresStore(url).close()
    PostgresStore(url).close()
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
    assert rows == [(version, name) for version, name, _ in migrations()]
    assert rows[0] == (1, "initial")


def test_processes_starting_at_once_seed_one_catalog(postgres: PostgresServer) -> None:
    """Four stores opening one empty database at once migrate and seed it once."""
    url = postgres.create_database("racing_starts")
    stores: list[PostgresStore] = []
    start = threading.Barrier(4)

    def open_one() -> None:
        start.wait()
        stores.append(PostgresStore(url, pool_size=2))

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {s.current_revision() for s in stores} == {1}
    for opened in stores:
        opened.close()


def test_catalog_writes_from_two_processes_make_consecutive_revisions(
    postgres: PostgresServer,
) -> None:
    """Two stores (two API processes) writing at once each get their own revision: none lost."""
    url = postgres.fresh_database()
    stores = [PostgresStore(url, pool_size=2), PostgresStore(url, pool_size=2)]
    start = threading.Barrier(2)

    def write(store: PostgresStore, name: str) -> None:
        start.wait()
        for n in range(5):
            store.write_catalog([_renamed_offer(store, f"{name}{n}")], f"{name}{n}", _accept)

    threads = [threading.Thread(target=write, args=(s, f"w{i}")) for i, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    messages = {stores[0].revision_info(r)[1] for r in range(2, 12)}
    assert stores[1].current_revision() == 11
    assert messages == {f"w{i}{n}" for i in range(2) for n in range(5)}
    for opened in stores:
        opened.close()


def test_the_cli_reads_plans_and_the_catalog_from_postgresql(
    postgres: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With TOKENPLAN_DATABASE_URL, `tokenplan report` finds a plan stored in PostgreSQL."""
    url = postgres.fresh_database()
    plan = golden_plan("seed-deepseek-r1")
    store = PostgresStore(url, pool_size=2)
    store.insert_document("plans", plan.id, msgspec.json.encode(plan), status=plan.status)
    store.close()
    monkeypatch.setenv("TOKENPLAN_DATABASE_URL", url)
    target = tmp_path / "report.md"
    assert main(["report", plan.id, "--format", "md", "-o", str(target)]) == 0
    assert plan.id in target.read_text()
