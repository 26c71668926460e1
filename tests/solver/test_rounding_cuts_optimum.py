"""The rounding cuts (`optimizer.rounding_cuts`) forced onto small whole-replica plans: the
seeding's relaxation with them never bounds above the optimum (the cuts never cut a plan
off), and the seeded solve proves the optimum of the solve without them."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings

from catalog import Catalog, default_catalog
from optimizer import rounding_cuts
from optimizer.prepare import prepare
from optimizer.request import PlanRequest
from optimizer.solver import build, solve
from tests.paths import EXAMPLES
from tests.strategies import small_plans
from tests.tiny import drawn_instance

EXAMPLE = EXAMPLES / "growing-power-capped.json"

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(small_plans())
def test_the_cuts_never_bound_above_the_optimum(instance: tuple[Catalog, PlanRequest]) -> None:
    """On small instances, with a cut for every block share of every demand row, the seeded
    solve's LP bound is at most the optimum proven without cuts or start, and the seeded
    solve proves that optimum (to 1e-8, HiGHS's integrality tolerance)."""
    model_instance = drawn_instance(*instance)
    if model_instance is None:
        return
    plain = solve(build(model_instance), time_limit=30, gap_tolerance=0.0, seed=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rounding_cuts, "MIN_WHOLE_BLOCKS", 0)
        cut = solve(build(model_instance), time_limit=30, gap_tolerance=0.0, seed=True)
    assert cut.status == plain.status
    if plain.objective is None:
        return
    assert cut.objective is not None
    tolerance = 1e-8 * max(1.0, abs(plain.objective))
    assert abs(cut.objective - plain.objective) <= tolerance
    assert cut.seed is not None
    if cut.seed.lp_bound is not None:
        assert cut.seed.lp_bound <= plain.objective + tolerance


def test_the_cuts_are_kept_for_large_models_only() -> None:
    """The power-capped example (24 blocks) gets no cut; with the threshold at 0 its integer
    model has some, kept beside it (no row of the model is one), its relaxation none."""
    request = msgspec.json.decode(EXAMPLE.read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    model_instance = prepare(default_catalog(), request, request.forecast)
    rows = len(build(model_instance).problem.constraints())
    assert build(model_instance).formulation.cuts == []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rounding_cuts, "MIN_WHOLE_BLOCKS", 0)
        forced = build(model_instance)
        assert forced.formulation.cuts
        assert len(forced.problem.constraints()) == rows
        assert build(model_instance, relax=True).formulation.cuts == []
