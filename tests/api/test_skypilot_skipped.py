"""Probe 9, finding 7a: SkyPilot rows of a known accelerator that make no offer (a fractional
AcceleratorCount or none, neither a Price nor a SpotPrice) were dropped without a word whenever
another row imported. The import's response (`skipped_rows`) and the CLI now name each, by row and
column as a refused cell is, with why; a file of nothing else is a 422 listing them all (a row
with no price was "no GPU row maps to a catalog system")."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.cli import main
from tests.paths import DATA
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]
HALF = "g5.x,H100,0.5,1,1,,10,,eu-west-1,eu-west-1a\n"
"""Row 7 once appended: half an H100."""
UNCOUNTED = "g6.x,H100,,1,1,,10,,eu-west-1,eu-west-1a\n"
"""Row 8 once appended: an H100 instance that says not how many."""
TEXT = (DATA / "skypilot-vms.csv").read_text() + HALF + UNCOUNTED
WHY = {
    "Price": "neither a Price nor a SpotPrice: the row is not imported",
    "half": "expected a whole number of GPUs, got 0.5: the row is not imported",
    "none": "no AcceleratorCount: the row is not imported",
}


def _skipped(no_price: int, half: int, uncounted: int) -> list[dict[str, str]]:
    """The skipped rows as the response lists them, by their numbers in the file sent."""
    return [
        {"field": f"skypilot.csv[row {no_price}].Price", "message": WHY["Price"]},
        {"field": f"skypilot.csv[row {half}].AcceleratorCount", "message": WHY["half"]},
        {"field": f"skypilot.csv[row {uncounted}].AcceleratorCount", "message": WHY["none"]},
    ]


SKIPPED = _skipped(4, 7, 8)
"""Row 4 (p5e.48xlarge, H200) has no price; row 7 is half a GPU; row 8 has no count."""


async def _import(client: Client, text: str) -> httpx.Response:
    return await client.post(
        "/catalog/import-skypilot",
        params={"vendor": "AWS", "as_of": "2026-11-01"},
        content=text.encode(),
        headers={"content-type": "text/csv"},
    )


async def test_the_response_names_each_row_it_skipped(client: Client) -> None:
    """The three p5.48xlarge offers are created, and `skipped_rows` names row 4 (no price),
    row 7 (half a GPU) and row 8 (no count), beside the unmapped A10G."""
    response = await _import(client, TEXT)
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["result"]["created"]) == 3
    assert body["unmapped_accelerators"] == ["A10G"]
    assert body["skipped_rows"] == SKIPPED


async def test_a_file_of_skipped_rows_only_is_a_422_listing_them(client: Client) -> None:
    """Only a row with no price, half a GPU and an uncounted one: nothing to import, a 422
    naming the three cells (not "no GPU row maps to a catalog system": they all map)."""
    header, *rows = TEXT.splitlines(keepends=True)
    problem = assert_problem(await _import(client, header + rows[3] + HALF + UNCOUNTED), 422)
    assert problem["errors"] == _skipped(1, 2, 3)


def test_the_cli_prints_each_row_it_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`tokenplan catalog import-skypilot` prints a line per skipped row after the summary."""
    path = tmp_path / "vms.csv"
    path.write_text(TEXT)
    db = str(tmp_path / "t.db")
    argv = ["catalog", "import-skypilot", str(path), "--vendor", "AWS", "--db", db]
    assert main([*argv, "--as-of", "2026-11-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-3:] == [f"skipped {e['field']}: {e['message']}" for e in SKIPPED]
