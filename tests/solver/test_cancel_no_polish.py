"""A cancelled search keeps its incumbent at once (review 9 finding D): the tie re-solve after
the main solve is skipped when the search was asked to stop, where it ran for as long as the
search had, deaf to the cancel, until the server's grace ran out and the plan was lost."""

from __future__ import annotations

import math
from typing import Any

import pytest

from optimizer import Constraints, Options, PlanRequest, make_plan, phases
from optimizer.solver import Solution
from tests.tiny import Spec, catalog, forecast

SHORT = Spec("r3", 2.0, vendor="A", term_months=3, gpus_per_unit=8)
LONG = Spec("r48", 2.0, vendor="B", term_months=48, gpus_per_unit=8)


def test_a_cancelled_search_is_not_re_solved_for_its_ties(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two offers at one price (a tie the re-solve would break) under a vendor share that makes
    HiGHS search: a progress callback that asks to stop ends the search, and no tie re-solve
    starts from the stopped search's incumbent; the plan is that incumbent, `feasible`, marked
    cancelled."""
    polished: list[Solution] = []
    break_ties = phases.break_ties

    def spy(model: Any, found: Solution, polish: float, gap: float, **heard: Any) -> Solution:
        polished.append(found)
        return break_ties(model, found, polish, gap, **heard)

    monkeypatch.setattr(phases, "break_ties", spy)
    heard: list[float] = []

    def stop(seconds: float, incumbent: float, bound: float) -> bool:
        heard.append(incumbent)
        return math.isfinite(incumbent)  # as the server: a cancel once a plan is found

    request = PlanRequest(
        forecast=forecast(30000.0, months=3),
        constraints=Constraints(max_vendor_share=0.6),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(catalog(SHORT, LONG), request, request.forecast, on_progress=stop)
    assert any(map(math.isfinite, heard)), "no incumbent called back: the case no longer searches"
    assert plan.status == "feasible" and plan.solver is not None and plan.solver.cancelled
    # The stopped search's incumbent is the one `feasible` solution: none went to a re-solve
    # (the baselines', each of one offer under the share, are infeasible ones).
    assert "feasible" not in [found.status for found in polished]
