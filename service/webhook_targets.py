"""Where webhooks may be sent: not to the service's own network (SSRF). A URL whose host is,
or resolves to, a loopback, private, link-local (cloud metadata at 169.254.169.254 included),
shared, multicast, reserved or unspecified address is refused unless the settings allow
internal targets (`TOKENPLAN_WEBHOOK_ALLOW_INTERNAL=1`, for receivers on the same network).

The check runs when a URL is subscribed and again before every delivery attempt, so a name
that later resolves to an internal address is not followed either.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from catalog import InvalidInput

__all__ = ["internal_address", "refuse_internal"]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _is_internal(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _is_internal(address.ipv4_mapped)
    return not address.is_global or address.is_multicast


def _addresses(host: str) -> list[Address]:
    """The addresses `host` names: itself when it is an IP literal, else what it resolves to
    now (none when it does not resolve)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]


def internal_address(url: str) -> str | None:
    """The first internal address the URL's host is or resolves to, or None."""
    host = urlsplit(url).hostname or ""
    return next((str(a) for a in _addresses(host) if _is_internal(a)), None)


def refuse_internal(url: str, allow_internal: bool) -> None:
    """Refuse a webhook URL whose host is no valid host name, or which is aimed at an
    internal address (a name that resolves to nothing yet passes here; each delivery checks
    again).

    Raises:
        InvalidInput: naming `url`, with what is wrong (the address and the setting that
        allows it, for an internal one).
    """
    host = urlsplit(url).hostname or ""
    try:
        host.encode("idna")
    except UnicodeError:
        message = f"{host!r} is not a valid host name (a label of 1 to 63 characters each)"
        raise InvalidInput.one("url", message) from None
    if allow_internal:
        return
    address = internal_address(url)
    if address is not None:
        message = (
            f"{url!r} points at {address}, an internal (loopback, private, link-local or "
            "reserved) address; webhooks go to public addresses unless the service sets "
            "TOKENPLAN_WEBHOOK_ALLOW_INTERNAL=1"
        )
        raise InvalidInput.one("url", message)
