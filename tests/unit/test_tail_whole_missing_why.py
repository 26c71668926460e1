"""Review 7b finding 9: why a whole-unit tail solve found no plan, per HiGHS's status."""

from __future__ import annotations

import math

import highspy

from optimizer.tail_whole import _missing, _unproven


def test_each_stop_of_the_whole_tail_solve_says_why() -> None:
    """An infeasible model names the limits, a time-out the time limit it had, anything else
    its status."""
    status = highspy.HighsModelStatus
    assert _missing(status.kInfeasible, 5.0).startswith("whole units cannot serve the tail")
    assert _missing(status.kTimeLimit, 5.0) == "the solve found no plan in its 5 s limit"
    assert _missing(status.kTimeLimit, 0.05) == "the solve found no plan in its 0.05 s limit"
    assert _missing(status.kInterrupt, 5.0) == "the solve stopped without a plan (Interrupt)"


def test_whole_units_not_proven_the_cheapest_are_not_shown() -> None:
    """Stopped at its limit with whole units at 17,520 against a bound of 17,400: not shown,
    saying by how much they may be above the least; proven, or stopped within a cent of the
    bound, they are shown; with no finite bound, that is said (probe 8 finding 1)."""
    status = highspy.HighsModelStatus
    assert _unproven(status.kTimeLimit, 17_520.0, 17_400.0, 0.05, "USD") == (
        "the solve stopped at its 0.05 s limit with whole units it did not prove the cheapest "
        "(up to 120.00 USD above the least)"
    )
    assert _unproven(status.kOptimal, 17_520.0, 17_400.0, 5.0, "USD") == ""
    assert _unproven(status.kTimeLimit, 17_520.0, 17_519.999, 5.0, "USD") == ""
    assert _unproven(status.kTimeLimit, 17_520.0, -math.inf, 5.0, "USD") == (
        "the solve stopped at its 5 s limit with no bound on whole units' cost"
    )
