"""A throwaway PostgreSQL for the tests, started from the machine's own binaries (`initdb`,
`pg_ctl`), as pytest-postgresql does: a data directory in tmp, a free port on 127.0.0.1, and
every test its own database copied from a migrated, seeded template.

PostgreSQL refuses to run as root: as root the server runs as the unprivileged `postgres` user
(`.ci/run` creates it when it is missing).

An xdist run starts one server for all its workers (`SharedStart`, in the controller: its
workers share its 600 connections). psycopg and the store are imported where they are used:
the controller imports this module before it starts the workers."""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from tests.paths import scratch_root

__all__ = ["TEMPLATE", "PostgresServer", "SharedStart", "missing_reason"]

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
    """One PostgreSQL server in a temporary directory, stopped and deleted by `stop()`; on
    `port`, if given. Databases are named after the process (`PYTEST_XDIST_WORKER`), so that
    the workers of one run can share a server (`attach`)."""

    def __init__(self, port: int | None = None) -> None:
        bin_dir = _bin_dir()
        assert bin_dir is not None, missing_reason()
        self._bin = bin_dir
        self._dir = Path(tempfile.mkdtemp(prefix="tokenplan-pg-", dir=scratch_root()))
        self._data = self._dir / "data"
        self._serve_on(port or _free_port(), owner=True)
        if os.geteuid() == 0:
            shutil.chown(self._dir, "postgres", "postgres")
        # Niced: the xdist controller runs it while its workers import the tests, which start
        # none before the last of them has.
        # --no-sync: a throwaway cluster need not reach the disk (0.2-0.3 s of initdb's time).
        self._ctl(
            "initdb",
            "-D",
            str(self._data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            nice=True,
        )
        options = (
            f"-p {self.port} -h 127.0.0.1 -c unix_socket_directories='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=600"
        )
        log = str(self._dir / "server.log")
        self._ctl("pg_ctl", "-D", str(self._data), "-l", log, "-o", options, "-w", "start")
        self.create_database(TEMPLATE)
        from service.store_pg import PostgresStore

        PostgresStore(self.url(TEMPLATE), pool_size=2).close()

    def _serve_on(self, port: int, *, owner: bool) -> None:
        """The server's port, whether this object stops it (`owner`), and this process's
        database names (`fresh_database`)."""
        self.port = port
        self._owner = owner
        self._prefix = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self._counter = itertools.count(1)

    def _ctl(self, program: str, *args: str, nice: bool = False) -> None:
        command = [*(["nice", "-n", "10"] if nice else []), *_run_as(), str(self._bin / program)]
        command += args
        subprocess.run(command, check=True, capture_output=True, cwd=self._dir)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create database `name` (a copy of `template`); return its URL."""
        import psycopg

        # FILE_COPY: the template's files copied whole, 9 ms a database where WAL_LOG (15's
        # default) took 19-24 ms (three threads creating and dropping 30, this machine).
        copy = f' TEMPLATE "{template}"' if template else ""
        sql = f'CREATE DATABASE "{name}"{copy} STRATEGY FILE_COPY'
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql.encode())
        return self.url(name)

    def fresh_database(self) -> str:
        """The URL of a new database holding the migrated, seeded store."""
        return self.create_database(f"test_{self._prefix}_{next(self._counter)}", TEMPLATE)

    def drop_database(self, url: str) -> None:
        """Drop the database at `url` (connections still open to it are ended), so that the
        cluster, in RAM, stays small however many tests run."""
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            # FORCE ends the connections left (a closing pool's) and then waits for them in
            # steps of 100 ms: ended here, they are gone within a few milliseconds.
            others = "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
            conn.execute(f"SELECT pg_terminate_backend(pid) {others}".encode(), (name,))
            for _ in range(200):
                if conn.execute(f"SELECT count(*) {others}".encode(), (name,)).fetchone() == (0,):
                    break
                time.sleep(0.005)
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())

    @classmethod
    def attach(cls, port: int, ready: Path, timeout_s: float = 120.0) -> PostgresServer:
        """The server another process (the xdist controller: `SharedStart`) starts on `port`,
        once `ready` says it has started; `stop()` leaves it to that process."""
        deadline = time.monotonic() + timeout_s
        while not ready.exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"the run's PostgreSQL did not start within {timeout_s} s")
            time.sleep(0.02)
        failure = ready.read_text()
        if failure:
            raise RuntimeError(f"the run's PostgreSQL did not start: {failure}")
        server = cls.__new__(cls)
        server._serve_on(port, owner=False)
        return server

    def stop(self) -> None:
        if not self._owner:
            return
        # Immediate, and not waited for (--no-wait): nothing in it is kept, and the run's
        # report waited the 0.2-0.3 s the server took to end.
        self._ctl("pg_ctl", "-D", str(self._data), "-m", "immediate", "--no-wait", "stop")
        shutil.rmtree(self._dir, ignore_errors=True)


class SharedStart:
    """One server for every worker of an xdist run, started by the controller in a thread
    while the workers start (each worker started its own: initdb, start and the template
    took 1-2 s of a worker's time, three times over). `port` is known at once; `ready` is
    written when the server can be used: empty, or the reason it could not start."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.ready = Path(tempfile.mkdtemp(prefix="tokenplan-pg-ready-", dir=scratch_root()))
        self.ready = self.ready / "ready"
        self._server: PostgresServer | None = None
        self._thread = threading.Thread(target=self._start, name="postgres", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        failure = ""
        try:
            self._server = PostgresServer(self.port)
        # Whatever it is, the workers report it in their tests' failures.
        except Exception as error:
            failure = f"{type(error).__name__}: {error}"
        partial = self.ready.with_suffix(".tmp")
        partial.write_text(failure)
        partial.rename(self.ready)  # whole, at once: a worker never reads half of it

    def stop(self) -> None:
        self._thread.join()
        if self._server is not None:
            self._server.stop()
        shutil.rmtree(self.ready.parent, ignore_errors=True)
