"""Errors of the world rather than of tokenplan (a path that is no file, a store that is no
SQLite database, a URL that is none, a port out of range) are one line on stderr, not a
traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.cli import main
from tests.paths import EXAMPLES

RANK = ["rank", "--model", "deepseek-r1-0528", "--isl", "8192", "--osl", "1024"]


@pytest.fixture
def logging_kept() -> Iterator[None]:
    """The root and litestar loggers' handlers as they were before the test: `openapi` builds
    the app, whose logging config binds a handler to the stderr of the moment, here capsys'
    stream, closed after the test; a later test of the same worker that logged without
    building an app of its own (a webhook's delivery) printed '--- Logging error ---'."""
    loggers = [logging.getLogger(), logging.getLogger("litestar")]
    saved = [logger.handlers[:] for logger in loggers]
    yield
    for logger, handlers in zip(loggers, saved, strict=True):
        logger.handlers[:] = handlers


@pytest.mark.usefixtures("logging_kept")
def test_openapi_to_a_missing_folder_or_a_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--output` into a folder that does not exist, or onto a folder: exit 1, one line."""
    missing = tmp_path / "none" / "x.json"
    assert main(["openapi", "--output", str(missing)]) == 1
    assert capsys.readouterr().err == f"error: {missing}: No such file or directory\n"
    assert main(["openapi", "--output", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path}: Is a directory\n"


def test_a_store_that_is_no_sqlite_database_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--db` naming a file that is not a database: exit 1, the store named as the cause."""
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    assert main([*RANK, "--interactivity", "50", "--db", str(junk)]) == 1
    err = capsys.readouterr().err
    assert err.endswith("error: the SQLite store could not be used (file is not a database)\n")


def test_a_url_that_is_none_and_a_port_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    """`--url http://[::1` is one line saying the service could not be reached; `serve --port
    99999` is argparse's usage error (exit 2) saying the range."""
    seed = str(EXAMPLES / "seed-deepseek-r1.json")
    assert main(["plan", "-q", "--url", "http://[::1", seed]) == 1
    assert capsys.readouterr().err.startswith("error: the service could not be reached (InvalidURL")
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--port", "99999"])
    assert exit_.value.code == 2
    assert "a TCP port is 1-65535, got '99999'" in capsys.readouterr().err
