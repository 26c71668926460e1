"""`tokenplan worker` processes for the PostgreSQL tests: started on a database, stopped as a
service manager would (SIGTERM, then a kill after 30 s)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

__all__ = ["STALLED_S", "start_worker", "stop_worker"]


STALLED_S = 2.0
"""How long the tests' workers may go silent before another retries their jobs: the tests
that kill a worker wait this long for the retry (the service's default is 8 s). Their
heartbeat comes every quarter of it (0.5 s), from an event loop that only waits on solves."""


def start_worker(url: str, log: Path) -> subprocess.Popen[bytes]:
    """A worker solving one job at a time on the database at `url`, its output in `log`."""
    env = {
        **os.environ,
        "TOKENPLAN_DATABASE_URL": url,
        "TOKENPLAN_WORKER_STALLED_S": str(STALLED_S),
    }
    command = [sys.executable, "-m", "service.cli", "worker", "--concurrency", "1"]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """SIGTERM (it drains), then a kill if it has not ended within 30 s."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
