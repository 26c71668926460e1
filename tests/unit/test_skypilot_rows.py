"""SkyPilot import errors name the row and the CSV column (probe 8, finding 9b: an offer that
could not be built was named `skypilot.csv.p5.48xlarge` at `$.price_per_gpu_hour`, with no row,
so two rows of one instance type in two regions could not be told apart; two rows that made
one offer id were one 422 on `offers`, "ids appear more than once")."""

from __future__ import annotations

import datetime as dt

import pytest

from catalog import InvalidInput, default_catalog
from catalog.errors import FieldError
from catalog.skypilot import offers_from_skypilot
from tests.paths import DATA

TEXT = (DATA / "skypilot-vms.csv").read_text()
EU = "p5.48xlarge,H100,8,192,2048,,101.00,,eu-west-2"
"""Row 3 of the file: p5.48xlarge in eu-west-2, on demand only."""


def _refusal(text: str) -> list[FieldError]:
    with pytest.raises(InvalidInput) as raised:
        offers_from_skypilot(text, default_catalog(), "AWS", dt.date(2026, 11, 1))
    return raised.value.errors


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (
            EU.replace("101.00", "1e308"),
            "skypilot.csv[row 3].Price",
            "Expected `float` <= 1000000.0, got 1.25e+307 for the offer's price_per_gpu_hour",
        ),
        (
            EU.replace(",8,", ",1e9,"),
            "skypilot.csv[row 3].AcceleratorCount",
            "Expected `int` <= 1000000, got 1000000000 for the offer's gpus_per_unit",
        ),
    ],
)
def test_an_offer_that_cannot_be_built_names_its_row_and_column(
    row: str, field: str, message: str
) -> None:
    """A Price of 1e308 (1.25e307 per GPU-hour) or an AcceleratorCount of 1e9: refused on the
    row's cell, with what the offer would have had."""
    assert _refusal(TEXT.replace(EU, row)) == [FieldError(field, message)]


@pytest.mark.parametrize(
    ("row", "column", "earlier"),
    [
        ("p5-48xlarge,H100,8,192,2048,,99.00,,eu-west-2,x", "InstanceType", "p5.48xlarge"),
        ("p5.48xlarge,H100,8,192,2048,,99.00,,EU WEST 2,x", "Region", "p5.48xlarge"),
    ],
)
def test_rows_making_one_offer_id_name_the_later_row(row: str, column: str, earlier: str) -> None:
    """A row 7 whose instance type (p5-48xlarge) or region (EU WEST 2) slugifies as row 3's
    makes the same offer id: refused on row 7's cell, naming row 3."""
    [error] = _refusal(TEXT + row + "\n")
    assert error.field == f"skypilot.csv[row 7].{column}"
    assert error.message.startswith(
        f"its offer id 'aws-p5-48xlarge-eu-west-2' is row 3's too ({earlier} in eu-west-2)"
    )
