"""Webhooks: subscriptions to `plan.completed`, `plan.failed` and `catalog.revised`, deliveries
signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried
with exponential backoff, and a log of every attempt per delivery.

A subscription's secret can be rotated without downtime: the previous secret stays valid for
`ROTATION_S`, and meanwhile each delivery carries a signature under both (the header lists
them space-separated, as the standard allows), so the receiver may switch at any moment.
Deliveries are sent from the process where the event happened (the API, or the worker that
solved the plan), off the request that made the event: one thread reads every subscription
and stores the event's deliveries in one transaction, and a bounded pool of `SENDERS` threads
makes the attempts, each due one taken in turn (a retry waits in a schedule, not in a thread),
so that thousands of subscribers neither hold a catalog write nor start a thread each (probe
16b F3); at most `MAX_SUBSCRIPTIONS` subscriptions exist. Each attempt reads its subscription
again: one deleted meanwhile is sent nothing more (its delivery ends `failed`, saying so).
A delivery still retrying when that process stops is left `pending` in the store, leased to
it: when it stops, it releases them; when it dies, the lease ends. Either way the next server
(or one running) claims them and carries on from the attempts logged so far, so retries
survive a restart (service/webhook_attempt.py makes one try).
"""

from __future__ import annotations

import base64
import heapq
import itertools
import logging
import os
import queue
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

__all__ = [
    "MAX_SUBSCRIPTIONS",
    "ROTATION_S",
    "Attempt",
    "Delivery",
    "EventType",
    "Subscription",
    "WebhookIn",
    "WebhookOut",
    "Webhooks",
    "new_secret",
    "plan_event_data",
]

