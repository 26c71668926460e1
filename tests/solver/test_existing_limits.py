"""Existing commitments against the plan's limits (probe 4, finding 4): owned units beyond an
offer's `max_units` are kept as owned, and a cap the existing units alone exceed is named."""

from __future__ import annotations

import msgspec
import pytest

from catalog import Catalog
from optimizer import (
    Constraints,
    Existing,
    Options,
    Plan,
    PlanRequest,
    PowerCap,
    Scenario,
    make_plan,
)
from tests.tiny import Spec, catalog, forecast


def _od(max_units: int | None = None) -> Catalog:
    """One on-demand offer `od` of one 1 kW GPU at $1/GPU-h serving 1,000 tok/s."""
    cat = catalog(Spec("od", 1.0))
    return msgspec.structs.replace(
        cat, offers=(msgspec.structs.replace(cat.offers[0], max_units=max_units),)
    )


def _plan(cat: Catalog, constraints: Constraints | None = None) -> Plan:
    """1,000 tok/s for 2 months (one unit of `od` serves it), with 3 units of `od` owned in
    the first month only."""
    request = PlanRequest(
        forecast=forecast(1_000.0, months=2),
        existing=(Existing(offer_id="od", units=3, start="2027-01", term_months=1),),
        constraints=constraints or Constraints(),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    return make_plan(cat, request, request.forecast)


def test_owned_units_beyond_max_units_are_kept_and_named() -> None:
    """`od` allows 2 units at once and 3 are owned in 2027-01: the plan is optimal (it was
    infeasible, blamed on "a power cap, the budget or the vendor share"), keeps the 3 (3 x
    730 = $2,190), buys 1 in 2027-02 ($730) and warns naming existing[0].units and max_units."""
    plan = _plan(_od(max_units=2))
    assert plan.status == "optimal"
    assert plan.summary is not None and plan.summary.total_cost == pytest.approx(2_920.0)
    bought = [(c.start, c.units) for c in plan.commitments if not c.existing]
    assert bought == [("2027-02", 1.0)]
    assert (
        "existing[0].units (3 units of od in 2027-01) exceed its max_units (2): taken as "
        "already owned; no more units of od are bought while they exceed it" in plan.warnings
    )


def test_owned_units_within_max_units_say_nothing() -> None:
    """3 owned under a `max_units` of 3: no warning about availability."""
    plan = _plan(_od(max_units=3))
    assert plan.status == "optimal"
    assert not any("max_units" in w for w in plan.warnings)


def test_a_power_cap_the_owned_units_alone_exceed_is_named() -> None:
    """3 owned units draw 3 x 1 kW at `v/r`, capped at 2 kW: infeasible with nothing served,
    and the diagnosis names the cap, the month and the 0.003 MW the owned units draw (it said
    only "a power cap, the budget or the vendor share")."""
    plan = _plan(_od(), Constraints(power_caps=(PowerCap(site="v/r", mw=0.002),)))
    assert plan.status == "infeasible" and plan.summary is None
    assert plan.diagnosis is not None
    [binding] = plan.diagnosis.binding
    assert (
        binding == "power cap at v/r (0.002 MW) in 2027-01, with 0.003 MW of existing commitments"
    )
    assert plan.diagnosis.summary == (
        "the constraints conflict even with no demand served: the existing commitments alone "
        f"exceed the {binding}"
    )


def test_a_scenario_plan_names_the_cap_the_owned_units_exceed() -> None:
    """The same request with two scenarios of the demand: infeasible with the same diagnosis
    (it was only the error "scenarios: the constraints conflict even with no demand served")."""
    request = PlanRequest(
        forecast=msgspec.structs.replace(
            forecast(1_000.0, months=2),
            scenarios=(
                Scenario(name="low", probability=0.5, scale=0.5),
                Scenario(name="high", probability=0.5, scale=1.5),
            ),
        ),
        existing=(Existing(offer_id="od", units=3, start="2027-01", term_months=1),),
        constraints=Constraints(power_caps=(PowerCap(site="v/r", mw=0.002),)),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(_od(), request, request.forecast)
    assert plan.status == "infeasible" and plan.error is None
    assert plan.diagnosis is not None
    assert plan.diagnosis.binding == (
        "power cap at v/r (0.002 MW) in 2027-01, with 0.003 MW of existing commitments",
    )


def test_owned_units_exactly_at_max_units_keep_the_limit_s_marginal() -> None:
    """3 owned under a `max_units` of 3 while 4,000 tok/s need a fourth unit, bought from the
    dearer `dear` ($2/GPU-h): one more unit of `od`'s limit saves (2 - 1) x 730 = $730 in
    2027-01, and the plan lists that marginal (a limit met exactly by owned units lost it)."""
    cat = catalog(Spec("od", 1.0), Spec("dear", 2.0))
    cat = msgspec.structs.replace(
        cat,
        offers=tuple(
            msgspec.structs.replace(o, max_units=3) if o.id == "od" else o for o in cat.offers
        ),
    )
    request = PlanRequest(
        forecast=forecast(4_000.0),
        existing=(Existing(offer_id="od", units=3, start="2027-01", term_months=1),),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    assert plan.status == "optimal" and plan.marginal is not None
    [limit] = plan.marginal.availability
    assert (limit.offer_id, limit.month) == ("od", "2027-01")
    assert limit.per_unit_month == pytest.approx(730.0)
