"""Schemathesis, every check, against the app in this process (ASGI, a fresh store): what the
OpenAPI says is what the server does. Its command line (`st run`) runs with the schema loaded
from the app instead of from a URL, so its phases, checks, options and report are the ones the
by-hand run against a server has (README); refusals no schema can state are in
schemathesis.toml. A uvicorn in a subprocess cost a fifth more CPU: a second interpreter
starting, and each of the ~5,700 cases sent over a socket and parsed twice."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar

from service.config import Settings
from tests.apps import app_for
from tests.paths import ROOT
from tests.profiles import FULL

pytestmark = pytest.mark.long


class _Errors(logging.Handler):
    """Every record logged at ERROR or with a traceback, while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.records.append(record)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Litestar]:
    """The app on a fresh SQLite store, one solver; a solve still running at the end (a
    generated plan) gets a second to drain. Nothing it logs may be an error or a traceback.
    Schemathesis is imported here, not with the module: every xdist worker imports every test
    module, and schemathesis takes half a second to import."""
    from schemathesis.python import asgi

    errors = _Errors()
    loggers = [logging.getLogger(), logging.getLogger("tokenplan"), logging.getLogger("litestar")]
    for logger in loggers:
        logger.addHandler(errors)
    try:
        with app_for(Settings(db_path=str(tmp_path / "st.db"), solvers=1, drain_s=1.0)) as app:
            try:
                yield app
            finally:
                asgi.shutdown_lifespans()  # the app's shutdown: drains, closes the store
    finally:
        for logger in loggers:
            logger.removeHandler(errors)
    text = "\n".join(errors.format(record) for record in errors.records)
    assert not errors.records, text[-6000:]


# The `dev` profile runs the fuzzing phase (valid and invalid input, every check) and the
# stateful one (linked sequences) with four examples an operation: 241 cases, against 1,806
# with the coverage phase's valid cases (8.7 s of CPU against 20 s, loaded). `ci` runs every
# phase, the coverage phase's invalid cases too (5,500 cases).
PHASES = [] if FULL else ["--phases", "fuzzing,stateful"]
MAX_EXAMPLES = "3" if FULL else "4"


def test_every_operation_matches_the_openapi(
    app: Litestar, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every operation, with generated valid and invalid input and linked sequences (POST
    /plans to its reports), passes all of schemathesis' checks: no 5xx, documented statuses,
    content types and headers, responses that match their schemas, bad input refused."""
    import schemathesis
    from click.testing import CliRunner
    from schemathesis.cli import loaders
    from schemathesis.cli import schemathesis as st
    from schemathesis.python import asgi

    def from_app(location: str, config: Any) -> Any:
        path = location.removeprefix(asgi_url)
        return schemathesis.openapi.from_asgi(path, app, config=config._parent)

    asgi_url = f"http://{asgi.HOST}"
    monkeypatch.setattr(loaders, "load_schema", from_app)
    args = [
        "--config-file",
        str(ROOT / "schemathesis.toml"),
        "run",
        *PHASES,
        f"{asgi_url}/schema/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        "1",
        "--generation-database",
        "none",
        "--no-color",
        # Timing is not what this test checks: a PDF rendered on a loaded machine took more
        # than schemathesis' default 10 s (its response-time check and its request timeout).
        "--max-response-time",
        "300",
        "--request-timeout",
        "300",
    ]
    result = CliRunner().invoke(st, args)
    assert result.exit_code == 0, result.output[-6000:]
    counts = re.search(r"(\d+) generated, (\d+) passed", result.output)
    assert counts is not None, result.output[-2000:]
    assert int(counts.group(1)) == int(counts.group(2)) >= 200
