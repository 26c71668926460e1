"""The speed levers of issue 12 against independent checks: an LP-based start never changes
the optimum HiGHS proves, and the large-model path states a gap that holds against the
optimum of the whole model."""

from __future__ import annotations

import msgspec
from hypothesis import HealthCheck, given, settings

from catalog import Catalog, InvalidInput
from optimizer.instance import Instance, estimated_columns
from optimizer.large import candidate_offers
from optimizer.phases import Clock, solve_instance
from optimizer.prepare import prepare, prune_dominated
from optimizer.request import PlanRequest
from optimizer.solver import build, solve
from tests.strategies import small_plans
from tests.tiny import Spec, catalog, forecast

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _instance(catalog: Catalog, request: PlanRequest) -> Instance | None:
    assert request.forecast is not None
    try:
        return prepare(catalog, request, request.forecast)
    except InvalidInput:
        return None  # a month with demand and no offer available yet: nothing to solve


@SETTINGS
@given(small_plans())
def test_a_seeded_solve_proves_the_same_optimum(instance: tuple[Catalog, PlanRequest]) -> None:
    """On tiny instances, HiGHS handed the LP-based start proves the optimum it proves without
    one (to 1e-9), never the start's own cost when that is worse."""
    model_instance = _instance(*instance)
    if model_instance is None:
        return
    plain = solve(build(model_instance), time_limit=30, gap_tolerance=0.0, seed=False)
    seeded = solve(build(model_instance), time_limit=30, gap_tolerance=0.0, seed=True)
    assert seeded.status == plain.status
    if plain.objective is None:
        return
    assert seeded.objective is not None
    assert abs(seeded.objective - plain.objective) <= 1e-9 * max(1.0, abs(plain.objective))
    assert seeded.seed is not None


def _too_large_catalog() -> tuple[Catalog, PlanRequest]:
    """Six offers that dominance cannot prune (availability caps, different unit sizes and
    terms), one growing workload over six months, demand continuing."""
    specs = [
        Spec("od-1", 3.0),
        Spec("od-8", 2.6, gpus_per_unit=8, gpus_per_replica=4),
        Spec("r12", 2.0, term_months=12, gpus_per_unit=4),
        Spec("r3", 2.4, term_months=3, gpus_per_unit=2),
        Spec("capped", 1.2, gpus_per_unit=8),
        Spec("slow", 1.0, tokens_per_gpu=400.0),
    ]
    tiny = catalog(*specs)
    offers = tuple(
        msgspec.structs.replace(o, max_units=2) if o.id == "capped" else o for o in tiny.offers
    )
    tiny = msgspec.structs.replace(tiny, offers=offers)
    demand = [9000.0, 12000.0, 15500.0, 19000.0, 26000.0, 31000.0]
    return tiny, PlanRequest(forecast=forecast(demand, months=6))


def test_the_large_model_path_states_a_gap_that_holds() -> None:
    """A model over the plain path's column limit (here set to 1) is solved through its
    relaxation and a reduced model: the plan meets the demand, its cost is at least the whole
    model's optimum, and its stated gap covers the distance to that optimum; `optimal` only
    when that gap is within the tolerance."""
    tiny, request = _too_large_catalog()
    instance = _instance(tiny, request)
    assert instance is not None
    pruned, _ = prune_dominated(instance)
    assert estimated_columns(pruned) > 1
    whole = solve(build(pruned), time_limit=60, gap_tolerance=0.0)
    assert whole.status == "optimal" and whole.objective is not None
    outcome = solve_instance(pruned, "cost", request.options, Clock(60), plain_columns=1)
    assert outcome.status in ("optimal", "feasible")
    assert outcome.solution is not None and outcome.solution.objective is not None
    assert outcome.achieved_gap is not None
    found = outcome.solution.objective
    assert found >= whole.objective * (1 - 1e-9)
    assert (found - whole.objective) / found <= outcome.achieved_gap + 1e-9
    if outcome.status == "optimal":
        assert outcome.achieved_gap <= request.options.gap


def test_the_reduced_model_keeps_each_workloads_cheapest_offers() -> None:
    """With nothing served in the relaxation, the reduced model still keeps the two offers of
    lowest cost per million tokens for each workload, and more while `max_units` keeps them
    from holding twice its peak demand."""
    tiny, request = _too_large_catalog()
    instance = _instance(tiny, request)
    assert instance is not None
    kept = candidate_offers(instance, {})
    assert {instance.offers[o].id for o in kept[0]} == {"capped", "r12"}
    offers = tuple(
        msgspec.structs.replace(o, max_units=1) if o.id == "r12" else o for o in tiny.offers
    )
    limited = _instance(msgspec.structs.replace(tiny, offers=offers), request)
    assert limited is not None
    kept = candidate_offers(limited, {})
    assert {limited.offers[o].id for o in kept[0]} == {"capped", "r12", "r3"}
