"""Webhooks: subscriptions to `plan.completed`, `plan.failed` and `catalog.revised`, deliveries
signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried
with exponential backoff, and a log of every attempt per delivery.

A subscription's secret can be rotated without downtime: the previous secrets stay valid for
`ROTATION_S`, and meanwhile each delivery carries a signature under each (the header lists
them space-separated, as the standard allows), so the receiver may switch at any moment; at
most `MAX_SIGNING` secrets sign (the current one and the last two rotated out), so that the
header stays small however often a secret is rotated (probe 17b L2).

An event is stored before the write it announces is answered, in that write's transaction
(the catalog revision's, the finished plan's): a row in the store's outbox (service/
store_documents.py `OUTBOX`) with the event's payload and its own time. A dispatcher thread of
the process where it happened (the API, or the worker that solved the plan) then makes it into
one delivery per subscription and deletes it, in one transaction; an event a process stopped
or died before making into deliveries is made by the next server to start, or by a running one
(every few backoff units): an answered write is never an event lost (probe 17b F1, F2). At most
`BACKLOG` deliveries are held in a process's schedule, those of failing subscriptions aside;
further events wait in the outbox.

A bounded pool of `SENDERS` threads makes the attempts, the subscriptions taking turns: at most
one attempt under way per subscription, those whose last attempt succeeded first, then those
never tried (the last `KEPT_SENDERS` free are kept for the answered ones); those whose last
attempt failed (a receiver that hangs, or answers 5xx) hold one sender while others wait and at
most `FAILING_SENDERS`, so that a dead receiver does not hold every other subscriber's events
behind it (probe 17b F3). A subscription's standing is how its last attempt went, in any
process: stored when it changes (`STANDINGS`) and taken up by each process's dispatcher as it
starts and every few seconds after, so that it survives a restart (review 17b F1). An attempt
gives up on a connection after `CONNECT_S` and on an answer after `TIMEOUT_S`. A retry waits in
a schedule, not in a thread; at most `MAX_SUBSCRIPTIONS` subscriptions exist (probe 16b F3).
Each attempt reads its subscription again: one deleted meanwhile is sent nothing more (its
delivery ends `failed`, saying so). A delivery still retrying when that process stops is left
`pending` in the store, leased to it: when it stops, it releases them; when it dies, the lease
ends. Either way the next server (or one running) claims them and carries on from the attempts
logged so far, so retries survive a restart (service/webhook_attempt.py makes one try).
Deliveries to one subscription may arrive in another order than their events happened (a
retry, a restart): a receiver orders them by the payload's `timestamp` (the event's own time)
and, for `catalog.revised`, by `data.revision`.
"""

from __future__ import annotations

import base64
import collections
import heapq
import itertools
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from typing import Annotated, Any, Literal

import httpx
import msgspec
from msgspec import Meta

from catalog import NotFound
from optimizer import Plan, plan_gap_basis
from service.config import Settings
from service.plan_docs import scenario_fields
from service.secret_box import SecretBox, SecretUnreadable
from service.store import Store
from service.webhook_attempt import Attempt, attempt_delivery, rfc3339
from service.webhook_targets import shown_url

__all__ = [
    "MAX_SIGNING",
    "MAX_SUBSCRIPTIONS",
    "ROTATION_S",
    "STANDINGS",
    "Attempt",
    "Delivery",
    "EventType",
    "StoredOnly",
    "Subscription",
    "WebhookIn",
    "WebhookOut",
    "Webhooks",
    "new_secret",
    "plan_event_data",
]

