"""Where a webhook may go (probe 4, finding 10(e)): ports 1-65535 only, IPv6 forms that carry
an IPv4 address judged by that address, and each attempt sent to the address it checked."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest

from catalog import InvalidInput
from service import webhook_targets
from service.webhook_attempt import attempt_delivery
from service.webhook_targets import Pinned, Refused, pin, refuse_internal


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com:0/h",
        "http://example.com:99999/h",
        "http://example.com:65536/h",
        "http://example.com:http/h",
    ],
)
def test_a_port_outside_1_to_65535_is_refused_naming_url(url: str) -> None:
    """Port 0, 65536, 99999 or a name is a 422 on `url`, even where internal targets are
    allowed (they were accepted)."""
    with pytest.raises(InvalidInput) as caught:
        refuse_internal(url, allow_internal=True)
    [error] = caught.value.errors
    assert error.field == "url"
    assert error.message == f"{url!r} has no valid port: a port is a number from 1 to 65535"


@pytest.mark.parametrize(
    ("url", "carried"),
    [
        ("http://[64:ff9b::7f00:1]/h", "64:ff9b::7f00:1"),  # NAT64 of 127.0.0.1
        ("http://[64:ff9b::a00:1]/h", "64:ff9b::a00:1"),  # NAT64 of 10.0.0.1
        ("http://[2002:7f00:1::]/h", "2002:7f00:1::"),  # 6to4 of 127.0.0.1
        ("http://[2002:a9fe:a9fe::1]/h", "2002:a9fe:a9fe::1"),  # 6to4 of 169.254.169.254
        ("http://[::7f00:1]/h", "::7f00:1"),  # IPv4-compatible 127.0.0.1
        ("http://[::ffff:a00:1]/h", "::ffff:a00:1"),  # IPv4-mapped 10.0.0.1
        ("http://[64:ff9b:1::8.8.8.8]/h", "64:ff9b:1::808:808"),  # NAT64 local-use prefix
    ],
)
def test_ipv6_forms_of_internal_ipv4_addresses_are_refused(url: str, carried: str) -> None:
    """An IPv6 address carrying a loopback, private or link-local IPv4 address is internal
    (NAT64 and 6to4 forms of 127.0.0.1 were accepted)."""
    with pytest.raises(InvalidInput) as caught:
        refuse_internal(url, allow_internal=False)
    assert caught.value.errors[0].message.startswith(f"{url!r} points at {carried}, an internal")


@pytest.mark.parametrize(
    "url", ["http://[64:ff9b::808:808]/h", "http://[2002:808:808::1]/h", "https://[2606:4700::1]/"]
)
def test_ipv6_forms_of_public_addresses_pass(url: str) -> None:
    """NAT64 and 6to4 forms of 8.8.8.8, and a plain public IPv6 address, are accepted."""
    refuse_internal(url, allow_internal=False)


def test_pin_keeps_the_port_path_and_userinfo() -> None:
    """A public literal pins to itself, with its port, path, query and userinfo; the Host
    header carries the port."""
    assert pin("https://u:p@[2606:4700::1]:8443/a/b?c=1") == Pinned(
        "https://u:p@[2606:4700::1]:8443/a/b?c=1", "2606:4700::1:8443", "2606:4700::1"
    )


def test_pin_refuses_an_internal_name_and_a_bad_stored_port() -> None:
    """localhost resolves inside: refused; a port stored before ports were checked: refused."""
    with pytest.raises(Refused, match=r"^refused: the host resolves to an internal address"):
        pin("http://localhost:9/h")
    with pytest.raises(Refused, match=r"has no valid port$"):
        pin("http://8.8.8.8:0/h")


def test_an_attempt_connects_to_the_address_it_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that resolves to a public address when checked and to 127.0.0.1 on a second
    look (DNS rebinding): the POST goes to the public address checked, with the name in the
    Host header and as the TLS server name, and the name is resolved once."""
    answers = iter(["93.184.216.34", "127.0.0.1"])
    looked_up: list[str] = []

    def rebinding(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        looked_up.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), 0))]

    monkeypatch.setattr(webhook_targets.socket, "getaddrinfo", rebinding)
    seen: list[httpx.Request] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    with httpx.Client(transport=httpx.MockTransport(receiver)) as client:
        tried = attempt_delivery(client, "https://hooks.example.com/h", [], "msg_1", "{}", False)
    assert tried.error is None and tried.status_code == 204
    [request] = seen
    assert str(request.url) == "https://93.184.216.34/h"
    assert request.headers["host"] == "hooks.example.com"
    assert request.extensions["sni_hostname"] == "hooks.example.com"
    assert looked_up == ["hooks.example.com"]


def test_a_bad_stored_port_is_refused_without_the_urls_password() -> None:
    """Review 21: a subscription stored before ports were checked, with a password in its URL
    (basic authentication at the receiver), was refused with the whole URL in the delivery's
    error, password included; it is shown as `***` there, as GET /webhooks shows it."""
    url = "https://hook-user:s3cret-pw@8.8.8.8:0/h"
    with pytest.raises(Refused) as caught:
        pin(url)
    assert str(caught.value) == "refused: 'https://hook-user:***@8.8.8.8:0/h' has no valid port"
    with httpx.Client(transport=httpx.MockTransport(lambda _: httpx.Response(204))) as client:
        tried = attempt_delivery(client, url, [], "msg_1", "{}", False)
    assert tried.status_code is None and tried.error is not None
    assert "s3cret-pw" not in tried.error and "hook-user:***@" in tried.error
