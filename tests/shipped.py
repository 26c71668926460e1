"""The shipped catalog for CLI tests: no store configured, so `plan`, `rank` and `crossover`
fall back to it (a `--db` naming a missing file is refused: probe 11 finding 11)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

MISSING_STORE = "/nonexistent/tokenplan.db"


def use_shipped_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point TOKENPLAN_DB at a missing file and unset the PostgreSQL store and service URL."""
    monkeypatch.setenv("TOKENPLAN_DB", MISSING_STORE)
    monkeypatch.delenv("TOKENPLAN_DATABASE_URL", raising=False)
    monkeypatch.delenv("TOKENPLAN_URL", raising=False)


@pytest.fixture
def shipped_catalog(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI's catalog is the shipped default for this test."""
    use_shipped_catalog(monkeypatch)
    yield
