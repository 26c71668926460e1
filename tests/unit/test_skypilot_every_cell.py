"""The SkyPilot CSV import names every bad cell of every row at once (review 7b finding 4,
next door: it raised at the first), with the prices of rows it skips left unread as before."""

from __future__ import annotations

import datetime as dt

import pytest

from catalog import InvalidInput, default_catalog
from catalog.skypilot import offers_from_skypilot
from tests.paths import DATA

FILE = DATA / "skypilot-vms.csv"


def test_every_bad_cell_of_every_row_is_named() -> None:
    """A price that is no number (row 1), a negative spot price (row 2), a control character
    in a region (row 3) and a GPU count that is no number (row 5) are four errors in one
    answer; the CPU row's price, never read, may be anything."""
    lines = FILE.read_text().splitlines()
    lines[1] = lines[1].replace("98.32,39.10", "lots,39.10")
    lines[2] = lines[2].replace("35.00", "-3")
    lines[3] = lines[3].replace("eu-west-2,", "eu-west\x07,")
    lines[5] = lines[5].replace("A10G,1,", "A10G,one,")
    lines[6] = lines[6].replace("0.1008", "free")
    with pytest.raises(InvalidInput) as raised:
        offers_from_skypilot("\n".join(lines), default_catalog(), "AWS", dt.date(2026, 11, 1))
    errors = {e.field: e.message for e in raised.value.errors}
    assert sorted(errors) == [
        "skypilot.csv[row 1].Price",
        "skypilot.csv[row 2].SpotPrice",
        "skypilot.csv[row 3].Region",
        "skypilot.csv[row 5].AcceleratorCount",
    ]
    assert "'lots'" in errors["skypilot.csv[row 1].Price"]
    assert "positive" in errors["skypilot.csv[row 2].SpotPrice"]
    assert "'one'" in errors["skypilot.csv[row 5].AcceleratorCount"]
