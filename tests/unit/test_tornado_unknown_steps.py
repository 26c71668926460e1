"""Review 14: the tornado chart drew a step with no cost change (not re-solved: `not_run`, or
`infeasible`) as 0.00, next to the other side's real change: a demand +25% left by a cancel
was drawn as costing nothing. Such a price or demand has no bar; the table says why."""

from __future__ import annotations

from optimizer.price_responses import CostResponse
from optimizer.sensitivity_result import DemandSensitivity, Sensitivity
from service.reports.sensitivity import tornado_bars


def _response(change: float, cost_change: float | None, status: str) -> CostResponse:
    cost = None if cost_change is None else 1000.0 + cost_change
    return CostResponse(
        change=change, value=1 + change, status=status, cost=cost, cost_change=cost_change
    )


def _demand(name: str, up: CostResponse) -> DemandSensitivity:
    down = _response(-0.25, -300.0, "optimal")
    middle = [_response(-0.1, -100.0, "optimal"), _response(0.1, 100.0, "optimal")]
    return DemandSensitivity(workload_id=name, responses=(down, *middle, up))


def test_a_step_without_a_cost_change_has_no_bar() -> None:
    run = Sensitivity(
        plan_id="plan_x",
        status="done",
        created_at="",
        workloads=(
            _demand("solved", _response(0.25, 400.0, "optimal")),
            _demand("left", _response(0.25, None, "not_run")),
            _demand("short", _response(0.25, None, "infeasible")),
        ),
    )
    assert tornado_bars(run) == [("demand of solved", -300.0, 400.0)]
