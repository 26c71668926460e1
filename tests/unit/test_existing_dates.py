"""Probe 5 finding 8(b): an existing commitment that ended before the forecast starts is a 422
naming `existing[n].start`; `tail_months` under an accounting with no tail is a warning (no
solver)."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from catalog.errors import InvalidInput
from optimizer import Options, PlanRequest
from optimizer.checks import check_existing_dates
from optimizer.explain import ignored_tail
from tests.bodies import FORECAST


def _request(*existing: dict[str, Any]) -> PlanRequest:
    """The seed forecast (from 2027-01) with `existing`."""
    return msgspec.convert({"forecast": FORECAST, "existing": list(existing)}, PlanRequest)


def _owned(start: str, term_months: int) -> dict[str, Any]:
    return {"offer_id": "onprem-gb300", "units": 1, "start": start, "term_months": term_months}


def test_a_commitment_that_ended_before_the_forecast_is_refused_by_its_start() -> None:
    """1900-01 for 12 months ended 1900-12; 2026-01 for 12 ended 2026-12: both named, the
    second with its end month; the one still running in 2027-01 passes."""
    request = _request(_owned("1900-01", 12), _owned("2026-02", 12), _owned("2026-01", 12))
    assert request.forecast is not None
    with pytest.raises(InvalidInput) as caught:
        check_existing_dates(request, request.forecast, request.forecast.months)
    fields = [e.field for e in caught.value.errors]
    assert fields == ["existing[0].start", "existing[2].start"]
    assert caught.value.errors[1].message == (
        "'onprem-gb300' from 2026-01 for 12 months ended 2026-12, before the forecast starts "
        "(2027-01): it has no units in the plan; correct its start or term, or leave it out"
    )


def test_a_commitment_running_into_the_first_month_is_accepted() -> None:
    """2026-02 for 12 months runs through 2027-01: no error."""
    request = _request(_owned("2026-02", 12))
    assert request.forecast is not None
    check_existing_dates(request, request.forecast, request.forecast.months)


def test_a_commitment_starting_after_the_modelled_months_is_refused_by_its_start() -> None:
    """Probe 11 finding 9: one starting 2030-01, after the 3-month horizon from 2027-01, was
    accepted silently; it is refused naming its start, while one starting 2028-06 in the tail
    that `demand_continues` models (span 24, to 2028-12) passes."""
    request = _request(_owned("2030-01", 36), _owned("2028-06", 36))
    assert request.forecast is not None
    with pytest.raises(InvalidInput) as caught:
        check_existing_dates(request, request.forecast, 3)
    assert [e.field for e in caught.value.errors] == ["existing[0].start", "existing[1].start"]
    assert caught.value.errors[0].message == (
        "'onprem-gb300' from 2030-01 for 36 months starts after 2027-03, the last month the "
        "plan models (the 3-month horizon): it has no units in the plan; correct its start, "
        "lengthen the forecast, or leave it out"
    )
    with pytest.raises(InvalidInput) as tail:
        check_existing_dates(request, request.forecast, 24)
    [error] = tail.value.errors
    assert error.field == "existing[0].start"
    assert "(the 3-month horizon and 21 months of continued demand)" in error.message


def test_tail_months_without_a_tail_is_a_warning() -> None:
    """Under in_horizon or full_term, tail_months is ignored and said to be; under
    demand_continues, or unset, nothing is said."""
    [said] = ignored_tail(Options(commitment_accounting="in_horizon", tail_months=24))
    assert said == (
        "options.tail_months (24) is ignored: commitment_accounting in_horizon has no tail "
        "(only demand_continues values the demand after the horizon)"
    )
    assert ignored_tail(Options(commitment_accounting="full_term", tail_months=0))
    assert not ignored_tail(Options(commitment_accounting="demand_continues", tail_months=24))
    assert not ignored_tail(Options(commitment_accounting="in_horizon"))
