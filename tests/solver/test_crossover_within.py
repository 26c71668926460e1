"""A plan's build-or-buy holds to the plan's own vendor exclusions and utilization cap (review
22: its lines and "plan's mix" were solved from the workload and catalog alone)."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from optimizer import Constraints, Plan, plan_within
from service.reports.build_or_buy import plan_crossovers
from tests.golden import golden_plan


def _within(constraints: Constraints) -> Plan:
    plan = golden_plan("build-or-buy-deepseek-r1")
    return msgspec.structs.replace(
        plan, request=msgspec.structs.replace(plan.request, constraints=constraints)
    )


def test_excluded_vendors_are_in_no_line_nor_the_mix() -> None:
    """Build-or-buy's crossover buys from Lambda's API and builds on-prem GB300 racks; the same
    plan excluding Lambda and On-prem crosses DeepInfra's API with Nscale's reserved GB300, and
    its mix at 100,000 tok/s costs 173,448.00 a month on Nscale (on-prem's 51,859.20 before)."""
    [x] = plan_crossovers(golden_plan("build-or-buy-deepseek-r1"), default_catalog())
    assert (x.buy_offer_ids, x.best_gpu_offer_id) == (("lambda-deepseek-r1-0528",), "onprem-gb300")
    plan = _within(Constraints(exclude_vendors=("Lambda", "On-prem")))
    [x] = plan_crossovers(plan, default_catalog())
    assert x.buy_offer_ids == ("deepinfra-deepseek-r1-0528",)
    assert x.best_gpu_offer_id == "nscale-gb300-reserved"
    [at] = [p for p in x.points if p.tokens_per_second == 100_000]
    assert at.mix is not None and round(at.mix, 2) == 173_448.00
    assert at.mix_api_share == 0.0


def test_plan_within_keeps_the_scale_free_constraints_only() -> None:
    """The vendors excluded and the utilization cap carry over to every level; the budget and
    power caps, the plan's own demand's, do not."""
    given = Constraints(
        exclude_vendors=("Lambda",), utilization_cap=0.8, monthly_budget=1e6, total_power_mw=5
    )
    assert plan_within(given) == Constraints(exclude_vendors=("Lambda",), utilization_cap=0.8)
