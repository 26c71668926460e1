"""The store on PostgreSQL (`TOKENPLAN_DATABASE_URL`): the SQLite store's SQL run through a
psycopg connection pool, and the schema migrated on start from numbered SQL files.

Each thread reuses its connection while it is in a read or a transaction, so that the reads a
catalog write makes inside its transaction see that transaction, and no thread waits on the
pool for a second connection it would hold at once.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any, ClassVar

import psycopg
from procrastinate.schema import SchemaManager
from psycopg_pool import ConnectionPool

from catalog import Catalog
from service.config import Settings
from service.store import Store
from service.store_documents import Connection

__all__ = ["FINISHED_CHANNEL", "PostgresStore", "migrate", "migrations", "open_store"]

FINISHED_CHANNEL = "tokenplan_finished"
"""The channel a document no longer `solving` is announced on (`collection/id`), committed
with it: the API processes waiting on plans listen (service/queue_pg.py)."""

_MIGRATION_LOCK = 7_261_001
"""Advisory lock held while one starting process migrates and seeds: the others wait."""
_CATALOG_LOCK = 7_261_002
"""Advisory lock a catalog write holds for its transaction: one new revision at a time."""
_COLLECTION_LOCK = 7_261_003
"""Advisory lock (with the collection's hash) a capped insert holds while it counts."""
_MIGRATION_FILE = re.compile(r"^(\d{4})_(\w+)\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of each file in service/migrations, in order; version 2 is the job
    queue's schema as the installed Procrastinate ships it."""
    found = [(2, "procrastinate", SchemaManager.get_schema())]
    for entry in resources.files("service").joinpath("migrations").iterdir():
        match = _MIGRATION_FILE.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    return sorted(found)


def migrate(conn: psycopg.Connection[Any]) -> list[int]:
    """Apply the migrations `schema_version` does not list yet, all in one transaction (all
    or none); return the versions applied."""
    applied = []
    with conn.transaction():
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_version")}
        for version, name, sql in migrations():
            if version not in done:
                conn.execute(sql.encode())
                conn.execute(
                    "INSERT INTO schema_version (version, name) VALUES (%s, %s)", (version, name)
                )
                applied.append(version)
    return applied


class _Placeholders:
    """A psycopg connection that takes the store's `?` placeholders."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.conn.execute(sql.replace("?", "%s").encode(), parameters)


class PostgresStore(Store):
    """The store on PostgreSQL, for any number of API and worker processes at once."""

    _key_taken_errors: ClassVar[tuple[type[Exception], ...]] = (psycopg.errors.UniqueViolation,)
    _lock_rows: ClassVar[str] = " FOR UPDATE SKIP LOCKED"

    def __init__(self, url: str, *, seed: Catalog | None = None, pool_size: int = 8) -> None:
        self.path = url
        self._lock = threading.RLock()
        self._local = threading.local()
        self._cache: OrderedDict[int, Catalog] = OrderedDict()
        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            url,
            min_size=1,
            max_size=max(2, pool_size),
            kwargs={"autocommit": True},
            timeout=15.0,
            open=True,
            name="tokenplan",
        )
        with self._pool.connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
            try:
                migrate(conn)
                self._seed_if_empty(seed)
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))

    def close(self) -> None:
        """Close the pool and its connections."""
        self._pool.close()

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """This thread's connection while it holds one, else one from the pool."""
        held: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
        if held is not None:
            yield held
            return
        with self._pool.connection() as conn:
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with self._connection() as conn, conn.transaction():
            yield _Placeholders(conn)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._connection() as conn:
            yield _Placeholders(conn)

    def _lock_catalog(self, db: Connection) -> None:
        db.execute("SELECT pg_advisory_xact_lock(?)", (_CATALOG_LOCK,))

    def _lock_collection(self, db: Connection, collection: str) -> None:
        db.execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", (_COLLECTION_LOCK, collection))

    def _finished(self, db: Connection, collection: str, doc_id: str) -> None:
        db.execute("SELECT pg_notify(?, ?)", (FINISHED_CHANNEL, f"{collection}/{doc_id}"))

    def claim_orphans(self, collection: str, task: str, lease_s: float) -> list[tuple[str, bytes]]:
        """(id, doc) of the `solving` documents of `collection` whose lease has ended and that
        no queued or running job of `task` names: the API process that stored them died
        before it enqueued their job (two transactions), and nothing else would ever run them
        (probe 14b, finding 8: a plan `solving` for ever, its Idempotency-Key a 409 for ever).
        Their lease is renewed for `lease_s` seconds, so that one worker requeues each."""
        now = time.time()
        with self._transaction() as db:
            rows = db.execute(
                "SELECT id, doc FROM documents AS d WHERE collection = ? AND status = 'solving' "
                "AND lease_until < ? AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs AS j "
                "WHERE j.task_name = ? AND j.args->>'plan_id' = d.id "
                "AND j.status IN ('todo', 'doing'))" + self._lock_rows,
                (collection, now, task),
            ).fetchall()
            for doc_id, _ in rows:
                db.execute(
                    "UPDATE documents SET lease_until = ? WHERE collection = ? AND id = ?",
                    (now + lease_s, collection, doc_id),
                )
        return [(str(doc_id), bytes(doc)) for doc_id, doc in rows]

    def wake_listeners(self) -> None:
        """A notice on FINISHED_CHANNEL that announces no document: whoever listens looks for
        finished documents once more (an API stopping wakes its own watcher this way). Waits
        at most a second for a connection (a database gone must not hold a shutdown).

        Raises:
            psycopg.Error: no connection within the second, or the notice failed.
        """
        with self._pool.connection(timeout=1.0) as conn:
            conn.execute("SELECT pg_notify(%s, '')", (FINISHED_CHANNEL,))


def open_store(settings: Settings) -> Store:
    """PostgreSQL when `settings.database_url` is set, else the SQLite file."""
    if settings.database_url:
        return PostgresStore(settings.database_url, pool_size=settings.solver_slots + 8)
    return Store(settings.db_path)