log = logging.getLogger("tokenplan")
EventType = Literal["plan.completed", "plan.failed", "catalog.revised"]
ROTATION_S = 24 * 3600.0
"""How long a rotated-out secret still signs deliveries."""
ATTEMPTS = 6
"""A delivery is tried this many times: at once, then after 1, 2, 4, 8 and 16 backoff units."""
TIMEOUT_S = 10.0
HOLD_S = TIMEOUT_S + 5.0
"""A delivery stays leased to its server this long past its next attempt's time."""
SENDERS = 8
"""Attempts made at once by one process: due attempts beyond these wait their turn."""
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
        ends = [s.expires_at for s in self.secrets if s.expires_at is not None]
        return WebhookOut(
            id=self.id,
            url=self.url,
            events=self.events,
            description=self.description,
            created_at=self.created_at,
            secret=self.secrets[0].value if with_secret and self.secrets else None,
            rotating_until=rfc3339(max(ends)) if ends and max(ends) > time.time() else None,
        )

    def signing(self) -> list[str]:
        """The secrets deliveries are signed with now: the current and any rotating out."""
        now = time.time()
        return [s.value for s in self.secrets if s.expires_at is None or s.expires_at > now]


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
    optimum holds only for the deployments chosen, and the solver's `gap`, and `power_gap`
    for objective power, so that a `feasible` plan never arrives without how far from proven
    it may be: probe 12 finding 5), catalog revision, error, total cost and, for a scenario
    plan, its expected cost, number of scenarios and the scenario whose total cost
    `total_cost` is (probe 11 finding 2: it carried that one scenario's cost alone). Beside
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
        if plan.solver.optimal_for:
            data["optimal_for"] = plan.solver.optimal_for  # beside the status enum (review 11 B)
    if plan.summary is not None:
        data["total_cost"] = plan.summary.total_cost
    return data | scenario_fields(plan)


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
        self._events: list[tuple[EventType, dict[str, Any]]] = []
        self._due: list[tuple[float, int, Delivery]] = []
        """(when, tiebreak, delivery): the next attempts, soonest first."""
        self._order = itertools.count()
        self._ready: queue.SimpleQueue[Delivery | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        """The dispatcher (events and the schedule) and the `SENDERS`, once started."""
        self._mine: set[str] = set()
        """The deliveries scheduled, waiting for a sender or being tried here: their leases
        are renewed every `RENEW_S` (a backlog outlasting a lease must not let another server
        claim and send them too)."""

    def subscriptions(self) -> list[Subscription]:
        """Every subscription (read a page at a time), its secrets opened (one this server
        cannot open is skipped, saying why)."""
        found = []
        before = None
        while True:
            rows = self.store.documents("webhooks", before=before, limit=PAGE)
            for _, doc in rows:
                try:
                    found.append(self._opened(doc))
                except SecretUnreadable as exc:
                    log.error("webhook %s not sent: its secret is %s", doc[:40], exc)
            if len(rows) < PAGE:
                return found
            before = rows[-1][0]

    def _opened(self, doc: bytes) -> Subscription:
        return msgspec.json.decode(doc, type=Subscription).with_secrets(self.box.open)

    def emit(self, event: EventType, data: dict[str, Any]) -> list[str]:
        """Store a delivery of `event` to every subscription to it, all in one transaction,
        and send them in the background (once stopped: leased to nobody, for the next
        server's sweep); return the deliveries' ids."""
        made = time.time()
        deliveries = [
            Delivery(
                id=f"msg_{secrets.token_hex(12)}",
                webhook_id=subscription.id,
                event=event,
                status="pending",
                created_at=rfc3339(made),
                payload={"type": event, "timestamp": rfc3339(made), "data": data},
            )
            for subscription in self.subscriptions()
            if event in subscription.events
        ]
        if not deliveries:
            return []
        stopping = self._stopping.is_set()
        self.store.insert_documents(
            "deliveries",
            [(d.id, msgspec.json.encode(d), d.webhook_id) for d in deliveries],
            status="pending",
            owner=self.owner,
            lease_s=0.0 if stopping else HOLD_S,
        )
        if not stopping:
            for delivery in deliveries:
                self._schedule(made, delivery)
        return [d.id for d in deliveries]

    def plan_finished(self, plan: Plan) -> None:
        """`plan.failed` for a failed plan, else `plan.completed` (optimal, feasible,
        infeasible, cancelled): sent from the background (`_queue`)."""
        if plan.status == "solving":
            return
        event: EventType = "plan.failed" if plan.status == "failed" else "plan.completed"
        try:
            data = plan_event_data(plan)
        except Exception:  # a notification never fails the plan it is about
            log.exception("plan %s: webhooks not sent", plan.id)
            return
        self._queue(event, data)

    def revised(self, revision: int, message: str) -> None:
        """`catalog.revised`, after a catalog write commits: sent from the background, so
        that the write's answer waits for no subscriber (`_queue`)."""
        self._queue("catalog.revised", {"revision": revision, "message": message})

    def _queue(self, event: EventType, data: dict[str, Any]) -> None:
        """Hand `event` to the dispatcher thread, which stores its deliveries (`emit`); once
        stopped, stored here (the dispatcher has gone)."""
        with self._lock:
            if not self._stopping.is_set():
                self._started(senders=False)
                self._events.append((event, data))
                self._wake.notify()
                return
        try:
            self.emit(event, data)
        except Exception:  # a notification never fails what it is about
            log.exception("%s: webhooks not sent", event)

    def _started(self, *, senders: bool = True) -> None:
        """Start the dispatcher, and the senders unless not yet needed (an event handed
        over from a solver thread starts the dispatcher only; its first delivery, the
        senders), the first time each is needed (with the lock held)."""
        new = []
        if not self._threads:
            new.append(threading.Thread(target=self._dispatch, name="webhooks", daemon=True))
        if senders and len(self._threads) + len(new) == 1:
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
                self._mine.add(delivery.id)
                heapq.heappush(self._due, (when, next(self._order), delivery))
                self._wake.notify()
                return
        self._release(delivery)

    def _done(self, delivery_id: str) -> None:
        with self._lock:
            self._mine.discard(delivery_id)

    def _dispatch(self) -> None:
        """Store the deliveries of each event handed over, and pass each attempt due to the
        senders, until stopped; then store the events left (released: `emit`), release the
        attempts scheduled and tell the senders to end. Renews the leases of the deliveries
        held here every `RENEW_S`."""
        renew_at = time.monotonic() + RENEW_S
        while True:
            with self._lock:
                while not self._events and not self._stopping.is_set():
                    if self._due and self._due[0][0] <= time.time():
                        break
                    if time.monotonic() >= renew_at:
                        break
                    until_due = self._due[0][0] - time.time() if self._due else RENEW_S
                    self._wake.wait(max(0.0, min(until_due, renew_at - time.monotonic())))
                events, self._events = self._events, []
                due = []
                while self._due and (self._due[0][0] <= time.time() or self._stopping.is_set()):
                    due.append(heapq.heappop(self._due)[2])
                stopping = self._stopping.is_set()
                renew = time.monotonic() >= renew_at and not stopping
                held = sorted(self._mine) if renew else []
            if renew:
                renew_at = time.monotonic() + RENEW_S
            if held:
                try:
                    self.store.renew_leases(
                        self.owner, held, HOLD_S, collection="deliveries", status="pending"
                    )
                except Exception:
                    log.exception("webhook deliveries' leases not renewed")
            for event, data in events:
                try:
                    self.emit(event, data)
                except Exception:  # a notification never fails what it is about
                    log.exception("%s: webhooks not sent", event)
            for delivery in due:
                if stopping:
                    self._release(delivery)
                else:
                    self._ready.put(delivery)
            if stopping:
                for _ in range(SENDERS):
                    self._ready.put(None)
                return

    def _release(self, delivery: Delivery) -> None:
        self._done(delivery.id)
        try:
            self.store.hold("deliveries", delivery.id, msgspec.json.encode(delivery), self.owner, 0)
        except Exception:
            log.warning("webhook delivery %s not released", delivery.id, exc_info=True)

    def _send(self) -> None:
        """A sender: attempt each delivery due, until told to end. An attempt can outlast
        `stop`'s wait (a receiver that answers a byte at a time resets httpx's timeout with
        each; a name slow to resolve has none), and the store is closed when `stop`
        returns: the log of that attempt is then lost, and the delivery, still leased to
        this server, is carried on by the next one once its lease ends; the thread ends
        with a warning, not an exception."""
        with httpx.Client(timeout=TIMEOUT_S) as client:
            while (delivery := self._ready.get()) is not None:
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

    def start(self) -> None:
        """Carry on, now and every few backoff units, the retries of deliveries that a server
        which stopped or died left pending (service/app.py calls this on start-up)."""
        self._sweeper.start()

    def stop(self) -> None:
        """Stop retrying here: the events handed over are stored, and deliveries still
        pending are released for the next server (an attempt under way may take its
        timeout to end)."""
        with self._lock:
            self._stopping.set()
            self._wake.notify()
            running = list(self._threads)
        deadline = time.monotonic() + TIMEOUT_S + 1
        if self._sweeper.is_alive():  # it may be reading the store, which closes next
            self._sweeper.join(max(0.0, deadline - time.monotonic()))
        for thread in running:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _sweep(self) -> None:
        while True:
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