log = logging.getLogger("tokenplan")
EventType = Literal["plan.completed", "plan.failed", "catalog.revised"]
Standing = Literal["answered", "new", "failing"]
ROTATION_S = 24 * 3600.0
"""How long a rotated-out secret still signs deliveries."""
ATTEMPTS = 6
"""A delivery is tried this many times: at once, then after 1, 2, 4, 8 and 16 backoff units."""
TIMEOUT_S = 10.0
"""An attempt gives up on its answer after this long (per read)."""
CONNECT_S = 3.0
"""An attempt gives up on connecting after this long."""
HOLD_S = TIMEOUT_S + 5.0
"""A delivery stays leased to its server this long past its next attempt's time."""
SENDERS = 16
"""Attempts made at once by one process: due attempts beyond these wait their turn."""
FAILING_SENDERS = SENDERS // 2
"""Senders that attempts to subscriptions whose last attempt failed may hold at once: the
others serve the rest."""
KEPT_SENDERS = SENDERS // 8
"""Senders kept for subscriptions whose last attempt succeeded: the others (never tried, or
failing) take a sender only while more than these are free. Before, 16 attempts at
never-tried receivers that hang could hold every sender, and an answered subscription's
event waited up to `TIMEOUT_S` (8.3-9.3 s measured, review 17b F1)."""
STANDINGS = "webhook_standings"
"""The store's collection of each subscription's standing (`answered` or `failing`: how its
last attempt went, in whichever process made it), written when it changes: a server takes them
up as its dispatcher starts and every `RENEW_S` after, so that a healthy subscription is served
as answered after a restart, and in every process (review 17b F1: after a restart it waited
behind 300 never-tried hanging subscriptions again, 192.9 s)."""
BACKLOG = 20_000
"""Deliveries a process holds in its schedule at most, those of failing subscriptions aside:
past it, events wait in the outbox. Counted, a few hundred subscriptions on receivers that
hang filled it with retries due hours away, and every other subscriber's events waited in
the outbox behind them (review 17b R1: a healthy subscriber without events for 7 minutes and
counting); the deliveries to a failing subscription are held whatever their number, as every
delivery was before the outbox (session 16)."""
MAX_SIGNING = 3
"""Secrets that sign a delivery at most: the current one and the last two rotated out."""
MAX_SUBSCRIPTIONS = 1000
"""Subscriptions the service keeps (POST /webhooks past it: a 422 naming it)."""
PAGE = 500
"""Subscriptions read at a time when an event is sent (every one is read)."""
UNSUBSCRIBED = "unsubscribed: the webhook was deleted; nothing more is sent"
RENEW_S = HOLD_S / 3
"""How often the leases of the deliveries held here are renewed (for `HOLD_S` more)."""
SWEEP_UNITS = 5
"""A server looks for deliveries others left pending every this many backoff units (1 s at
least)."""


class WebhookIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A subscription request: where to send which events."""

    url: Annotated[str, Meta(pattern=r"^https?://[^\s/$.?#][^\s]*$", max_length=2000)]
    events: Annotated[tuple[EventType, ...], Meta(min_length=1, max_length=3)] = (
        "plan.completed",
        "plan.failed",
        "catalog.revised",
    )
    description: Annotated[str, Meta(max_length=500)] = ""


class Secret(msgspec.Struct, frozen=True, kw_only=True):
    """A signing secret (`whsec_...`); `expires_at` (epoch seconds) once rotated out."""

    value: str
    expires_at: float | None = None


class WebhookOut(msgspec.Struct, frozen=True, kw_only=True):
    """A subscription as answered. `secret` is shown once, in the answer that made it (POST
    /webhooks, or a rotation); `rotating_until`, while a rotated-out secret still signs."""

    id: str
    url: str
    events: tuple[EventType, ...]
    description: str = ""
    created_at: str
    secret: str | None = None
    rotating_until: str | None = None
    secret_withheld: str | None = None
    """Why a replayed answer (the same Idempotency-Key) carries no `secret`."""


class Subscription(msgspec.Struct, frozen=True, kw_only=True):
    """A stored subscription, with its secrets (newest first)."""

    id: str
    url: str
    events: tuple[EventType, ...]
    description: str = ""
    created_at: str
    secrets: tuple[Secret, ...] = ()
    rotations: int = 0
    """How often its secret was rotated (counted since session 16)."""

    def rotated(self) -> bool:
        """Whether its secret was rotated since it was made (a subscription rotated before
        `rotations` was counted shows it while the old secret still signs)."""
        return self.rotations > 0 or len(self.secrets) > 1

    def with_secrets(self, convert: Callable[[str], str]) -> Subscription:
        """The same subscription with each secret passed through `convert` (`SecretBox.seal`
        for the store, `SecretBox.open` to sign)."""
        secrets_ = tuple(msgspec.structs.replace(s, value=convert(s.value)) for s in self.secrets)
        return msgspec.structs.replace(self, secrets=secrets_)

    def public(self, *, with_secret: bool = False) -> WebhookOut:
        """As answered: the current secret only when `with_secret`."""
        signing = self.secrets[:MAX_SIGNING]
        ends = [s.expires_at for s in signing if s.expires_at is not None]
        return WebhookOut(
            id=self.id,
            url=shown_url(self.url),
            events=self.events,
            description=self.description,
            created_at=self.created_at,
            secret=self.secrets[0].value if with_secret and self.secrets else None,
            rotating_until=rfc3339(max(ends)) if ends and max(ends) > time.time() else None,
        )

    def signing(self) -> list[str]:
        """The secrets deliveries are signed with now: the current one and those rotating
        out, at most `MAX_SIGNING` (the newest)."""
        now = time.time()
        live = [s.value for s in self.secrets if s.expires_at is None or s.expires_at > now]
        return live[:MAX_SIGNING]


class Delivery(msgspec.Struct, frozen=True, kw_only=True):
    """One event sent to one subscription, with every attempt."""

    id: str
    webhook_id: str
    event: EventType
    status: Literal["pending", "delivered", "failed"]
    created_at: str
    payload: dict[str, Any]
    attempts: tuple[Attempt, ...] = ()
    ended: str | None = None
    """Why it ended without being delivered other than by its attempts (its webhook was
    deleted meanwhile)."""


def new_secret() -> str:
    """A fresh signing secret in the Standard Webhooks form `whsec_<base64>`."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def plan_event_data(plan: Plan) -> dict[str, Any]:
    """The `data` of a plan's event: its id, status (with `optimal_for` beside it when the
    optimum holds only for the deployments chosen, or is the LP relaxation's: probe 19, and
    the solver's `gap`, and `power_gap` for objective power, so that a `feasible` plan never
    arrives without how far from proven it may be: probe 12 finding 5), catalog revision,
    error, total cost and, for a scenario plan, its expected cost, number of scenarios and
    the scenario whose total cost `total_cost` is (probe 11 finding 2: it carried that one
    scenario's cost alone). Beside
    the gap, `gap_on` says which cost it is relative to and `gap_cost` is that cost (under
    demand_continues the horizon and the tail, not `total_cost`; null for a CVaR)."""
    data: dict[str, Any] = {
        "id": plan.id,
        "status": plan.status,
        "catalog_revision": plan.catalog_revision,
    }
    if plan.error:
        data["error"] = plan.error
    if plan.solver is not None:
        data["gap"] = plan.solver.gap  # null: the cost step found no plan (objective power)
        basis = plan_gap_basis(plan)
        if basis is not None:  # what the gap bounds, not total_cost (probe 12 finding 1)
            data["gap_on"], data["gap_cost"] = basis.over, basis.cost
        if plan.solver.power is not None:
            data["power_gap"] = plan.solver.power.gap
        if plan.solver.optimal_for:  # the LP relaxation (probe 19), the deployments chosen
            data["optimal_for"] = plan.solver.optimal_for  # beside the status enum (review 11 B)
    if plan.summary is not None:
        data["total_cost"] = plan.summary.total_cost
    return data | scenario_fields(plan)


class StoredOnly:
    """The outbox of a process that sends nothing itself (`tokenplan catalog import-skypilot`):
    each catalog revision's `catalog.revised` is stored in the write's transaction, and a
    running server's sweep (every `SWEEP_UNITS` backoff units), or the next to start, makes
    its deliveries. Before, the CLI's revision had no event at all (review 17b F3)."""

    def revised(self, revision: int, message: str) -> tuple[str, bytes]:
        return Webhooks.event("catalog.revised", {"revision": revision, "message": message})

    def wake(self) -> None:
        """Nothing here sends: a server's sweep finds the event."""


class _Subscribed(msgspec.Struct, frozen=True, kw_only=True):
    """What making an event's deliveries reads of a subscription (its secrets are opened only
    to sign)."""

    id: str
    events: tuple[str, ...]


