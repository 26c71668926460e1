"""The speed levers of issue 12 against independent checks: an LP-based start never changes
the optimum HiGHS proves, and the large-model path states a gap that holds against the
optimum of the whole model."""

from __future__ import annotations

import math

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings

from catalog import Catalog, Offer, Point, Profile, System
from optimizer import incumbent
from optimizer.instance import estimated_columns
from optimizer.large import candidate_offers, cheapest_offers
from optimizer.phases import Clock, solve_instance
from optimizer.prepare import prune_dominated
from optimizer.request import SLO, Forecast, Options, PlanRequest, Workload
from optimizer.solver import build, solve
from tests.strategies import small_plans
from tests.tiny import DAY, Spec, catalog, drawn_instance, forecast

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(small_plans())
def test_a_seeded_solve_proves_the_same_optimum(instance: tuple[Catalog, PlanRequest]) -> None:
    """On tiny instances, HiGHS handed the LP-based start proves the optimum it proves without
    one (to 1e-8: HiGHS's integrality tolerance of 1e-6 moves a cost by up to 1e-6 of a unit's
    price, 1.1e-9 of 911.04 in a case drawn), never the start's own cost when that is worse."""
    model_instance = drawn_instance(*instance)
    if model_instance is None:
        return
    plain = solve(build(model_instance), time_limit=30, gap_tolerance=0.0, seed=False)
    seeded = solve(build(model_instance), time_limit=30, gap_tolerance=0.0, seed=True)
    assert seeded.status == plain.status
    if plain.objective is None:
        return
    assert seeded.objective is not None
    assert abs(seeded.objective - plain.objective) <= 1e-8 * max(1.0, abs(plain.objective))
    assert seeded.seed is not None


def _start_trap() -> tuple[Catalog, PlanRequest]:
    """The instance on which HiGHS 1.16, handed the LP-based start with its presolve on,
    called the start (6,935) optimal at gap 0 where the optimum is 6,205: three month-to-month
    offers at 50 tokens/s a GPU, the cheap two serving one workload each, one of them in pairs
    of GPUs with a minimum of two units."""
    systems = tuple(
        System(
            id=f"s{k}",
            name=f"s{k}",
            accelerator="X",
            maker="Test",
            power_kw_per_gpu=1.0,
            scale_up_gpus=8,
            memory_gb_per_gpu=80,
            source="test",
        )
        for k in range(3)
    )
    point = Point(
        interactivity=100,
        throughput_per_gpu=50,
        deployment="d",
        basis="measured",
        source="test",
        measured_on=DAY,
    )
    served = [(0, 0), (0, 1), (0, 2), (1, 1), (2, 2)]
    profiles = tuple(
        Profile(
            id=f"p{k}-{w}",
            system_id=f"s{k}",
            model=f"m{w}",
            isl=1000,
            osl=100,
            precision="fp8",
            points=(point,),
        )
        for k, w in served
    )
    shapes = [(2.5, 1, None), (1.0, 1, None), (1.0, 2, 2)]
    offers = tuple(
        Offer(
            id=f"o{k}",
            vendor=f"V{k}",
            system_id=f"s{k}",
            region="r",
            kind="on_demand",
            price_per_gpu_hour=price,
            gpus_per_unit=unit,
            min_units=minimum,
            price_basis="list",
            source="test",
            as_of=DAY,
        )
        for k, (price, unit, minimum) in enumerate(shapes)
    )
    demand = [[0.0, 25.0], [25.0, 25.0], [37.5, 37.5]]
    workloads = tuple(
        Workload(
            id=f"w{w}",
            model=f"m{w}",
            isl=1000,
            osl=100,
            slo=SLO(min_interactivity=50),
            tokens_per_second=values,
        )
        for w, values in enumerate(demand)
    )
    forecast = Forecast(name="trap", start="2027-01", months=2, workloads=workloads)
    options = Options(gap=0.0, commitment_accounting="in_horizon", replicas="fractional")
    catalog = Catalog(revision=1, systems=systems, profiles=profiles, offers=offers)
    return catalog, PlanRequest(forecast=forecast, options=options)


