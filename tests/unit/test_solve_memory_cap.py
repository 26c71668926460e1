"""A solve that hits TOKENPLAN_SOLVE_MEMORY_MB (probe 16b F9): under RLIMIT_AS the C extensions
seldom raise MemoryError, so the plan failed "SystemError: error return without exception set"
(and, here, "KeyError: <HighsModelStatus.kMemoryLimit: 18>" or PuLP unable to start a solver
program), not the "ran out of its N MB" the service has for it."""

from __future__ import annotations

import multiprocessing
from typing import Any

import msgspec
import pytest

from catalog import default_catalog
from optimizer import PlanRequest
from service import solve_process
from service.solve_process import Outcome, SolveJob
from tests.bodies import QUICK


def _outcome_of(raised: Exception, memory_mb: int, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    """The child's outcome when its solve raises `raised`, run here (no cap set on the test
    process, its signals left alone)."""

    def failing(*_: Any, **__: Any) -> None:
        raise raised

    monkeypatch.setattr(solve_process, "make_plan", failing)
    request = msgspec.convert(QUICK, PlanRequest)
    assert request.forecast is not None
    job = SolveJob(
        catalog=default_catalog(),
        request=request,
        forecast=request.forecast,
        plan_id="plan_x",
        created_at="2027-01-01T00:00:00Z",
        forecast_id=None,
        memory_mb=memory_mb,
    )
    _receive, send = multiprocessing.Pipe()
    return solve_process._outcome(send, job, default_catalog())


@pytest.mark.parametrize(
    "raised",
    [SystemError("error return without exception set"), KeyError("kMemoryLimit")],
)
def test_a_solve_failing_under_its_memory_cap_says_so(
    raised: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    """highspy's SystemError and HiGHS's kMemoryLimit under a 150 MB cap: 'ran out of its
    150 MB', and what it ended in."""
    outcome = _outcome_of(raised, 150, monkeypatch)
    assert outcome.kind == "crashed"
    assert outcome.error.startswith("the solve ran out of its 150 MB (TOKENPLAN_SOLVE_MEMORY_MB)")
    assert type(raised).__name__ in outcome.error  # what it ended in, still said


def test_a_failure_far_below_the_cap_or_without_one_is_said_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bug far below the cap, or a SystemError without a cap: said as it is."""
    outcome = _outcome_of(ValueError("a bug"), 1_000_000, monkeypatch)
    assert outcome.error == "the solve failed: ValueError: a bug"
    outcome = _outcome_of(SystemError("error return without exception set"), 0, monkeypatch)
    assert outcome.error.startswith("the solve failed: SystemError")
