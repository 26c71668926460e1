"""Plan and baselines compared like for like: under `demand_continues` on the horizon and the
tail (what both minimise), each baseline with the plan's tail; horizon only otherwise."""

from __future__ import annotations

import msgspec
import pytest

from catalog import default_catalog
from optimizer.baselines import with_tail_market
from optimizer.phases import Clock, solve_instance
from optimizer.plan import Plan
from optimizer.planner import make_plan
from optimizer.prepare import prepare_for_solve
from optimizer.request import Options, PlanRequest
from tests.golden.make_golden import HERE as GOLDEN
from tests.paths import EXAMPLES
from tests.tiny import Spec, catalog, forecast

TINY = catalog(
    Spec("od", 3.0),
    Spec("res", 2.0, term_months=3),
    Spec("cheap", 1.0, term_months=3, tokens_per_gpu=400.0),
)
"""One GPU serves the demand at $2,190 a month on demand, or $1,460 on a 3-month contract;
three 'cheap' GPUs on 3-month contracts cost $2,190 a month."""


def tiny_plan(**options: object) -> Plan:
    request = PlanRequest(
        forecast=forecast(1000.0, months=2), options=msgspec.convert(options, Options)
    )
    assert request.forecast is not None
    return make_plan(TINY, request, request.forecast)


def test_the_seed_plan_is_never_dearer_than_a_baseline_over_horizon_and_tail() -> None:
    """The seed (12 months, 48-month tail): over horizon + tail ($25.09M) it beats or ties
    every baseline (ratio >= 1, difference >= 0), each with the plan's 48 tail months and
    tokens; no baseline is cheaper in the horizon alone either (its racks from 2027-01, not a
    December purchase to dodge the tail's end)."""
    request = msgspec.json.decode(
        (EXAMPLES / "seed-deepseek-r1.json").read_bytes(), type=PlanRequest
    )
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast)
    s, tail = plan.summary, plan.tail
    assert plan.status == "optimal" and s is not None and tail is not None
    assert s.lifetime_cost == pytest.approx(s.total_cost + tail.cost, rel=1e-12)
    assert s.lifetime_cost == pytest.approx(25_090_041.60, abs=1.0)
    lifetime_tokens = s.tokens + tail.tokens
    assert s.lifetime_cost_per_million_tokens == pytest.approx(
        s.lifetime_cost / lifetime_tokens * 1e6
    )
    priced = [b for b in plan.baselines if b.lifetime_cost is not None]
    assert len(priced) == 3
    for b in priced:
        assert b.compared_on == "horizon_and_tail" and b.tail is not None
        assert (b.tail.months, b.tail.tokens) == (tail.months, tail.tokens)
        assert b.total_cost is not None and b.total_cost >= s.total_cost * (1 - 1e-4)
        assert s.lifetime_cost <= b.lifetime_cost * (1 + 1e-4)
        assert b.plan_lifetime_cost == s.lifetime_cost
        assert b.diff_total_cost == pytest.approx(b.lifetime_cost - s.lifetime_cost)
        assert b.cost_ratio is not None and b.cost_ratio >= 1 - 1e-4


def test_tiny_baselines_are_compared_on_their_own_tails_by_hand() -> None:
    """Tiny, 2 months and a 3-month tail: the plan signs 'res' in month 0 ($4,380 for 3
    months, $2,920 in the horizon), renewed at its price for the 2 tail months after its term
    ($2,920): $7,300 (signing in month 1 and renting month 0 would cost $8,030; before
    renewals the tail's last months were on demand and the plan signed in month 1). 'res'
    alone is that plan (ratio 1.0); 3 'cheap' GPUs signed in month 0 and renewed: $10,950,
    1.5x."""
    plan = tiny_plan()
    assert plan.summary is not None and plan.tail is not None
    assert plan.summary.total_cost == pytest.approx(2_920.0)
    assert plan.summary.total_obligation == pytest.approx(4_380.0)
    assert plan.summary.lifetime_cost == pytest.approx(7_300.0)
    assert [(c.offer_id, c.start) for c in plan.commitments] == [("res", "2027-01")]
    compared = {b.strategy: b for b in plan.baselines}
    single, cheapest = compared["best_single_offer"], compared["cheapest_gpu_hour"]
    assert single.total_cost == pytest.approx(2_920.0)
    assert single.tail is not None and single.tail.cost == pytest.approx(4_380.0)
    assert (single.lifetime_cost, single.diff_total_cost) == pytest.approx((7_300.0, 0.0))
    assert single.cost_ratio == pytest.approx(1.0)
    assert (cheapest.lifetime_cost, cheapest.cost_ratio) == pytest.approx((10_950.0, 1.5))


def test_a_baselines_horizon_and_tail_equal_its_own_resolve() -> None:
    """Each tiny baseline's horizon + tail cost is the objective of its own re-solve: the
    strategy's offer in the horizon, the plan's month-to-month offers added in the tail."""
    plan = tiny_plan()
    request = plan.request
    assert request.forecast is not None
    full, _, _ = prepare_for_solve(TINY, request, request.forecast)
    ids = [spec.id for spec in full.offers]
    for b in plan.baselines:
        if b.lifetime_cost is None:
            continue
        allowed = {0: {ids.index(b.offers["w"])}}
        outcome = solve_instance(
            with_tail_market(full, allowed), "cost", request.options, Clock(30)
        )
        assert outcome.solution is not None and outcome.solution.objective is not None
        assert b.lifetime_cost == pytest.approx(outcome.solution.objective, rel=1e-6)


def test_without_a_tail_baselines_are_compared_on_the_horizon() -> None:
    """Under `in_horizon` there is no tail: no lifetime figure, and the baselines compare the
    horizon as before (best_single_offer at $2,920 against the plan's $2,920)."""
    plan = tiny_plan(commitment_accounting="in_horizon")
    assert plan.summary is not None and plan.tail is None
    assert plan.summary.lifetime_cost is None
    for b in plan.baselines:
        assert b.compared_on == "horizon" and b.tail is None and b.lifetime_cost is None
        if b.total_cost is not None:
            assert b.diff_total_cost == pytest.approx(b.total_cost - plan.summary.total_cost)


def test_a_plan_stored_before_the_lifetime_fields_decodes() -> None:
    """A stored plan without `lifetime_*`, `compared_on` or a baseline's `tail` decodes: no
    lifetime figure, compared on the horizon."""
    raw = msgspec.json.decode((GOLDEN / "seed-deepseek-r1.json").read_bytes())
    for key in ("lifetime_cost", "lifetime_cost_per_million_tokens"):
        raw["summary"].pop(key, None)
    for b in raw["baselines"]:
        for key in list(b):
            if key in ("compared_on", "tail") or "lifetime" in key:
                del b[key]
    plan = msgspec.convert(raw, Plan)
    assert plan.summary is not None and plan.summary.lifetime_cost is None
    assert all(b.compared_on == "horizon" and b.tail is None for b in plan.baselines)
    assert all(b.lifetime_cost is None for b in plan.baselines)
