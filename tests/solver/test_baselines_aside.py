"""A plan's baselines solved beside its main solve (`optimizer.baselines.BaselinesAside`): begun
where the fleet search waits for its first fixed fleet, the same baselines as solved after."""

from __future__ import annotations

import threading

import msgspec

from bench.instances import request_for, three_growing_workloads
from catalog import default_catalog
from optimizer.baselines import baselines
from optimizer.phases import Clock
from optimizer.planner import make_plan
from optimizer.prepare import prepare_for_solve


def test_the_baselines_are_solved_beside_the_search_and_the_same() -> None:
    """Shipped 3x12 whole: the baselines' solves hear the plan's clock from a thread of their
    own ("baselines", begun as the search joins its first fixed fleet; on main every call came
    from the plan's thread), and the plan's baselines are those solved after the plan on its
    own thread."""
    forecast = three_growing_workloads(12)
    request = request_for(forecast)
    request = msgspec.structs.replace(
        request, options=msgspec.structs.replace(request.options, replicas="whole")
    )
    heard: set[str] = set()

    def cancelled() -> bool:
        heard.add(threading.current_thread().name)
        return False

    plan = make_plan(default_catalog(), request, forecast, cancelled=cancelled)
    assert plan.status == "optimal" and plan.summary is not None
    assert "baselines" in heard
    full, instance, _ = prepare_for_solve(default_catalog(), request, forecast)
    kept = {o for o, _w in instance.rates}
    after = baselines(
        full, plan.summary, request.objective, request.options, Clock(60), request, kept
    )
    assert list(plan.baselines) == after
