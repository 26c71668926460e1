"""Probe 11 finding 9: a workload no offer serves is refused naming the field that left none
(a region no offer is in, vendors all excluded), not `slo.min_interactivity` when the SLO is
met. No solver: the refusal comes from preparing the instance."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from catalog import InvalidInput
from optimizer import PlanRequest
from optimizer.prepare import prepare
from tests.tiny import Spec, catalog, forecast

TINY = catalog(Spec("a", 1.0, vendor="V"), Spec("b", 2.0, vendor="W", region="s"))


def _field(workload: dict[str, Any], constraints: dict[str, Any] | None = None) -> str:
    """The one field the tiny catalog's refusal of `workload` (over the tiny forecast's) names,
    with its message after a colon."""
    body = msgspec.json.decode(msgspec.json.encode(forecast(1000.0)))
    body["workloads"][0] |= workload
    request = msgspec.convert(
        {"forecast": body, "constraints": constraints or {}}, PlanRequest, strict=False
    )
    assert request.forecast is not None
    with pytest.raises(InvalidInput) as caught:
        prepare(TINY, request, request.forecast)
    [error] = caught.value.errors
    return f"{error.field}: {error.message}"


def test_a_region_no_offer_is_in_names_the_regions() -> None:
    """regions ["nowhere"]: the regions are named, with the regions the offers are in."""
    assert _field({"regions": ["nowhere"]}) == (
        "forecast.workloads[0].regions: regions ['nowhere'] leaves none of the 2 offer(s) that "
        "serve m 1000/100 with the filters before it (they have: r, s)"
    )


def test_excluding_every_vendor_names_exclude_vendors() -> None:
    """exclude_vendors [V, W] leaves no offer: constraints.exclude_vendors is named."""
    said = _field({}, {"exclude_vendors": ["V", "W"]})
    assert said.startswith("constraints.exclude_vendors: excluding ['v', 'w'] leaves none")


def test_the_first_filter_to_leave_none_is_named() -> None:
    """Excluding W leaves V's offer, which the workload's vendors [W] then remove: the
    workload's vendors are named, with the vendor left (V)."""
    said = _field({"vendors": ["W"]}, {"exclude_vendors": ["W"]})
    assert said == (
        "forecast.workloads[0].vendors: vendors ['W'] leaves none of the 1 offer(s) that serve "
        "m 1000/100 with the filters before it (they have: V)"
    )


def test_an_slo_beyond_every_offer_still_names_the_slo() -> None:
    """500 tok/s/user against points at 100: the SLO is named with the best reached."""
    assert _field({"slo": {"min_interactivity": 500}}) == (
        "forecast.workloads[0].slo.min_interactivity: no offer reaches 500 tok/s/user for m "
        "1000/100; the best any offer reaches is 100"
    )


def test_a_shape_no_profile_has_names_the_isl_or_the_osl() -> None:
    """isl 2000 (no profile): the isl is named with the shapes there are; osl 200 at isl
    1000 names the osl."""
    assert _field({"isl": 2000}) == (
        "forecast.workloads[0].isl: no offer serves m at 2000/100; the catalog's shapes for m: "
        "1000/100"
    )
    assert _field({"osl": 200}).startswith("forecast.workloads[0].osl: ")
