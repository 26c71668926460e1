"""Dominance proofs of "not bought" (`optimizer.dominated_checks`) against plain re-solves on
tiny instances: wherever one is claimed, the optimum buys none of the offer and costs what the
best plan without it does."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import Catalog
from optimizer.dominated_checks import dominated_at
from optimizer.planner import make_plan
from optimizer.request import PlanRequest
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import SensitivityOptions
from optimizer.trials import Lever, run_trial
from tests import tiny
from tests.bisection import prepared
from tests.profiles import examples
from tests.strategies import small_plans

SETTINGS = settings(
    deadline=None, max_examples=examples(25), suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(small_plans(), st.sampled_from([0.5, 1.0, 1.2, 2.0, 4.0]))
def test_a_dominated_offer_is_not_bought_by_the_optimum(
    case: tuple[Catalog, PlanRequest], factor: float
) -> None:
    """Where `dominated_at` names a replacement at a price, the plain re-solve there buys none
    of the offer and costs what the re-solve with the offer forced out costs, to the cent (or
    both are infeasible)."""
    instance = prepared(case)
    if instance is None:
        return
    for o in sorted({o for (o, _w) in instance.rates}):
        lever = Lever("gpu", o)
        price = lever.price(instance) * factor
        if dominated_at(instance, lever, price) is None:
            continue
        changed = lever.at(instance, price)
        plain = run_trial(changed, time_limit=20, gap=0.0)
        alone = run_trial(changed, time_limit=20, gap=0.0, force=(lever, "out"))
        if "feasible" in (plain.status, alone.status):
            continue  # stopped at the time limit on a loaded machine: no proof to compare
        if plain.status == "infeasible":  # (a power cap) without it, no fewer plans fail
            assert alone.status == "infeasible"
            continue
        assert plain.solution is not None and alone.cost is not None and plain.cost is not None
        assert not lever.bought(changed, plain.solution)
        assert plain.cost == pytest.approx(alone.cost, abs=0.01)


def test_an_offer_that_leaves_for_a_dearer_one_is_checked_by_dominance() -> None:
    """A ($2) and B ($2.20) alike but for price, on 2,000 tok/s: the plan buys A, which leaves
    above $2.20 where B takes its place; the check just above is B's dominance (no re-solve of
    its own), the cost there the plan with B, and the target brackets $2.20."""
    catalog = tiny.catalog(tiny.Spec(id="a", price=2.0), tiny.Spec(id="b", price=2.2))
    request = tiny.exact_request(2000.0)
    assert request.forecast is not None
    plan = make_plan(catalog, request, request.forecast, plan_id="p")
    result = sensitivity(catalog, plan, SensitivityOptions())
    a = next(o for o in result.offers if o.offer_id == "a")
    target = a.target
    assert a.bought and target.kind == "leaves_above" and target.verified
    assert target.below is not None and target.above is not None
    assert target.above.how == "dominated" and not target.above.bought
    assert target.below.price <= 2.2 <= target.above.price
    # B's two GPUs for the horizon's month at $2.20 (730 hours each).
    assert target.above.cost == pytest.approx(2 * 730 * 2.2, abs=0.01)
