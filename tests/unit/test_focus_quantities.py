"""Quantities in the exports carry no float noise (probe 10 finding 7a: focus.csv read
`169827199999.999969` Tokens): a float shows at most the 15 significant digits it holds."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from catalog import default_catalog
from service.reports.focus import focus_csv
from service.reports.numbers import decimal_text
from tests.golden import golden_plan


def test_the_tokens_consumed_are_the_millions_priced_exactly() -> None:
    """Every Tokens row of the build-or-buy plan: ConsumedQuantity is PricingQuantity (in
    millions) times a million, to the token, e.g. 385,570,816,000 input tokens in 2027-10
    (read `385570815999.999939`)."""
    text = focus_csv(golden_plan("build-or-buy-deepseek-r1"), default_catalog())
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["ConsumedUnit"] == "Tokens"]
    assert len(rows) == 20  # ten months bought, input and output
    for row in rows:
        assert Decimal(row["ConsumedQuantity"]) == Decimal(row["PricingQuantity"]) * 10**6, row
    october = [r for r in rows if r["ChargePeriodStart"].startswith("2027-10")]
    assert [r["ConsumedQuantity"] for r in october] == ["385570816000", "48196352000"]


def test_a_decimal_shows_only_the_digits_a_float_holds() -> None:
    """Noise past 15 significant digits is rounded away, at any magnitude; a quantity's
    own places up to `places` are kept, and a tiny one still reads 0."""
    assert decimal_text(169827199999.99997) == "169827200000"
    assert decimal_text(0.1 + 0.2) == "0.3"
    assert decimal_text(1234.567891) == "1234.567891"
    assert decimal_text(9.318526437749559e-05) == "0.000093"
    assert decimal_text(-1e-9) == "0"
    assert decimal_text(2.5e20) == "250000000000000000000"
