"""Probe 18a F6: a minimum is a flag between none and the units' bound, and HiGHS takes a flag
within its integrality tolerance of 0 for 0: at a bound of a billion units a flag of 1e-9 held
one unit of an offer sold by a billion, and the plan bought it, "optimal" (a 4.92-USD lifetime
over the probe's 9,900-offer catalog). Input caps `min_units` at a million; a minimum or a
demand the flag cannot hold is refused, naming it."""

from __future__ import annotations

import pytest

from catalog import InvalidInput
from catalog.input_rules import MAX_MIN_UNITS, input_problems
from optimizer import Options, PlanRequest, make_plan
from tests.tiny import Spec, catalog, forecast


@pytest.mark.parametrize(
    ("minimum", "refused"), [(MAX_MIN_UNITS, False), (MAX_MIN_UNITS + 1, True)]
)
def test_a_minimum_over_a_million_units_is_refused_at_input(minimum: int, refused: bool) -> None:
    problems = input_problems({"offers": [{"id": "x", "min_units": minimum}]})
    assert [p.field for p in problems] == (["offers[0].min_units"] if refused else [])


def test_a_stored_minimum_of_a_billion_is_refused_not_bought_below() -> None:
    """An offer stored before the input cap, sold by a billion units at 1.00, beside one at
    3.00 sold by the unit: one unit's demand. Before, the plan bought one unit of the first
    every month, 'optimal'; now the minimum is named."""
    offers = catalog(Spec("giant", 1.0, min_units=1_000_000_000), Spec("normal", 3.0))
    request = PlanRequest(forecast=forecast(500.0, months=12), options=Options(tail_months=6))
    assert request.forecast is not None
    with pytest.raises(InvalidInput) as refused:
        make_plan(offers, request, request.forecast)
    [error] = refused.value.errors
    assert error.field == "catalog.offers[giant].min_units"


def test_a_demand_of_more_units_than_a_minimum_can_hold_is_refused() -> None:
    """An offer sold by 2 units, and a demand of 5e8 of its units (5e11 tokens/s at 1,000 a
    unit): the flag would span more units than HiGHS holds to its minimum (1e11, 1e8 units,
    is planned)."""
    offers = catalog(Spec("by-two", 1.0, min_units=2))
    request = PlanRequest(forecast=forecast(5e11, months=3))
    assert request.forecast is not None
    with pytest.raises(InvalidInput) as refused:
        make_plan(offers, request, request.forecast)
    assert [e.field for e in refused.value.errors] == ["forecast"]