def test_a_start_is_not_taken_for_the_optimum(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the instance where HiGHS once called the start optimal (6,935 against 6,205), the
    seeded solve proves the plain solve's optimum. The start is not improved before
    (`optimizer.fix_optimize` finds the optimum there, and the trap would not be sprung)."""
    monkeypatch.setattr(incumbent, "IMPROVE_ABOVE", math.inf)
    instance = drawn_instance(*_start_trap())
    assert instance is not None
    plain = solve(build(instance), time_limit=30, gap_tolerance=0.0, seed=False)
    seeded = solve(build(instance), time_limit=30, gap_tolerance=0.0, seed=True)
    assert plain.objective == pytest.approx(6205.0004, abs=1e-3)
    assert seeded.seed is not None and seeded.seed.start_objective is not None
    assert seeded.seed.start_objective > plain.objective + 1.0  # the start is not the optimum
    assert seeded.status == "optimal"
    # To the cent: two optima at a gap of 0, each within HiGHS's tolerances of the true one.
    assert seeded.objective == pytest.approx(plain.objective, rel=1e-9, abs=0.01)


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
    when that gap is within the tolerance; progress reports the whole model's bound."""
    tiny, request = _too_large_catalog()
    instance = drawn_instance(tiny, request)
    assert instance is not None
    pruned, _ = prune_dominated(instance)
    assert estimated_columns(pruned) > 1
    whole = solve(build(pruned), time_limit=600, gap_tolerance=0.0)
    assert whole.status == "optimal" and whole.objective is not None
    ticks: list[tuple[float, float, float]] = []

    def progress(seconds: float, incumbent: float, bound: float) -> bool:
        ticks.append((seconds, incumbent, bound))
        return False

    outcome = solve_instance(pruned, "cost", request.options, Clock(60), progress, plain_columns=1)
    assert outcome.status in ("optimal", "feasible")
    assert outcome.solution is not None and outcome.solution.objective is not None
    assert outcome.achieved_gap is not None
    found = outcome.solution.objective
    assert found >= whole.objective * (1 - 1e-9)
    assert (found - whole.objective) / found <= outcome.achieved_gap + 1e-9
    if outcome.status == "optimal":
        assert outcome.achieved_gap <= request.options.gap
    # Progress tells the whole model's bound, never the reduced model's.
    assert ticks and all(bound <= whole.objective * (1 + 1e-9) for _s, _i, bound in ticks)
    stated = found * (1 - outcome.achieved_gap)
    assert all(abs(bound - stated) <= 1e-9 * found for _s, _i, bound in ticks)


def test_the_reduced_model_keeps_each_workloads_cheapest_offers() -> None:
    """With nothing served in the relaxation, the reduced model still keeps the two offers of
    lowest cost per million tokens for each workload, and more while `max_units` keeps them
    from holding twice its peak demand; with demand continuing, month-to-month offers that hold
    it too (the capped one holds 16,000 of 62,000 tok/s: the slow one, cheapest per token after
    it, joins), for the tail in which the contracts end (caps 300x36x20 kept two 48-month
    offers and nothing for its last tail month: infeasible)."""
    tiny, request = _too_large_catalog()
    instance = drawn_instance(tiny, request)
    assert instance is not None
    kept = candidate_offers(instance, {})
    assert {instance.offers[o].id for o in kept[0]} == {"capped", "r12", "slow"}
    offers = tuple(
        msgspec.structs.replace(o, max_units=1) if o.id == "r12" else o for o in tiny.offers
    )
    limited = drawn_instance(msgspec.structs.replace(tiny, offers=offers), request)
    assert limited is not None
    kept = candidate_offers(limited, {})
    assert {limited.offers[o].id for o in kept[0]} == {"capped", "r12", "r3", "slow"}
    in_horizon = msgspec.structs.replace(
        request,
        options=msgspec.structs.replace(request.options, commitment_accounting="in_horizon"),
    )
    no_tail = drawn_instance(tiny, in_horizon)
    assert no_tail is not None
    assert {no_tail.offers[o].id for o in candidate_offers(no_tail, {})[0]} == {"capped", "r12"}


def test_workloads_sharing_a_capped_offer_keep_enough_between_them() -> None:
    """Two workloads of 6,000 tok/s over offers capped at 2 units of 8 GPUs (`capped`,
    16,000 tok/s) and 1 unit of 4 (`r12`, 4,000): the first takes all of `capped` for twice
    its peak, so the second keeps the next offer too (`r3`); each alone would have kept
    `capped` and `r12`, which cannot hold both (24,000 tok/s of twice their peaks)."""
    tiny, _request = _too_large_catalog()
    offers = tuple(
        msgspec.structs.replace(o, max_units=1) if o.id == "r12" else o for o in tiny.offers
    )
    one = forecast(6000.0, months=1)
    two = msgspec.structs.replace(
        one,
        workloads=(one.workloads[0], msgspec.structs.replace(one.workloads[0], id="w2")),
    )
    request = PlanRequest(forecast=two, options=Options(commitment_accounting="in_horizon"))
    instance = drawn_instance(msgspec.structs.replace(tiny, offers=offers), request)
    assert instance is not None
    kept = cheapest_offers(instance)
    assert {instance.offers[o].id for o in kept[0]} == {"capped", "r12"}
    assert {instance.offers[o].id for o in kept[1]} == {"capped", "r12", "r3"}
