"""A baseline's one offer, among offers of equal cost, is the one owing less, then drawing less
power, then the first by id (DESIGN section 8.1), as the plan's ties: it was the first by id."""

from __future__ import annotations

import pytest

from optimizer import Options, PlanRequest, make_plan
from tests.tiny import Spec, catalog, forecast


def _chosen(*offers: Spec) -> dict[str, dict[str, str]]:
    """strategy -> its offers, for three months of 30,000 tokens/s (`in_horizon`)."""
    request = PlanRequest(
        forecast=forecast(30_000.0, months=3), options=Options(commitment_accounting="in_horizon")
    )
    assert request.forecast is not None
    plan = make_plan(catalog(*offers), request, request.forecast)
    assert plan.status == "optimal"
    return {b.strategy: b.offers for b in plan.baselines}


@pytest.mark.parametrize("strategy", ["cheapest_gpu_hour", "best_single_offer"])
def test_a_baseline_takes_the_smaller_obligation_at_equal_cost(strategy: str) -> None:
    """$2 a GPU-hour either way: the 3-month offer (b-r3), not the 48-month one first by id
    (a-r48), though it draws more power."""
    chosen = _chosen(
        Spec("a-r48", 2.0, vendor="A", term_months=48, gpus_per_unit=8, kw_per_gpu=1.2),
        Spec("b-r3", 2.0, vendor="B", term_months=3, gpus_per_unit=8, kw_per_gpu=1.5),
    )
    assert chosen[strategy] == {"w": "b-r3"}


@pytest.mark.parametrize("strategy", ["cheapest_gpu_hour", "best_single_offer"])
def test_a_baseline_takes_lower_power_at_equal_cost_and_term(strategy: str) -> None:
    """$2 a GPU-hour and 3 months either way: the 1.2 kW offer (b-frugal), not the 1.5 kW one
    first by id (a-hungry)."""
    chosen = _chosen(
        Spec("a-hungry", 2.0, vendor="A", term_months=3, gpus_per_unit=8, kw_per_gpu=1.5),
        Spec("b-frugal", 2.0, vendor="B", term_months=3, gpus_per_unit=8, kw_per_gpu=1.2),
    )
    assert chosen[strategy] == {"w": "b-frugal"}


def test_equal_costs_computed_by_different_floats_still_tie() -> None:
    """$4.20 at 2,100 tokens/s per GPU and $2.00 at 1,000 cost the same per token, though the
    floats say 0.5555555555555556 and 0.5555555555555555 (review 9 finding E): the best single
    offer is the 3-month one, not the 48-month one the last bit chose."""
    chosen = _chosen(
        Spec("x-short", 4.2, vendor="X", term_months=3, tokens_per_gpu=2100.0),
        Spec("y-long", 2.0, vendor="Y", term_months=48, tokens_per_gpu=1000.0),
    )
    assert chosen["best_single_offer"] == {"w": "x-short"}
