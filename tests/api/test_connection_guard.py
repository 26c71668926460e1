"""Probe 14b finding 3: a request's head had no deadline and one address could hold any number
of connections: about 20,000 half-sent heads (a header line every 5 s, never the blank line)
took every file descriptor of the server, /health went unanswered and the log grew by 41 MB
in 40 s. A head not all in within `head_s` is a 408 and its connection closed; one address
holds at most `connections_per_client` connections. Served by uvicorn on a real socket, as
`tokenplan serve` serves (`service.connection_guard.uvicorn_config`)."""

from __future__ import annotations

import dataclasses
import json
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack
from urllib.parse import urlsplit

import httpx
import pytest

from service.config import Settings
from tests.live import serving

pytestmark = pytest.mark.one_store


def _address(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    assert parts.hostname is not None and parts.port is not None
    return parts.hostname, parts.port


def _read_all(sock: socket.socket) -> bytes:
    received = b""
    try:
        while data := sock.recv(65536):
            received += data
    except ConnectionResetError:
        pass
    return received


def _serving(head_s: float) -> Iterator[str]:
    settings = dataclasses.replace(
        Settings(db_path=":memory:"), head_s=head_s, connections_per_client=4
    )
    with serving(settings) as url:
        yield url


@pytest.fixture
def base() -> Iterator[str]:
    yield from _serving(0.5)


@pytest.fixture
def patient() -> Iterator[str]:
    """A head deadline no loaded machine reaches while the test holds its connections."""
    yield from _serving(60.0)


def test_a_head_that_trickles_in_is_a_408(base: str) -> None:
    with socket.create_connection(_address(base), timeout=30) as sock:
        start = time.monotonic()
        sock.sendall(b"POST /plans HTTP/1.1\r\nHost: x\r\n")
        for _ in range(10):  # a header line every 0.2 s, never the blank line
            time.sleep(0.2)
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:  # answered and closed
                break
        answer = _read_all(sock).decode()
        took = time.monotonic() - start
    head, _, body = answer.partition("\r\n\r\n")
    assert head.startswith("HTTP/1.1 408"), answer
    assert "application/problem+json" in head
    problem = json.loads(body)
    assert problem["status"] == 408 and "0.5 s" in problem["detail"]
    assert took < 10.0


def test_a_silent_connection_is_closed(base: str) -> None:
    with socket.create_connection(_address(base), timeout=30) as sock:
        start = time.monotonic()
        answer = _read_all(sock)
        assert answer.startswith(b"HTTP/1.1 408")
        assert time.monotonic() - start < 10.0


def test_a_head_sent_whole_is_served_and_kept_alive(base: str) -> None:
    with httpx.Client(base_url=base) as client:
        for _ in range(3):  # each request on the kept-alive connection gets its own deadline
            assert client.get("/health").status_code == 200
            time.sleep(0.7)


def test_one_address_holds_at_most_its_connections(patient: str) -> None:
    with ExitStack() as held:
        socks = [
            held.enter_context(socket.create_connection(_address(patient), timeout=30))
            for _ in range(4)
        ]
        extra = held.enter_context(socket.create_connection(_address(patient), timeout=30))
        refused = _read_all(extra).decode()  # answered as it opened, and closed
        assert refused.startswith("HTTP/1.1 503"), refused
        assert "retry-after: 1" in refused and "4 connections" in refused
        for sock in socks:  # the four held are still served
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert _read_all(sock).startswith(b"HTTP/1.1 200")
    # Once they are gone (the server hears each close in a moment), the address is served again.
    for _ in range(100):
        try:
            assert httpx.get(f"{patient}/health").status_code == 200
            break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        pytest.fail("the address was not served again once its connections closed")
