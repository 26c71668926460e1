"""GET /health: the service is up, and at which catalog revision (open even when reads are
protected: load balancers probe it without a key)."""

from __future__ import annotations

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency

from service.store import Store

__all__ = ["Health", "HealthController"]


class Health(msgspec.Struct, frozen=True):
    """The service is up, and at which catalog revision."""

    status: str
    catalog_revision: int


class HealthController(Controller):
    """Liveness."""

    tags = ["service"]

    @get(
        "/health",
        operation_id="getHealth",
        summary="Liveness and the catalog revision",
        opt={"public": True},
    )
    async def health(self, store: NamedDependency[Store]) -> Health:
        return Health(status="ok", catalog_revision=store.current_revision())
