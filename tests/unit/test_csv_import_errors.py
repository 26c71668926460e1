"""CSV import errors name every bad cell of every bad row at once, by column and value (probe 7,
finding 10c: an API offer's disagreeing rows named no column and added a false "has no Output
Tokens row"; the offers CSV named one bad cell per try)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest

from catalog import InvalidInput, default_catalog
from catalog.api_offers_csv import api_offers_from_csv, api_offers_to_csv
from catalog.offers_csv import offers_from_csv, offers_to_csv


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _errors(parse: Callable[[str], object], text: str) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        parse(text)
    return {e.field: e.message for e in caught.value.errors}


def test_disagreeing_rows_name_each_column_with_both_values() -> None:
    """An API offer whose Output Tokens row differs from its Input Tokens row in currency,
    vendor, rate limit, interactivity and note is refused naming each of those five columns at
    the second row with both values, and nothing else (no missing meter)."""
    rows = _rows(api_offers_to_csv(default_catalog().api_offers[:1]))
    changed = {
        "PricingCurrency": "EUR",
        "ServiceProviderName": "Other",
        "x_MaxTokensPerMinute": "1000",
        "x_Interactivity": "99.5",
        "x_Note": "another note",
    }
    rows[1] |= changed
    errors = _errors(api_offers_from_csv, _csv(rows))
    assert sorted(errors) == sorted(f"api_offers.csv[row 2].{c}" for c in changed)
    for column, value in changed.items():
        message = errors[f"api_offers.csv[row 2].{column}"]
        assert "rows disagree: row 1 has" in message
        if column.startswith("x_") and column != "x_Note":  # numbers, as read
            assert f"this row {value} " in message
        else:
            assert f"row 1 has {rows[0][column]!r}, this row {value!r} " in message
    assert "row 1 has an empty cell" in errors["api_offers.csv[row 2].x_MaxTokensPerMinute"]
    assert not any("has no" in m for m in errors.values())


def test_every_bad_cell_of_an_api_offer_row_is_named() -> None:
    """A meter that is none, a price that is no number and an interactivity of -1 are named
    together, each with what it got."""
    rows = _rows(api_offers_to_csv(default_catalog().api_offers[:1]))
    for row in rows:
        row["x_Interactivity"] = "-1"
    rows[0] |= {"SkuMeter": "Cached Tokens", "ListUnitPrice": "cheap"}
    errors = _errors(api_offers_from_csv, _csv(rows))
    assert sorted(errors) == [
        f"api_offers.csv[row 1].{c}" for c in ("ListUnitPrice", "SkuMeter", "x_Interactivity")
    ]
    assert "'Cached Tokens'" in errors["api_offers.csv[row 1].SkuMeter"]
    assert "'cheap'" in errors["api_offers.csv[row 1].ListUnitPrice"]
    assert "> 0" in errors["api_offers.csv[row 1].x_Interactivity"]


def test_every_bad_field_of_every_offers_row_is_named_at_once() -> None:
    """Two offers rows, one with a bad RegionId, x_Site and x_Note (a control character) and a
    price that is no number, the other with a negative price and an unknown kind: all six
    cells are named in one answer, by row and column."""
    rows = _rows(offers_to_csv(default_catalog().offers[:2]))
    rows[0] |= {
        "RegionId": "Not A Slug!",
        "x_Site": "bad site!",
        "x_Note": "bell \x07",
        "x_GpusPerUnit": "eight",
    }
    rows[1] |= {"ContractedUnitPrice": "-2", "ListUnitPrice": "", "x_Kind": "leased"}
    errors = _errors(offers_from_csv, _csv(rows))
    assert sorted(errors) == sorted(
        [
            "offers.csv[row 1].RegionId",
            "offers.csv[row 1].x_Site",
            "offers.csv[row 1].x_Note",
            "offers.csv[row 1].x_GpusPerUnit",
            "offers.csv[row 2].ContractedUnitPrice",
            "offers.csv[row 2].x_Kind",
        ]
    )
    assert "'eight'" in errors["offers.csv[row 1].x_GpusPerUnit"]
    assert "U+0007" in errors["offers.csv[row 1].x_Note"]
