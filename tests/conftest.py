"""Shared fixtures (a fresh store and app per test, an async HTTP client against it), the speed
markers given by directory, and the hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.config import Settings

SPEED_CLASSES = ("unit", "solver", "api")

# `ci` checks as many examples as the suite always has, reproducibly; `dev` fewer, for quick
# local runs (HYPOTHESIS_PROFILE picks one). Tests that want more examples scale the profile's
# count, so `dev` stays quick and `ci` keeps its full count.
settings.register_profile("ci", max_examples=100, derandomize=True, deadline=None, database=None)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks each test `unit`, `solver` or `api` by the directory it lives in under tests/."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            speed = item.path.relative_to(here).parts[0]
            if speed in SPEED_CLASSES:
                item.add_marker(speed)


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
