"""Dominance by replacement (`optimizer.replacement`): a month-to-month offer whose whole
blocks stand in for another offer's blocks at no higher cost or power prunes it, and the
optimum is the brute force's on the unpruned catalog."""

from __future__ import annotations

import pytest

from optimizer.planner import make_plan
from optimizer.prepare import prepare, prune_dominated
from optimizer.request import Constraints, Options, PlanRequest, Replicas
from tests.bruteforce import brute_force
from tests.tiny import Spec, catalog, forecast

# An 8-node replica (64 GPUs at 100 tokens/s: 6,400 a block) at $1/GPU-h: $46,720 a month a
# block; one 8-GPU node of the other serves 8,000 at $3/GPU-h: $17,520 a month.
BIG = Spec("big", 1.0, gpus_per_unit=8, gpus_per_replica=64, tokens_per_gpu=100.0)
SMALL = Spec("small", 3.0, gpus_per_unit=8, gpus_per_replica=8, tokens_per_gpu=1000.0)


def _request(replicas: Replicas = "whole", share: float | None = None) -> PlanRequest:
    return PlanRequest(
        forecast=forecast([5_000.0, 12_000.0], months=2),
        constraints=Constraints(max_vendor_share=share),
        options=Options(gap=0.0, commitment_accounting="in_horizon", replicas=replicas),
    )


def _removed(request: PlanRequest, *specs: Spec) -> dict[str, str]:
    assert request.forecast is not None
    return prune_dominated(prepare(catalog(*specs), request, request.forecast))[1]


def test_blocks_that_cost_less_replace_a_dearer_block() -> None:
    """With whole replicas one small block ($17,520) serves more than one big block ($46,720
    a month) at an eighth of its power: the big offer is pruned. With fractional GPUs the big
    offer is sold by the node (800 tokens/s for $5,840 a month), cheaper than a small node:
    kept."""
    assert _removed(_request(), BIG, SMALL) == {"big": "small"}
    assert _removed(_request("fractional"), BIG, SMALL) == {}


def test_no_replacement_when_the_copies_cost_more() -> None:
    """At $7/GPU-h one small block costs $40,880 a month, still under the big block: pruned;
    at $8, $46,720, equal: pruned (no dearer); at $9, $52,560: kept."""
    for price, pruned in ((7.0, True), (8.0, True), (9.0, False)):
        small = Spec("small", price, gpus_per_unit=8, gpus_per_replica=8, tokens_per_gpu=1000.0)
        assert ("big" in _removed(_request(), BIG, small)) is pruned


def test_no_replacement_of_a_contract_by_a_contract() -> None:
    """Only a month-to-month offer replaces block for block: with a 3-month term the small
    offer could not follow the big one's months, and the big offer stays."""
    small = Spec("small", 3.0, gpus_per_unit=8, gpus_per_replica=8, term_months=3)
    assert "big" not in _removed(_request(), BIG, small)


def test_no_replacement_under_a_vendor_share_rule() -> None:
    """A vendor-share rule may need the dearer blocks of a second vendor: nothing is pruned
    by replacement."""
    small = Spec("small", 3.0, vendor="W", gpus_per_unit=8, gpus_per_replica=8)
    assert _removed(_request(share=0.9), BIG, small) == {}


@pytest.mark.parametrize("replicas", ["whole", "fractional"])
def test_the_optimum_is_the_brute_force_on_the_unpruned_catalog(replicas: Replicas) -> None:
    """With the big offer pruned, the plan's cost is the brute force's over both offers."""
    tiny = catalog(BIG, SMALL)
    request = _request(replicas)
    assert request.forecast is not None
    plan = make_plan(tiny, request, request.forecast)
    assert plan.status == "optimal" and plan.summary is not None
    assert plan.summary.total_cost == pytest.approx(brute_force(tiny, request), rel=1e-9)
