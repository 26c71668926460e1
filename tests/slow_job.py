"""A solve job that runs far longer than the caps the tests give it: `tests/bodies.SLOW`
with a 30 s time limit, on the shipped catalog."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from optimizer import PlanRequest
from service.solve_process import SolveJob
from tests.bodies import SLOW

__all__ = ["slow_job"]


def slow_job(plan_id: str) -> SolveJob:
    """The job of SLOW under a 30 s time limit, as `plan_id`."""
    request = msgspec.convert({**SLOW, "options": {"time_limit_s": 30}}, PlanRequest)
    assert request.forecast is not None
    return SolveJob(
        catalog=default_catalog(),
        request=request,
        forecast=request.forecast,
        plan_id=plan_id,
        created_at="2027-01-01T00:00:00Z",
        forecast_id=None,
    )
