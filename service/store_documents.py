"""The store's documents (forecasts, plans, webhook deliveries), their Idempotency-Keys, and
the leases by which one server owns a plan's solve or a delivery's retries: a document is
claimed by one owner until its lease ends; an owner that stops renewing (it died) lets another
claim it and carry on."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, ClassVar, NamedTuple, Protocol

from catalog import NotFound

__all__ = ["Claimed", "Connection", "DocumentStore", "Full", "KeyTaken"]


class KeyTaken(Exception):
    """Another request stored a resource under this Idempotency-Key first (a race)."""


class Full(Exception):
    """A collection holds as many documents as it may (`insert_document`'s `most`)."""

    def __init__(self, collection: str, most: int) -> None:
        super().__init__(f"{collection} holds {most} documents, its most")
        self.most = most


class Claimed(NamedTuple):
    """A plan claimed to solve: its id, its stored document, and its attempts so far (this
    one included)."""

    plan_id: str
    doc: bytes
    attempts: int


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Connection(Protocol):
    """What the store's SQL runs on: sqlite3's connection, or PostgreSQL's behind the same
    `?` placeholders (service/store_pg.py)."""

    def execute(self, sql: str, parameters: Any = (), /) -> Any: ...


class DocumentStore:
    """Documents, idempotency keys and plan leases (mixed into Store)."""

    _key_taken_errors: ClassVar[tuple[type[Exception], ...]]
    """The backend's exceptions for a unique key already taken."""
    _lock_rows: ClassVar[str] = ""
    """Appended to a SELECT whose rows a transaction will update: PostgreSQL locks them (and
    skips the ones another server is claiming); SQLite's BEGIN IMMEDIATE already serialises."""

    def _transaction(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _lock_collection(self, db: Connection, collection: str) -> None:
        """Make this transaction the only one counting and inserting into `collection`
        (PostgreSQL: an advisory lock; SQLite's BEGIN IMMEDIATE already serialises)."""

    def _finished(self, db: Connection, collection: str, doc_id: str) -> None:
        """Tell whoever waits on the document that it is no longer `solving`, with the
        transaction that wrote it (PostgreSQL: a notice to the API processes; SQLite's
        waiters are in the process that wrote it)."""

    def insert_document(
        self,
        collection: str,
        doc_id: str,
        doc: bytes,
        *,
        parent_id: str | None = None,
        status: str | None = None,
        idempotency: tuple[str, str] | None = None,
        rebinds: str | None = None,
        owner: str | None = None,
        lease_s: float = 0.0,
        most: int | None = None,
    ) -> None:
        """Store a new document, and its idempotency key in the same transaction; a plan
        given an `owner` is leased to it for `lease_s` seconds; with `most`, only while the
        collection holds fewer documents (counted in the transaction).

        `rebinds` names the resource the key pointed to (a failed plan being resubmitted):
        the key then moves to the new document.

        Raises:
            KeyTaken: another request stored (or rebound) the key first; nothing is stored.
            Full: the collection holds `most` documents; nothing is stored.
        """
        lease_until = time.time() + lease_s if owner else None
        try:
            with self._transaction() as db:
                if most is not None:
                    self._lock_collection(db, collection)
                    held = db.execute(
                        "SELECT COUNT(*) FROM documents WHERE collection = ?", (collection,)
                    ).fetchone()[0]
                    if held >= most:
                        raise Full(collection, most)
                db.execute(
                    "INSERT INTO documents (collection, id, parent_id, status, created_at, doc, "
                    "owner, lease_until, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (collection, doc_id, parent_id, status, _now(), doc, owner, lease_until, 1),
                )
                if idempotency is not None and rebinds is None:
                    self._bind_key(db, collection, idempotency, doc_id)
                elif idempotency is not None:
                    moved = db.execute(
                        "UPDATE idempotency SET resource_id = ?, body_hash = ? "
                        "WHERE scope = ? AND key = ? AND resource_id = ?",
                        (doc_id, idempotency[1], collection, idempotency[0], rebinds),
                    ).rowcount
                    if moved != 1:
                        raise KeyTaken(idempotency[0])
        except self._key_taken_errors as exc:
            raise KeyTaken(idempotency[0] if idempotency else doc_id) from exc

    def insert_documents(
        self,
        collection: str,
        rows: list[tuple[str, bytes, str | None]],
        *,
        status: str,
        owner: str,
        lease_s: float,
    ) -> None:
        """Store new documents, (id, doc, parent_id) each, in `status`, leased to `owner` for
        `lease_s` seconds, all in one transaction (an event's deliveries)."""
        lease_until = time.time() + lease_s
        made = _now()
        with self._transaction() as db:
            for doc_id, doc, parent_id in rows:
                db.execute(
                    "INSERT INTO documents (collection, id, parent_id, status, created_at, doc, "
                    "owner, lease_until, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (collection, doc_id, parent_id, status, made, doc, owner, lease_until, 1),
                )

    def _bind_key(
        self, db: Connection, scope: str, idempotency: tuple[str, str], resource_id: str
    ) -> None:
        """Keep an Idempotency-Key and its request's fingerprint for `resource_id`, in the
        caller's transaction.

        Raises:
            KeyTaken: another request stored the key first (the transaction must roll back).
        """
        key, body_hash = idempotency
        try:
            db.execute(
                "INSERT INTO idempotency VALUES (?, ?, ?, ?, ?)",
                (scope, key, body_hash, resource_id, _now()),
            )
        except self._key_taken_errors as exc:
            raise KeyTaken(key) from exc

    def replace_document(
        self, collection: str, doc_id: str, doc: bytes, status: str, *, owner: str | None = None
    ) -> bool:
        """Overwrite a document (a plan going from solving to done) and end its lease; with
        an `owner`, only while that owner holds it. Returns whether it was written."""
        sql = (
            "UPDATE documents SET doc = ?, status = ?, lease_until = NULL "
            "WHERE collection = ? AND id = ?"
        )
        args: list[object] = [doc, status, collection, doc_id]
        if owner is not None:
            sql += " AND owner = ?"
            args.append(owner)
        with self._transaction() as db:
            written: int = db.execute(sql, args).rowcount
            if written == 1 and status != "solving":
                self._finished(db, collection, doc_id)
        return written == 1

    def swap_document(self, collection: str, doc_id: str, old: bytes, new: bytes) -> bool:
        """Overwrite a document with `new` only while it still holds `old` (a compare-and-set:
        a read-modify-write that another process's write raced is not written over it).
        Returns whether it was written (False: changed meanwhile, or deleted)."""
        with self._transaction() as db:
            written: int = db.execute(
                "UPDATE documents SET doc = ? WHERE collection = ? AND id = ? AND doc = ?",
                (new, collection, doc_id, old),
            ).rowcount
        return written == 1

    def lease_anew(
        self, collection: str, doc_id: str, doc: bytes, owner: str, lease_s: float
    ) -> bool:
        """Overwrite a document with a new `solving` one (a new run replacing a finished or
        failed one), leased to `owner` for `lease_s` seconds, its attempts counted afresh;
        only while it is not `solving` (a compare-and-set: two API processes that both read
        it finished no longer both replace it, the second over the first's run, probe 16b
        F1). Returns whether it was written."""
        with self._transaction() as db:
            written: int = db.execute(
                "UPDATE documents SET doc = ?, status = 'solving', owner = ?, lease_until = ?, "
                "attempts = 1, cancel_requested = 0 WHERE collection = ? AND id = ? "
                "AND status <> 'solving'",
                (doc, owner, time.time() + lease_s, collection, doc_id),
            ).rowcount
        return written == 1

    def claim_stale_plans(self, owner: str, lease_s: float) -> list[Claimed]:
        """Claim every plan `solving` whose lease has ended (its server died or stopped) or
        that never had one (written by older code): they are `owner`'s to solve now."""
        return self.claim_stale("plans", "solving", owner, lease_s)

    def claim_stale(
        self, collection: str, status: str, owner: str, lease_s: float
    ) -> list[Claimed]:
        """Claim for `owner`, for `lease_s` seconds, every document of `collection` in
        `status` whose lease has ended or that never had one."""
        now = time.time()
        with self._transaction() as db:
            rows = db.execute(
                "SELECT id, doc, attempts FROM documents WHERE collection = ? "
                "AND status = ? AND (lease_until IS NULL OR lease_until < ?)" + self._lock_rows,
                (collection, status, now),
            ).fetchall()
            for doc_id, _, _ in rows:
                db.execute(
                    "UPDATE documents SET owner = ?, lease_until = ?, attempts = attempts + 1 "
                    "WHERE collection = ? AND id = ?",
                    (owner, now + lease_s, collection, doc_id),
                )
        return [Claimed(str(i), bytes(d), int(a or 0) + 1) for i, d, a in rows]

    def hold(self, collection: str, doc_id: str, doc: bytes, owner: str, until: float) -> bool:
        """Write a document `owner` holds and keep it leased until `until` (epoch seconds; 0
        lets any server claim it at once). Returns False when another owner claimed it."""
        with self._transaction() as db:
            written: int = db.execute(
                "UPDATE documents SET doc = ?, lease_until = ? "
                "WHERE collection = ? AND id = ? AND owner = ?",
                (doc, until, collection, doc_id, owner),
            ).rowcount
        return written == 1

    def claim_plan(self, plan_id: str, owner: str, lease_s: float) -> Claimed | None:
        """Claim one plan for `owner` (a worker taking its job, or retrying it after another
        worker died): None when it is no longer `solving` (its result is already stored)."""
        return self.claim_document("plans", plan_id, owner, lease_s)

    def claim_document(
        self,
        collection: str,
        doc_id: str,
        owner: str,
        lease_s: float,
        accept: Callable[[bytes], bool] | None = None,
    ) -> Claimed | None:
        """Claim one `solving` document of `collection` for `owner`, for `lease_s` seconds:
        None when it is no longer `solving`, or (`accept`, read under the row's lock) is not
        the one the caller was asked to run: a newer run has replaced it (probe 14b)."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT doc, attempts FROM documents WHERE collection = ? AND id = ? "
                "AND status = 'solving'" + self._lock_rows.replace(" SKIP LOCKED", ""),
                (collection, doc_id),
            ).fetchone()
            if row is None or (accept is not None and not accept(bytes(row[0]))):
                return None
            db.execute(
                "UPDATE documents SET owner = ?, lease_until = ?, attempts = attempts + 1 "
                "WHERE collection = ? AND id = ?",
                (owner, time.time() + lease_s, collection, doc_id),
            )
        return Claimed(doc_id, bytes(row[0]), int(row[1] or 0) + 1)

    def finished(self, collection: str, doc_ids: list[str]) -> list[tuple[str, bytes]]:
        """(id, doc) of those of `doc_ids` no longer `solving`."""
        if not doc_ids:
            return []
        marks = ",".join("?" * len(doc_ids))
        with self._read() as db:
            rows = db.execute(
                f"SELECT id, doc FROM documents WHERE collection = ? AND id IN ({marks}) "
                "AND status <> 'solving'",
                (collection, *doc_ids),
            ).fetchall()
        return [(str(i), bytes(d)) for i, d in rows]

    def write_progress(
        self, plan_id: str, doc: bytes, owner: str | None, *, collection: str = "plans"
    ) -> None:
        """Overwrite a `solving` document that `owner` holds (its progress), keeping its
        lease (`owner` None: whoever holds it)."""
        sql = "UPDATE documents SET doc = ? WHERE collection = ? AND id = ? AND status = 'solving'"
        args: list[object] = [doc, collection, plan_id]
        if owner is not None:
            sql += " AND owner = ?"
            args.append(owner)
        with self._transaction() as db:
            db.execute(sql, args)

    def request_cancel(self, plan_id: str, *, collection: str = "plans") -> str:
        """Mark a `solving` plan (or another document of `collection`: a sensitivity run) to
        be cancelled; return its status (unchanged when it is not `solving`).

        Raises:
            NotFound: when there is no such document.
        """
        with self._transaction() as db:
            db.execute(
                "UPDATE documents SET cancel_requested = 1 WHERE collection = ? "
                "AND id = ? AND status = 'solving'",
                (collection, plan_id),
            )
            row = db.execute(
                "SELECT status FROM documents WHERE collection = ? AND id = ?",
                (collection, plan_id),
            ).fetchone()
        if row is None:
            what = "plan" if collection == "plans" else f"{collection} of plan"
            raise NotFound(f"no {what} {plan_id!r}")
        return str(row[0])

    def cancel_requested(self, plan_id: str, *, collection: str = "plans") -> bool:
        """Whether the plan (or another document of `collection`) is to be cancelled."""
        with self._read() as db:
            row = db.execute(
                "SELECT cancel_requested FROM documents WHERE collection = ? AND id = ?",
                (collection, plan_id),
            ).fetchone()
        return bool(row and row[0])

    def renew_leases(
        self,
        owner: str,
        plan_ids: list[str],
        lease_s: float,
        *,
        collection: str = "plans",
        status: str = "solving",
    ) -> None:
        """Extend `owner`'s leases on `plan_ids` of `collection` in `status` (its
        heartbeat)."""
        if not plan_ids:
            return
        marks = ",".join("?" * len(plan_ids))
        with self._transaction() as db:
            db.execute(
                f"UPDATE documents SET lease_until = ? WHERE collection = ? "
                f"AND owner = ? AND status = ? AND id IN ({marks})",
                (time.time() + lease_s, collection, owner, status, *plan_ids),
            )

    def release_leases(self, owner: str, plan_ids: list[str], *, collection: str = "plans") -> None:
        """End `owner`'s leases on `plan_ids` of `collection` at once (a drain that ran out
        of time): the next server to start, or one already running, requeues them."""
        if not plan_ids:
            return
        marks = ",".join("?" * len(plan_ids))
        with self._transaction() as db:
            db.execute(
                f"UPDATE documents SET lease_until = 0 WHERE collection = ? "
                f"AND owner = ? AND id IN ({marks})",
                (collection, owner, *plan_ids),
            )

    def delete_document(self, collection: str, doc_id: str) -> bool:
        """Delete a document, and the Idempotency-Keys that named it (a retry under one
        then creates anew); return whether there was one."""
        with self._transaction() as db:
            deleted: int = db.execute(
                "DELETE FROM documents WHERE collection = ? AND id = ?", (collection, doc_id)
            ).rowcount
            db.execute(
                "DELETE FROM idempotency WHERE scope = ? AND resource_id = ?", (collection, doc_id)
            )
        return deleted == 1

    def document(self, collection: str, doc_id: str) -> bytes:
        """The stored bytes.

        Raises:
            NotFound: naming the collection and id.
        """
        with self._read() as db:
            row = db.execute(
                "SELECT doc FROM documents WHERE collection = ? AND id = ?", (collection, doc_id)
            ).fetchone()
        if row is None:
            raise NotFound(f"no {collection[:-1]} {doc_id!r}")
        return bytes(row[0])

    def documents(
        self,
        collection: str,
        *,
        parent_id: str | None = None,
        status: str | None = None,
        before: int | None = None,
        limit: int = 50,
    ) -> list[tuple[int, bytes]]:
        """(cursor, doc) newest first, of `parent_id` and in `status` where given; pass the
        last cursor as `before` for the next page."""
        sql = "SELECT seq, doc FROM documents WHERE collection = ?"
        args: list[object] = [collection]
        for column, value in (("parent_id", parent_id), ("status", status)):
            if value is not None:
                sql += f" AND {column} = ?"
                args.append(value)
        if before is not None:
            sql += " AND seq < ?"
            args.append(before)
        sql += " ORDER BY seq DESC LIMIT ?"
        args.append(limit)
        with self._read() as db:
            rows = db.execute(sql, args).fetchall()
        return [(int(seq), bytes(doc)) for seq, doc in rows]

    def idempotent(self, scope: str, key: str) -> tuple[str, str] | None:
        """(request fingerprint, resource_id) stored for an Idempotency-Key, or None."""
        with self._read() as db:
            row = db.execute(
                "SELECT body_hash, resource_id FROM idempotency WHERE scope = ? AND key = ?",
                (scope, key),
            ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))
