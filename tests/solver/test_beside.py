"""A plan's baselines and marginals solved beside its main solve (`optimizer.beside.Beside`):
begun where the fleet search waits for its first fixed fleet, the same as solved after."""

from __future__ import annotations

import threading

import msgspec

from bench.instances import request_for, three_growing_workloads
from catalog import default_catalog
from optimizer.baselines import baselines
from optimizer.beside import Beside
from optimizer.marginals import marginals
from optimizer.phases import Clock
from optimizer.planner import make_plan
from optimizer.prepare import prepare_for_solve
from optimizer.request import Forecast, PlanRequest
from tests.tiny import Spec, catalog, forecast


def _shipped_whole() -> tuple[PlanRequest, Forecast]:
    shipped = three_growing_workloads(12)
    request = request_for(shipped)
    options = msgspec.structs.replace(request.options, replicas="whole")
    return msgspec.structs.replace(request, options=options), shipped


def test_the_baselines_and_marginals_are_solved_beside_the_search_and_the_same() -> None:
    """Shipped 3x12 whole: the solves beside hear the plan's clock from a thread of their own
    ("beside", begun as the search joins its first fixed fleet; on main every call came from
    the plan's thread), and the plan's baselines and marginals are those solved after the plan
    on its own thread."""
    request, shipped = _shipped_whole()
    heard: set[str] = set()

    def cancelled() -> bool:
        heard.add(threading.current_thread().name)
        return False

    plan = make_plan(default_catalog(), request, shipped, cancelled=cancelled)
    assert plan.status == "optimal" and plan.summary is not None
    assert "beside" in heard
    full, instance, _ = prepare_for_solve(default_catalog(), request, shipped)
    kept = {o for o, _w in instance.rates}
    options = request.options
    after = baselines(full, plan.summary, request.objective, options, Clock(60), request, kept)
    assert list(plan.baselines) == after
    assert plan.marginal == marginals(instance, Clock(60), options.gap, {})  # no max_units


def test_the_marginals_are_solved_beside_only_where_no_offer_has_max_units() -> None:
    """Solved beside, the marginals are the very ones found there (held units enter none of
    them with no `max_units`); with an offer's `max_units`, the plan's units label and check
    its figures, and the marginals are solved when asked for, with them."""
    for limit in (None, 40):
        cat = catalog(Spec("od", 2.0), Spec("res", 1.2, term_months=12))
        capped = [msgspec.structs.replace(o, max_units=limit) for o in cat.offers]
        cat = msgspec.structs.replace(cat, offers=tuple(capped))
        request = PlanRequest(forecast=forecast([500.0, 5_000.0, 2_000.0], months=3))
        assert request.forecast is not None
        full, instance, _ = prepare_for_solve(cat, request, request.forecast)
        beside = Beside(full, instance, request.objective, request.options, Clock(60))
        beside.start()
        beside.wait()
        first, again = beside.marginals({}), beside.marginals({})
        assert first == again
        assert (first is again) == (limit is None)
