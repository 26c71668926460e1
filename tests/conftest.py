"""Shared fixtures (a fresh store and app per test, an async HTTP client against it), the speed
markers given by directory, and the hypothesis profiles."""

from __future__ import annotations

import gc
import inspect
import os
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from service.config import Settings
from service.store import Store
from service.store_pg import open_store
from tests.paths import scratch_root
from tests.profiles import PROFILE

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar.testing import AsyncTestClient
    from xdist.workermanage import WorkerController

    from tests.browser import Browser
    from tests.postgres import PostgresServer, SharedStart

# The app, its test client and PostgreSQL are imported by the fixtures that use them, so that
# a run of the unit tests alone starts without them (seconds of imports).

SPEED_CLASSES = ("unit", "solver", "api")

# Where PYTHONDONTWRITEBYTECODE is set (this machine sets it), nothing caches the compiled test
# modules: each xdist worker rewrote the asserts of all ~110 of them again at every run, 3.5 s
# of CPU before its first test (collection: 6.7 s without the cache, 3.2 s with it). The suite
# writes the caches (__pycache__, ignored by git) whatever the variable says; subprocesses the
# tests start read them.
sys.dont_write_bytecode = False

# Every temporary file of the run (tmp_path, tempfile) in RAM where the machine has /dev/shm:
# the suite creates hundreds of SQLite stores, and each waited on the disk's syncs.
tempfile.tempdir = scratch_root() or tempfile.tempdir


def pytest_configure(config: pytest.Config) -> None:
    """Loads the hypothesis profile in each process that runs tests: `ci` checks as many
    examples as the suite always has, reproducibly; `dev` fewer, for quick local runs
    (HYPOTHESIS_PROFILE picks one). Tests that want more examples scale the profile's count,
    so `dev` stays quick and `ci` keeps its full count. The xdist controller runs no test and
    does not import hypothesis (1.6 s of CPU before it starts the workers, loaded)."""
    if config.getoption("numprocesses", None) and not hasattr(config, "workerinput"):
        _start_shared_postgres(config)
        return
    from hypothesis import settings

    settings.register_profile(
        "ci", max_examples=100, derandomize=True, deadline=None, database=None
    )
    settings.register_profile("dev", max_examples=10, deadline=None)
    settings.load_profile(PROFILE)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Stops the run's PostgreSQL (in the controller, after the workers ended), and moves
    every object left to the garbage collector's permanent generation as the process ends:
    the interpreter's last collections then have almost nothing to examine. A worker's heap
    after its share of the run took it 1-2 s of CPU to walk at exit, and xdist waits for every
    worker's exit before it reports."""
    shared = config.stash.get(_SHARED, None)
    if shared is not None:
        shared.stop()
    gc.freeze()


_SHARED_PG = "tokenplan_postgres"
"""The key of the controller's PostgreSQL (port, readiness file) in each worker's input."""


_SHARED: pytest.StashKey[SharedStart] = pytest.StashKey()


def _start_shared_postgres(config: pytest.Config) -> None:
    """Starts the run's PostgreSQL in the xdist controller, in the background, where one can
    start (else each worker's `postgres` fixture skips or fails, saying why)."""
    from tests.postgres import SharedStart, missing_reason

    if missing_reason() is None:
        config.stash[_SHARED] = SharedStart()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: WorkerController) -> None:
    """Tells each xdist worker where the run's PostgreSQL is."""
    shared = node.config.stash.get(_SHARED, None)
    if shared is not None:
        node.workerinput[_SHARED_PG] = {"port": shared.port, "ready": str(shared.ready)}


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """One process (no workers) for a run narrowed to the unit tests (`-m unit`, tests/unit)
    or to test files, where starting workers would take longer than the tests; else one
    worker more than the cores, as part of the suite waits on servers, workers, PostgreSQL and
    Chromium rather than computing (2 cores, quiet machine, 1,186 tests: 2 workers 92.6 s,
    3 workers 83.6 s, 4 workers 86.7 s)."""
    unit = Path(__file__).parent / "unit"
    paths = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    narrow = config.args_source == pytest.Config.ArgsSource.ARGS and all(
        path.suffix == ".py" or path == unit or unit in path.parents for path in paths
    )
    if narrow or config.option.markexpr.strip() == "unit":
        return 0
    return len(os.sched_getaffinity(0)) + 1


