"""Where webhooks may be sent: not to the service's own network (SSRF). A URL whose host is,
or resolves to, a loopback, private, link-local (cloud metadata at 169.254.169.254 included),
shared, multicast, reserved or unspecified address is refused unless the settings allow
internal targets (`TOKENPLAN_WEBHOOK_ALLOW_INTERNAL=1`, for receivers on the same network).

An IPv6 address that carries an IPv4 one (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible
`::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) is judged by the IPv4 it carries; NAT64's
local-use prefix `64:ff9b:1::/48` is internal. A port outside 1-65535 is refused.

The check runs when a URL is subscribed and again before every delivery attempt, and the
attempt connects to the address it checked (`pin`), not to a second resolution of the name: a
name that resolves to an internal address later, or only on a second look (DNS rebinding), is
not followed.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import NamedTuple
from urllib.parse import SplitResult, urlsplit, urlunsplit

import httpx

from catalog import InvalidInput

__all__ = ["Pinned", "Refused", "internal_address", "pin", "refuse_internal", "shown_url"]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")


def _carried_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries: IPv4-mapped, 6to4, NAT64 (well-known prefix)
    or IPv4-compatible (`::a.b.c.d`, not `::` nor `::1`)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64 or 1 < int(address) < 2**32:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _is_internal(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        if address in NAT64_LOCAL:
            return True
        carried = _carried_ipv4(address)
        if carried is not None:
            return _is_internal(carried)
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


def shown_url(url: str) -> str:
    """`url` as answered: a password in its userinfo (`https://user:password@host/`, kept for
    receivers that want basic authentication, and sent with each delivery) shown as `***`.
    Before, every reader of GET /webhooks read it (probe 19)."""
    parts = urlsplit(url)
    userinfo, at, host = parts.netloc.rpartition("@")
    user, colon, password = userinfo.partition(":")
    if not at or not colon or not password:
        return url
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def refuse_internal(url: str, allow_internal: bool) -> None:
    """Refuse a webhook URL whose host is no valid host name, or which is aimed at an
    internal address (a name that resolves to nothing yet passes here; each delivery checks
    again).

    Raises:
        InvalidInput: naming `url`, with what is wrong (the address and the setting that
        allows it, for an internal one).
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed or invalid [IPv6] literal
        raise InvalidInput.one("url", f"{url!r} has no valid host") from None
    host = parts.hostname or ""
    try:
        host.encode("idna")
    except UnicodeError:
        message = f"{host!r} is not a valid host name (a label of 1 to 63 characters each)"
        raise InvalidInput.one("url", message) from None
    if not _port_ok(parts):
        message = f"{url!r} has no valid port: a port is a number from 1 to 65535"
        raise InvalidInput.one("url", message)
    try:
        httpx.URL(url)
    except httpx.InvalidURL as exc:
        # Probe 14b: an octal address (`http://0177.0.0.1/`) passed here, as inet_aton reads
        # it, and every delivery then died in httpx, which refuses it: never delivered, never
        # failed.
        message = f"{url!r} is not a URL the service can call: {exc}"
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


def _port_ok(parts: SplitResult) -> bool:
    try:
        port = parts.port
    except ValueError:  # not a number, or over 65535
        return False
    return port is None or port >= 1


class Refused(Exception):
    """A delivery attempt not made: why, in the attempt's log."""


class Pinned(NamedTuple):
    """Where one delivery attempt connects: `url` with its host replaced by the address that
    was checked, and the name the server expects, for the Host header and for TLS (SNI and
    the certificate's check)."""

    url: str
    host_header: str
    sni_hostname: str


def pin(url: str) -> Pinned:
    """The URL pinned to the first address its host resolves to, once every address it
    resolves to has been checked: the connection goes where the check looked.

    Raises:
        Refused: the host resolves to an internal address, or to none, or the port is bad.
        UnicodeError: a host name DNS cannot encode.
    """
    parts = urlsplit(url)
    if not _port_ok(parts):  # stored before ports were checked
        # Its password as everywhere else: `***` (review 21: the delivery's error, read by
        # GET /webhooks/{id}/deliveries, carried it).
        raise Refused(f"refused: {shown_url(url)!r} has no valid port")
    host = (parts.hostname or "").encode("idna").decode("ascii")
    addresses = _addresses(host)
    internal = next((a for a in addresses if _is_internal(a)), None)
    if internal is not None:
        raise Refused(f"refused: the host resolves to an internal address ({internal})")
    if not addresses:
        raise Refused(f"refused: {host!r} resolves to no address")
    first = addresses[0]
    literal = f"[{first}]" if first.version == 6 else str(first)
    port = f":{parts.port}" if parts.port is not None else ""
    user = parts.netloc.rpartition("@")[0]
    netloc = f"{user}@{literal}{port}" if user else f"{literal}{port}"
    return Pinned(urlunsplit(parts._replace(netloc=netloc)), f"{host}{port}", host)
