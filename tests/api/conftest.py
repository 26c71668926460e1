"""One app per test module for the tests that store nothing: refusals, reads, quotes, rankings."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.config import Settings
from tests.postgres import PostgresServer


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=["sqlite", "postgresql"])
async def shared_client(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A client of one app that a module's tests share when they store nothing (refusals,
    reads, quotes, rankings); mark them `@pytest.mark.asyncio(loop_scope="module")` to run in
    the client's event loop. Building an app is most of such a test's time; as nothing is
    stored, each test still sees the seeded store and still checks that nothing was stored.
    Each module runs once on SQLite and once on PostgreSQL."""
    db_path = str(tmp_path_factory.mktemp("shared") / "tokenplan.db")
    url = ""
    if request.param == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.fresh_database()
    settings = Settings(db_path=db_path, database_url=url, solvers=2, queue_workers=2)
    async with AsyncTestClient(app=create_app(settings)) as c:
        yield c
