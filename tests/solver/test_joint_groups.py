"""Joint checks (`optimizer.joint_checks`): offers expected to enter at one price are one joint
check, whatever the last digits of the prices their moved plans' lines cross at; a check an
offer's own re-solve makes for a like offer (`like_checked`) holds re-solved."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from catalog import Catalog
from optimizer.instance import prepare
from optimizer.joint_checks import joint_groups, like_checked
from optimizer.price_curve import Line, Point, PriceCurve, floor_of, line_of
from optimizer.request import Options, PlanRequest
from optimizer.trials import Lever, run_trial
from tests import tiny
from tests.bisection import prepared
from tests.profiles import examples
from tests.strategies import small_plans

SETTINGS = settings(
    deadline=None, max_examples=examples(25), suppress_health_check=[HealthCheck.too_slow]
)


def _curve(crossing: float) -> PriceCurve:
    """A curve whose one plan that buys the offer crosses the plan's line at `crossing`."""
    return PriceCurve(out=Line(fixed=crossing, slope=0.0), inside=[Line(fixed=0.0, slope=1.0)])


def test_prices_apart_in_their_last_digits_are_one_group() -> None:
    """The seed example's B200 offers: one on-demand plan moved to each crosses at
    1.1188125000000002 or 1.1188124999999998, just above them 1.13000062500... either side of
    a ninth digit's rounding (1.13000063 and 1.13000062): one group, one joint check (two
    before, each asking the same question). An offer expected at a price 1e-6 apart is
    another group (alone: none)."""
    catalog = tiny.catalog(*(tiny.Spec(id=f"o{k}", price=10.0) for k in range(4)))
    request = PlanRequest(forecast=tiny.forecast(1000.0))
    assert request.forecast is not None
    instance = prepare(catalog, request, request.forecast)
    levers = [Lever("gpu", o) for o in range(4)]
    crossings = [1.1188125000000002, 1.1188124999999998, 1.1188125000000002, 1.1188135]
    curves = {lever: _curve(c) for lever, c in zip(levers, crossings, strict=True)}
    groups = joint_groups(instance, curves, 0.01)
    assert [list(group) for group in groups] == [levers[:3]]


@st.composite
def like_offers(draw: st.DrawFn) -> tuple[Catalog, PlanRequest]:
    """An on-demand offer, a like offer of another term (same GPUs, throughput and power), a
    third of another accelerator, and 1-3 months of demand under each accounting."""
    rate = draw(st.sampled_from([500.0, 1000.0, 2000.0]))
    catalog = tiny.catalog(
        tiny.Spec(id="od", price=draw(st.sampled_from([2.0, 4.0, 8.0])), tokens_per_gpu=rate),
        tiny.Spec(
            id="term",
            price=draw(st.sampled_from([1.0, 2.0, 3.0])),
            term_months=draw(st.sampled_from([1, 2, 12])),
            tokens_per_gpu=rate,
        ),
        tiny.Spec(
            id="other",
            price=draw(st.sampled_from([1.5, 2.5, 5.0])),
            tokens_per_gpu=draw(st.sampled_from([500.0, 1500.0])),
            accelerator="Y",
        ),
    )
    months = draw(st.integers(min_value=1, max_value=3))
    demand = [draw(st.sampled_from([700.0, 1500.0, 3200.0])) for _ in range(months)]
    accounting = draw(st.sampled_from(["in_horizon", "full_term", "demand_continues"]))
    options = Options(commitment_accounting=accounting, gap=0.0)
    return catalog, PlanRequest(forecast=tiny.forecast(demand, months=months), options=options)


@SETTINGS
@given(st.one_of(small_plans(), like_offers()), st.sampled_from([0.2, 0.5, 0.9]))
def test_a_check_a_like_offer_makes_holds_re_solved(
    case: tuple[Catalog, PlanRequest], share: float
) -> None:
    """Each offer A re-solved at a share of its price that buys none of it, and each other
    offer B expected to enter at that price: when `like_checked` takes A's check for B's, B
    re-solved at that price (A at today's) buys none of B either, at the cost of A's check to
    the cent."""
    instance = prepared(case)
    if instance is None:
        return
    offers = sorted({o for (o, _w) in instance.rates})
    for a in offers:
        lever = Lever("gpu", a)
        price = share * lever.price(instance)
        checked = run_trial(lever.at(instance, price), time_limit=20, gap=0.0)
        if checked.status != "optimal" or checked.solution is None:
            continue
        if lever.bought(instance, checked.solution):
            continue
        line = line_of(instance, checked.solution, lever)
        proven = PriceCurve()
        proven.add(Point(price=price, line=line, buys=False, floor=floor_of(checked.solution)))
        for b in offers:
            other = Lever("gpu", b)
            if b == a or price >= other.price(instance):
                continue
            curves = {other: _curve(price / 1.01)}
            made = like_checked(instance, lever, proven, curves, 0.01)
            event(f"like-checked: {bool(made)}")
            if not made:
                continue
            at = curves[other].points[-1].price
            again = run_trial(other.at(instance, at), time_limit=20, gap=0.0)
            if again.status == "feasible":
                continue  # stopped at the time limit on a loaded machine: no proof to compare
            assert again.status == "optimal" and again.solution is not None
            assert not other.bought(instance, again.solution)
            assert again.cost == pytest.approx(checked.cost, abs=0.01)
