"""Apps for the tests, made as `create_app` makes them but from routes built before.

Building the routes is most of `create_app`'s time (0.06-0.13 CPU s, for some 300 apps a
run), so a test takes an app built earlier in its process and `wire`s it to its own settings
and store. An app is given back (its store closed) when the block of `app_for` ends, or, from
`fresh_app` in a test's body, when the test ends, before its fixtures are torn down
(tests/conftest.py `pytest_runtest_teardown`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litestar import Litestar

    from service.config import Settings
    from service.store import Store

__all__ = ["app_for", "fresh_app", "give_back_lent"]

_BUILT: dict[int, list[Litestar]] = {}
"""Apps built in this process and free, by the body limit they were built for."""
_LENT: list[Litestar] = []
"""Apps `fresh_app` lent to the running test."""


def _wired(settings: Settings, store: Store | None) -> Litestar:
    from service.app import built_app, wire

    free = _BUILT.setdefault(settings.max_body_bytes, [])
    return wire(free.pop() if free else built_app(settings.max_body_bytes), settings, store=store)


def _give_back(app: Litestar) -> None:
    """Close `app`'s store (its shutdown may have closed it: closing twice is harmless) and
    keep the app for the next test."""
    app.state.store.close()
    _BUILT.setdefault(app.request_max_body_size, []).append(app)


def fresh_app(settings: Settings, *, store: Store | None = None) -> Litestar:
    """What `create_app(settings, store=store)` returns (the store opened and seeded now
    unless given), for the body of the running test: given back when it ends."""
    app = _wired(settings, store)
    _LENT.append(app)
    return app


@contextlib.contextmanager
def app_for(settings: Settings) -> Iterator[Litestar]:
    """What `create_app(settings)` returns, given back when the block ends (for fixtures,
    which outlive the test's body)."""
    app = _wired(settings, None)
    try:
        yield app
    finally:
        _give_back(app)


def give_back_lent() -> None:
    """Give back every app `fresh_app` lent to the test that ended."""
    while _LENT:
        _give_back(_LENT.pop())
