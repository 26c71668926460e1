"""POST/GET/DELETE /webhooks: subscribe a URL to plan and catalog events; rotate its secret;
read its delivery log. Secrets are shown once, in the answer that made them."""

from __future__ import annotations

import time
from typing import Any

import msgspec
from anyio import to_thread
from litestar import Controller, Request, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, SkipValidation
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from catalog import Conflict, InvalidInput, NotFound
from service.config import Settings
from service.errors import decode_body, problems
from service.http_common import Cursor, Limit, Page, page
from service.idempotency import REPLAYED, IdempotencyKey, create_once, scoped
from service.jobs import new_id, now
from service.secret_box import SecretBox, SecretUnreadable
from service.store import Store
from service.store_documents import Full
from service.webhook_targets import refuse_internal
from service.webhooks import (
    MAX_SIGNING,
    MAX_SUBSCRIPTIONS,
    ROTATION_S,
    STANDINGS,
    Delivery,
    Secret,
    Subscription,
    WebhookIn,
    WebhookOut,
    new_secret,
)

__all__ = ["WebhookController"]

_ROTATE_TRIES = 5
"""How often a rotation reads the subscription again when another write raced it."""


class WebhookPage(Page, frozen=True, kw_only=True):
    """A page of subscriptions (without their secrets)."""

    items: list[WebhookOut]


class DeliveryPage(Page, frozen=True, kw_only=True):
    """A page of one subscription's deliveries, newest first, each with its attempts."""

    items: list[Delivery]


def _listed(doc: bytes) -> WebhookOut:
    return msgspec.json.decode(doc, type=Subscription).public()


def _stored(store: Store, webhook_id: str) -> Subscription:
    return msgspec.json.decode(store.document("webhooks", webhook_id), type=Subscription)


WITHHELD_ROTATED = (
    "the secret was rotated since this request made the subscription: a replay does not "
    "show it (the rotation's answer did)"
)


def _replayed(subscription: Subscription, box: SecretBox) -> WebhookOut:
    """A subscription answered again (a retry under its Idempotency-Key): with the secret
    its first answer gave, while that is the one signing; without one once it was rotated
    (a rotation made because a secret leaked must not hand the new one to whoever holds
    the first request: probe 16b F7) or when this server cannot open it (sealed under
    another key), saying why."""
    if subscription.rotated():
        return msgspec.structs.replace(subscription.public(), secret_withheld=WITHHELD_ROTATED)
    try:
        return subscription.with_secrets(box.open).public(with_secret=True)
    except SecretUnreadable as exc:
        withheld = f"this server cannot open the stored secret: {exc}"
        return msgspec.structs.replace(subscription.public(), secret_withheld=withheld)


