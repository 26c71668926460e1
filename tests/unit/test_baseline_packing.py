"""The best_single_offer baseline picks by cost per million tokens on the GPUs bought, as
rankings do (probe 7, finding 5, next door: it picked by the GPUs the replicas use, so the
portfolio example's chat-r1 baseline ran GB300 racks at $7,086,980.16 where B200 nodes serve
it for $6,149,520.00)."""

from __future__ import annotations

import msgspec
import pytest

from catalog import default_catalog
from optimizer import RankingRequest, rank
from tests.golden import golden_plan


@pytest.mark.parametrize("name", ["portfolio-three-models", "growing-power-capped"])
def test_best_single_offer_is_the_ranking_first_for_each_workload(name: str) -> None:
    """In the golden plans of many units, each workload's best_single_offer is the offer the
    ranking of that workload (whole replicas) puts first; the portfolio's chat-r1 is B200,
    which a per-GPU-used ranking puts third."""
    plan = golden_plan(name)
    single = next(b for b in plan.baselines if b.strategy == "best_single_offer")
    workloads = {w.id: w for w in plan.request.forecast.workloads}
    assert set(single.offers) == set(workloads)
    for workload_id, offer_id in single.offers.items():
        w = workloads[workload_id]
        body = {
            "workload": {
                "model": w.model,
                "isl": w.isl,
                "osl": w.osl,
                "slo": msgspec.to_builtins(w.slo),
                "bases": w.bases,
                "precisions": w.precisions,
            },
            "curve_points": 2,
        }
        ranking = rank(default_catalog(), msgspec.convert(body, RankingRequest))
        first = next(o for o in ranking.offers if o.eligible)
        assert first.offer_id == offer_id, workload_id
    if name == "portfolio-three-models":
        assert single.offers["chat-r1"] == "onprem-b200"
        assert single.total_cost == pytest.approx(6_149_520.00, abs=0.005)
