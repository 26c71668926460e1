"""Plans near the plan that buy an offer it does not (`optimizer.neighbours`): each is a plan
that buys the offer, never cheaper than the best such plan, and where the best one differs
from the plan in one other offer only, it is that plan."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from catalog import Catalog
from optimizer.neighbours import neighbours
from optimizer.request import PlanRequest
from optimizer.starts import Starts
from optimizer.trials import Lever, cost_of, narrowed, run_trial
from tests import tiny
from tests.bisection import prepared
from tests.profiles import examples
from tests.strategies import small_plans

SETTINGS = settings(
    deadline=None, max_examples=examples(25), suppress_health_check=[HealthCheck.too_slow]
)


def _no_run() -> None:
    """A solver run heard (the tests count none)."""


@SETTINGS
@given(small_plans())
def test_a_neighbour_buys_the_offer_and_is_no_cheaper_than_the_best_that_does(
    case: tuple[Catalog, PlanRequest],
) -> None:
    """Every neighbour of the plan buys the offer asked about and costs at least what the
    re-solve with the offer forced in costs (the best plan that buys it), to the cent."""
    instance = prepared(case)
    if instance is None:
        return
    starts = Starts()
    base = run_trial(narrowed(instance, None, None), time_limit=20, gap=0.0, starts=starts)
    if base.solution is None:
        return
    for o in sorted({o for (o, _w) in instance.rates}):
        lever = Lever("gpu", o)
        near = neighbours(instance, lever, starts.copy(), 20.0, _no_run)
        if not near:
            continue
        best = run_trial(instance, time_limit=20, gap=0.0, force=(lever, "in"))
        if best.status != "optimal":
            continue  # stopped at the time limit on a loaded machine: no proof to compare
        assert best.cost is not None
        for plan in near:
            assert plan.status == "feasible" and lever.bought(instance, plan)
            assert cost_of(instance, plan) >= best.cost - 0.01


def test_the_best_plan_that_buys_an_offer_one_swap_away_is_a_neighbour() -> None:
    """A ($2) serves 2,000 tok/s with two GPUs; C ($3, as fast) is best bought as one GPU in
    place of one of A's ($5 an hour against $4): the neighbour with A's and C's units free
    is that plan, at the cost of the re-solve forcing C in ($3,650 for the month)."""
    instance = tiny.exact_instance(tiny.Spec(id="a", price=2.0), tiny.Spec(id="c", price=3.0))
    starts = Starts()
    run_trial(narrowed(instance, None, None), time_limit=20, gap=0.0, starts=starts)
    c = Lever("gpu", next(o for o, spec in enumerate(instance.offers) if spec.id == "c"))
    runs: list[int] = []
    near = neighbours(instance, c, starts, 20.0, lambda: runs.append(1))
    assert len(near) == 1 and len(runs) == 1
    assert cost_of(instance, near[0]) == pytest.approx(5.0 * 730, abs=0.01)
    forced = run_trial(instance, time_limit=20, gap=0.0, force=(c, "in"))
    assert forced.cost == pytest.approx(cost_of(instance, near[0]), abs=0.01)
