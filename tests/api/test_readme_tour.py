"""Issue 15: the README tour as a newcomer runs it: the quote file made by GET, edit and PUT
with the ETag; PLAN read from the Location header; the CLI says which catalog it used and
ends quietly when its reader leaves."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import msgspec
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.bodies import QUICK
from tests.paths import ROOT

Client = AsyncTestClient[Litestar]
EXAMPLES = ROOT / "examples"


async def test_the_quote_file_is_made_by_get_edit_put(client: Client) -> None:
    """GET the offer, apply the README's sed edit (price_basis quote) and PUT it back with the
    ETag the GET gave: 200, the offer's basis is now quote."""
    got = await client.get("/catalog/offers/nebius-h100-od")
    text = re.sub(r'"price_basis":"[a-z]*"', '"price_basis":"quote"', got.text)
    assert '"price_basis":"quote"' in text
    put = await client.put(
        "/catalog/offers/nebius-h100-od",
        content=text,
        headers={"If-Match": got.headers["etag"], "content-type": "application/json"},
    )
    assert put.status_code == 200, put.text
    assert (await client.get("/catalog/offers/nebius-h100-od")).json()["price_basis"] == "quote"


async def test_plan_id_is_the_end_of_the_location_header(client: Client) -> None:
    """POST /plans answers with Location /plans/{id}, the id the README's sed extracts."""
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    response = await client.post(
        "/plans", content=body, headers={"content-type": "application/json"}
    )
    location = response.headers["location"]
    assert re.fullmatch(r"/plans/[A-Za-z0-9_-]+", location)
    assert location.removeprefix("/plans/") == response.json()["id"]


def test_cli_says_which_catalog_and_ends_quietly_in_head(tmp_path: Path) -> None:
    """`tokenplan plan FILE --json | true` (the reader gone before the answer) outside the
    project: stderr names the shipped catalog (no store there), no BrokenPipe traceback.
    FILE is QUICK: the seed example's 48-month tail only made the solve longer."""
    request = tmp_path / "quick.json"
    request.write_bytes(msgspec.json.encode(QUICK))
    script = f"{sys.executable} -m service.cli plan {request} --json | true"
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "catalog: the shipped default (no store at" in done.stderr
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
