"""A throwaway PostgreSQL for the tests, started from the machine's own binaries (`initdb`,
`pg_ctl`), as pytest-postgresql does: a data directory in tmp, a free port on 127.0.0.1, and
every test its own database copied from a migrated, seeded template.

PostgreSQL refuses to run as root: as root the server runs as the unprivileged `postgres` user
(`.ci/run` creates it when it is missing)."""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

from service.store_pg import PostgresStore
from tests.paths import scratch_root

__all__ = ["TEMPLATE", "PostgresServer", "missing_reason"]

TEMPLATE = "tokenplan_template"
_PLACES = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin")


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    return next((Path(p) for p in _PLACES if Path(p, "initdb").exists()), None)


def _run_as() -> list[str]:
    """The prefix that runs a command as an unprivileged user when this is root."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


def missing_reason() -> str | None:
    """Why no PostgreSQL can be started here, or None when one can."""
    if _bin_dir() is None:
        return "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run PostgreSQL as"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class PostgresServer:
    """One PostgreSQL server in a temporary directory, stopped and deleted by `stop()`."""

    def __init__(self) -> None:
        bin_dir = _bin_dir()
        assert bin_dir is not None, missing_reason()
        self._bin = bin_dir
        self._dir = Path(tempfile.mkdtemp(prefix="tokenplan-pg-", dir=scratch_root()))
        self._data = self._dir / "data"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self._dir, "postgres", "postgres")
        self._ctl("initdb", "-D", str(self._data), "-U", "postgres", "--auth=trust")
        options = (
            f"-p {self.port} -h 127.0.0.1 -c unix_socket_directories='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        log = str(self._dir / "server.log")
        self._ctl("pg_ctl", "-D", str(self._data), "-l", log, "-o", options, "-w", "start")
        self._counter = itertools.count(1)
        self.create_database(TEMPLATE)
        PostgresStore(self.url(TEMPLATE), pool_size=2).close()

    def _ctl(self, program: str, *args: str) -> None:
        command = [*_run_as(), str(self._bin / program), *args]
        subprocess.run(command, check=True, capture_output=True, cwd=self._dir)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create database `name` (a copy of `template`); return its URL."""
        sql = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.encode())
        return self.url(name)

    def fresh_database(self) -> str:
        """The URL of a new database holding the migrated, seeded store."""
        return self.create_database(f"test_{next(self._counter)}", TEMPLATE)

    def drop_database(self, url: str) -> None:
        """Drop the database at `url` (connections still open to it are ended), so that the
        cluster, in RAM, stays small however many tests run."""
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())

    def stop(self) -> None:
        self._ctl("pg_ctl", "-D", str(self._data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self._dir, ignore_errors=True)
