"""One try of a webhook delivery: the POST signed per Standard Webhooks (`webhook-id`,
`webhook-timestamp`, `webhook-signature`, one signature per secret that signs now), unless the
URL's host now resolves to an internal address, and what came of it (the POST goes to the
address checked, see `webhook_targets.pin`)."""

from __future__ import annotations

import datetime as dt
import time

import httpx
import msgspec
from standardwebhooks import Webhook as Signer

from service.webhook_targets import Refused, pin

__all__ = ["Attempt", "attempt_delivery", "rfc3339", "signature_header"]


class Attempt(msgspec.Struct, frozen=True, kw_only=True):
    """One try of a delivery."""

    at: str
    status_code: int | None = None
    error: str | None = None
    seconds: float


def rfc3339(epoch: float) -> str:
    moment = dt.datetime.fromtimestamp(epoch, dt.UTC)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def signature_header(secrets_: list[str], message_id: str, at: dt.datetime, body: str) -> str:
    """The `webhook-signature` value: one `v1,<base64>` per secret, space-separated."""
    return " ".join(Signer(s).sign(message_id, at, body) for s in secrets_)


def attempt_delivery(
    client: httpx.Client,
    url: str,
    secrets: list[str],
    message_id: str,
    body: str,
    allow_internal: bool,
) -> Attempt:
    """POST `body` to `url` once; the attempt's error is None on a 2xx."""
    began = time.monotonic()
    at = dt.datetime.now(dt.UTC)
    headers = {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature_header(secrets, message_id, at, body),
    }
    code: int | None = None
    error: str | None = None
    try:
        if allow_internal:
            code = client.post(url, content=body, headers=headers).status_code
        else:
            # Checked now (the name may resolve elsewhere than when it was subscribed) and
            # connected to the very address checked, not to a second resolution.
            target = pin(url)
            code = client.post(
                target.url,
                content=body,
                headers=headers | {"host": target.host_header},
                extensions={"sni_hostname": target.sni_hostname},
            ).status_code
        error = None if 200 <= code < 300 else f"HTTP {code}"
    except Refused as exc:
        error = str(exc)
    except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as exc:
        # A host name DNS cannot even encode; a URL httpx refuses (a webhook stored before
        # `refuse_internal` checked it: probe 14b).
        error = f"{type(exc).__name__}: {exc}"
    seconds = round(time.monotonic() - began, 3)
    return Attempt(at=rfc3339(at.timestamp()), status_code=code, error=error, seconds=seconds)
