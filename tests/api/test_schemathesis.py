"""Schemathesis, every check, against the service on 127.0.0.1 (uvicorn, a fresh store): what
the OpenAPI says is what the server does. A bounded number of cases keeps CI fast; the README
names the by-hand run with thousands. Refusals no schema can state are in schemathesis.toml."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.paths import ROOT

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.long


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A uvicorn serving the app on a free port, stopped after the test. Its log goes to a
    file: through a pipe read only at the end, the PDF reports' WeasyPrint warnings (300 kB)
    filled the pipe, the server blocked writing them and the teardown waited 30 s to kill it.
    A solve still running at the end (a generated plan) gets a second to drain."""
    port = _free_port()
    env = {
        **os.environ,
        "TOKENPLAN_DB": str(tmp_path / "st.db"),
        "TOKENPLAN_SOLVERS": "1",
        "TOKENPLAN_DRAIN_S": "1",
    }
    command = ["--factory", "service.app:create_app", "--port", str(port), "--no-access-log"]
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "uvicorn"), *command],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=out,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{url}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:  # a solve still draining on a loaded machine
            process.kill()
            process.wait()
        text = log.read_text()
        assert "Traceback" not in text, text[-6000:]


def test_every_operation_matches_the_openapi(server: str, tmp_path: Path) -> None:
    """Every operation, with generated valid and invalid input and linked sequences (POST
    /plans to its reports), passes all of schemathesis' checks: no 5xx, documented statuses,
    content types and headers, responses that match their schemas, bad input refused."""
    result = subprocess.run(
        [
            str(BIN / "st"),
            "--config-file",
            str(ROOT / "schemathesis.toml"),
            "run",
            f"{server}/schema/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            "3",
            "--seed",
            "1",
            "--generation-database",
            "none",
            # Schemathesis gives up on a response after 10 s, which a PDF render took at a
            # load of 12 on two cores: not a check, so the test need not race the machine.
            "--request-timeout",
            "120",
            "--no-color",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:]
    counts = re.search(r"(\d+) generated, (\d+) passed", result.stdout)
    assert counts is not None, result.stdout[-2000:]
    assert int(counts.group(1)) == int(counts.group(2)) >= 200