class WebhookController(Controller):
    """Webhook subscriptions and their deliveries."""

    path = "/webhooks"
    tags = ["webhooks"]

    @post(
        "/",
        operation_id="createWebhook",
        status_code=HTTP_201_CREATED,
        responses=problems(400, 401, 403, 422),
        summary="Subscribe a URL to events",
        description=(
            "Events: `plan.completed`, `plan.failed`, `catalog.revised`. Deliveries are signed "
            "per Standard Webhooks with the `secret` in this answer (shown only here). A URL "
            "whose host is or resolves to an internal address (loopback, private, link-local, "
            "reserved) is refused unless the service allows internal targets. A password in "
            "the URL (`https://user:password@host/`, basic authentication at the receiver) "
            "is sent with each delivery and answered as `***`. At most "
            f"{MAX_SUBSCRIPTIONS} subscriptions are kept: past them, a 422. A retry under "
            "the same `Idempotency-Key` (per API key, where keys are configured) answers "
            "the subscription it made, not a second one: with its secret while that was "
            "never rotated, else without it (`secret_withheld` says why). An event is stored "
            "with the write it announces and delivered at least once (the same `webhook-id` "
            "on a retry); deliveries to one subscription may arrive out of order: order them "
            "by the payload's `timestamp` (the event's own time) and, for `catalog.revised`, "
            "by `data.revision`."
        ),
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        store: NamedDependency[Store],
        settings: NamedDependency[Settings],
        data: JSONBody[SkipValidation[WebhookIn]],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[WebhookOut]:
        wanted = decode_body(data, WebhookIn)
        box = SecretBox(settings.secret_key)

        async def subscribe(key: tuple[str, str] | None) -> Response[WebhookOut]:
            # Resolving the host may wait on DNS: off the event loop.
            await to_thread.run_sync(refuse_internal, wanted.url, settings.webhook_allow_internal)
            secret = new_secret()
            subscription = Subscription(
                id=new_id("wh"),
                url=wanted.url,
                events=tuple(dict.fromkeys(wanted.events)),
                description=wanted.description,
                created_at=now(),
                secrets=(Secret(value=secret),),
            )
            sealed = subscription.with_secrets(box.seal)
            doc = msgspec.json.encode(sealed)
            try:
                store.insert_document(
                    "webhooks", subscription.id, doc, idempotency=key, most=MAX_SUBSCRIPTIONS
                )
            except Full as exc:
                msg = (
                    f"the service keeps at most {exc.most} webhook subscriptions, and has "
                    "them: DELETE one first"
                )
                raise InvalidInput.one("webhooks", msg) from exc
            headers = {"Location": f"/webhooks/{subscription.id}"}
            return Response(subscription.public(with_secret=True), headers=headers)

        def again(webhook_id: str) -> Response[WebhookOut]:
            headers = {"Location": f"/webhooks/{webhook_id}", **REPLAYED}
            shown = _replayed(_stored(store, webhook_id), box)
            return Response(shown, status_code=HTTP_201_CREATED, headers=headers)

        key = scoped(request, idempotency_key)
        return await create_once(store, "webhooks", key, wanted, subscribe, again)

    @get("/", operation_id="listWebhooks", responses=problems(422), summary="Subscriptions")
    async def list_webhooks(
        self,
        request: Request[Any, Any, Any],
        store: NamedDependency[Store],
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> Response[WebhookPage]:
        rows = store.documents("webhooks", before=cursor, limit=limit + 1)
        return page(request, rows, limit, _listed, WebhookPage)

    @get(
        "/{webhook_id:str}",
        operation_id="getWebhook",
        responses=problems(404),
        summary="One subscription",
    )
    async def read(self, store: NamedDependency[Store], webhook_id: FromPath[str]) -> WebhookOut:
        return _stored(store, webhook_id).public()

    @delete(
        "/{webhook_id:str}",
        operation_id="deleteWebhook",
        status_code=HTTP_204_NO_CONTENT,
        responses=problems(401, 403, 404),
        summary="Unsubscribe",
    )
    async def remove(self, store: NamedDependency[Store], webhook_id: FromPath[str]) -> None:
        if not store.delete_document("webhooks", webhook_id):
            raise NotFound(f"no webhook {webhook_id!r}")
        store.delete_document(STANDINGS, webhook_id)  # how its last attempt went

    @post(
        "/{webhook_id:str}/rotate",
        operation_id="rotateWebhookSecret",
        status_code=HTTP_201_CREATED,
        responses=problems(401, 403, 404, 409),
        summary="Rotate the signing secret",
        description=(
            "A new `secret` (shown only here) signs deliveries from now on; the previous one "
            "keeps signing them too for 24 hours (`rotating_until`), so receivers can switch "
            f"without missing a delivery. At most {MAX_SIGNING} secrets sign (the new one and "
            f"the last {MAX_SIGNING - 1} rotated out): an older one stops at the next rotation. "
            "Rotations at once are made one after the other (each "
            "secret they answer signs); a 409 only when the subscription keeps changing."
        ),
    )
    async def rotate(
        self,
        store: NamedDependency[Store],
        settings: NamedDependency[Settings],
        webhook_id: FromPath[str],
    ) -> WebhookOut:
        # A compare-and-set on the stored subscription, read again while another rotation
        # (another API process) wrote between this one's read and its write: both secrets
        # then sign, where the one written over never did (probe 16b F6). Deleted meanwhile:
        # a 404, not a 201 with a secret nothing keeps.
        for _ in range(_ROTATE_TRIES):
            doc = store.document("webhooks", webhook_id)
            old = msgspec.json.decode(doc, type=Subscription)
            until = time.time() + ROTATION_S
            kept = tuple(
                msgspec.structs.replace(s, expires_at=s.expires_at or until)
                for s in old.secrets
                if s.expires_at is None or s.expires_at > time.time()
            )[: MAX_SIGNING - 1]  # the newest: the header stays small (probe 17b L2)
            secret = new_secret()
            sealed = Secret(value=SecretBox(settings.secret_key).seal(secret))
            rotated = msgspec.structs.replace(
                old, secrets=(sealed, *kept), rotations=old.rotations + 1
            )
            if store.swap_document("webhooks", webhook_id, doc, msgspec.json.encode(rotated)):
                return msgspec.structs.replace(rotated.public(), secret=secret)
        msg = f"webhook {webhook_id}'s secret is being rotated by other requests: POST again"
        raise Conflict(msg)

    @get(
        "/{webhook_id:str}/deliveries",
        operation_id="listWebhookDeliveries",
        responses=problems(404, 422),
        summary="A subscription's delivery log, newest first",
    )
    async def deliveries(
        self,
        request: Request[Any, Any, Any],
        store: NamedDependency[Store],
        webhook_id: FromPath[str],
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> Response[DeliveryPage]:
        _stored(store, webhook_id)  # 404 for an unknown subscription
        rows = store.documents("deliveries", parent_id=webhook_id, before=cursor, limit=limit + 1)
        decode = msgspec.json.Decoder(Delivery).decode
        return page(request, rows, limit, decode, DeliveryPage)
