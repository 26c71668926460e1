"""Re-solves answered early (`optimizer.target_prices.AskFn`): stopped at HiGHS's first plan
whose objective is below every plan's that buys none of an offer, against full re-solves."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings

from catalog import Catalog, default_catalog
from optimizer.instance import prepare
from optimizer.price_curve import floor_of
from optimizer.request import PlanRequest
from optimizer.sensitivity import SENSITIVITY_GAP as GAP
from optimizer.starts import Starts
from optimizer.target_prices import answered
from optimizer.trials import Lever, narrowed, run_trial
from tests.bisection import prepared
from tests.solver.test_sensitivity_proofs import _lever
from tests.strategies import small_plans

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed-deepseek-r1.json"
SETTINGS = settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
SHARES = (0.25, 0.5, 0.75, 0.95)
"""Prices tried, as shares of an unbought offer's price today."""


@SETTINGS
@given(small_plans())
def test_every_question_answered_early_agrees_with_a_full_solve(
    case: tuple[Catalog, PlanRequest],
) -> None:
    """For each offer the plan does not buy, at a quarter to 95% of its price: a re-solve
    asked to stop at its first plan below the floor of the plans without it (the plan's own
    floor) says "bought" only where the full re-solve buys it too, at no more than the early
    plan's cost, and otherwise costs what the full re-solve does, to the cent (on instances
    this small HiGHS mostly solves before its callback runs: the stop must change nothing)."""
    instance = prepared(case)
    if instance is None:
        return
    starts = Starts()
    base = run_trial(instance, time_limit=20, gap=0.0, starts=starts)
    if base.status != "optimal" or base.solution is None:
        return
    floor = floor_of(base.solution)
    if floor is None:  # an empty model (no demand): nothing proven, nothing to ask
        return
    for o in sorted({o for (o, _w) in instance.rates}):
        lever = Lever("gpu", o)
        if lever.bought(instance, base.solution):
            continue
        run_trial(instance, time_limit=20, gap=0.0, force=(lever, "in"), starts=starts)
        for share in SHARES:
            changed = lever.at(instance, share * lever.price(instance))
            asked = run_trial(
                changed, time_limit=20, gap=0.0, starts=starts.copy(), near=True, stop_below=floor
            )
            full = run_trial(changed, time_limit=20, gap=0.0)
            if full.status != "optimal" or full.solution is None or full.cost is None:
                continue  # the time limit on a loaded machine: nothing to compare
            if answered(asked, floor):
                assert asked.solution is not None and asked.cost is not None
                assert lever.bought(instance, asked.solution)
                assert lever.bought(instance, full.solution)
                assert full.cost <= asked.cost + 0.01
            elif asked.status == "optimal":
                assert asked.cost == pytest.approx(full.cost, abs=0.01)


SEED_QUESTIONS = (
    ("lambda-b200-od", 0.5),
    ("lambda-b200-od", 0.75),
    ("together-b200-reserved", 0.75),
    ("onprem-mi355x", 0.75),
    ("lambda-b200-od", 0.9),
)
"""Offers the seed example's plan does not buy, at shares of today's price: four well below
the price at which each enters (an early answer expected), one above it (none)."""


def test_questions_answered_early_on_the_seed_example_agree_with_full_solves() -> None:
    """On the seed example, re-solves asked for a plan below the plan's floor at four prices
    below an offer's target stop early, each at a plan that buys the offer, which the full
    re-solve buys too at no more than that plan's cost; above the target the re-solve runs
    to the optimum the full re-solve finds (the plan's own cost), to the cent."""
    request = msgspec.json.decode(SEED.read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    starts = Starts()
    base = run_trial(instance, time_limit=30, gap=GAP, starts=starts)
    assert base.solution is not None and base.cost is not None
    floor = floor_of(base.solution)
    assert floor is not None
    early = []
    for offer_id, share in SEED_QUESTIONS:
        lever = _lever(instance, offer_id)
        changed = narrowed(lever.at(instance, share * lever.price(instance)), lever, None)
        ask = starts.copy()
        asked = run_trial(changed, time_limit=30, gap=GAP, starts=ask, near=True, stop_below=floor)
        full = run_trial(changed, time_limit=30, gap=GAP, starts=starts.copy(), near=True)
        assert full.status == "optimal" and full.solution is not None and full.cost is not None
        if answered(asked, floor):
            assert asked.solution is not None and asked.cost is not None
            assert lever.bought(instance, asked.solution)
            assert lever.bought(instance, full.solution)
            assert full.cost <= asked.cost + 0.01
            early.append(share)
        else:
            assert asked.cost == pytest.approx(full.cost, abs=0.01)
    assert early == [0.5, 0.75, 0.75, 0.75]
    assert asked.cost == pytest.approx(base.cost, abs=0.01)  # lambda at 90%: not bought