class Webhooks:
    """Sends events to their subscribers, from the process where they happen."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.backoff_s = settings.webhook_backoff_s
        self.allow_internal = settings.webhook_allow_internal
        self.box = SecretBox(settings.secret_key)
        self.owner = f"hooks_{os.getpid()}_{secrets.token_hex(4)}"
        self._stopping = threading.Event()
        self._sweeper = threading.Thread(target=self._sweep, name="webhook-retries", daemon=True)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        """The dispatcher waits on it (events stored, attempts coming due, the stop)."""
        self._turn = threading.Condition(self._lock)
        """The senders wait on it (a subscription's turn, the stop)."""
        self._stored = False
        """Events may wait in the outbox: the dispatcher makes their deliveries."""
        self._due: list[tuple[float, int, Delivery]] = []
        """(when, tiebreak, delivery): the next attempts, soonest first."""
        self._order = itertools.count()
        self._waiting: dict[str, collections.deque[Delivery]] = {}
        """Per subscription, its deliveries due and waiting for a sender, oldest first."""
        self._turns: dict[Standing, collections.deque[str]] = {
            standing: collections.deque() for standing in ("answered", "new", "failing")
        }
        """The subscriptions with a delivery waiting and none under way, in their turn, by
        standing: those whose last attempt succeeded, those never tried, those whose last
        attempt failed."""
        self._under_way: set[str] = set()
        self._failures: dict[str, int] = {}
        """Per subscription tried (here, or by another process as stored in `STANDINGS`),
        its attempts that failed one after the other since its last success (0: its last
        attempt succeeded)."""
        self._busy: collections.Counter[Standing] = collections.Counter()
        """Senders making an attempt, by the standing its subscription had when taken."""
        self._threads: list[threading.Thread] = []
        """The dispatcher (events and the schedule) and the `SENDERS`, once started."""
        self._client: httpx.Client | None = None
        """The senders' HTTP client (one connection pool), made when they start and closed
        by the last to end."""
        self._senders_left = 0
        self._mine: set[str] = set()
        """The deliveries scheduled, waiting for a sender or being tried here: their leases
        are renewed every `RENEW_S` (a backlog outlasting a lease must not let another server
        claim and send them too)."""
        self._whose: dict[str, str] = {}
        """Each delivery of `_mine` -> its subscription."""
        self._held_by: collections.Counter[str] = collections.Counter()
        """Subscription -> its deliveries in `_mine`."""

    def subscriptions(self) -> list[Subscription]:
        """Every subscription (read a page at a time), its secrets opened (one this server
        cannot open is skipped, saying why)."""
        found = []
        for doc in self._subscription_docs():
            try:
                found.append(self._opened(doc))
            except SecretUnreadable as exc:
                log.error("webhook %s not sent: its secret is %s", doc[:40], exc)
        return found

    def _subscription_docs(self) -> list[bytes]:
        """Every subscription's stored document, oldest first (read a page at a time)."""
        docs: list[bytes] = []
        before = None
        while True:
            rows = self.store.documents("webhooks", before=before, limit=PAGE)
            docs += [doc for _, doc in rows]
            if len(rows) < PAGE:
                return docs[::-1]
            before = rows[-1][0]

    def _opened(self, doc: bytes) -> Subscription:
        return msgspec.json.decode(doc, type=Subscription).with_secrets(self.box.open)

    # -- events: stored with what they announce, then made into deliveries ----------------

    @staticmethod
    def event(event: EventType, data: dict[str, Any]) -> tuple[str, bytes]:
        """An event as the outbox stores it (id, document): its payload, whose `timestamp`
        is now, when the event happened, not when its deliveries are made (probe 17b F2)."""
        payload = {"type": event, "timestamp": rfc3339(time.time()), "data": data}
        return f"evt_{secrets.token_hex(12)}", msgspec.json.encode(payload)

    def revised(self, revision: int, message: str) -> tuple[str, bytes]:
        """`catalog.revised`: the store keeps it in the catalog write's transaction
        (`Store.outbox`), so that a write answered is an event kept (probe 17b F1)."""
        return self.event("catalog.revised", {"revision": revision, "message": message})

    def plan_event(self, plan: Plan) -> tuple[str, bytes] | None:
        """`plan.failed` for a failed plan, else `plan.completed` (optimal, feasible,
        infeasible, cancelled), to store with the plan (`replace_document`'s `event`); None
        for a plan still solving, or when its data cannot be made (logged: a notification
        never fails the plan it is about)."""
        if plan.status == "solving":
            return None
        kind: EventType = "plan.failed" if plan.status == "failed" else "plan.completed"
        try:
            return self.event(kind, plan_event_data(plan))
        except Exception:
            log.exception("plan %s: webhooks not sent", plan.id)
            return None

    def wake(self) -> None:
        """An event was stored: the dispatcher makes its deliveries (once stopped, the next
        server does)."""
        with self._lock:
            if not self._stopping.is_set():
                self._started(senders=False)
                self._stored = True
                self._wake.notify()

    def emit(self, event: EventType, data: dict[str, Any]) -> list[str]:
        """Store `event` and make its deliveries now, in this thread (as the dispatcher
        does: once stopped, leased to nobody, for the next server's sweep); return their
        ids."""
        made = self.event(event, data)
        self.store.add_event(made)
        ids: list[str] = []
        while (expanded := self._expand()) is not None:
            if expanded[0] == made[0]:
                ids = [d.id for d in expanded[1]]
        return ids

    def _expand(self) -> tuple[str, list[Delivery]] | None:
        """Make the oldest stored event's deliveries, one to each subscription to it (the
        oldest subscription first), stored with the event deleted in one transaction, and
        schedule them here (none when another process took it); return (the event's id, its
        deliveries), None when none is stored."""
        made: list[Delivery] = []

        def deliveries(event_id: str, doc: bytes) -> list[tuple[str, bytes, str | None]]:
            payload = msgspec.json.decode(doc)
            for raw in self._subscription_docs():
                subscribed = msgspec.json.decode(raw, type=_Subscribed)
                if payload["type"] in subscribed.events:
                    made.append(
                        Delivery(
                            id=f"msg_{secrets.token_hex(12)}",
                            webhook_id=subscribed.id,
                            event=payload["type"],
                            status="pending",
                            created_at=payload["timestamp"],
                            payload=payload,
                        )
                    )
            return [(d.id, msgspec.json.encode(d), d.webhook_id) for d in made]

        stopping = self._stopping.is_set()
        expanded = self.store.expand_event(
            deliveries, into="deliveries", owner=self.owner, lease_s=0.0 if stopping else HOLD_S
        )
        if expanded is None:
            return None
        if not expanded[1]:  # no subscriber, or another process took it
            return expanded[0], []
        if not stopping:  # else leased to nobody already: the next server's
            now = time.time()
            for delivery in made:
                self._schedule(now, delivery)
        return expanded[0], list(made)

    # -- the schedule and the senders ------------------------------------------------------

    def _started(self, *, senders: bool = True) -> None:
        """Start the dispatcher, and the senders unless not yet needed (an event stored by a
        solver thread starts the dispatcher only; its first delivery, the senders), the
        first time each is needed (with the lock held)."""
        new = []
        if not self._threads:
            new.append(threading.Thread(target=self._dispatch, name="webhooks", daemon=True))
        if senders and len(self._threads) + len(new) == 1:
            limits = httpx.Limits(max_connections=SENDERS, max_keepalive_connections=SENDERS)
            timeout = httpx.Timeout(TIMEOUT_S, connect=CONNECT_S)
            self._client = httpx.Client(timeout=timeout, limits=limits)
            self._senders_left = SENDERS
            new += [
                threading.Thread(target=self._send, name="webhook", daemon=True)
                for _ in range(SENDERS)
            ]
        self._threads += new
        for thread in new:
            thread.start()

    def _schedule(self, when: float, delivery: Delivery) -> None:
        """Attempt `delivery` at `when` (epoch seconds); once stopped, release it to the next
        server instead."""
        with self._lock:
            if not self._stopping.is_set():
                self._started()
                if delivery.id not in self._mine:
                    self._mine.add(delivery.id)
                    self._whose[delivery.id] = delivery.webhook_id
                    self._held_by[delivery.webhook_id] += 1
                heapq.heappush(self._due, (when, next(self._order), delivery))
                self._wake.notify()
                return
        self._release(delivery)

    def _done(self, delivery_id: str) -> None:
        with self._lock:
            self._let_go(delivery_id)
            if self._counted() < BACKLOG and self._stored:
                self._wake.notify()

    def _let_go(self, delivery_id: str) -> None:
        """`delivery_id` no longer held here (with the lock held)."""
        if delivery_id in self._mine:
            self._mine.discard(delivery_id)
            webhook_id = self._whose.pop(delivery_id)
            self._held_by[webhook_id] -= 1
            if self._held_by[webhook_id] <= 0:
                del self._held_by[webhook_id]

    def _counted(self) -> int:
        """The deliveries held here that count against `BACKLOG`: those of subscriptions
        whose last attempt failed aside (with the lock held)."""
        failing = sum(n for w, n in self._held_by.items() if self._failures.get(w))
        return len(self._mine) - failing

    def _ready(self, delivery: Delivery) -> None:
        """`delivery` is due: it waits for its subscription's turn (with the lock held)."""
        waiting = self._waiting.setdefault(delivery.webhook_id, collections.deque())
        if not waiting and delivery.webhook_id not in self._under_way:
            self._in_turn(delivery.webhook_id)
        waiting.append(delivery)
        self._turn.notify()

    def _in_turn(self, webhook_id: str) -> None:
        """Queue the subscription for its turn, by its standing (with the lock held)."""
        failures = self._failures.get(webhook_id)
        standing: Standing = "new" if failures is None else "failing" if failures else "answered"
        self._turns[standing].append(webhook_id)

    def _next_turns(self) -> Standing | None:
        """Whose turn it is (with the lock held): those whose last attempt failed while they
        hold fewer than one sender (others waiting) or `FAILING_SENDERS` (none waiting); else
        those whose last attempt succeeded; else those never tried. Those never tried and
        those failing take a sender only while more than `KEPT_SENDERS` are free. None:
        nobody's (wait)."""
        turns = self._turns
        spare = SENDERS - sum(self._busy.values()) > KEPT_SENDERS
        cap = 1 if turns["answered"] or turns["new"] else FAILING_SENDERS
        if spare and turns["failing"] and self._busy["failing"] < min(cap, FAILING_SENDERS):
            return "failing"
        if turns["answered"]:
            return "answered"
        if spare and turns["new"]:
            return "new"
        return None

    def _take(self) -> tuple[Delivery, Standing] | None:
        """The next delivery to attempt, and its subscription's standing. The subscriptions
        take turns, one attempt under way each: first those whose last attempt succeeded,
        then those never tried; those whose last attempt failed (a receiver that hangs, or
        answers 5xx) hold at least one sender while any waits, and at most
        `FAILING_SENDERS`, so that they keep the others waiting no longer than that (probe
        17b F3); neither takes one of the last `KEPT_SENDERS` free, so that an answered
        subscription never waits behind receivers that hang (review 17b F1). None once
        stopped."""
        with self._lock:
            while not self._stopping.is_set():
                standing = self._next_turns()
                if standing is not None:
                    webhook_id = self._turns[standing].popleft()
                    waiting = self._waiting[webhook_id]
                    delivery = waiting.popleft()
                    if not waiting:
                        del self._waiting[webhook_id]
                    self._under_way.add(webhook_id)
                    self._busy[standing] += 1
                    return delivery, standing
                self._turn.wait()
            return None

    def _taken(self, delivery: Delivery, standing: Standing) -> None:
        """The attempt at `delivery` ended: its subscription's next one takes its turn."""
        with self._lock:
            webhook_id = delivery.webhook_id
            self._under_way.discard(webhook_id)
            self._busy[standing] -= 1
            if self._waiting.get(webhook_id):
                self._in_turn(webhook_id)
            self._turn.notify_all()

    def _answered(self, webhook_id: str, ok: bool) -> None:
        """Note how an attempt went; store the subscription's standing when it changed (or
        was not known here), for this process's next start and for the others."""
        with self._lock:
            before = self._failures.get(webhook_id)
            if ok:
                self._failures[webhook_id] = 0
            else:
                self._failures[webhook_id] = (before or 0) + 1
                if self._stored and self._counted() < BACKLOG:
                    self._wake.notify()  # its deliveries no longer count against the backlog
        if before is None or (before == 0) != ok:
            try:
                # Not for a subscription deleted while its attempt ran (review 18 R9: the
                # standing stored after the delete stayed, read by every process for ever).
                self.store.document("webhooks", webhook_id)
                self.store.set_status(STANDINGS, webhook_id, "answered" if ok else "failing")
            except NotFound:
                pass
            except Exception:  # the standing here still counts; the store's catches up
                log.warning("webhook %s: standing not stored", webhook_id, exc_info=True)

    def _take_up_standings(self) -> None:
        """Take up the standings stored by this process before a restart and by the others:
        each subscription as the store says (each process stores a standing when it changes
        in its own eyes, so the store holds the last change any process saw; one this
        process disagrees with is stored again at its next attempt here)."""
        try:
            stored = self.store.statuses(STANDINGS)
        except Exception:
            log.warning("webhook standings not read", exc_info=True)
            return
        with self._lock:
            for webhook_id, standing in stored.items():
                known = self._failures.get(webhook_id)
                if standing == "answered" and known != 0:
                    self._failures[webhook_id] = 0
                elif standing == "failing" and not known:
                    self._failures[webhook_id] = 1

    def _dispatch(self) -> None:
        """Make the deliveries of the events stored (while fewer than `BACKLOG` are held
        here), and hand each attempt due to the senders, until stopped; then release the
        attempts scheduled and waiting (the events not yet made into deliveries stay stored
        for the next server). Renews the leases of the deliveries held here every
        `RENEW_S`, and takes up the subscriptions' standings stored (`STANDINGS`) as it
        starts, before any delivery is handed on, and as often."""
        self._take_up_standings()
        renew_at = time.monotonic() + RENEW_S
        while True:
            with self._lock:
                while not self._stopping.is_set():
                    if self._stored and self._counted() < BACKLOG:
                        break
                    if self._due and self._due[0][0] <= time.time():
                        break
                    if time.monotonic() >= renew_at:
                        break
                    until_due = self._due[0][0] - time.time() if self._due else RENEW_S
                    self._wake.wait(max(0.0, min(until_due, renew_at - time.monotonic())))
                expand = self._stored and self._counted() < BACKLOG
                self._stored = self._stored and not expand
                stopping = self._stopping.is_set()
                released: list[Delivery] = []
                while self._due and (self._due[0][0] <= time.time() or stopping):
                    delivery = heapq.heappop(self._due)[2]
                    if stopping:
                        released.append(delivery)
                    else:
                        self._ready(delivery)
                if stopping:
                    for waiting in self._waiting.values():
                        released += waiting
                    self._waiting.clear()
                    for turns in self._turns.values():
                        turns.clear()
                    self._turn.notify_all()
                renew = time.monotonic() >= renew_at and not stopping
                held = sorted(self._mine) if renew else []
            if renew:
                renew_at = time.monotonic() + RENEW_S
                self._take_up_standings()  # as this and the other processes' attempts went
            for start in range(0, len(held), PAGE):
                try:
                    self.store.renew_leases(
                        self.owner,
                        held[start : start + PAGE],
                        HOLD_S,
                        collection="deliveries",
                        status="pending",
                    )
                except Exception:
                    log.exception("webhook deliveries' leases not renewed")
            if expand and not stopping:
                self._expand_stored()
            if stopping:
                self._release_all([d.id for d in released])
                return

    def _expand_stored(self) -> None:
        """Make the deliveries of the events stored, oldest first, until none is left, the
        backlog held here is full (the rest wait, stored, for later) or the stop."""
        while not self._stopping.is_set():
            with self._lock:
                if self._counted() >= BACKLOG:
                    self._stored = True  # taken up again as the backlog drains
                    return
            try:
                if self._expand() is None:
                    return
            except Exception:  # the event stays stored: tried again at the next sweep
                log.exception("webhook events not made into deliveries")
                return

    def _release_all(self, delivery_ids: list[str]) -> None:
        """Release the deliveries scheduled here (stored as of their last attempt) to the
        next server, a page at a time."""
        with self._lock:
            for delivery_id in delivery_ids:
                self._let_go(delivery_id)
        for start in range(0, len(delivery_ids), PAGE):
            try:
                page_ = delivery_ids[start : start + PAGE]
                self.store.release_leases(self.owner, page_, collection="deliveries")
            except Exception:
                log.warning("webhook deliveries not released", exc_info=True)

    def _release(self, delivery: Delivery) -> None:
        self._done(delivery.id)
        try:
            self.store.hold("deliveries", delivery.id, msgspec.json.encode(delivery), self.owner, 0)
        except Exception:
            log.warning("webhook delivery %s not released", delivery.id, exc_info=True)

    def _send(self) -> None:
        """A sender: attempt each delivery whose turn it is, until stopped. An attempt can
        outlast `stop`'s wait (a receiver that answers a byte at a time resets httpx's
        timeout with each; a name slow to resolve has none), and the store is closed when
        `stop` returns: the log of that attempt is then lost, and the delivery, still leased
        to this server, is carried on by the next one once its lease ends; the thread ends
        with a warning, not an exception."""
        client = self._client
        assert client is not None  # made with the senders
        try:
            while (taken := self._take()) is not None:
                delivery, standing = taken
                try:
                    if self._stopping.is_set():
                        self._release(delivery)
                    elif not self._attempt(client, delivery):
                        self._done(delivery.id)
                except Exception:
                    if not self._stopping.is_set():
                        log.exception("webhook delivery %s: attempt failed", delivery.id)
                    else:
                        log.warning(
                            "webhook delivery %s outlasted the shutdown; left for the next server",
                            delivery.id,
                            exc_info=True,
                        )
                finally:
                    self._taken(delivery, standing)
        finally:
            with self._lock:
                self._senders_left -= 1
                last = self._senders_left == 0
            if last:
                client.close()

    def start(self) -> None:
        """Carry on, now and every few backoff units, the events stored and not yet made
        into deliveries, and the retries of deliveries, that a server which stopped or died
        left (service/app.py calls this on start-up)."""
        self._sweeper.start()

    def stop(self) -> None:
        """Stop sending here: events stored and not yet made into deliveries stay stored,
        and deliveries still pending are released, for the next server (an attempt under
        way may take its timeout to end)."""
        with self._lock:
            self._stopping.set()
            self._wake.notify()
            self._turn.notify_all()
            running = list(self._threads)
        deadline = time.monotonic() + TIMEOUT_S + 1
        if self._sweeper.is_alive():  # it may be reading the store, which closes next
            self._sweeper.join(max(0.0, deadline - time.monotonic()))
        for thread in running:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _sweep(self) -> None:
        while True:
            self.wake()  # events a server stored and did not get to (it stopped or died)
            try:
                for claimed in self.store.claim_stale("deliveries", "pending", self.owner, HOLD_S):
                    with self._lock:
                        held = claimed.plan_id in self._mine  # a lease that lapsed here
                    if not held:
                        delivery = msgspec.json.decode(claimed.doc, type=Delivery)
                        self._schedule(time.time(), delivery)
            except Exception:
                log.exception("looking for pending webhook deliveries failed")
            if self._stopping.wait(max(1.0, SWEEP_UNITS * self.backoff_s)):
                return

    def _end(self, delivery: Delivery, why: str) -> None:
        ended = msgspec.structs.replace(delivery, status="failed", ended=why)
        self.store.replace_document("deliveries", delivery.id, msgspec.json.encode(ended), "failed")

    def _attempt(self, client: httpx.Client, delivery: Delivery) -> bool:
        """One try, to the subscription as stored now (deleted: nothing is sent, the
        delivery ends `failed`, saying so; rotated: signed with the secrets signing now);
        logged in the store. Not a 2xx: the next try is scheduled after 1, 2, 4, 8, 16 backoff
        units, the delivery leased to this server meanwhile (another carries on if this one
        dies; at `stop` it is released at once). Returns whether it was scheduled again."""
        try:
            subscription = self._opened(self.store.document("webhooks", delivery.webhook_id))
        except NotFound:
            self._end(delivery, UNSUBSCRIBED)
            return False
        except SecretUnreadable as exc:
            self._end(delivery, f"its secret cannot be opened here: {exc}")
            return False
        attempt = len(delivery.attempts)
        if attempt >= ATTEMPTS:  # tried in full before (a sweep's claim of a late write)
            self._end(delivery, "every attempt was made")
            return False
        body = msgspec.json.encode(delivery.payload).decode()
        signing = subscription.signing()  # a secret rotated out stops signing in time
        tried = attempt_delivery(
            client, subscription.url, signing, delivery.id, body, self.allow_internal
        )
        done = tried.error is None
        self._answered(delivery.webhook_id, done)
        status: Literal["pending", "delivered", "failed"] = (
            "delivered" if done else "failed" if attempt == ATTEMPTS - 1 else "pending"
        )
        delivery = msgspec.structs.replace(
            delivery, status=status, attempts=(*delivery.attempts, tried)
        )
        doc = msgspec.json.encode(delivery)
        if status != "pending":
            self.store.replace_document("deliveries", delivery.id, doc, status)
            return False
        wait = self.backoff_s * 2**attempt
        until = time.time() + wait + HOLD_S
        if not self.store.hold("deliveries", delivery.id, doc, self.owner, until):
            return False  # another server claimed it
        self._schedule(time.time() + wait, delivery)
        return True
