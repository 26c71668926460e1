"""The client's `wait_sensitivity` asks the service to answer at the run's end (`Prefer:
wait` on GET /plans/{id}/sensitivity) rather than polling every half second; a service that
answers before the end is asked again (sync and async clients alike)."""

from __future__ import annotations

import asyncio

import httpx
import msgspec
import pytest

from optimizer import Sensitivity
from service import client as client_module
from service.client import AsyncClient, Client

PATH = "/plans/plan_x/sensitivity"


class _Service:
    """A stand-in service whose run is `solving` for the first `solving` GETs, then done;
    it records each GET's Prefer header."""

    def __init__(self, solving: int) -> None:
        self.solving = solving
        self.prefers: list[str | None] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert (request.method, request.url.path) == ("GET", PATH)
        self.prefers.append(request.headers.get("Prefer"))
        status = "solving" if len(self.prefers) <= self.solving else "done"
        run = Sensitivity(plan_id="plan_x", status=status, created_at="2026-12-02T00:00:00Z")
        return httpx.Response(200, content=msgspec.json.encode(run))


def test_the_sync_client_asks_the_service_to_wait_for_the_end() -> None:
    service = _Service(solving=0)
    with Client("http://service", transport=httpx.MockTransport(service)) as api:
        assert api.wait_sensitivity("plan_x", timeout_s=600).status == "done"
    assert service.prefers == [f"wait={client_module.SENSITIVITY_WAIT_S:g}"]


def test_a_service_that_answers_before_the_end_is_asked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(client_module, "POLL_S", 0.0)
    service = _Service(solving=2)
    with Client("http://service", transport=httpx.MockTransport(service)) as api:
        assert api.wait_sensitivity("plan_x", timeout_s=600).status == "done"
    assert len(service.prefers) == 3
    assert all(p is not None and p.startswith("wait=") for p in service.prefers)


def test_the_async_client_asks_the_service_to_wait_for_the_end() -> None:
    service = _Service(solving=0)

    async def waited() -> Sensitivity:
        transport = httpx.MockTransport(service)
        async with AsyncClient("http://service", transport=transport) as api:
            return await api.wait_sensitivity("plan_x", timeout_s=5)

    assert asyncio.run(waited()).status == "done"
    assert service.prefers == ["wait=5"]
