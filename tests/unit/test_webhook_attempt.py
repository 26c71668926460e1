"""One try of a webhook delivery never raises: what went wrong is the attempt's error."""

from __future__ import annotations

import httpx

from service.webhook_attempt import attempt_delivery
from service.webhooks import new_secret


def test_a_host_dns_cannot_encode_is_an_attempt_error_not_a_crash() -> None:
    """A stored URL with a 64-character label (refused at subscription since) ends the try with
    a UnicodeError in the log, no status code, and no exception out of the delivery thread."""
    url = "http://" + "a" * 64 + ".example/hook"
    with httpx.Client() as client:
        tried = attempt_delivery(client, url, [new_secret()], "msg_1", "{}", False)
    assert tried.status_code is None
    assert tried.error is not None and tried.error.startswith("UnicodeError: ")
