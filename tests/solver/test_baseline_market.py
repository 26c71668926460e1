"""The baselines' tail market is the plan's own: the offers no other dominates (probe 11
finding 8: a catalog of 34,623 like offers made each strategy's model as wide, and a 10 s plan
never finished; make_plan now takes about 5 s there)."""

from __future__ import annotations

from optimizer.baselines import baselines
from optimizer.phases import Clock
from optimizer.planner import make_plan
from optimizer.prepare import prepare_for_solve
from optimizer.request import PlanRequest
from tests.tiny import Spec, catalog, forecast


def test_the_baselines_are_the_same_with_the_undominated_tail_market() -> None:
    """Forty like on-demand offers (each a little dearer) beside a 12-month contract, demand
    continuing after a 3-month horizon: the plan's baselines, whose tail market holds only the
    offers no other dominates, cost what they cost with every month-to-month offer copied into
    the tail."""
    specs = [Spec(f"od{i}", 2.0 + i / 1000, vendor=f"V{i}") for i in range(40)]
    cat = catalog(*specs, Spec("res", 1.2, vendor="R", term_months=12))
    request = PlanRequest(forecast=forecast([500.0, 5_000.0, 2_000.0], months=3))
    assert request.forecast is not None
    full, pruned, _dominated = prepare_for_solve(cat, request, request.forecast)
    kept = {o for o, _w in pruned.rates}
    assert len(kept) < 5 and len(full.offers) == 41
    plan = make_plan(cat, request, request.forecast)
    assert plan.status == "optimal" and plan.summary is not None

    def seen(market: set[int] | None) -> list[tuple[str, str, float | None, float | None]]:
        assert plan.summary is not None
        found = baselines(
            full, plan.summary, request.objective, request.options, Clock(30), request, market
        )
        return [(b.strategy, b.status, b.total_cost, b.lifetime_cost) for b in found]

    narrow, wide = seen(kept), seen(None)
    assert narrow == wide
    assert any(status == "optimal" for _s, status, _c, _l in narrow)
    assert [(b.strategy, b.total_cost) for b in plan.baselines] == [(s, c) for s, _, c, _ in narrow]
