"""Probe 13 finding 1: a report's lead said "no naive strategy meets the demand" when the plan's
time limit ran out before any baseline was solved. A baseline not solved is said as not
solved; only those solved and found infeasible support "meets the demand" sentences."""

from __future__ import annotations

from optimizer.plan import Baseline, Status
from service.reports.document import _unpriced_baselines

LATE = "the plan's time limit ran out before this baseline was solved"


def _baseline(strategy: str, status: Status, cost: float | None = None) -> Baseline:
    return Baseline(
        strategy=strategy,
        description="",
        status=status,
        offers={},
        plan_total_cost=100.0,
        plan_cost_per_million_tokens=None,
        total_cost=cost,
        reason=LATE if status == "failed" else None,
    )


def test_baselines_cut_off_by_the_time_limit_are_not_said_to_fail_the_demand() -> None:
    late = tuple(_baseline(s, "failed") for s in ("cheapest_gpu_hour", "best_single_offer"))
    said = _unpriced_baselines(late, "USD")
    assert "meets the demand" not in said
    assert said == (
        f"; the naive strategies cheapest_gpu_hour, best_single_offer were not solved ({LATE})"
    )


def test_infeasible_and_unsolved_baselines_are_told_apart() -> None:
    mixed = (_baseline("cheapest_gpu_hour", "infeasible"), _baseline("best_single_offer", "failed"))
    assert _unpriced_baselines(mixed, "USD") == (
        f"; the naive strategy best_single_offer was not solved ({LATE})"
        "; none of the others meets the demand under the same constraints"
    )


def test_only_baselines_found_infeasible_make_none_meet_the_demand() -> None:
    infeasible = (_baseline("cheapest_gpu_hour", "infeasible"), _baseline("x", "infeasible"))
    assert _unpriced_baselines(infeasible, "USD") == (
        "; no naive strategy meets the demand under the same constraints"
    )
    assert _unpriced_baselines((), "USD") == ""


def test_solved_baselines_keep_their_costs_beside_those_not_solved() -> None:
    some = (_baseline("cheapest_gpu_hour", "optimal", 12.5), _baseline("x", "failed"))
    said = _unpriced_baselines(some, "USD")
    assert "the naive strategies that meet it (cheapest_gpu_hour) cost 12.50 USD" in said
    assert "x was not solved" in said and "meets the demand" not in said
