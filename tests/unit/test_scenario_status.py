"""A scenario plan's status and gap are its two-stage search's (probe7 finding 1)."""

from __future__ import annotations

import pytest

from optimizer.scenarios import Solved, searched
from optimizer.solver import Solution


def _solved(status: str, objective: float, gap: float | None) -> Solved:
    solution = Solution(
        status="optimal", solver="HiGHS", seconds=0.1, achieved_gap=gap, objective=objective
    )
    return Solved(status, [solution], {}, 0.1, gap)


def test_a_cut_short_search_stays_feasible_when_the_mean_commitments_replace_it() -> None:
    """Stopped at 2,154,311.76 with a 20% gap, then beaten by the re-solve on the mean's fixed
    commitments (optimal given them): the plan stays `feasible`, gap against the search's bound."""
    search = _solved("feasible", 2_154_311.76, 0.2)
    reacted = _solved("optimal", 2_000_000.0, 0.0)
    kept = searched(search, reacted)
    assert kept.status == "feasible"
    bound = 2_154_311.76 * 0.8
    assert kept.gap == pytest.approx((2_000_000.0 - bound) / 2_000_000.0)
    assert kept.solutions is reacted.solutions


def test_a_proven_search_stays_optimal_when_the_mean_commitments_do_better_within_its_gap() -> None:
    """A search proven within its tolerance, beaten by the mean's commitments: still optimal."""
    kept = searched(_solved("optimal", 100.0, 1e-4), _solved("optimal", 99.995, 0.0))
    assert kept.status == "optimal"
    assert kept.gap == pytest.approx(0.005 / 99.995)


def test_an_unknown_search_gap_stays_unknown() -> None:
    """With no gap from the search the plan's gap is unknown, not the re-solve's 0."""
    kept = searched(_solved("feasible", 100.0, None), _solved("optimal", 90.0, 0.0))
    assert (kept.status, kept.gap) == ("feasible", None)
