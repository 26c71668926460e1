"""Webhooks: subscriptions to `plan.completed`, `plan.failed` and `catalog.revised`, deliveries
signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried
with exponential backoff, and a log of every attempt per delivery.

A subscription's secret can be rotated without downtime: the previous secret stays valid for
`ROTATION_S`, and meanwhile each delivery carries a signature under both (the header lists
them space-separated, as the standard allows), so the receiver may switch at any moment.
Deliveries are sent from the process where the event happened (the API, or the worker that
solved the plan), in background threads; a delivery still retrying when that process stops is
left `pending` in the log.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import secrets
import threading
import time
from typing import Annotated, Any, Literal

import httpx
import msgspec
from msgspec import Meta
from standardwebhooks import Webhook as Signer

from optimizer import Plan
from service.config import Settings
from service.store import Store
from service.webhook_targets import internal_address

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
]

log = logging.getLogger("tokenplan")
EventType = Literal["plan.completed", "plan.failed", "catalog.revised"]
ROTATION_S = 24 * 3600.0
"""How long a rotated-out secret still signs deliveries."""
ATTEMPTS = 6
"""A delivery is tried this many times: at once, then after 1, 2, 4, 8 and 16 backoff units."""
TIMEOUT_S = 10.0


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
            rotating_until=_rfc3339(max(ends)) if ends and max(ends) > time.time() else None,
        )

    def signing(self) -> list[str]:
        """The secrets deliveries are signed with now: the current and any rotating out."""
        now = time.time()
        return [s.value for s in self.secrets if s.expires_at is None or s.expires_at > now]


class Attempt(msgspec.Struct, frozen=True, kw_only=True):
    """One try of a delivery."""

    at: str
    status_code: int | None = None
    error: str | None = None
    seconds: float


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


def _rfc3339(epoch: float) -> str:
    moment = dt.datetime.fromtimestamp(epoch, dt.UTC)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def signature_header(secrets_: list[str], message_id: str, at: dt.datetime, body: str) -> str:
    """The `webhook-signature` value: one `v1,<base64>` per secret, space-separated."""
    return " ".join(Signer(s).sign(message_id, at, body) for s in secrets_)


class Webhooks:
    """Sends events to their subscribers, from the process where they happen."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.backoff_s = settings.webhook_backoff_s
        self.allow_internal = settings.webhook_allow_internal

    def subscriptions(self) -> list[Subscription]:
        rows = self.store.documents("webhooks", limit=1000)
        return [msgspec.json.decode(doc, type=Subscription) for _, doc in rows]

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
        data = {"id": plan.id, "status": plan.status, "catalog_revision": plan.catalog_revision}
        if plan.error:
            data["error"] = plan.error
        if plan.summary is not None:
            data["total_cost"] = plan.summary.total_cost
        try:
            self.emit(event, data)
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
            created_at=_rfc3339(time.time()),
            payload={"type": event, "timestamp": _rfc3339(time.time()), "data": data},
        )
        self.store.insert_document(
            "deliveries",
            delivery.id,
            msgspec.json.encode(delivery),
            parent_id=subscription.id,
            status="pending",
        )
        args = (subscription, delivery)
        threading.Thread(target=self._deliver, args=args, name="webhook", daemon=True).start()
        return delivery.id

    def _deliver(self, subscription: Subscription, delivery: Delivery) -> None:
        """Try until a 2xx, waiting 1, 2, 4, 8, 16 backoff units between tries; log each."""
        body = msgspec.json.encode(delivery.payload).decode()
        with httpx.Client(timeout=TIMEOUT_S) as client:
            for attempt in range(ATTEMPTS):
                if attempt:
                    time.sleep(self.backoff_s * 2 ** (attempt - 1))
                began = time.monotonic()
                at = dt.datetime.now(dt.UTC)
                headers = {
                    "content-type": "application/json",
                    "webhook-id": delivery.id,
                    "webhook-timestamp": str(int(at.timestamp())),
                    "webhook-signature": signature_header(
                        subscription.signing(), delivery.id, at, body
                    ),
                }
                code: int | None = None
                error: str | None = None
                internal = None if self.allow_internal else internal_address(subscription.url)
                try:
                    if internal is not None:  # the name resolves elsewhere than when subscribed
                        error = f"refused: the host resolves to an internal address ({internal})"
                    else:
                        response = client.post(subscription.url, content=body, headers=headers)
                        code = response.status_code
                        error = None if 200 <= code < 300 else f"HTTP {code}"
                except (httpx.HTTPError, UnicodeError) as exc:  # UnicodeError: a bad host name
                    error = f"{type(exc).__name__}: {exc}"
                tried = Attempt(
                    at=_rfc3339(at.timestamp()),
                    status_code=code,
                    error=error,
                    seconds=round(time.monotonic() - began, 3),
                )
                done = error is None
                last = attempt == ATTEMPTS - 1
                status: Literal["pending", "delivered", "failed"] = (
                    "delivered" if done else "failed" if last else "pending"
                )
                delivery = msgspec.structs.replace(
                    delivery, status=status, attempts=(*delivery.attempts, tried)
                )
                doc = msgspec.json.encode(delivery)
                self.store.replace_document("deliveries", delivery.id, doc, status)
                if done:
                    return
