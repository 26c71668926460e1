"""One app per test module for the tests whose every request the app refuses."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.config import Settings


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_client(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A client of one app that a module's refusal tests share; mark them
    `@pytest.mark.asyncio(loop_scope="module")` to run in the client's event loop. Building an
    app is most of an API test's time; a refused request stores nothing, so each test still
    sees the seeded store and still checks that nothing was stored."""
    db_path = tmp_path_factory.mktemp("shared") / "tokenplan.db"
    async with AsyncTestClient(app=create_app(Settings(db_path=str(db_path), solvers=2))) as c:
        yield c
