"""Review 7b finding 9: why a whole-unit tail solve found no plan, per HiGHS's status."""

from __future__ import annotations

import highspy

from optimizer.tail_whole import _missing


def test_each_stop_of_the_whole_tail_solve_says_why() -> None:
    """An infeasible model names the limits, a time-out the time limit it had, anything else
    its status."""
    status = highspy.HighsModelStatus
    assert _missing(status.kInfeasible, 5.0).startswith("whole units cannot serve the tail")
    assert _missing(status.kTimeLimit, 5.0) == "the solve found no plan in its 5 s limit"
    assert _missing(status.kTimeLimit, 0.05) == "the solve found no plan in its 0.05 s limit"
    assert _missing(status.kInterrupt, 5.0) == "the solve stopped without a plan (Interrupt)"
