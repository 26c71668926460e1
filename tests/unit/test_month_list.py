"""Months named in a diagnosis as their runs (probe 10 finding 6: months 01, 03 and 05 read
`2027-01..2027-05 (3 months)`, a range over months that were not short)."""

from __future__ import annotations

from optimizer import PlanRequest
from optimizer.diagnosis import month_list
from optimizer.instance import Instance
from tests.tiny import Spec, catalog, drawn_instance, forecast


def _instance() -> Instance:
    """Twelve months from 2027-01 (no solve: the instance only dates the month indices)."""
    request = PlanRequest(forecast=forecast(1000.0, months=12))
    assert request.forecast is not None
    instance = drawn_instance(catalog(Spec("o0", 1.0)), request)
    assert instance is not None
    return instance


def test_a_month_alone_and_a_run_read_as_before() -> None:
    """One month is its label; consecutive months are one range with their count."""
    instance = _instance()
    assert month_list(instance, [2]) == "2027-03"
    assert month_list(instance, [2, 3, 4, 5, 6, 7]) == "2027-03..2027-08 (6 months)"


def test_months_apart_are_named_each() -> None:
    """01, 03 and 05: three months named, not a range over the two between them."""
    assert month_list(_instance(), [0, 2, 4]) == "2027-01, 2027-03, 2027-05 (3 months)"


def test_runs_apart_are_ranges_joined() -> None:
    """A run, a month alone and a run across the year's end, counted together; unsorted and
    repeated months are the same months."""
    instance = _instance()
    months = [13, 0, 1, 2, 5, 12, 2]
    assert month_list(instance, months) == (
        "2027-01..2027-03, 2027-06, 2028-01..2028-02 (6 months)"
    )
