"""The API offers CSV: FOCUS per-token rows (two per offer), a lossless round trip, and every
bad cell refused by name."""

from __future__ import annotations

import pytest

from catalog import InvalidInput, default_catalog
from catalog.api_offers_csv import (
    API_OFFER_COLUMNS,
    api_offers_from_csv,
    api_offers_to_csv,
    is_api_offers_csv,
)


def _shipped_csv() -> str:
    return api_offers_to_csv(default_catalog().api_offers)


def test_each_offer_is_two_focus_rows_one_per_meter() -> None:
    """56 data rows for 28 offers, `PricingUnit` `1000000 Tokens`, meters Input/Output Tokens,
    and the meter's own price in `ListUnitPrice`."""
    lines = _shipped_csv().splitlines()
    assert lines[0].split(",") == list(API_OFFER_COLUMNS)
    assert len(lines) == 1 + 56
    deepinfra = [line for line in lines if line.startswith("deepinfra-deepseek-r1-0528,")]
    assert [
        ",Input Tokens,0.5,1000000 Tokens," in deepinfra[0],
        ",Output Tokens,2.15," in deepinfra[1],
    ] == [True, True]
    assert is_api_offers_csv(_shipped_csv())


def test_the_round_trip_is_lossless() -> None:
    """Export then import gives back the shipped API offers exactly."""
    assert tuple(api_offers_from_csv(_shipped_csv())) == default_catalog().api_offers


def _one_offer(input_price: str = "0.5", output_price: str = "2.15", extra: str = "") -> str:
    header = ",".join(API_OFFER_COLUMNS)
    row = (
        "acme,Acme,Acme,,deepseek-r1-0528,api,Standard,{meter},{price},1000000 Tokens,USD,,,,,"
        "quote,2026-11-01,test,"
    )
    return "\n".join(
        [
            header,
            row.format(meter="Input Tokens", price=input_price),
            row.format(meter="Output Tokens", price=output_price),
        ]
        + ([extra] if extra else [])
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (_one_offer(input_price="inf"), "api_offers.csv[row 1].ListUnitPrice"),
        (_one_offer(output_price="1e400"), "api_offers.csv[row 2].ListUnitPrice"),
        (_one_offer(output_price="-1"), "api_offers.csv[row 1].ListUnitPrice"),
    ],
)
def test_hostile_prices_are_refused_naming_the_cell(text: str, field: str) -> None:
    """inf and 1e400 are refused at their cell; a negative price by the offer's validation."""
    with pytest.raises(InvalidInput) as caught:
        api_offers_from_csv(text)
    assert [e.field for e in caught.value.errors] == [field]


def test_an_offer_with_one_meter_is_refused() -> None:
    """An offer needs both meters: a lone Input Tokens row is named."""
    lines = _one_offer().splitlines()
    with pytest.raises(InvalidInput) as caught:
        api_offers_from_csv("\n".join(lines[:2]))
    assert caught.value.errors[0].field == "api_offers.csv[row 1].SkuMeter"
    assert "no Output Tokens row" in caught.value.errors[0].message


def test_a_wrong_pricing_unit_or_unknown_column_is_refused() -> None:
    """`PricingUnit` must be `1000000 Tokens`; a non-`x_` unknown column is named."""
    with pytest.raises(InvalidInput) as caught:
        api_offers_from_csv(_one_offer().replace("1000000 Tokens", "GPU-Hours", 1))
    assert caught.value.errors[0].field == "api_offers.csv[row 1].PricingUnit"
    with pytest.raises(InvalidInput) as caught:
        api_offers_from_csv(_one_offer().replace("x_Note", "Bogus", 1))
    assert caught.value.errors[0].field == "api_offers.csv.Bogus"
