"""The sensitivity re-solves' properties: a drawn case solved with its starts kept, and the
check that a re-solve from a start found nothing a cold re-solve does not."""

from __future__ import annotations

import pytest

from catalog import Catalog
from optimizer.instance import Instance
from optimizer.request import PlanRequest
from optimizer.starts import Starts
from optimizer.trials import Trial, run_trial
from tests.bisection import prepared

__all__ = ["assert_as_cold", "solved"]


def solved(case: tuple[Catalog, PlanRequest]) -> tuple[Instance, Starts] | None:
    """The drawn instance and the plans its optimum leaves in `Starts`; None when the request
    is refused, no plan meets the demand, or a loaded machine stopped at the limit."""
    instance = prepared(case)
    if instance is None:
        return None
    starts = Starts()
    if run_trial(instance, time_limit=20, gap=0.0, starts=starts).status != "optimal":
        return None
    return instance, starts


def assert_as_cold(cold: Trial, warm: Trial) -> None:
    """`warm` has `cold`'s status (both optimal, or both infeasible: a budget) and cost to the
    cent; nothing to compare when either stopped at the time limit (a loaded machine)."""
    if "feasible" in (cold.status, warm.status):
        return
    assert warm.status == cold.status
    if cold.cost is not None and warm.cost is not None:
        assert warm.cost == pytest.approx(cold.cost, abs=0.01)
