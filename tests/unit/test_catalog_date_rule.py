"""The input rule on a catalog's dates (probe 10 finding 7c): every `as_of` and `measured_on`
in the years 1900..2199, checked on arrival."""

from __future__ import annotations

import pytest

from catalog import InvalidInput
from catalog.input_rules import refuse_bad_input


def test_the_years_bound_every_catalog_date_and_no_other_text() -> None:
    """`measured_on` of a profile point is held to it too; 1900-01-01 and 2199-12-31 pass,
    and a string that is no date is left for the Struct to refuse."""
    refuse_bad_input({"as_of": "1900-01-01", "measured_on": "2199-12-31"})
    refuse_bad_input({"as_of": "soon", "name": "0001-01-01"})
    with pytest.raises(InvalidInput) as raised:
        refuse_bad_input({"points": [{"measured_on": "0999-06-30"}]})
    assert [e.field for e in raised.value.errors] == ["points[0].measured_on"]
