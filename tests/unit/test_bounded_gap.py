"""The gap a seeded solve states (`optimizer.incumbent.bounded_gap`): against the better of
HiGHS's bound and the seeding's LP bound, never below zero, None without a plan or a bound."""

from __future__ import annotations

import math
from types import SimpleNamespace

from optimizer.incumbent import FEASIBLE_SOLUTION, Seed, bounded_gap


def _info(found: float, bound: float, status: int = FEASIBLE_SOLUTION) -> SimpleNamespace:
    gap = (found - bound) / abs(found) if math.isfinite(bound) else math.inf
    return SimpleNamespace(
        objective_function_value=found,
        mip_dual_bound=bound,
        mip_gap=gap,
        primal_solution_status=status,
    )


def test_the_lp_bound_gives_the_gap_when_highs_had_none() -> None:
    """HiGHS stopped before its root relaxation (bound -inf): a plan of 110 against the
    seeding's LP bound of 100 is 1/11 from optimal."""
    assert bounded_gap(_info(110.0, -math.inf), 100.0) == (110.0 - 100.0) / 110.0


def test_highs_bound_wins_when_it_is_better() -> None:
    """HiGHS's cuts passed the LP bound: its own gap (110 against 105) stands."""
    assert bounded_gap(_info(110.0, 105.0), 100.0) == (110.0 - 105.0) / 110.0


def test_no_plan_and_no_bound_give_no_gap() -> None:
    """Without a plan, or without any finite bound, there is no gap to state."""
    assert bounded_gap(_info(110.0, -math.inf), None) is None
    assert bounded_gap(_info(math.inf, -math.inf, status=0), 100.0) is None


def test_a_bound_above_the_plan_gives_zero() -> None:
    """A bound a rounding above the plan (LP tolerances) states a gap of 0, not a negative."""
    assert bounded_gap(_info(100.0, -math.inf), 100.0 + 1e-9) == 0.0


def test_a_start_within_the_gap_of_the_lp_bound_is_proven() -> None:
    """A start of 101 over an LP bound of 100 is proven at a gap of 1e-2 (0.0099 off), not at
    1e-3; without a start or a bound nothing is proven."""
    assert Seed(lp_bound=100.0, start_objective=101.0).proven(1e-2)
    assert not Seed(lp_bound=100.0, start_objective=101.0).proven(1e-3)
    assert not Seed(lp_bound=None, start_objective=101.0).proven(1.0)
    assert not Seed(lp_bound=100.0, start_objective=None).proven(1.0)
