"""A cancel reaches a sensitivity run inside a solver run, not only between two (review 15a
C1): HiGHS's progress callback asks the run's `cancelled` (`Budget.heard_cancel`, at most every
`CANCEL_POLL_SECONDS`) and interrupts the re-solve, which is not then made again through PuLP.
Before, a re-solve ran to its end (up to the plan's `time_limit_s`) after the cancel."""

from __future__ import annotations

import inspect
import math
from typing import Any

import msgspec
import pytest

import optimizer.demand_starts
import optimizer.run_budget
import optimizer.sensitivity_run
import optimizer.trials
from catalog import default_catalog
from optimizer import PlanRequest, make_plan
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import SensitivityOptions
from optimizer.solver import Solution
from tests.paths import EXAMPLES


def _asked_by_a_running_unproven_solve() -> bool:
    """Whether the caller is a solver run's progress callback (`Budget.heard_cancel`) at a
    moment its gap is still open: a cancel heard at a callback where HiGHS has already proved
    its plan may rightly come back `optimal` (CI's run: the cancel reached a 0.08-s re-solve's
    last callback, and HiGHS answered optimal)."""
    for frame in inspect.stack()[2:5]:
        if frame.function == "heard_cancel":
            incumbent = float(frame.frame.f_locals["incumbent"])
            bound = float(frame.frame.f_locals["bound"])
            if not math.isfinite(incumbent) or not math.isfinite(bound):
                return True
            return incumbent - bound > 1e-3 * max(1.0, abs(incumbent))
    return False


def test_a_cancel_heard_while_a_re_solve_runs_interrupts_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    catalog = default_catalog()
    plan = make_plan(catalog, request, request.forecast)

    solves: list[Solution] = []
    solve_direct = optimizer.trials.solve_direct
    fleet_step = optimizer.demand_starts.fleet_step

    def recorded(model: Any, **kw: Any) -> Solution:
        solution = solve_direct(model, **kw)
        solves.append(solution)
        return solution

    def stepped(*args: Any) -> Any:
        """A demand step searched over the final fleet (`optimizer.demand_starts.fleet_step`):
        a solver run too, recorded as one (its status, when it found nothing)."""
        found = fleet_step(*args)
        if found is not None:
            failed = Solution(
                status=found.status, solver="fleet", seconds=0.0, achieved_gap=None, objective=None
            )
            solves.append(found.solution or failed)
        return found

    def through_pulp(*args: Any) -> Solution:
        raise AssertionError("an interrupted re-solve was made again through PuLP")

    monkeypatch.setattr(optimizer.trials, "solve_direct", recorded)
    # A demand step below today's first solves for its start (`optimizer.demand_starts`).
    monkeypatch.setattr(optimizer.demand_starts, "solve_direct", recorded)
    monkeypatch.setattr(optimizer.sensitivity_run, "fleet_step", stepped)
    monkeypatch.setattr(optimizer.trials, "_through_pulp", through_pulp)
    # Every callback asks (not one each `CANCEL_POLL_SECONDS`): the cancel is then heard at the
    # first callback of a re-solve whose gap is open, whatever the machine's speed.
    monkeypatch.setattr(optimizer.run_budget, "CANCEL_POLL_SECONDS", 0.0)
    heard: list[int] = []

    def cancelled() -> bool:
        """The cancel comes after the first re-solve (the plan's own), in a re-solve whose gap
        is still open."""
        if not heard and len(solves) >= 1 and _asked_by_a_running_unproven_solve():
            heard.append(len(solves))
        return bool(heard)

    result = sensitivity(catalog, plan, SensitivityOptions(), workers=1, cancelled=cancelled)
    assert heard, "the cancel was never asked while a re-solve ran"
    interrupted = solves[heard[0]]  # the solve running when the cancel was first heard
    assert interrupted.status != "optimal", interrupted
    assert len(solves) == heard[0] + 1, "a re-solve started after the cancel"
    assert not result.finished
    assert any(w.startswith("The run was cancelled") for w in result.warnings), result.warnings