def _on_postgres(item: pytest.Item) -> bool:
    """Whether the test uses the run's PostgreSQL (its `postgres` fixture, or the app on it)."""
    callspec = getattr(item, "callspec", None)
    backend = callspec.params.get("backend") if callspec is not None else None
    return backend == "postgresql" or "postgres" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks each test `unit`, `solver` or `api` by the directory it lives in under tests/,
    runs the tests marked `long` first, and the other tests on PostgreSQL last: xdist hands
    each worker a contiguous share of the run and steals from the ends of the shares, so a
    long test met last made the tail of the run while the other worker sat idle, and a
    worker whose share began with PostgreSQL tests waited for the server the controller
    starts as the workers start (1-2 s)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            speed = item.path.relative_to(here).parts[0]
            if speed in SPEED_CLASSES:
                item.add_marker(speed)
    items.sort(key=lambda item: (item.get_closest_marker("long") is None, _on_postgres(item)))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Runs each test that uses the app against both stores, SQLite and PostgreSQL, except
    those that open the SQLite file themselves (they name `db_path`) and those marked
    `one_store` (what they check does not depend on the store)."""
    if "backend" in metafunc.fixturenames:
        direct = "db_path" in inspect.signature(metafunc.function).parameters
        one = direct or metafunc.definition.get_closest_marker("one_store") is not None
        backends = ["sqlite"] if one else ["sqlite", "postgresql"]
        # Module scope, so that `shared_client` is one app per module and backend.
        metafunc.parametrize("backend", backends, scope="module")


@pytest.fixture(scope="session")
def postgres(request: pytest.FixtureRequest) -> Iterator[PostgresServer]:
    """A PostgreSQL server for the session (skips, saying why, where none can start)."""
    from tests.postgres import PostgresServer, missing_reason

    reason = missing_reason()
    if reason and os.environ.get("TOKENPLAN_REQUIRE_POSTGRES"):
        pytest.fail(f"TOKENPLAN_REQUIRE_POSTGRES is set, but {reason}")
    if reason:
        pytest.skip(reason)
    shared = getattr(request.config, "workerinput", {}).get(_SHARED_PG)
    if shared:
        server = PostgresServer.attach(shared["port"], Path(shared["ready"]))
    else:
        server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for every page a test opens in this process (skips, saying why,
    where the machine has none, unless TOKENPLAN_REQUIRE_CHROMIUM=1)."""
    from tests.browser import Browser, chromium

    if chromium() is None and os.environ.get("TOKENPLAN_REQUIRE_CHROMIUM") != "1":
        pytest.skip("no chromium on this machine (.ci/run installs Debian's chromium)")
    with Browser() as browser:
        yield browser


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "tokenplan.db")


def _settings(backend: str, db_path: str, request: pytest.FixtureRequest) -> Settings:
    """Settings naming a fresh store: the SQLite file, or a new PostgreSQL database."""
    if backend == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.fresh_database()
        request.addfinalizer(lambda: server.drop_database(url))  # after the app closed
        return Settings(db_path=db_path, database_url=url)
    return Settings(db_path=db_path)


@pytest.fixture
def store_settings(backend: str, db_path: str, request: pytest.FixtureRequest) -> Settings:
    """Settings naming this test's store: its SQLite file, or its own PostgreSQL database."""
    return _settings(backend, db_path, request)


@pytest.fixture
def store(store_settings: Settings) -> Iterator[Store]:
    """This test's store (`store_settings`), opened for the test and closed after it."""
    opened = open_store(store_settings)
    yield opened
    opened.close()


def _app_settings(store_settings: Settings) -> Settings:
    """The settings of the `app` fixtures' apps, on `store_settings`' store."""
    return Settings(
        db_path=store_settings.db_path,
        database_url=store_settings.database_url,
        queue_workers=2,
        webhook_backoff_s=0.05,
        webhook_allow_internal=True,  # the receivers of the tests listen on 127.0.0.1
        solvers=2,
        per_client=32,
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """The apps a test was lent (tests/apps.py) are given back, their stores closed, before
    its fixtures are torn down (a PostgreSQL database is dropped after its app closed)."""
    from tests.apps import give_back_lent

    give_back_lent()
    yield


@pytest.fixture
def app(store_settings: Settings) -> Iterator[Litestar]:
    from tests.apps import app_for

    with app_for(_app_settings(store_settings)) as app:
        yield app


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=app) as c:
        yield c


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_client(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A client of one app that a module's tests share when they store nothing (refusals,
    reads, quotes, rankings); mark them `@pytest.mark.asyncio(loop_scope="module")` to run in
    the client's event loop. Building an app is most of such a test's time; as nothing is
    stored, each test still sees the seeded store and still checks that nothing was stored."""
    db_path = str(tmp_path_factory.mktemp("shared") / "tokenplan.db")
    from litestar.testing import AsyncTestClient

    from tests.apps import app_for

    with app_for(_app_settings(_settings(backend, db_path, request))) as app:
        async with AsyncTestClient(app=app) as c:
            yield c
