"""The large-model seeding on the direct path (`optimizer.direct.solve_direct`: the
relaxation with its rounding cuts added in one call, the fleet's parts solved without
restarts), forced onto small plans: the optimum the
plain solve through PuLP proves, without a start."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings

from catalog import Catalog
from optimizer import direct, phases, rounding_cuts
from optimizer.phases import Clock, solve_instance
from optimizer.request import PlanRequest
from optimizer.solver import build, solve
from tests.profiles import examples
from tests.strategies import small_plans
from tests.tiny import drawn_instance

SETTINGS = settings(
    deadline=None, max_examples=examples(20), suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(small_plans())
def test_the_seeded_direct_solve_proves_the_plain_optimum(
    instance: tuple[Catalog, PlanRequest],
) -> None:
    """Every status and cost (to 1e-8) of one plain HiGHS solve of the same model at gap 0,
    the seeding forced on (cuts on every block share) and its start's bound never above it."""
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
