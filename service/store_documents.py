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

__all__ = ["OUTBOX", "Claimed", "Connection", "DocumentStore", "Full", "KeyTaken", "Outbox"]

OUTBOX = "events"
"""The collection of events answered but not yet made into their webhook deliveries (the
outbox): each is stored in the transaction of the write it announces, and a dispatcher turns
it into its deliveries and deletes it in one transaction (`DocumentStore.expand_event`)."""


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


class Outbox(Protocol):
    """Who makes the events of the store's writes (the webhooks)."""

    def revised(self, revision: int, message: str) -> tuple[str, bytes]:
        """The event of a new catalog revision: (id, document), stored in its transaction."""
        ...

    def wake(self) -> None:
        """An event was stored (its transaction committed): make its deliveries soon."""
        ...


Rows = list[tuple[str, bytes, str | None]]
"""Documents to insert: (id, doc, parent_id) each."""


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
        rows: Rows,
        *,
        status: str,
        owner: str,
        lease_s: float,
    ) -> None:
        """Store new documents, (id, doc, parent_id) each, in `status`, leased to `owner` for
        `lease_s` seconds, all in one transaction (an event's deliveries)."""
        with self._transaction() as db:
            self._insert_rows(db, collection, rows, status, owner, lease_s)

    def _insert_rows(
        self, db: Connection, collection: str, rows: Rows, status: str, owner: str, lease_s: float
    ) -> None:
        lease_until = time.time() + lease_s
        made = _now()
        for doc_id, doc, parent_id in rows:
            db.execute(
                "INSERT INTO documents (collection, id, parent_id, status, created_at, doc, "
                "owner, lease_until, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (collection, doc_id, parent_id, status, made, doc, owner, lease_until, 1),
            )

    def _add_event(self, db: Connection, event: tuple[str, bytes]) -> None:
        """Store an event (id, document) in the outbox, in the caller's transaction."""
        db.execute(
            "INSERT INTO documents (collection, id, status, created_at, doc) "
            "VALUES (?, ?, 'pending', ?, ?)",
            (OUTBOX, event[0], _now(), event[1]),
        )

    def add_event(self, event: tuple[str, bytes]) -> None:
        """Store an event (id, document) in the outbox, in a transaction of its own."""
        with self._transaction() as db:
            self._add_event(db, event)

    def expand_event(
        self,
        expand: Callable[[str, bytes], Rows],
        *,
        into: str,
        owner: str,
        lease_s: float,
    ) -> tuple[str, Rows] | None:
        """Make the oldest event in the outbox into the documents `expand` makes of it, then
        in one transaction delete it and store them into `into`, `pending` and leased to
        `owner` for `lease_s` seconds. Returns the event's id and the rows stored (none when
        another process took the event meanwhile); None when the outbox is empty (on
        PostgreSQL: holds no event that another process is not making already). A process
        dying half-way stores nothing: the event stays for the next one.

        On PostgreSQL the event is taken `FOR UPDATE SKIP LOCKED` and made in the
        transaction that deletes it, so that N processes make N events at once (review 17b
        F5: each read the same oldest event and made its deliveries, and all but one threw
        theirs away); on SQLite, whose transactions hold the whole file, it is read before
        the transaction, so that other requests do not wait on the reads."""
        if self._lock_rows:
            return self._expand_locked(expand, into=into, owner=owner, lease_s=lease_s)
        with self._read() as db:
            row = db.execute(
                "SELECT id, doc FROM documents WHERE collection = ? ORDER BY seq LIMIT 1",
                (OUTBOX,),
            ).fetchone()
        if row is None:
            return None
        event_id = str(row[0])
        rows = expand(event_id, bytes(row[1]))
        with self._transaction() as db:
            return event_id, self._made(db, event_id, into, rows, owner, lease_s)

    def _expand_locked(
        self,
        expand: Callable[[str, bytes], Rows],
        *,
        into: str,
        owner: str,
        lease_s: float,
    ) -> tuple[str, Rows] | None:
        """`expand_event` on PostgreSQL: the oldest event no other transaction holds, locked,
        made and deleted in one transaction (the reads `expand` makes run in it too: they
        hold no lock)."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT id, doc FROM documents WHERE collection = ? ORDER BY seq LIMIT 1"
                + self._lock_rows,
                (OUTBOX,),
            ).fetchone()
            if row is None:
                return None
            event_id = str(row[0])
            rows = expand(event_id, bytes(row[1]))
            return event_id, self._made(db, event_id, into, rows, owner, lease_s)

    def _made(
        self, db: Connection, event_id: str, into: str, rows: Rows, owner: str, lease_s: float
    ) -> Rows:
        """In `db`'s transaction, delete the outbox's event `event_id` and store `rows` into
        `into`, `pending` and leased to `owner` for `lease_s` seconds; none when another
        process deleted it first (it made them: on PostgreSQL, where the event is locked,
        this cannot happen)."""
        taken: int = db.execute(
            "DELETE FROM documents WHERE collection = ? AND id = ?", (OUTBOX, event_id)
        ).rowcount
        if taken != 1:
            return []
        self._insert_rows(db, into, rows, "pending", owner, lease_s)
        return rows

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
        self,
        collection: str,
        doc_id: str,
        doc: bytes,
        status: str,
        *,
        owner: str | None = None,
        event: tuple[str, bytes] | None = None,
    ) -> bool:
        """Overwrite a document (a plan going from solving to done) and end its lease; with
        an `owner`, only while that owner holds it; with an `event` (id, document), store it
        in the outbox in the same transaction when the document is written (a plan's
        webhook event is stored with the plan, or not at all). Returns whether it was
        written."""
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
            if written == 1 and event is not None:
                self._add_event(db, event)
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

    def set_status(self, collection: str, doc_id: str, status: str) -> None:
        """Store `status` as the document `doc_id` of `collection`, made when it is missing
        (a subscription's webhook standing: a status and nothing else)."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO documents (collection, id, status, created_at, doc) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (collection, id) "
                "DO UPDATE SET status = excluded.status",
                (collection, doc_id, status, _now(), b"{}"),
            )

    def statuses(self, collection: str) -> dict[str, str]:
        """The status of every document of `collection`, by id."""
        with self._read() as db:
            rows = db.execute(
                "SELECT id, status FROM documents WHERE collection = ?", (collection,)
            ).fetchall()
        return {str(doc_id): str(status) for doc_id, status in rows}

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
