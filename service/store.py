"""Persistence behind one small interface: SQLite (stdlib, WAL) in one file by default.

The catalog is versioned row by row: each item carries the revision it appeared in and the one
that replaced it, so any past revision reads back exactly as it was. Documents are stored as
msgspec-encoded JSON. `PostgresStore` (service/store_pg.py) runs the same SQL on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ClassVar, Literal

import msgspec

from catalog import (
    Catalog,
    Conflict,
    InvalidInput,
    NotFound,
    Offer,
    Profile,
    Stale,
    System,
    default_catalog,
)
from catalog.api_offer import ApiOffer
from catalog.errors import field_error_from_msgspec
from service.store_documents import Connection, DocumentStore, KeyTaken, Outbox

__all__ = [
    "KINDS",
    "CatalogChange",
    "CatalogKind",
    "Expected",
    "KeyTaken",
    "Store",
    "matches",
    "named",
    "refuse_stale",
]

log = logging.getLogger("tokenplan")

CatalogKind = Literal["systems", "profiles", "offers", "api_offers"]
KINDS: dict[str, type[System] | type[Profile] | type[Offer] | type[ApiOffer]] = {
    "systems": System,
    "profiles": Profile,
    "offers": Offer,
    "api_offers": ApiOffer,
}
"""Each kind's rows decode as one type: API offers are rows of their own kind, so a store
written before them reads back with none."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS revisions (
    revision INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS catalog_items (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    rev_from INTEGER NOT NULL,
    rev_to INTEGER,
    doc BLOB NOT NULL,
    PRIMARY KEY (kind, id, rev_from)
);
CREATE INDEX IF NOT EXISTS catalog_items_live ON catalog_items (kind, id, rev_to);
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    parent_id TEXT,
    status TEXT,
    created_at TEXT NOT NULL,
    doc BLOB NOT NULL,
    owner TEXT,
    lease_until REAL,
    attempts INTEGER NOT NULL DEFAULT 0,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    UNIQUE (collection, id)
);
CREATE INDEX IF NOT EXISTS documents_parent ON documents (collection, parent_id, seq);
CREATE TABLE IF NOT EXISTS idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
"""

_ADDED_COLUMNS = {
    "owner": "TEXT",
    "lease_until": "REAL",
    "attempts": "INTEGER NOT NULL DEFAULT 0",
    "cancel_requested": "INTEGER NOT NULL DEFAULT 0",
}
"""Columns added since the first release: which server solves a plan, until when, and
whether it is to be cancelled."""


Expected = int | tuple[int, ...] | None
"""The revisions an If-Match lists (any of them matches), one, or None (no precondition)."""


def matches(expected: Expected, revision: int) -> bool:
    """Whether `revision` meets `expected` (None: anything does)."""
    if expected is None:
        return True
    return revision in (expected if isinstance(expected, tuple) else (expected,))


def named(expected: Expected) -> str:
    """`revision 3`, or `revisions 1, 3` for a list."""
    listed = expected if isinstance(expected, tuple) else (expected,)
    numbers = ", ".join(str(r) for r in listed)
    return f"revision{'s' if len(listed) > 1 else ''} {numbers}"


def refuse_stale(expected_revision: Expected, current: int) -> None:
    """Raises Stale (412) when an If-Match names no catalog revision that is `current`."""
    if not matches(expected_revision, current):
        msg = f"If-Match names {named(expected_revision)}; the catalog is at {current}"
        raise Stale(msg)


class CatalogChange(msgspec.Struct, frozen=True):
    """Put (item given) or delete (item None) one catalog item; `expected` is the revision
    the caller's `If-Match` named, and `create` that no item of that kind and id may exist
    (POST), both checked inside the write's transaction: checked before it, two servers
    creating one id at once both answered 201, the second overwriting the first."""

    kind: str
    id: str
    item: System | Profile | Offer | ApiOffer | None
    expected: Expected = None
    create: bool = False


def _readable(change: CatalogChange) -> System | Profile | Offer | ApiOffer:
    """The change's item, once it is known to read back as it is written: no revision is
    committed that the store could not decode.

    Raises:
        InvalidInput: naming the item and field that would not read back.
    """
    assert change.item is not None
    try:
        return msgspec.json.decode(msgspec.json.encode(change.item), type=KINDS[change.kind])
    except msgspec.ValidationError as exc:
        error = field_error_from_msgspec(exc, f"{change.kind}[{change.id}]")
        raise InvalidInput(f"{error.field}: {error.message}", [error]) from exc


def _assemble(revision: int, items: list[object]) -> Catalog:
    """A Catalog of `items` (systems, profiles, offers and API offers, in their stored
    order)."""
    return Catalog(
        revision=revision,
        systems=tuple(i for i in items if isinstance(i, System)),
        profiles=tuple(i for i in items if isinstance(i, Profile)),
        offers=tuple(i for i in items if isinstance(i, Offer)),
        api_offers=tuple(i for i in items if isinstance(i, ApiOffer)),
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Store(DocumentStore):
    """The SQLite store. Thread-safe: one connection, one lock, short transactions."""

    _key_taken_errors: ClassVar[tuple[type[Exception], ...]] = (sqlite3.IntegrityError,)
    outbox: Outbox | None = None
    """Makes each catalog revision's event, stored in the write's transaction, and is woken
    once it commits (the webhooks): an answered write is an announced one (probe 17b F1)."""

    def __init__(self, path: str, *, seed: Catalog | None = None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)
        self._migrate()
        self._cache: OrderedDict[int, Catalog] = OrderedDict()
        self._seed_if_empty(seed)

    def _seed_if_empty(self, seed: Catalog | None) -> None:
        if self.current_revision() == 0:
            self._seed(seed or default_catalog())

    def _migrate(self) -> None:
        """Add the columns newer code keeps to a store written by older code."""
        with self._lock:
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(documents)")}
            for name, definition in _ADDED_COLUMNS.items():
                if name not in columns:
                    self._db.execute(f"ALTER TABLE documents ADD COLUMN {name} {definition}")

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._lock:
            yield self._db

    def _lock_catalog(self, db: Connection) -> None:
        """Make this transaction the only catalog writer (BEGIN IMMEDIATE already has)."""

    def _seed(self, catalog: Catalog) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO revisions VALUES (1, ?, ?)", (_now(), "seeded: default catalog")
            )
            for kind in KINDS:
                for item in getattr(catalog, kind):
                    db.execute(
                        "INSERT INTO catalog_items VALUES (?, ?, 1, NULL, ?)",
                        (kind, item.id, msgspec.json.encode(item)),
                    )

    # -- catalog ---------------------------------------------------------------------------

    def current_revision(self) -> int:
        """The newest catalog revision (0 before seeding)."""
        with self._read() as db:
            row = db.execute("SELECT MAX(revision) FROM revisions").fetchone()
        return int(row[0] or 0)

    def revision_info(self, revision: int) -> tuple[str, str]:
        """(created_at, message) of a revision."""
        with self._read() as db:
            row = db.execute(
                "SELECT created_at, message FROM revisions WHERE revision = ?", (revision,)
            ).fetchone()
        if row is None:
            raise NotFound(f"catalog revision {revision} does not exist")
        return str(row[0]), str(row[1])

    def catalog(self, revision: int | None = None) -> Catalog:
        """The catalog as it was at `revision` (default: now).

        Raises:
            NotFound: when the revision does not exist.
        """
        with self._read() as db:
            current = self.current_revision()
            wanted = current if revision is None else revision
            if wanted < 1 or wanted > current:
                raise NotFound(f"catalog revision {wanted} does not exist (newest: {current})")
            with self._lock:
                cached = self._cache.get(wanted)
                if cached is not None:
                    self._cache.move_to_end(wanted)
                    return cached
            rows = db.execute(
                "SELECT kind, doc FROM catalog_items WHERE rev_from <= ? "
                "AND (rev_to IS NULL OR rev_to > ?) ORDER BY kind, id",
                (wanted, wanted),
            ).fetchall()
        items: dict[str, list[object]] = {kind: [] for kind in KINDS}
        for kind, doc in rows:
            try:
                items[kind].append(msgspec.json.decode(doc, type=KINDS[kind]))
            except msgspec.ValidationError as exc:
                # A row written before the bounds existed: serve the rest, so that the
                # service still starts and the item can be repaired (PUT) or deleted.
                log.warning("catalog revision %d: unreadable %s row skipped: %s", wanted, kind, exc)
        catalog = _assemble(wanted, [i for kind in KINDS for i in items[kind]])
        with self._lock:
            self._cache[wanted] = catalog
            while len(self._cache) > 8:
                self._cache.popitem(last=False)
        return catalog

    def item_revision(self, kind: str, item_id: str, revision: int | None = None) -> int:
        """The revision in which the item took its current form: its ETag.

        Raises:
            NotFound: when there is no such item at that revision.
        """
        wanted = self.current_revision() if revision is None else revision
        with self._read() as db:
            row = db.execute(
                "SELECT rev_from FROM catalog_items WHERE kind = ? AND id = ? AND rev_from <= ? "
                "AND (rev_to IS NULL OR rev_to > ?)",
                (kind, item_id, wanted, wanted),
            ).fetchone()
        if row is None:
            raise NotFound(f"no {kind[:-1]} {item_id!r} in catalog revision {wanted}")
        return int(row[0])

    def write_catalog(
        self,
        changes: list[CatalogChange],
        message: str,
        validate: Callable[[Catalog], None],
        *,
        expected_revision: Expected = None,
        idempotency: tuple[str, str, str] | None = None,
    ) -> Catalog:
        """Apply `changes` as one new revision, or nothing at all.

        `validate` sees the would-be catalog and raises to refuse it. Each change's `expected`
        (its If-Match) must equal the item's current revision, and `expected_revision`, when
        given, the catalog's. `idempotency` (scope, Idempotency-Key, request fingerprint) is
        kept for the new revision in the same transaction.

        Raises:
            Stale: when an If-Match is behind.
            NotFound: when a change replaces or deletes an item that does not exist.
            Conflict: when a change creates an item that exists.
            KeyTaken: another request stored the Idempotency-Key first; nothing is written.
        """
        with self._transaction() as db:
            self._lock_catalog(db)
            current = self.current_revision()
            refuse_stale(expected_revision, current)
            before = self.catalog(current)
            items: dict[str, dict[str, object]] = {
                kind: {i.id: i for i in getattr(before, kind)} for kind in KINDS
            }
            for change in changes:
                if change.expected is not None:
                    live = self.item_revision(change.kind, change.id, current)
                    if not matches(change.expected, live):
                        msg = (
                            f"If-Match names {named(change.expected)}; "
                            f"{change.kind[:-1]} {change.id!r} was last changed in {live}"
                        )
                        raise Stale(msg)
                if change.create and change.id in items[change.kind]:
                    raise Conflict(f"{change.kind[:-1]} {change.id!r} exists (created meanwhile)")
                if change.item is None:
                    self.item_revision(change.kind, change.id, current)  # NotFound
                    items[change.kind].pop(change.id, None)
                else:
                    items[change.kind][change.id] = _readable(change)
            after = _assemble(current + 1, [i for kind in KINDS for i in items[kind].values()])
            validate(after)
            revision = current + 1
            db.execute("INSERT INTO revisions VALUES (?, ?, ?)", (revision, _now(), message))
            if self.outbox is not None:
                self._add_event(db, self.outbox.revised(revision, message))
            if idempotency is not None:
                scope, key, body_hash = idempotency
                self._bind_key(db, scope, (key, body_hash), str(revision))
            for change in changes:
                db.execute(
                    "UPDATE catalog_items SET rev_to = ? WHERE kind = ? AND id = ? "
                    "AND rev_to IS NULL",
                    (revision, change.kind, change.id),
                )
                if change.item is not None:
                    db.execute(
                        "INSERT INTO catalog_items VALUES (?, ?, ?, NULL, ?)",
                        (change.kind, change.id, revision, msgspec.json.encode(change.item)),
                    )
        written = self.catalog(revision)
        if self.outbox is not None:
            self.outbox.wake()
        return written
