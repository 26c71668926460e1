"""`allocate_cents`: parts to the cent that add up to the rounded total, each within a cent of
its value, negative values included (review 8: -2.289 came out -2.28, rounded toward zero)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from service.reports.numbers import allocate_cents, cents
from tests.profiles import examples

VALUES = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=12,
)


@settings(max_examples=examples(200), deadline=None)
@given(VALUES)
def test_parts_add_up_and_each_is_within_a_cent(values: list[float]) -> None:
    """The parts add up to the cents of the sum, and each is its value's floor or ceiling to
    the cent."""
    parts = allocate_cents(values)
    assert sum(parts, Decimal(0)) == cents(sum(values))
    for part, value in zip(parts, values, strict=True):
        assert abs(part - Decimal(repr(value))) < Decimal("0.01")


def test_negative_parts_round_to_their_nearest_cent_when_the_total_allows() -> None:
    """Review 8's case: -2.289 and -2.219 are -2.29 and -2.22."""
    parts = allocate_cents([-2.289, -0.569164, 0.224421, -2.219, 2.259998])
    assert parts[0] == Decimal("-2.29") and parts[3] == Decimal("-2.22")
    assert sum(parts, Decimal(0)) == Decimal("-2.59")
