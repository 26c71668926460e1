"""What handlers are given by name: the store, the solver pool and the settings, provided once
at the app from its state (handlers never read `request.app.state`)."""

from __future__ import annotations

from typing import Any

from litestar.datastructures import State
from litestar.di import Provide

from service.config import Settings
from service.jobs import Solver
from service.store import Store

__all__ = ["DEPENDENCIES"]


def _store(state: State) -> Store:
    store: Store = state.store
    return store


def _solver(state: State) -> Solver:
    solver: Solver = state.solver
    return solver


def _settings(state: State) -> Settings:
    settings: Settings = state.settings
    return settings


DEPENDENCIES: dict[str, Any] = {
    "store": Provide(_store, sync_to_thread=False),
    "solver": Provide(_solver, sync_to_thread=False),
    "settings": Provide(_settings, sync_to_thread=False),
}
"""Inject with `store: NamedDependency[Store]` (and `solver`, `settings`)."""
