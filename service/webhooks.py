"""Webhooks: subscriptions to `plan.completed`, `plan.failed` and `catalog.revised`, deliveries
signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried
with exponential backoff, and a log of every attempt per delivery.

A subscription's secret can be rotated without downtime: the previous secret stays valid for
`ROTATION_S`, and meanwhile each delivery carries a signature under both (the header lists
them space-separated, as the standard allows), so the receiver may switch at any moment.
Deliveries are sent from the process where the event happened (the API, or the worker that
solved the plan), in background threads; a delivery still retrying when that process stops is
left `pending` in the store, leased to it: when it stops, it releases them; when it dies,
the lease ends. Either way the next server (or one running) claims them and carries on from the
attempts logged so far, so retries survive a restart (service/webhook_attempt.py makes one try).
"""

from __future__ import annotations

import base64
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

__all__ = [
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


class Subscription(msgspec.Struct, frozen=True, kw_only=True):
    """A stored subscription, with its secrets (newest first)."""

    id: str
    url: str
    events: tuple[EventType, ...]
    description: str = ""
    created_at: str
    secrets: tuple[Secret, ...] = ()

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
        self._threads: set[threading.Thread] = set()

    def subscriptions(self) -> list[Subscription]:
        """Every subscription, its secrets opened (one this server cannot open is skipped,
        saying why)."""
        found = []
        for _, doc in self.store.documents("webhooks", limit=1000):
            try:
                found.append(self._opened(doc))
            except SecretUnreadable as exc:
                log.error("webhook %s not sent: its secret is %s", doc[:40], exc)
        return found

    def _opened(self, doc: bytes) -> Subscription:
        return msgspec.json.decode(doc, type=Subscription).with_secrets(self.box.open)

    def emit(self, event: EventType, data: dict[str, Any]) -> list[str]:
        """Send `event` to every subscription to it (in the background); return the
        deliveries' ids."""
        sent = []
        for subscription in self.subscriptions():
            if event in subscription.events:
                sent.append(self._start(subscription, event, data))
        return sent

    def plan_finished(self, plan: Plan) -> None:
        """`plan.failed` for a failed plan, else `plan.completed` (optimal, feasible,
        infeasible, cancelled)."""
        if plan.status == "solving":
            return
        event: EventType = "plan.failed" if plan.status == "failed" else "plan.completed"
        try:
            self.emit(event, plan_event_data(plan))
        except Exception:  # a notification never fails the plan it is about
            log.exception("plan %s: webhooks not sent", plan.id)

    def revised(self, revision: int, message: str) -> None:
        """`catalog.revised`, after a catalog write commits."""
        try:
            self.emit("catalog.revised", {"revision": revision, "message": message})
        except Exception:  # a notification never fails the write it is about
            log.exception("catalog revision %d: webhooks not sent", revision)

    def _start(self, subscription: Subscription, event: EventType, data: dict[str, Any]) -> str:
        delivery = Delivery(
            id=f"msg_{secrets.token_hex(12)}",
            webhook_id=subscription.id,
            event=event,
            status="pending",
            created_at=rfc3339(time.time()),
            payload={"type": event, "timestamp": rfc3339(time.time()), "data": data},
        )
        self.store.insert_document(
            "deliveries",
            delivery.id,
            msgspec.json.encode(delivery),
            parent_id=subscription.id,
            status="pending",
            owner=self.owner,
            lease_s=HOLD_S,
        )
        self._spawn(subscription, delivery)
        return delivery.id

    def _spawn(self, subscription: Subscription, delivery: Delivery) -> None:
        thread = threading.Thread(
            target=self._deliver, args=(subscription, delivery), name="webhook", daemon=True
        )
        with self._lock:
            if self._stopping.is_set():  # left pending, leased: the next server's sweep sends it
                return
            self._threads = {t for t in self._threads if t.is_alive()} | {thread}
            thread.start()  # within the lock: `stop` waits for every thread started before it

    def start(self) -> None:
        """Carry on, now and every few backoff units, the retries of deliveries that a server
        which stopped or died left pending (service/app.py calls this on start-up)."""
        self._sweeper.start()

    def stop(self) -> None:
        """Stop retrying here: deliveries still pending are released for the next server
        (an attempt under way may take its timeout to end)."""
        with self._lock:
            self._stopping.set()
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
                    self._resume(msgspec.json.decode(claimed.doc, type=Delivery))
            except Exception:
                log.exception("looking for pending webhook deliveries failed")
            if self._stopping.wait(max(1.0, SWEEP_UNITS * self.backoff_s)):
                return

    def _resume(self, delivery: Delivery) -> None:
        try:
            subscription = self._opened(self.store.document("webhooks", delivery.webhook_id))
        except (NotFound, SecretUnreadable):  # unsubscribed meanwhile, or cannot be signed
            failed = msgspec.json.encode(msgspec.structs.replace(delivery, status="failed"))
            self.store.replace_document("deliveries", delivery.id, failed, "failed")
            return
        tried = len(delivery.attempts)
        log.info("webhook delivery %s resumed after %d attempts", delivery.id, tried)
        self._spawn(subscription, delivery)

    def _deliver(self, subscription: Subscription, delivery: Delivery) -> None:
        """`_attempts`, in a thread of its own. An attempt can outlast `stop`'s wait (a
        receiver that answers a byte at a time resets httpx's timeout with each; a name slow
        to resolve has none), and the store is closed when `stop` returns: the log of that
        attempt is then lost, and the delivery, still leased to this server, is carried on by
        the next one once its lease ends; the thread ends with a warning, not an exception."""
        try:
            self._attempts(subscription, delivery)
        except Exception:
            if not self._stopping.is_set():
                raise
            log.warning(
                "webhook delivery %s outlasted the shutdown; left for the next server",
                delivery.id,
                exc_info=True,
            )

    def _attempts(self, subscription: Subscription, delivery: Delivery) -> None:
        """Try until a 2xx, waiting 1, 2, 4, 8, 16 backoff units between tries; log each in
        the store, where the delivery stays leased to this server while it waits (another
        carries on if this one dies; at `stop` it is released at once)."""
        body = msgspec.json.encode(delivery.payload).decode()
        url, allowed = subscription.url, self.allow_internal
        with httpx.Client(timeout=TIMEOUT_S) as client:
            for attempt in range(len(delivery.attempts), ATTEMPTS):
                signing = subscription.signing()  # a secret rotated out stops signing in time
                tried = attempt_delivery(client, url, signing, delivery.id, body, allowed)
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
                    return
                wait = self.backoff_s * 2**attempt
                until = time.time() + wait + HOLD_S
                if not self.store.hold("deliveries", delivery.id, doc, self.owner, until):
                    # another server claimed it
                    return
                if self._stopping.wait(wait):
                    self.store.hold("deliveries", delivery.id, doc, self.owner, 0)
                    return
