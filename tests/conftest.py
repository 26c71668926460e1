"""Shared fixtures: a fresh store and app per test, and an async HTTP client against it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.config import Settings


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "tokenplan.db")


@pytest.fixture
def app(db_path: str) -> Iterator[Litestar]:
    yield create_app(Settings(db_path=db_path, solvers=2, per_client=32))


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as c:
        yield c
