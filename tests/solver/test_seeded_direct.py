"""The large-model seeding on the direct path (`optimizer.direct.solve_direct`: the
relaxation with its rounding cuts added in one call, the fleet's parts solved without
restarts), forced onto small plans: the optimum the
plain solve through PuLP proves, without a start."""

from __future__ import annotations

import math
import time
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings

from catalog import Catalog
from optimizer import direct, incumbent, phases, rounding_cuts
from optimizer.phases import Clock, solve_instance
from optimizer.request import PlanRequest
from optimizer.solver import build, solve
from tests.profiles import examples
from tests.strategies import small_plans
from tests.tiny import Spec, drawn_instance, exact_instance

SETTINGS = settings(
    deadline=None, max_examples=examples(20), suppress_health_check=[HealthCheck.too_slow]
)


def _agrees_with_the_plain_solve(instance: tuple[Catalog, PlanRequest], lifted: bool) -> None:
    """The seeded direct solve of `instance` (the seeding forced on, cuts on every block share;
    `lifted`: its bound lifted under every start not proven) against one plain HiGHS solve of
    the same model at gap 0: the same status and cost (to 1e-8), and the seeding's bound
    never above that optimum."""
    catalog, request = instance
    model_instance = drawn_instance(catalog, request)
    if model_instance is None:
        return
    plain = solve(build(model_instance), time_limit=30, gap_tolerance=0.0, seed=False)
    options = msgspec.structs.replace(request.options, gap=0.0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(phases, "DIRECT_COLUMNS", 0)
        patch.setattr(direct, "SEED_MIN_INTEGERS", 0)
        patch.setattr(rounding_cuts, "MIN_WHOLE_BLOCKS", 0)
        if lifted:
            patch.setattr(incumbent, "LIFT_REACH", math.inf)
            patch.setattr(incumbent, "LIFT_STEPS", 1e6)
        seeded = solve_instance(model_instance, "cost", options, Clock(30))
    if plain.status in ("infeasible", "failed"):
        assert seeded.status in ("infeasible", "failed")
        return
    assert seeded.status == plain.status
    assert seeded.solution is not None and seeded.solution.objective is not None
    assert plain.objective is not None
    tolerance = 1e-8 * max(1.0, abs(plain.objective))
    assert abs(seeded.solution.objective - plain.objective) <= tolerance
    seed = seeded.solution.seed
    assert seed is not None
    if seed.lp_bound is not None:
        assert seed.lp_bound <= plain.objective + tolerance


@SETTINGS
@given(small_plans())
def test_the_seeded_direct_solve_proves_the_plain_optimum(
    instance: tuple[Catalog, PlanRequest],
) -> None:
    """Every status and cost (to 1e-8) of one plain HiGHS solve of the same model at gap 0,
    the seeding forced on (cuts on every block share) and its start's bound never above it."""
    _agrees_with_the_plain_solve(instance, lifted=False)


@SETTINGS
@given(small_plans())
def test_the_lifted_bound_stays_below_the_plain_optimum(
    instance: tuple[Catalog, PlanRequest],
) -> None:
    """The seeding's bound lifted by separated cuts under every start not proven
    (`incumbent.LIFT_REACH` unbounded): the same status and cost (to 1e-8) as one plain HiGHS
    solve at gap 0, and the lifted bound never above that optimum."""
    _agrees_with_the_plain_solve(instance, lifted=True)


def test_the_seeded_main_solve_holds_its_cut_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """The main solve after a seeding (a large model's, there for its root's bound) holds
    HiGHS's cut pool at `SEEDED_OPTIONS`' 2,500 (caps 100x36x20's root peaked at 383-391 MiB
    with it, 488-491 with HiGHS's 10,000, bench/solve.py round of large23); a solve from a
    given start (a sensitivity run's re-solve) keeps HiGHS's, and the same plan."""
    instance = exact_instance(
        Spec("a", 2.0, gpus_per_replica=2), Spec("b", 3.0), tokens_per_second=4500.0
    )
    watched: list[Any] = []
    watch = direct.watch_progress

    def spy(h: Any, on_progress: Any) -> None:
        watched.append(h)
        watch(h, on_progress)

    monkeypatch.setattr(direct, "watch_progress", spy)
    monkeypatch.setattr(direct, "SEED_MIN_INTEGERS", 0)
    model = direct.DirectModel(instance)
    seeded = direct.solve_direct(model, time_limit=30, gap=0.0)
    assert seeded.seed is not None and seeded.status == "optimal"
    assert watched[-1].getOptionValue("mip_pool_soft_limit")[1] == 2_500
    model.start = model.values
    again = direct.solve_direct(model, time_limit=30, gap=0.0)
    assert watched[-1].getOptionValue("mip_pool_soft_limit")[1] == 10_000
    assert again.status == "optimal" and again.objective == pytest.approx(seeded.objective)


@SETTINGS
@given(small_plans())
def test_the_warm_relaxation_has_the_bound_of_the_cold_one(
    instance: tuple[Catalog, PlanRequest],
) -> None:
    """The seeding's relaxation solved without the demand rows' cuts, then with them from its
    basis (`incumbent.WARM_CUTS`; its time read as the cold one's, `WARM_PACE`), reaches the
    optimum (to 1e-9) of the same relaxation solved with the cuts from the start: the same
    bound, whatever vertex."""
    catalog, request = instance
    model_instance = drawn_instance(catalog, request)
    if model_instance is None:
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rounding_cuts, "MIN_WHOLE_BLOCKS", 0)
        model = direct.DirectModel(model_instance)
    h = model.sink.highs(30.0, 0.0, 1)
    integers = incumbent._integers(h.getLp())
    if not integers:
        return
    cuts = model.formulation.cuts

    def add_cuts(copy: Any) -> None:
        rounding_cuts.cut_rows(copy, cuts, int)

    optima: list[float | None] = []
    for warm in (False, True):
        deadline = time.perf_counter() + 30.0
        seed = incumbent.Seed()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(incumbent, "WARM_CUTS", True)
            relaxed = incumbent._relaxed(h, integers, deadline, 1, seed, add_cuts, warm=warm)
        optima.append(None if relaxed is None else relaxed.optimum)
    cold, warm_optimum = optima
    if cold is None or warm_optimum is None:
        assert cold is None and warm_optimum is None  # infeasible either way
        return
    assert warm_optimum == pytest.approx(cold, rel=1e-9, abs=1e-6)
