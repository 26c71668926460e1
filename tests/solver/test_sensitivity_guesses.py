"""Guessed plans (`optimizer.sensitivity_run.guessed`) start an unbought offer's target-price
search even when a plan found so far already crosses the plan's line: a guess may cross
higher, nearer the target, and save Newton steps; the target stays verified by re-solves."""

from __future__ import annotations

import pytest

from optimizer.instance import prepare
from optimizer.price_curve import Line, Point, PriceCurve, floor_of, line_of
from optimizer.request import Options, PlanRequest
from optimizer.sensitivity_run import Known, Trials
from optimizer.starts import Starts
from optimizer.target_prices import target_price
from optimizer.trials import Lever
from tests import tiny


def _search(with_guess: bool) -> tuple[float, float, float, int]:
    """C's target on 2,000 tok/s where A ($2) and C ($3.50) are alike but for price and the
    plan buys two A: its curve knows a plan that buys C and crosses the plan's line at $1
    (a plan with idle units of C: the plan's cost at C's $1, twice C's GPU-hours); with
    `with_guess` the search also gets the plan moved to C (crossing at $2). Returns the
    bracket's prices, the target and the search's solver runs."""
    catalog = tiny.catalog(tiny.Spec(id="a", price=2.0), tiny.Spec(id="c", price=3.5))
    request = PlanRequest(
        forecast=tiny.forecast(2000.0),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    assert request.forecast is not None
    instance = prepare(catalog, request, request.forecast)
    trials = Trials(20.0, 0.0, None)
    known = Known([], Starts())
    base = trials.using(known, "base")(instance, None, None)
    assert base.solution is not None and base.cost is not None
    lever = Lever("gpu", next(o for o, s in enumerate(instance.offers) if s.id == "c"))
    plan = line_of(instance, base.solution, lever)
    hours = base.cost / 2.0  # the plan's cost: A's GPU-hours at $2
    assert plan.slope == 0.0 and plan.fixed == pytest.approx(base.cost)
    curve = PriceCurve()
    curve.add(Point(price=3.5, line=plan, buys=False, floor=floor_of(base.solution)))
    # Four GPUs of C (two idle): twice the GPU-hours, crossing the plan's line at $1.
    curve.inside.append(Line(fixed=plan.fixed - 2.0 * hours, slope=2.0 * hours))
    assert curve.entering() == pytest.approx(1.0)
    target = target_price(
        instance,
        lever,
        base,
        trials.using(known),
        tolerance=0.01,
        curve=curve,
        guess=trials.guessing(known) if with_guess else None,
        certify=trials.certifying(known),
        ask=trials.asking(known),
    )
    assert target.verified and target.price is not None
    assert target.below is not None and target.above is not None
    return target.below.price, target.above.price, target.price, target.solves


def test_a_guess_that_crosses_higher_than_the_plans_found_starts_the_search() -> None:
    """With the guess, C's target (enters below $2) is bracketed by its two checks alone, no
    solver run (the check above needs none: A at $2 replaces C strictly cheaper there,
    `optimizer.dominated_checks`; nor the certificate below, its plan checked feasible:
    `optimizer.certificates`, one run before sens21); without it, the search starts from $1
    and takes more solver runs to the same bracket."""
    low, high, guessed_target, guessed_solves = _search(with_guess=True)
    assert low <= 2.0 <= high and guessed_target == pytest.approx(2.0, rel=0.02)
    low, high, found_target, found_solves = _search(with_guess=False)
    assert low <= 2.0 <= high and found_target == pytest.approx(2.0, rel=0.02)
    assert guessed_solves == 0 and found_solves > guessed_solves
